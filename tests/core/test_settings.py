"""Configuration parsing: typed, validated, with messages naming the variable."""

from __future__ import annotations

import pytest

from server.settings import Environment, PushWorker, Settings, SettingsError


def test_defaults_are_safe() -> None:
    s = Settings.from_env({})
    assert s.env is Environment.PRODUCTION
    assert s.host == "127.0.0.1"
    assert s.neo4j_uri is None


def test_values_are_parsed_and_typed() -> None:
    s = Settings.from_env(
        {
            "KRING_ENV": "Development",
            "KRING_PORT": "9000",
            "NEO4J_URI": "neo4j+s://abc.databases.neo4j.io",
            "KRING_GRAPHQL_MAX_DEPTH": "8",
        }
    )
    assert s.development
    assert s.port == 9000
    assert s.public_url == "http://127.0.0.1:9000"
    assert s.neo4j_uri == "neo4j+s://abc.databases.neo4j.io"
    assert s.graphql_max_depth == 8


def test_push_settings_are_parsed() -> None:
    s = Settings.from_env(
        {
            "KRING_PUSH_WORKER": "OFF",
            "KRING_PUSH_SERVICES": "fcm.googleapis.com, .push.example.org",
            "KRING_VAPID_SUBJECT": "https://kring.example/contact",
            "KRING_PUSH_TIMEOUT_SECONDS": "2.5",
        }
    )
    assert s.push_worker is PushWorker.OFF
    assert s.push_services == ("fcm.googleapis.com", "push.example.org")
    assert s.vapid_subject == "https://kring.example/contact"
    assert s.push_timeout_seconds == 2.5
    # By default the server delivers, to the browsers' own push services only.
    default = Settings.from_env({})
    assert default.push_worker is PushWorker.EMBEDDED
    assert "fcm.googleapis.com" in default.push_services


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KRING_ENV": "staging"}, "KRING_ENV must be one of development, production"),
        ({"KRING_PORT": "0"}, "KRING_PORT must be between 1 and 65535"),
        ({"NEO4J_URI": "http://localhost:7474"}, "NEO4J_URI must be a bolt"),
        ({"KRING_PUBLIC_URL": "example.org"}, "KRING_PUBLIC_URL must be a http/https URL"),
        ({"KRING_LOG_LEVEL": "LOUD"}, "KRING_LOG_LEVEL must be"),
        ({"KRING_TOKEN_TTL_SECONDS": "5"}, "between 60 and 86400"),
        ({"KRING_PUSH_WORKER": "sometimes"}, "KRING_PUSH_WORKER must be one of embedded, off"),
        ({"KRING_PUSH_SERVICES": " , "}, "KRING_PUSH_SERVICES must name at least one host"),
        ({"KRING_VAPID_SUBJECT": "ops@kring"}, "KRING_VAPID_SUBJECT must be a mailto: or https:"),
        ({"KRING_PUSH_TIMEOUT_SECONDS": "soon"}, "KRING_PUSH_TIMEOUT_SECONDS must be a number"),
        ({"KRING_PUSH_MAX_ATTEMPTS": "0"}, "KRING_PUSH_MAX_ATTEMPTS must be between 1 and 50"),
    ],
)
def test_bad_values_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)

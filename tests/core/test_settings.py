"""Configuration parsing: typed, validated, with messages naming the variable."""

from __future__ import annotations

import dataclasses
import enum
import json
import logging
import re
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from auth.oidc import parse_providers
from graph.core.database import Graph, Neo4jTarget
from notifications.mail import SmtpMailSender
from server.delivery import mail_sender
from server.logs import JsonFormatter
from server.settings import (
    README,
    SECRET_VARIABLES,
    TABLE_END,
    TABLE_START,
    VARIABLES,
    Environment,
    PushWorker,
    Settings,
    SettingsError,
    readme_with_table,
)
from tests.processes import serving


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


# Every setting a secret goes in; a new SecretStr field fails the first test below until it
# gets a marker here too.
MARKER = "marker-4f1c9e-never-shown"
PROVIDERS = [
    {
        "name": "uni",
        "discovery_url": "https://idp.example/.well-known/openid-configuration",
        "client_id": "kring",
        "client_secret": MARKER,
    }
]
SECRETS = {
    "KRING_SMTP_PASSWORD": MARKER,
    "KRING_OIDC_PROVIDERS": json.dumps(PROVIDERS),
    "NEO4J_PASSWORD": MARKER,
}


def test_every_secret_setting_has_a_marker() -> None:
    assert set(SECRETS) == SECRET_VARIABLES


def test_secrets_stay_out_of_repr_str_and_log_lines() -> None:
    s = Settings.from_env({**SECRETS, "KRING_SMTP_HOST": "mail.example", "KRING_SMTP_USER": "u"})
    record = logging.LogRecord("kring", logging.INFO, __file__, 1, "%s", (s,), None)
    record.settings = s  # as an `extra`, which the JSON log lines print with str()
    for shown in (repr(s), str(s), JsonFormatter().format(record)):
        assert MARKER not in shown
    # Still there for the one place each is used.
    assert s.neo4j_password.get_secret_value() == MARKER
    sender = mail_sender(s)
    assert isinstance(sender, SmtpMailSender)
    assert sender.password == MARKER
    [provider] = parse_providers(s.oidc_providers.get_secret_value())
    assert provider.client_secret == MARKER


def test_a_bad_secret_is_reported_without_its_value() -> None:
    bad = [{**PROVIDERS[0], "name": "not a word"}]
    with pytest.raises(SettingsError, match=r"KRING_OIDC_PROVIDERS\[0\].name") as caught:
        Settings.from_env({"KRING_OIDC_PROVIDERS": json.dumps(bad)})
    assert MARKER not in str(caught.value)


def test_secrets_stay_out_of_the_log_of_kring_serve(
    tmp_path: Path, neo4j_target: Neo4jTarget, graph: Graph
) -> None:
    # A Neo4j without authentication takes any password; one with it needs the real one.
    password = neo4j_target.password or MARKER
    with serving(
        tmp_path / "data",
        KRING_LOG_LEVEL="DEBUG",
        KRING_SMTP_HOST="mail.example",
        KRING_SMTP_USER="kring",
        KRING_SMTP_PASSWORD=MARKER,
        KRING_OIDC_PROVIDERS=SECRETS["KRING_OIDC_PROVIDERS"],
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=password,
    ) as server:
        published = json.dumps(server.runtime())
        assert server.stop() == 0
        log = server.log()
    assert '"message": "serving"' in log  # the start-up was logged, at DEBUG
    for text in (log, published):
        assert MARKER not in text
        assert password not in text


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KRING_PORT": "eighty"}, "KRING_PORT must be a whole number, got 'eighty'"),
        ({"KRING_PUSH_BACKOFF_SECONDS": "0"}, "KRING_PUSH_BACKOFF_SECONDS must be between 0.01"),
        ({"KRING_GRAPHQL_INTROSPECTION": "maybe"}, "KRING_GRAPHQL_INTROSPECTION must be on or off"),
        ({"KRING_SMTP_SECURITY": "ssl"}, "KRING_SMTP_SECURITY must be one of starttls, tls, none"),
        (
            {"KRING_SMTP_CA_FILE": "/no/such/ca.pem"},
            "KRING_SMTP_CA_FILE must name an existing file",
        ),
        ({"KRING_OIDC_PROVIDERS": "{"}, "^KRING_OIDC_PROVIDERS must be a JSON list"),
        ({"KRING_ENV": "staging", "KRING_PORT": "0"}, "KRING_ENV must .*; KRING_PORT must"),
    ],
)
def test_every_bad_variable_is_named_in_one_line(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message) as caught:
        Settings.from_env(env)
    assert "\n" not in str(caught.value)  # no pydantic report
    assert "pydantic" not in str(caught.value)


def test_empty_means_unset_and_only_the_given_mapping_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KRING_PORT", "9123")
    assert Settings.from_env().port == 9123
    assert Settings.from_env().public_url == "http://127.0.0.1:9123"
    assert Settings.from_env({}).port == 8000
    assert Settings.from_env({"KRING_PORT": "", "KRING_SMTP_PASSWORD": ""}).smtp_password is None


def test_settings_built_in_code_are_checked_too() -> None:
    s = Settings(env=Environment.DEVELOPMENT)
    assert dataclasses.replace(s, smtp_password=SecretStr("pw")).smtp_password == SecretStr("pw")
    with pytest.raises(ValidationError):
        dataclasses.replace(s, graphql_max_depth=1)
    with pytest.raises(ValidationError):
        Settings(no_such_setting=1)  # type: ignore[call-arg]


def test_the_readme_table_is_generated_from_the_settings() -> None:
    readme = README.read_text(encoding="utf-8")
    assert readme == readme_with_table(readme), (
        "The README's configuration table is stale: run `.venv/bin/python -m server.settings`."
    )
    # Independently of the generator: one row per variable, none unknown, literal defaults.
    table = readme.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z0-9_]+)` \| (.+?) \| .+ \|$", table, re.MULTILINE))
    assert len(rows) == len(table.splitlines()) - 2
    assert sorted(rows) == sorted(VARIABLES.values())
    defaults = Settings()
    for name, var in VARIABLES.items():
        value = getattr(defaults, name)
        if isinstance(value, enum.Enum):
            value = value.value
        if isinstance(value, int | float | str) and value != "" and name != "public_url":
            assert rows[var] == f"`{value:g}`" if isinstance(value, float) else f"`{value}`"

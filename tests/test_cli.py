"""The `kring` command as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx

from graph.database import Graph, Neo4jTarget
from server.settings import Settings
from tests.factories import make_person
from tests.helpers import gql


def environ(**env: str) -> dict[str, str]:
    """This process's environment without Kring's settings, plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("KRING_", "NEO4J_"))}
    return {**base, **env}


def kring(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env=environ(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def session_env(settings: Settings, target: Neo4jTarget, kring_env: str) -> dict[str, str]:
    """Settings for a `kring` process sharing this test session's graph and keys."""
    return {
        "KRING_ENV": kring_env,
        "KRING_DATA_DIR": str(settings.data_dir),
        "KRING_PUBLIC_URL": settings.public_url,
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.user,
        "NEO4J_PASSWORD": target.password,
    }


async def test_dev_token_signs_in_a_demo_user_in_development(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    pid = await make_person(clean_graph, "learner@demo.example", "Lena Learner")
    done = kring(
        "dev-token",
        "--email",
        "Learner@Demo.example",
        **session_env(settings, neo4j_target, "development"),
    )
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip()
    body = await gql(client, "{ me { id name } }", token=token)
    assert body["data"]["me"] == {"id": pid, "name": "Lena Learner"}


def test_dev_token_is_refused_outside_development(
    settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    env = session_env(settings, neo4j_target, "production")
    done = kring("dev-token", "--email", "anyone@demo.example", **env)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "only with KRING_ENV=development" in done.stderr


async def test_dev_token_for_an_unknown_email_says_so(
    clean_graph: Graph, settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    env = session_env(settings, neo4j_target, "development")
    done = kring("dev-token", "--email", "nobody@demo.example", **env)
    assert done.returncode == 2
    assert "No person with e-mail" in done.stderr


def test_malformed_configuration_is_a_clear_error() -> None:
    done = kring("migrate", KRING_PORT="eighty")
    assert done.returncode == 2
    assert "KRING_PORT must be a whole number" in done.stderr
    assert "Traceback" not in done.stderr

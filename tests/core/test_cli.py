"""The `kring` command as a user runs it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from deploy.local_neo4j import free_port
from graph.core.database import Graph, Neo4jTarget
from server import runtime
from server.settings import Settings
from tests.factories import make_person
from tests.helpers import gql
from tests.processes import kring, serving, session_env


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


async def test_dev_token_finds_the_running_server_and_its_issuer(
    tmp_path: Path, clean_graph: Graph, neo4j_target: Neo4jTarget
) -> None:
    """A server on other ports than this shell's defaults: dev-token reads its runtime file,
    reaches its Neo4j, and mints a token with its issuer, which it accepts."""
    pid = await make_person(clean_graph, "learner@demo.example", "Lena Learner")
    data = tmp_path / "data"
    with serving(
        data,
        KRING_ENV="development",
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
    ) as server:
        published = server.runtime()
        assert published["pid"] == server.process.pid
        assert published["public_url"] == server.url
        assert published["port"] == int(server.url.rsplit(":", 1)[1])
        assert published["neo4j_uri"] == neo4j_target.uri
        assert published["neo4j_password"] is None  # the operator's password stays theirs
        assert published["started_at"]
        assert (data / "runtime.json").stat().st_mode & 0o077 == 0

        # Only the data dir (and the operator's database password): no port, no NEO4J_URI.
        env = {"KRING_ENV": "development", "KRING_DATA_DIR": str(data)}
        done = kring(
            "dev-token", "--email", "learner@demo.example", **env,
            NEO4J_PASSWORD=neo4j_target.password,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        me = server.graphql("{ me { id } }", done.stdout.strip())
        assert me.status_code == 200, me.text
        assert me.json()["data"]["me"] == {"id": pid}

        # A token for the default issuer (another server's) is refused, saying so.
        key = load_or_create_signing_key(data / "keys")
        other = issue_access_token(
            key, TokenSettings("http://127.0.0.1:8000", "kring-api", 300), pid
        )
        refused = server.graphql("{ me { id } }", other)
        assert refused.status_code == 401
        message = refused.json()["errors"][0]["message"]
        assert "issued for another server" in message, message
        assert server.url in message

        assert server.stop() == 0, server.log()
    assert not (data / "runtime.json").exists()  # removed on the way out

    # Server gone (its runtime file with it): the command fails fast, saying what to do.
    started = time.monotonic()
    done = kring(
        "dev-token", "--email", "learner@demo.example", **env,
        KRING_NEO4J_LOCAL_PORT=str(free_port()),
    )  # fmt: skip
    assert done.returncode == 2
    assert "No Kring server is running" in done.stderr, done.stderr
    assert time.monotonic() - started < 30


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _fake_runtime(data: Path, pid: int, **changes: Any) -> None:
    base = runtime.ServerRuntime(
        pid=pid,
        hostname=socket.gethostname(),
        process_started=runtime.process_start_ticks(pid),
        started_at="2026-01-01T00:00:00+00:00",
        env="development",
        public_url="http://127.0.0.1:18000",
        token_audience="kring-api",
        host="127.0.0.1",
        port=18000,
        neo4j_uri=f"bolt://127.0.0.1:{free_port()}",
        neo4j_user="neo4j",
        neo4j_database="neo4j",
        neo4j_source="local launcher (supervised)",
    )
    runtime.write(data / "runtime.json", runtime.ServerRuntime(**{**asdict(base), **changes}))


def test_dev_token_ignores_a_stale_runtime_file_and_fails_fast(tmp_path: Path) -> None:
    """A server killed without cleaning up left its file: its pid is dead, so it is ignored,
    and with no database to reach the command says so at once instead of starting one."""
    _fake_runtime(tmp_path, _dead_pid())
    started = time.monotonic()
    done = kring(
        "dev-token",
        "--email",
        "anyone@demo.example",
        KRING_ENV="development",
        KRING_DATA_DIR=str(tmp_path),
        KRING_NEO4J_LOCAL_PORT=str(free_port()),
    )
    assert done.returncode == 2
    assert "No Kring server is running" in done.stderr
    assert "NEO4J_URI" in done.stderr
    assert "Traceback" not in done.stderr
    assert time.monotonic() - started < 30


def test_dev_token_is_refused_for_a_running_production_server(tmp_path: Path) -> None:
    _fake_runtime(tmp_path, os.getpid(), env="production")
    done = kring(
        "dev-token",
        "--email",
        "anyone@demo.example",
        KRING_ENV="development",
        KRING_DATA_DIR=str(tmp_path),
    )
    assert done.returncode == 2
    assert "not in development mode" in done.stderr


def test_a_runtime_file_counts_only_while_its_server_process_lives(tmp_path: Path) -> None:
    path = tmp_path / "runtime.json"
    _fake_runtime(tmp_path, os.getpid())
    found = runtime.read_live(path)
    assert found is not None
    assert found.pid == os.getpid()
    started = runtime.process_start_ticks(os.getpid())
    assert started is not None
    _fake_runtime(tmp_path, os.getpid(), process_started=started + 1)
    assert runtime.read_live(path) is None  # that pid now belongs to another process
    _fake_runtime(tmp_path, _dead_pid())
    assert runtime.read_live(path) is None
    path.write_text("{not json")
    assert runtime.read_live(path) is None


async def test_a_token_for_another_issuer_is_refused_saying_so(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    key = load_or_create_signing_key(settings.key_dir)
    token = issue_access_token(
        key, TokenSettings("http://127.0.0.1:8001", settings.token_audience, 300), "someone"
    )
    body = await gql(client, "{ me { id } }", token=token)
    assert body["_status"] == 401
    [error] = body["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "issued for another server" in error["message"]
    assert "http://127.0.0.1:8001" in error["message"]
    # Every other check still holds, with its own message.
    wrong_audience = issue_access_token(
        key, TokenSettings(settings.token_issuer, "other", 300), "someone"
    )
    body = await gql(client, "{ me { id } }", token=wrong_audience)
    assert body["_status"] == 401
    assert body["errors"][0]["message"] == "The access token is invalid."

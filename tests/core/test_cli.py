"""The `kring` command as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx

from auth.keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph, Neo4jTarget
from graph.local_neo4j import free_port
from server import runtime
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


def wait_for(check: Callable[[], bool], timeout: float, what: str, every: float = 0.5) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


def answers_ready(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def serving(data_dir: Path, *, ready_timeout: float = 300, **env: str) -> Iterator[Served]:
    """`kring serve` as a child process on a free port (stdout and stderr in data_dir/serve.log),
    ready; killed at the end if the test left it running."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "server.cli", "serve"],
        env=environ(
            KRING_DATA_DIR=str(data_dir),
            KRING_PORT=str(port),
            KRING_PUSH_WORKER="off",
            **env,
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    served = Served(process, f"http://127.0.0.1:{port}", data_dir)
    try:
        wait_for(
            lambda: process.poll() is not None or answers_ready(served.url),
            ready_timeout,
            "kring serve to be ready",
        )
        assert process.poll() is None, served.log()
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


class Served:
    def __init__(self, process: subprocess.Popen[bytes], url: str, data_dir: Path) -> None:
        self.process = process
        self.url = url
        self.data_dir = data_dir

    def log(self) -> str:
        return (self.data_dir / "serve.log").read_text(encoding="utf-8", errors="replace")

    def runtime(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((self.data_dir / "runtime.json").read_text())
        return data

    def graphql(self, query: str, token: str, **variables: Any) -> httpx.Response:
        return httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
            timeout=20,
        )

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 90) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=timeout)


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

"""Running Kring as a real process in tests: its CLI, `kring serve`, and waiting on it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from deploy.local_neo4j import free_port
from graph.core.database import Neo4jTarget
from server.settings import Settings


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
def serving(
    data_dir: Path,
    *args: str,
    ready_timeout: float = 300,
    python: str = sys.executable,
    cwd: str | None = None,  # str, so that callers' **env of str stays well-typed
    **env: str,
) -> Iterator[Served]:
    """`kring serve [args]` on a free port, ready (output in data_dir/serve.log), killed at the
    end if still running; `env` may override the defaults below (KRING_PUSH_WORKER, say)."""
    port = int(env.get("KRING_PORT") or free_port())  # a fixed one: a restart on its port
    data_dir.mkdir(parents=True, exist_ok=True)
    log = (data_dir / "serve.log").open("w", encoding="utf-8")
    defaults = {
        "KRING_DATA_DIR": str(data_dir),
        "KRING_PORT": str(port),
        "KRING_PUSH_WORKER": "off",
    }
    process = subprocess.Popen(
        [python, "-m", "server.cli", "serve", *args],
        env=environ(**{**defaults, **env}),
        cwd=cwd,
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

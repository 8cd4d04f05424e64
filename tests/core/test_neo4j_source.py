"""Where the Neo4j comes from: NEO4J_URI, else a Docker engine that answers, else the local
launcher, which alone needs a JDK and Maven (and `make` prepares only then)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from deploy.neo4j_source import Source, choose_source, docker_engine_answers
from tests.processes import kring


def _yes() -> bool:
    return True


def _no() -> bool:
    return False


def _unasked() -> bool:
    raise AssertionError("probed, though the choice was already made")


@pytest.mark.parametrize(
    ("uri", "running", "docker", "testcontainers", "source"),
    [
        ("bolt://db.example:7687", _unasked, _unasked, _unasked, Source.NEO4J_URI),
        (None, _yes, _unasked, _unasked, Source.RUNNING_LOCAL),
        (None, _no, _yes, _yes, Source.TESTCONTAINERS),
        (None, _no, _yes, _no, Source.LOCAL_LAUNCHER),
        (None, _no, _no, _unasked, Source.LOCAL_LAUNCHER),
    ],
    ids=["NEO4J_URI", "running", "docker", "docker-without-testcontainers", "neither"],
)
def test_the_local_launcher_is_chosen_only_without_neo4j_uri_and_docker(
    uri: str | None,
    running: Callable[[], bool],
    docker: Callable[[], bool],
    testcontainers: Callable[[], bool],
    source: Source,
) -> None:
    choice = choose_source(
        uri, local_running=running, docker_answers=docker, testcontainers_installed=testcontainers
    )
    assert choice.source is source
    # Said in the log (and by `make`) when Docker is there but cannot be used.
    assert choice.docker_unused == (docker is _yes and testcontainers is _no)
    assert ("testcontainers is not installed" in choice.why) == choice.docker_unused


def test_preparing_the_launcher_is_skipped_with_neo4j_uri(tmp_path: Path) -> None:
    """`make test` and `make run` then need no JDK and no Maven."""
    done = kring(
        "neo4j",
        "--prepare-only",
        KRING_DATA_DIR=str(tmp_path),
        NEO4J_URI="bolt://db.example:7687",
        PATH="/nonexistent",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Skipping the local Neo4j's jars: NEO4J_URI is set.\n"


def test_preparing_the_launcher_without_a_jdk_says_what_to_install(tmp_path: Path) -> None:
    done = kring(
        "neo4j",
        "--prepare-only",
        KRING_DATA_DIR=str(tmp_path),
        DOCKER_HOST=f"unix://{tmp_path}/no-docker.sock",
        PATH="/nonexistent",
    )
    assert done.returncode == 2
    assert "Preparing the local Neo4j: no NEO4J_URI is set and no Docker engine" in done.stdout
    assert "needs a JDK 17+ and Maven" in done.stderr
    assert "apt-get install openjdk-17-jdk-headless maven" in done.stderr
    assert "Traceback" not in done.stderr


@contextlib.contextmanager
def _fake_docker(path: Path, reply: bytes) -> Iterator[None]:
    """A unix socket at `path` that answers one request with `reply`."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen()

    def answer() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(1024)
            connection.sendall(reply)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join(timeout=5)
        server.close()
        path.unlink()


def test_a_docker_engine_counts_only_when_it_answers_its_ping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = tmp_path / "docker.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{engine}")
    assert not docker_engine_answers()  # no socket at all
    with _fake_docker(engine, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK"):
        assert docker_engine_answers()
    with _fake_docker(engine, b"HTTP/1.1 404 Not Found\r\n\r\n"):
        assert not docker_engine_answers()
    monkeypatch.setenv("DOCKER_HOST", "ssh://someone@docker.example")
    assert not docker_engine_answers()  # not reachable by a socket of ours

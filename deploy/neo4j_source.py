"""Where Kring's Neo4j comes from: NEO4J_URI, else a Docker engine (testcontainers), else the
local launcher; the app, the CLI, the tests and `make` all choose by `choose_source`."""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from deploy import local_neo4j
from graph.core.database import Neo4jTarget

log = logging.getLogger(__name__)

NEO4J_IMAGE = "neo4j:5.26.30-community"
OPTIONS = (
    "Kring needs a real Neo4j 5.26 and could not get one. Either\n"
    "  1. set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) to a running Neo4j or Aura,\n"
    "  2. make a Docker engine available (a testcontainers Neo4j is started), or\n"
    "  3. install a JDK 17+ and Maven so the local launcher in deploy/neo4j-local can run."
)
DOCKER_SOCKET = "/var/run/docker.sock"


class DatabaseUnavailable(RuntimeError):
    """No Neo4j could be reached or started."""


class Source(StrEnum):
    """Where the Neo4j comes from; the value is what Neo4jTarget.source says."""

    NEO4J_URI = "NEO4J_URI"
    RUNNING_LOCAL = "running local Neo4j"
    TESTCONTAINERS = "testcontainers"
    LOCAL_LAUNCHER = "local launcher"


@dataclass(frozen=True)
class Choice:
    source: Source
    why: str
    docker_unused: bool = False  # a Docker engine answers, but testcontainers is not installed


def choose_source(
    uri: str | None,
    *,
    local_running: Callable[[], bool],
    docker_answers: Callable[[], bool],
    testcontainers_installed: Callable[[], bool],
) -> Choice:
    """The order, probing lazily: NEO4J_URI, a local Neo4j already up, Docker, the launcher."""
    if uri:
        return Choice(Source.NEO4J_URI, "NEO4J_URI is set")
    if local_running():
        return Choice(Source.RUNNING_LOCAL, "a local Neo4j already answers on its port")
    if not docker_answers():
        return Choice(Source.LOCAL_LAUNCHER, "no NEO4J_URI is set and no Docker engine answers")
    if testcontainers_installed():
        return Choice(
            Source.TESTCONTAINERS, "a Docker engine answers (testcontainers starts Neo4j)"
        )
    return Choice(
        Source.LOCAL_LAUNCHER,
        "a Docker engine answers, but testcontainers is not installed "
        "(pip install -e '.[docker]' to use it)",
        docker_unused=True,
    )


def _docker_socket(timeout: float) -> tuple[socket.socket, bool] | None:
    """A connection to Docker where the docker SDK would look (DOCKER_HOST, else the default
    unix socket) and whether it speaks plain HTTP; None where there is none to make."""
    host = os.environ.get("DOCKER_HOST")
    parts = urlsplit(host or f"unix://{DOCKER_SOCKET}")
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(parts.path)
        except OSError:
            sock.close()
            raise
        return sock, True
    if parts.scheme in ("tcp", "http", "https") and parts.hostname:
        tls = parts.scheme == "https" or bool(os.environ.get("DOCKER_TLS_VERIFY"))
        address = (parts.hostname, parts.port or (2376 if tls else 2375))
        return socket.create_connection(address, timeout=timeout), not tls
    return None  # ssh:// and the like: the SDK needs more than a socket for those


def docker_engine_answers(timeout: float = 3.0) -> bool:
    """True when a Docker engine answers `GET /_ping` (not merely when the CLI exists); behind
    TLS, whose client certificates we do not hold, when it accepts the connection."""
    try:
        found = _docker_socket(timeout)
        if found is None:
            return False
        sock, plain_http = found
        with sock:
            if not plain_http:
                return True
            sock.sendall(b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n")
            reply = b""
            while b"\r\n" not in reply and len(reply) < 1024:
                chunk = sock.recv(1024)
                if not chunk:
                    break
                reply += chunk
    except OSError:
        return False
    status = reply.split(b"\r\n", 1)[0].split()
    return len(status) >= 2 and status[0].startswith(b"HTTP/") and status[1] == b"200"


def testcontainers_installed() -> bool:
    """Whether the optional `docker` extra is installed (found without importing it)."""
    return importlib.util.find_spec("testcontainers") is not None


def find_source(uri: str | None, running_local_port: int | None = None) -> Choice:
    """`choose_source` with the real probes; a local Neo4j on `running_local_port` is reused."""
    return choose_source(
        uri,
        local_running=lambda: (
            running_local_port is not None and local_neo4j.port_is_open(running_local_port)
        ),
        docker_answers=docker_engine_answers,
        testcontainers_installed=testcontainers_installed,
    )


@contextlib.contextmanager
def _container() -> Iterator[Neo4jTarget]:
    from testcontainers.neo4j import Neo4jContainer  # the optional `docker` extra

    log.info("starting a Neo4j container", extra={"image": NEO4J_IMAGE})
    with Neo4jContainer(NEO4J_IMAGE) as container:
        yield Neo4jTarget(
            container.get_connection_url(),
            container.username,
            container.password,
            "neo4j",
            source=Source.TESTCONTAINERS.value,
        )


@contextlib.contextmanager
def _local(
    store: Path, port: int | None, cache_dir: Path, *, supervise: bool
) -> Iterator[Neo4jTarget]:
    """The local launcher's Neo4j; supervised, it is restarted (same port) whenever it dies."""
    server: local_neo4j.LocalNeo4j | local_neo4j.SupervisedNeo4j
    source = Source.LOCAL_LAUNCHER.value
    try:
        if supervise:
            port = port if port is not None else local_neo4j.free_port()
            server = local_neo4j.SupervisedNeo4j(store, port, cache_dir=cache_dir).start()
            source += " (supervised)"
        else:
            server = local_neo4j.start(store, port, cache_dir=cache_dir)
    except local_neo4j.LocalNeo4jError as exc:
        raise DatabaseUnavailable(f"{OPTIONS}\n\nThe local launcher said: {exc}") from exc
    try:
        yield Neo4jTarget(server.uri, "neo4j", "", "neo4j", source=source)
    finally:
        server.stop()


@contextlib.contextmanager
def provide_neo4j(
    *,
    uri: str | None,
    user: str,
    password: str,
    database: str,
    local_store: Path,
    local_port: int | None,
    cache_dir: Path,
    reuse_running_local: bool = False,
    supervise: bool = False,
) -> Iterator[Neo4jTarget]:
    """Yield a Neo4j to use, starting (and afterwards stopping) one if needed; a local Neo4j
    started here is restarted whenever it dies when `supervise`."""
    choice = find_source(uri, local_port if reuse_running_local else None)
    if choice.source is Source.NEO4J_URI:
        assert uri is not None
        yield Neo4jTarget(uri, user, password, database, source=choice.source.value)
    elif choice.source is Source.RUNNING_LOCAL:
        url = f"bolt://127.0.0.1:{local_port}"
        yield Neo4jTarget(url, "neo4j", "", "neo4j", source=choice.source.value)
    elif choice.source is Source.TESTCONTAINERS:
        with _container() as target:
            yield target
    else:
        if choice.docker_unused:
            log.warning("using the local Neo4j launcher", extra={"why": choice.why})
        with _local(local_store, local_port, cache_dir, supervise=supervise) as target:
            yield target

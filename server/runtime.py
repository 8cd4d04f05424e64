"""The runtime file: how a running `kring serve` tells the other `kring` commands where it is.

`kring serve` writes `$KRING_DATA_DIR/runtime.json` (mode 0600) once its database is ready and
removes it when it exits. Commands that need the database read it while its process is alive,
so they reach the very Neo4j the server uses (whichever port or source it chose) and mint
tokens with the server's own issuer and audience. A file left behind by a killed server is
ignored: its pid is dead, or now belongs to another process (told apart by start time).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from graph.core.database import Neo4jTarget
from server.settings import Settings

log = logging.getLogger(__name__)

FORMAT = 1


def process_start_ticks(pid: int) -> int | None:
    """When `pid` started (clock ticks since boot, Linux); None where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _process_state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def process_alive(pid: int, started: int | None = None) -> bool:
    """Whether `pid` runs (not a zombie), and is the process that started at `started`."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process, but it exists
    if _process_state(pid) in ("Z", "X"):
        return False
    if started is not None:
        now = process_start_ticks(pid)
        if now is not None and now != started:
            return False  # the pid was reused
    return True


@dataclass(frozen=True)
class ServerRuntime:
    """What a running server publishes about itself (never NEO4J_PASSWORD)."""

    pid: int
    hostname: str
    process_started: int | None
    started_at: str
    env: str
    public_url: str
    token_audience: str
    host: str
    port: int
    neo4j_uri: str
    neo4j_user: str
    neo4j_database: str
    neo4j_source: str
    # Only a password Kring obtained itself (a testcontainers Neo4j); the operator's
    # NEO4J_PASSWORD stays in their environment.
    neo4j_password: str | None = None
    format: int = FORMAT

    @property
    def issuer(self) -> str:
        return self.public_url

    def target(self, password: str) -> Neo4jTarget:
        """The server's Neo4j; `password` (the caller's NEO4J_PASSWORD) unless it is known."""
        return Neo4jTarget(
            self.neo4j_uri,
            self.neo4j_user,
            self.neo4j_password if self.neo4j_password is not None else password,
            self.neo4j_database,
            source=f"the running server's Neo4j ({self.neo4j_source}, pid {self.pid})",
        )


def describe(settings: Settings, target: Neo4jTarget) -> ServerRuntime:
    pid = os.getpid()
    return ServerRuntime(
        pid=pid,
        hostname=socket.gethostname(),
        process_started=process_start_ticks(pid),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        env=settings.env.value,
        public_url=settings.public_url,
        token_audience=settings.token_audience,
        host=settings.host,
        port=settings.port,
        neo4j_uri=target.uri,
        neo4j_user=target.user,
        neo4j_database=target.database,
        neo4j_source=target.source,
        neo4j_password=None if target.source == "NEO4J_URI" else (target.password or None),
    )


def write(path: Path, runtime: ServerRuntime) -> None:
    """Atomically, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(asdict(runtime), out, indent=2)
        out.write("\n")
    staging.replace(path)


def read(path: Path) -> ServerRuntime | None:
    """The file's content, whether or not its server still runs; None if absent or unreadable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            return None
        return ServerRuntime(**raw)
    except (OSError, ValueError, TypeError):
        return None


def read_live(path: Path) -> ServerRuntime | None:
    """The running server's runtime, or None when no server of this data dir runs here."""
    runtime = read(path)
    if runtime is None:
        return None
    if runtime.hostname != socket.gethostname():
        return None  # a replica on another machine sharing the data dir: not ours to find
    if not process_alive(runtime.pid, runtime.process_started):
        return None
    return runtime


def remove(path: Path, pid: int) -> None:
    """Remove the file if it still names `pid` (a newer server may have replaced it)."""
    current = read(path)
    if current is not None and current.pid != pid:
        return
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


@contextlib.contextmanager
def published(settings: Settings, target: Neo4jTarget) -> Iterator[ServerRuntime]:
    """Publish this server's runtime file for as long as the block runs."""
    path = settings.runtime_file
    other = read_live(path)
    if other is not None and other.pid != os.getpid():
        log.warning(
            "another server of this data dir is running; its runtime file is replaced",
            extra={"pid": other.pid, "url": other.public_url, "path": str(path)},
        )
    runtime = describe(settings, target)
    write(path, runtime)
    log.info("runtime file written", extra={"path": str(path)})
    try:
        yield runtime
    finally:
        remove(path, runtime.pid)

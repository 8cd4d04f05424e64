"""Choosing a Neo4j (NEO4J_URI, then Docker, then the local launcher) and talking to it."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, SessionExpired
from neo4j.exceptions import ServiceUnavailable as DriverUnavailable

from graph import local_neo4j
from graph.core.errors import ServiceUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

NEO4J_IMAGE = "neo4j:5.26.30-community"
OPTIONS = (
    "Kring needs a real Neo4j 5.26 and could not get one. Either\n"
    "  1. set NEO4J_URI (and NEO4J_USER / NEO4J_PASSWORD) to a running Neo4j or Aura,\n"
    "  2. make a Docker engine available (a testcontainers Neo4j is started), or\n"
    "  3. install a JDK 17+ and Maven so the local launcher in deploy/neo4j-local can run."
)


UNAVAILABLE = "The database cannot be reached right now; try again in a few seconds."

# The idempotency key of the request being served (graph.core.idempotency): every write
# transaction marks its record, in that same transaction, so a commit is never unknown.
idempotency_key: ContextVar[str | None] = ContextVar("kring_idempotency_key", default=None)
MARK_IDEMPOTENT = "MATCH (r:IdempotentRequest {key: $key}) SET r.committed = true"


class DatabaseUnavailable(RuntimeError):
    """No Neo4j could be reached or started."""


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str
    database: str
    source: str

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password else None


def docker_engine_answers() -> bool:
    """True when a Docker engine responds to a ping (not merely when the CLI exists)."""
    if not os.environ.get("DOCKER_HOST") and not Path("/var/run/docker.sock").exists():
        return False
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


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
) -> Iterator[Neo4jTarget]:
    """Yield a Neo4j to use, starting (and afterwards stopping) one if needed."""
    if uri:
        yield Neo4jTarget(uri, user, password, database, source="NEO4J_URI")
        return
    if reuse_running_local and local_port is not None and local_neo4j.port_is_open(local_port):
        yield Neo4jTarget(
            f"bolt://127.0.0.1:{local_port}", "neo4j", "", "neo4j", source="running local Neo4j"
        )
        return
    if docker_engine_answers():
        from testcontainers.neo4j import Neo4jContainer

        log.info("starting a Neo4j container", extra={"image": NEO4J_IMAGE})
        with Neo4jContainer(NEO4J_IMAGE) as container:
            yield Neo4jTarget(
                container.get_connection_url(),
                container.username,
                container.password,
                "neo4j",
                source="testcontainers",
            )
        return
    try:
        server = local_neo4j.start(local_store, local_port, cache_dir=cache_dir)
    except local_neo4j.LocalNeo4jError as exc:
        raise DatabaseUnavailable(f"{OPTIONS}\n\nThe local launcher said: {exc}") from exc
    try:
        yield Neo4jTarget(server.uri, "neo4j", "", "neo4j", source="local launcher")
    finally:
        server.stop()


@dataclass(frozen=True)
class Graph:
    """The process's one async driver and the database every statement runs against."""

    driver: AsyncDriver
    database: str

    @classmethod
    def connect(cls, target: Neo4jTarget, patience: float = 10.0) -> Graph:
        """A driver that gives up within about `patience` seconds when the database is away:
        connecting, waiting for a pooled connection, and retrying a transaction are each
        bounded, so a request fails fast (ServiceUnavailable) instead of hanging."""
        driver = AsyncGraphDatabase.driver(
            target.uri,
            auth=target.auth,
            connection_timeout=min(patience, 5.0),
            connection_acquisition_timeout=patience,
            max_transaction_retry_time=patience,
            max_connection_pool_size=100,
            # Schema-hint notices ("label does not exist" on an empty store) are noise here.
            notifications_min_severity="OFF",
        )
        return cls(driver=driver, database=target.database)

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        try:
            async with self.driver.session(database=self.database) as session:
                return await session.execute_read(work, *args, **kwargs)
        except (DriverUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

    async def write(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run `work` as one managed write transaction: all of it commits, or none."""
        key = idempotency_key.get()

        async def marked(tx: Any, *a: Any, **k: Any) -> T:
            if key is not None:
                await (await tx.run(MARK_IDEMPOTENT, key=key)).consume()
            return await work(tx, *a, **k)

        try:
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(marked, *args, **kwargs)
        except (DriverUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
            raise ServiceUnavailable(UNAVAILABLE) from exc

    async def ping(self) -> None:
        await self.driver.verify_connectivity()

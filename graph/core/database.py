"""Talking to Neo4j: the database to connect to (`Neo4jTarget`, chosen by
`deploy.neo4j_source`) and the process's one driver (`Graph`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase
from neo4j.exceptions import ConnectionAcquisitionTimeoutError, SessionExpired
from neo4j.exceptions import ServiceUnavailable as DriverUnavailable

from graph.core import metrics
from graph.core.errors import ServiceUnavailable

T = TypeVar("T")

UNAVAILABLE = "The database cannot be reached right now; try again in a few seconds."

# The idempotency key of the request being served (graph.core.idempotency): every write
# transaction marks its record, in that same transaction, so a commit is never unknown.
idempotency_key: ContextVar[str | None] = ContextVar("kring_idempotency_key", default=None)
MARK_IDEMPOTENT = "MATCH (r:IdempotentRequest {key: $key}) SET r.committed = true"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    user: str
    password: str = field(repr=False)  # never in a log line
    database: str
    source: str

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password else None


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
        return await self._run("read", work, *args, **kwargs)

    async def write(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run `work` as one managed write transaction: all of it commits, or none."""
        key = idempotency_key.get()

        async def marked(tx: Any, *a: Any, **k: Any) -> T:
            if key is not None:
                await (await tx.run(MARK_IDEMPOTENT, key=key)).consume()
            return await work(tx, *a, **k)

        return await self._run("write", marked, *args, **kwargs)

    async def _run(
        self, mode: str, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """One managed transaction, timed, its retries (each run of `work` after the first)
        counted for /metrics."""
        runs = 0

        async def counted(tx: Any, *a: Any, **k: Any) -> T:
            nonlocal runs
            runs += 1
            if runs > 1:
                metrics.TRANSACTION_RETRIES.labels(mode).inc()
            return await work(tx, *a, **k)

        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                if mode == "read":
                    return await session.execute_read(counted, *args, **kwargs)
                return await session.execute_write(counted, *args, **kwargs)
        except (DriverUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
            metrics.UNAVAILABLE.labels(mode).inc()
            raise ServiceUnavailable(UNAVAILABLE) from exc
        finally:
            metrics.TRANSACTION_SECONDS.labels(mode).observe(time.perf_counter() - started)

    async def ping(self) -> None:
        await self.driver.verify_connectivity()

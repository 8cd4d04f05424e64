"""Talking to Neo4j: the database to connect to (`Neo4jTarget`, chosen by
`deploy.neo4j_source`) and the process's one driver (`Graph`)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, Bookmarks
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


@dataclass
class Causality:
    """A request's place in the database's history: the bookmarks its client brought (from an
    earlier write, maybe on another replica: its transactions start no earlier) and those of
    its own writes, handed back to the client (server.bookmarks)."""

    given: tuple[str, ...] = ()
    written: tuple[str, ...] = ()

    def bookmarks(self) -> Bookmarks | None:
        values = self.written or self.given
        return Bookmarks.from_raw_values(values) if values else None


causality: ContextVar[Causality | None] = ContextVar("kring_causality", default=None)

# Set while a GraphQL query (not a mutation) is served: a read must not need the cluster's
# leader, so a write there is a bug, refused (graph.core.database.WriteInQuery).
query_only: ContextVar[bool] = ContextVar("kring_query_only", default=False)


class WriteInQuery(RuntimeError):
    """A write transaction was opened while serving a read-only GraphQL query."""


@contextmanager
def writes_allowed_in_query() -> Iterator[None]:
    """For the rare query that must record something (say why where it is used)."""
    token = query_only.set(False)
    try:
        yield
    finally:
        query_only.reset(token)


class Notary(Protocol):
    """Signs what an event of the transparency log is about, so its leaf can carry the
    digest of the credential as served (badges.transparency_log implements it: signing
    needs the issuers' keys, which the graph layer never holds)."""

    async def digest(self, tx: AsyncManagedTransaction, kind: str, subject_id: str) -> str | None:
        """The SHA-256 (hex) of what `subject_id` is served as right now, inside `tx`."""
        ...


# The notary of the Graph running the current write transaction (set by Graph.write, read by
# graph.transparency_log): the transaction functions see only their `tx`.
notary: ContextVar[Notary | None] = ContextVar("kring_notary", default=None)


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
    notary: Notary | None = None

    @classmethod
    def connect(
        cls, target: Neo4jTarget, patience: float = 10.0, notary: Notary | None = None
    ) -> Graph:
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
        return cls(driver=driver, database=target.database, notary=notary)

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run `work` as one managed read transaction (a follower may serve it on a cluster),
        no earlier than the request's bookmarks."""
        return await self._run("read", work, *args, **kwargs)

    async def write(self, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
        """Run `work` as one managed write transaction: all of it commits, or none."""
        if query_only.get():
            raise WriteInQuery(f"{getattr(work, '__qualname__', work)} writes during a query")
        key = idempotency_key.get()

        async def marked(tx: Any, *a: Any, **k: Any) -> T:
            if key is not None:
                await (await tx.run(MARK_IDEMPOTENT, key=key)).consume()
            return await work(tx, *a, **k)

        signing = notary.set(self.notary)
        try:
            return await self._run("write", marked, *args, **kwargs)
        finally:
            notary.reset(signing)

    async def _run(
        self, mode: str, work: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any
    ) -> T:
        """One managed transaction from the request's bookmarks on, timed, its retries (each
        run of `work` after the first) counted for /metrics; a write's bookmark is kept."""
        runs = 0

        async def counted(tx: Any, *a: Any, **k: Any) -> T:
            nonlocal runs
            runs += 1
            if runs > 1:
                metrics.TRANSACTION_RETRIES.labels(mode).inc()
            return await work(tx, *a, **k)

        chain = causality.get()
        started = time.perf_counter()
        try:
            async with self.driver.session(
                database=self.database, bookmarks=chain.bookmarks() if chain else None
            ) as session:
                if mode == "read":
                    return await session.execute_read(counted, *args, **kwargs)
                done = await session.execute_write(counted, *args, **kwargs)
                if chain is not None:
                    chain.written = tuple((await session.last_bookmarks()).raw_values)
                return done
        except (DriverUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
            metrics.UNAVAILABLE.labels(mode).inc()
            raise ServiceUnavailable(UNAVAILABLE) from exc
        finally:
            metrics.TRANSACTION_SECONDS.labels(mode).observe(time.perf_counter() - started)

    async def ping(self) -> None:
        await self.driver.verify_connectivity()

"""`@reads` and `@writes`: one transaction function is both the public call and a step that a
larger transaction can reuse, so no domain keeps an `_x(tx, …)` / `x(graph, …)` pair."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Concatenate, Generic, Literal, ParamSpec, TypeVar

from neo4j import AsyncManagedTransaction

from graph.core.database import Graph

P = ParamSpec("P")
R = TypeVar("R")

Work = Callable[Concatenate[AsyncManagedTransaction, P], Awaitable[R]]


class Transaction(Generic[P, R]):
    """`await f(graph, …)` runs the function as one managed transaction (retried on transient
    errors, read-routed for reads); `await f.within(tx, …)` runs it inside a caller's."""

    def __init__(self, work: Work[P, R], mode: Literal["read", "write"]) -> None:
        functools.update_wrapper(self, work)
        self.work = work
        self.mode = mode

    async def __call__(self, graph: Graph, /, *args: P.args, **kwargs: P.kwargs) -> R:
        if self.mode == "read":
            return await graph.read(self.work, *args, **kwargs)
        return await graph.write(self.work, *args, **kwargs)

    def within(
        self, tx: AsyncManagedTransaction, /, *args: P.args, **kwargs: P.kwargs
    ) -> Awaitable[R]:
        return self.work(tx, *args, **kwargs)


def reads(work: Work[P, R]) -> Transaction[P, R]:
    """A read transaction: routed to any cluster member that can serve reads."""
    return Transaction(work, "read")


def writes(work: Work[P, R]) -> Transaction[P, R]:
    """A write transaction: all of it commits or none; never twice for one Idempotency-Key."""
    return Transaction(work, "write")

"""Tiny helpers for running one parameterised statement inside a managed transaction."""

from __future__ import annotations

from typing import Any

from neo4j import AsyncManagedTransaction, Record


async def single(tx: AsyncManagedTransaction, query: str, **params: Any) -> Record | None:
    """The statement's only row, or None when it matched nothing."""
    result = await tx.run(query, params)
    return await result.single(strict=False)


async def one(tx: AsyncManagedTransaction, query: str, **params: Any) -> Record:
    """The statement's only row, for statements that always return exactly one (CREATE, MERGE,
    aggregates): anything else is a bug in the statement and raises."""
    result = await tx.run(query, params)
    return await result.single(strict=True)


async def rows(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[Record]:
    result = await tx.run(query, params)
    return [record async for record in result]


async def execute(tx: AsyncManagedTransaction, query: str, **params: Any) -> None:
    await (await tx.run(query, params)).consume()

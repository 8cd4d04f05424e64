"""Idempotency keys: a client that retries a request with the same key acts once.

A request with a key is recorded before it runs (one record per caller and key, kept a
day; every replica sees it). Each write transaction it makes also marks the record, in
that same transaction, so "it committed" is known even when the answer never reached the
client (a timeout, the driver retrying after a lost connection). A retry then gets the
stored answer; while the first is still running, or if it committed without an answer being
stored, the retry is told so and nothing runs twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, one
from graph.core.database import idempotency_key
from graph.core.transactions import writes

KEEP_SECONDS = 86_400
# How long a first attempt may run before a retry may take over (it never committed).
LEASE_SECONDS = 60

# Graph.write marks the record of the key in `idempotency_key` (set while serving).
current_key = idempotency_key


class Begun(enum.Enum):
    NEW = "new"  # run it
    REPLAY = "replay"  # answered before: send the stored answer
    RUNNING = "running"  # the first attempt is still at work
    APPLIED = "applied"  # it committed, but its answer was not kept
    MISMATCH = "mismatch"  # the key was used for a different request


@dataclass(frozen=True)
class Stored:
    begun: Begun
    status: int | None = None
    body: bytes | None = None
    content_type: str | None = None


BEGIN = """
MERGE (r:IdempotentRequest {key: $key})
  ON CREATE SET r.fingerprint = $fingerprint, r.startedAt = datetime(),
                r.expiresAt = datetime() + duration({seconds: $keep}), r.fresh = true
WITH r, coalesce(r.fresh, false) AS fresh
REMOVE r.fresh
WITH r, fresh,
     r.status IS NULL AND NOT coalesce(r.committed, false)
       AND r.startedAt < datetime() - duration({seconds: $lease}) AS lapsed
SET r.startedAt = CASE WHEN lapsed THEN datetime() ELSE r.startedAt END
RETURN fresh, lapsed, r.fingerprint AS fingerprint, r.status AS status, r.body AS body,
       r.contentType AS contentType, coalesce(r.committed, false) AS committed
"""


@writes
async def begin(tx: AsyncManagedTransaction, key: str, fingerprint: str) -> Stored:
    """Record the request under its key, or say what became of an earlier one."""
    found = await one(
        tx, BEGIN, key=key, fingerprint=fingerprint, keep=KEEP_SECONDS, lease=LEASE_SECONDS
    )
    if found["fresh"]:
        return Stored(Begun.NEW)
    if found["fingerprint"] != fingerprint:
        return Stored(Begun.MISMATCH)
    if found["status"] is not None:
        body = found["body"]
        return Stored(
            Begun.REPLAY, int(found["status"]), body.encode() if body else b"", found["contentType"]
        )
    if found["committed"]:
        return Stored(Begun.APPLIED)
    return Stored(Begun.NEW if found["lapsed"] else Begun.RUNNING)


FINISH = """
MATCH (r:IdempotentRequest {key: $key})
SET r.status = $status, r.body = $body, r.contentType = $contentType, r.finishedAt = datetime()
"""
ABANDON = """
MATCH (r:IdempotentRequest {key: $key})
WHERE NOT coalesce(r.committed, false) AND r.status IS NULL
DELETE r
"""


@writes
async def finish(
    tx: AsyncManagedTransaction, key: str, status: int, body: bytes, content_type: str
) -> None:
    """Keep the answer for retries."""
    text = body.decode("utf-8", "replace")
    await execute(tx, FINISH, key=key, status=status, body=text, contentType=content_type)


@writes
async def abandon(tx: AsyncManagedTransaction, key: str) -> None:
    """The request failed without changing anything: a retry may run it afresh."""
    await execute(tx, ABANDON, key=key)


PRUNE = """
MATCH (r:IdempotentRequest) WHERE r.expiresAt < datetime()
WITH r LIMIT 1000
DELETE r
"""


@writes
async def prune(tx: AsyncManagedTransaction) -> None:
    await execute(tx, PRUNE)

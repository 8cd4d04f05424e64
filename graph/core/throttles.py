"""Throttles: how often something may be tried, counted in the graph so every replica
agrees, with delays that grow per failure instead of a lock an attacker could set off.

A throttle is a key (what is counted: an address, a client, the two together) and a rule.
`free` attempts go through one after the other; after that many, the next must wait
`base` seconds, and each attempt after that doubles the wait, up to `cap`. Counts are
forgotten `forget` seconds after the last attempt, and on success.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows
from graph.core.transactions import writes


@dataclass(frozen=True)
class Rule:
    name: str
    free: int
    base_seconds: float
    cap_seconds: float
    forget_seconds: int

    def key(self, *parts: str) -> Key:
        # Addresses and client addresses are kept as digests, never as they are.
        digest = hashlib.sha256("\x1f".join(parts).lower().encode()).hexdigest()[:32]
        return Key(f"{self.name}:{digest}", self)


@dataclass(frozen=True)
class Key:
    key: str
    rule: Rule


# Takes each key's write lock (in key order, so two attempts cannot deadlock) before
# reading it: attempts at the same keys are counted one after the other, never together.
LOCK = """
UNWIND $keys AS key
MERGE (t:Throttle {key: key})
  ON CREATE SET t.count = 0
SET t.seen = coalesce(t.seen, 0) + 1
WITH t WHERE t.blockedUntil > datetime()
RETURN max(duration.inSeconds(datetime(), t.blockedUntil).seconds) + 1 AS wait
"""
COUNT = """
UNWIND $rows AS row
MATCH (t:Throttle {key: row.key})
WITH t, row,
     CASE WHEN t.lastAt < datetime() - duration({seconds: row.forget}) THEN 1
          ELSE t.count + 1 END AS count
WITH t, row, count, row.base * 2.0 ^ (count - row.free) AS delay
SET t.count = count, t.lastAt = datetime(),
    t.forgetAt = datetime() + duration({seconds: row.forget}),
    t.blockedUntil = CASE WHEN count >= row.free
      THEN datetime() + duration({
        milliseconds: toInteger(1000 * CASE WHEN delay > row.cap THEN row.cap ELSE delay END)})
      ELSE null END
RETURN row.key AS key, count
"""


@dataclass(frozen=True)
class Attempt:
    wait_seconds: int  # > 0: refused, try again after this long (nothing was counted)
    counts: dict[str, int]  # attempts counted so far, by key, this one included


async def attempt(tx: AsyncManagedTransaction, keys: list[Key]) -> Attempt:
    """Count an attempt against every key, or refuse it (uncounted) while one of them is
    still waiting out its delay: only attempts that really happen make the delay grow."""
    ordered = sorted(keys, key=lambda k: k.key)
    found = await rows(tx, LOCK, keys=[k.key for k in ordered])
    wait = found[0]["wait"] if found else None
    if wait:
        return Attempt(int(wait), {})
    counted = await rows(
        tx,
        COUNT,
        rows=[
            {
                "key": k.key,
                "free": k.rule.free,
                "base": k.rule.base_seconds,
                "cap": k.rule.cap_seconds,
                "forget": k.rule.forget_seconds,
            }
            for k in ordered
        ],
    )
    return Attempt(0, {r["key"]: int(r["count"]) for r in counted})


CLEAR = "UNWIND $keys AS key MATCH (t:Throttle {key: key}) DELETE t"


async def clear(tx: AsyncManagedTransaction, keys: list[Key]) -> None:
    """Forget the attempts counted against these keys (it worked)."""
    await execute(tx, CLEAR, keys=[k.key for k in keys])


PRUNE = """
MATCH (t:Throttle) WHERE t.forgetAt < datetime()
WITH t LIMIT 1000
DELETE t
"""


@writes
async def prune(tx: AsyncManagedTransaction) -> None:
    await execute(tx, PRUNE)

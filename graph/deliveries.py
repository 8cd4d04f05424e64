"""The push delivery queue: claiming due deliveries with a lease, and settling them.

Each (notification, device) pair is one `:Delivery`, written with the notification. A
worker claims a batch under a lease; only the holder of the lease may settle it, so two
workers never both send the same delivery. A lease that runs out (a worker died) makes
the delivery claimable again; a delivery's `dueAt` is its lease's end while it is sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.cypher import execute, rows
from graph.database import Graph

CANDIDATES = """
MATCH (d:Delivery)
WHERE d.state IN ['PENDING', 'SENDING'] AND d.dueAt <= datetime()
RETURN d.id AS id
ORDER BY d.dueAt
LIMIT $limit
"""
# Taking the write locks (in id order, so two claims cannot deadlock) before reading the
# state again in a separate statement: a rival that claimed first has committed by then.
LOCK = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})
SET d.claimedAt = datetime()
"""
CLAIM = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})-[:OF]->(n:Notification)
MATCH (d)-[:VIA]->(s:PushSubscription)
WHERE d.state IN ['PENDING', 'SENDING'] AND d.dueAt <= datetime()
SET d.state = 'SENDING', d.leasedBy = $worker, d.attempts = d.attempts + 1,
    d.dueAt = datetime() + duration({milliseconds: $leaseMs})
RETURN d.id AS id, d.attempts AS attempt, n.id AS notificationId, n.kind AS kind,
       n.data AS data, s.endpoint AS endpoint, s.p256dh AS p256dh, s.auth AS auth
"""


@dataclass(frozen=True)
class Claimed:
    id: str
    attempt: int  # 1 for the first try; with the worker's id, the lease's fencing token
    notification_id: str
    kind: str
    data: dict[str, Any]
    endpoint: str
    p256dh: str
    auth: str


async def _claim(
    tx: AsyncManagedTransaction, worker: str, limit: int, lease_ms: int
) -> list[Claimed]:
    ids = sorted(r["id"] for r in await rows(tx, CANDIDATES, limit=limit))
    if not ids:
        return []
    await execute(tx, LOCK, ids=ids)
    found = await rows(tx, CLAIM, ids=ids, worker=worker, leaseMs=lease_ms)
    return [
        Claimed(
            id=r["id"],
            attempt=r["attempt"],
            notification_id=r["notificationId"],
            kind=r["kind"],
            data=json.loads(r["data"]),
            endpoint=r["endpoint"],
            p256dh=r["p256dh"],
            auth=r["auth"],
        )
        for r in found
    ]


async def claim(graph: Graph, worker: str, limit: int, lease_seconds: float) -> list[Claimed]:
    """Lease up to `limit` due deliveries to `worker`; nobody else sends them meanwhile."""
    return await graph.write(_claim, worker, limit, int(lease_seconds * 1000))


@dataclass(frozen=True)
class Settled:
    id: str
    attempt: int
    state: str  # DELIVERED, PENDING (retry later), DEAD (dead letter) or GONE
    retry_in_ms: int = 0
    status: int | None = None
    error: str | None = None


SETTLE = """
UNWIND $outcomes AS o
MATCH (d:Delivery {id: o.id})-[:VIA]->(s:PushSubscription)
WHERE d.state = 'SENDING' AND d.leasedBy = $worker AND d.attempts = o.attempt
SET d.state = o.state, d.lastStatus = o.status, d.lastError = o.error,
    d.dueAt = datetime() + duration({milliseconds: o.retryInMs}),
    d.deliveredAt = CASE o.state WHEN 'DELIVERED' THEN datetime() END,
    s.lastDeliveredAt = CASE o.state WHEN 'DELIVERED' THEN datetime()
                        ELSE s.lastDeliveredAt END
REMOVE d.leasedBy
"""
# The push service says the browser dropped the subscription: forget the device and
# everything still queued for it.
FORGET = """
UNWIND $outcomes AS o
MATCH (d:Delivery {id: o.id})-[:VIA]->(s:PushSubscription)
WHERE d.state = 'SENDING' AND d.leasedBy = $worker AND d.attempts = o.attempt
WITH DISTINCT s
CALL (s) { MATCH (s)<-[:VIA]-(queued:Delivery) DETACH DELETE queued }
DETACH DELETE s
"""


async def _settle(tx: AsyncManagedTransaction, worker: str, outcomes: list[Settled]) -> None:
    payload = [
        {
            "id": o.id,
            "attempt": o.attempt,
            "state": o.state,
            "retryInMs": o.retry_in_ms,
            "status": o.status,
            "error": o.error,
        }
        for o in outcomes
    ]
    gone = [p for p in payload if p["state"] == "GONE"]
    if gone:
        await execute(tx, FORGET, outcomes=gone, worker=worker)
    kept = [p for p in payload if p["state"] != "GONE"]
    if kept:
        await execute(tx, SETTLE, outcomes=kept, worker=worker)


async def settle(graph: Graph, worker: str, outcomes: list[Settled]) -> None:
    """Record what happened; a worker whose lease ran out changes nothing."""
    if outcomes:
        await graph.write(_settle, worker, outcomes)


# Delivered rows are kept a week for inspection, then dropped in small batches.
PRUNE = """
MATCH (d:Delivery)
WHERE d.state = 'DELIVERED' AND d.dueAt < datetime() - duration({days: $days})
WITH d LIMIT $limit
DETACH DELETE d
RETURN count(*) AS pruned
"""


async def _prune(tx: AsyncManagedTransaction, days: int, limit: int) -> int:
    found = await rows(tx, PRUNE, days=days, limit=limit)
    return int(found[0]["pruned"]) if found else 0


async def prune_delivered(graph: Graph, days: int = 7, limit: int = 1000) -> int:
    return await graph.write(_prune, days, limit)


COUNTS = """
MATCH (d:Delivery) WHERE d.state IN ['PENDING', 'SENDING', 'DEAD']
RETURN d.state AS state, count(*) AS n
"""


async def _counts(tx: AsyncManagedTransaction) -> dict[str, int]:
    return {r["state"]: int(r["n"]) for r in await rows(tx, COUNTS)}


async def queue_counts(graph: Graph) -> dict[str, int]:
    """How many deliveries wait, are being sent, and were dead-lettered."""
    return await graph.read(_counts)


# After fixing what made them fail (a push-service outage, a bad VAPID subject), an operator
# sends the dead letters again from the first attempt.
REQUEUE_DEAD = """
MATCH (d:Delivery) WHERE d.state = 'DEAD'
SET d.state = 'PENDING', d.attempts = 0, d.dueAt = datetime()
RETURN count(d) AS requeued
"""


async def _requeue(tx: AsyncManagedTransaction) -> int:
    found = await rows(tx, REQUEUE_DEAD)
    return int(found[0]["requeued"]) if found else 0


async def requeue_dead(graph: Graph) -> int:
    return await graph.write(_requeue)

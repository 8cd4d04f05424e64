"""The delivery queue: claiming due deliveries with a lease, and settling them.

Each (notification, device) pair is one `:Delivery` on the PUSH channel, and each
notification someone gets by e-mail one on the EMAIL channel, written with the
notification; an e-mail invitation to someone not on Kring hangs off the invitation. A
worker claims a batch under a lease; only the holder of the lease may settle it, so two
workers never both send the same delivery. A lease that runs out (a worker died) makes
the delivery claimable again; a delivery's `dueAt` is its lease's end while it is sent.
"""

from __future__ import annotations

import enum
import json
import random
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows
from graph.core.database import Graph
from graph.core.transactions import reads, writes
from graph.notifications.push_subscriptions import RETIRE

# Due deliveries, oldest first, in index order (ordering by the equal state too lets the
# planner read the index in order instead of sorting the backlog): waiting ones, and ones
# whose lease lapsed.
CANDIDATES = """
MATCH (d:Delivery)
WHERE d.state = $state AND d.dueAt <= datetime()
RETURN d.id AS id
ORDER BY d.state, d.dueAt
LIMIT $limit
"""
# Taking the write locks (in id order, so two claims cannot deadlock) before reading the
# state again in a separate statement: a rival that claimed first has committed by then.
LOCK = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})
SET d.claimedAt = datetime()
"""
# Only a device still linked to the notification's recipient may receive it, and only a
# recipient who still has an account (or an invitation still standing) an e-mail. The
# hints keep each row a unique-index seek: the planner would rather range-scan the due index.
READ = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})
USING INDEX SEEK d:Delivery(id)
WHERE d.state IN ['PENDING', 'SENDING'] AND d.dueAt <= datetime()
OPTIONAL MATCH (d)-[:OF]->(n:Notification)-[:TO]->(p:Person)
OPTIONAL MATCH (d)-[:VIA]->(s:PushSubscription)-[:OF]->(p)
OPTIONAL MATCH (d)-[:INVITES]->(r:EndorsementRequest)
RETURN d.id AS id, d.attempts AS attempts, coalesce(d.channel, 'PUSH') AS channel,
       coalesce(n.id, d.id) AS notificationId, coalesce(n.kind, d.kind) AS kind,
       coalesce(n.data, d.data) AS data, p.id AS recipient, s.endpoint AS endpoint,
       s.p256dh AS p256dh, s.auth AS auth,
       CASE WHEN r IS NOT NULL AND r.usedAt IS NULL AND r.expiresAt > datetime() THEN d.to
            ELSE p.email END AS address,
       d.link AS link
"""
DROP = "UNWIND $ids AS id MATCH (d:Delivery {id: id}) DETACH DELETE d"
# A delivery whose leases kept lapsing (it crashes its worker, or workers keep dying).
EXHAUST = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})
SET d.state = 'DEAD', d.lastError = 'the lease lapsed on every attempt'
REMOVE d.leasedBy, d.to, d.link
"""
LEASE = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})
SET d.state = 'SENDING', d.leasedBy = $worker, d.attempts = d.attempts + 1,
    d.dueAt = datetime() + duration({milliseconds: $leaseMs})
"""


class Channel(enum.StrEnum):
    PUSH = "PUSH"
    EMAIL = "EMAIL"


@dataclass(frozen=True)
class Claimed:
    id: str
    attempt: int  # 1 for the first try; with the worker's id, the lease's fencing token
    channel: Channel
    notification_id: str
    kind: str
    data: dict[str, Any]
    recipient: str | None  # a person id (None for an e-mail invitation)
    endpoint: str | None = None  # PUSH: the device
    p256dh: str | None = None
    auth: str | None = None
    address: str | None = None  # EMAIL: where it goes
    link: str | None = None  # EMAIL: an invitation's own path (with its secret)


def _deliverable(row: Any) -> bool:
    """Whether it still has somewhere to go; else it is an orphan and is dropped."""
    if row["channel"] == Channel.EMAIL:
        return row["address"] is not None
    return row["endpoint"] is not None


@dataclass(frozen=True)
class Claim:
    claimed: list[Claimed]
    contended: bool  # due deliveries were seen but a rival took them: look again at once


async def _candidates(tx: AsyncManagedTransaction, limit: int) -> list[str]:
    found: list[str] = []
    for state in ("PENDING", "SENDING"):
        found += [r["id"] for r in await rows(tx, CANDIDATES, state=state, limit=limit)]
    return found


@writes
async def claim(
    tx: AsyncManagedTransaction, worker: str, limit: int, lease_seconds: float, max_attempts: int
) -> Claim:
    """Lease up to `limit` due deliveries to `worker`; nobody else sends them meanwhile."""
    lease_ms = int(lease_seconds * 1000)
    # Each worker takes a random share of the oldest due deliveries, so rivals rarely
    # queue up on the same locks.
    seen = await _candidates(tx, limit * 4)
    ids = sorted(random.sample(seen, min(limit, len(seen))))
    if not ids:
        return Claim([], contended=False)
    await execute(tx, LOCK, ids=ids)
    found = await rows(tx, READ, ids=ids)
    orphans = [r["id"] for r in found if not _deliverable(r)]
    exhausted = [r["id"] for r in found if _deliverable(r) and r["attempts"] >= max_attempts]
    usable = [r for r in found if _deliverable(r) and r["attempts"] < max_attempts]
    if orphans:
        await execute(tx, DROP, ids=orphans)
    if exhausted:
        await execute(tx, EXHAUST, ids=exhausted)
    if usable:
        await execute(tx, LEASE, ids=[r["id"] for r in usable], worker=worker, leaseMs=lease_ms)
    claimed = [
        Claimed(
            id=r["id"],
            attempt=r["attempts"] + 1,
            channel=Channel(r["channel"]),
            notification_id=r["notificationId"],
            kind=r["kind"],
            data=json.loads(r["data"]),
            recipient=r["recipient"],
            endpoint=r["endpoint"],
            p256dh=r["p256dh"],
            auth=r["auth"],
            address=r["address"],
            link=r["link"],
        )
        for r in usable
    ]
    return Claim(claimed, contended=len(found) < len(ids))


@dataclass(frozen=True)
class Settled:
    id: str
    attempt: int
    state: str  # DELIVERED, PENDING (retry later), DEAD (dead letter) or GONE
    retry_in_ms: int = 0
    status: int | None = None
    error: str | None = None


# A device that keeps refusing (say a key mismatch, 403) is retired after this many dead
# letters in a row, so it stops collecting them.
MAX_DEVICE_FAILURES = 5
# Once an invitation's e-mail is out (or given up on), its address and secret link go.
SETTLE = """
UNWIND $outcomes AS o
WITH o, o.id AS id
MATCH (d:Delivery {id: id})
USING INDEX SEEK d:Delivery(id)
WHERE d.state = 'SENDING' AND d.leasedBy = $worker AND d.attempts = o.attempt
SET d.state = o.state, d.lastStatus = o.status, d.lastError = o.error,
    d.dueAt = datetime() + duration({milliseconds: o.retryInMs}),
    d.deliveredAt = CASE o.state WHEN 'DELIVERED' THEN datetime() END,
    d.to = CASE WHEN o.state IN ['DELIVERED', 'DEAD'] THEN null ELSE d.to END,
    d.link = CASE WHEN o.state IN ['DELIVERED', 'DEAD'] THEN null ELSE d.link END
REMOVE d.leasedBy
WITH d, o
MATCH (d)-[:VIA]->(s:PushSubscription)
SET s.lastDeliveredAt = CASE o.state WHEN 'DELIVERED' THEN datetime()
                        ELSE s.lastDeliveredAt END,
    s.failures = CASE o.state WHEN 'DELIVERED' THEN 0
                 WHEN 'DEAD' THEN coalesce(s.failures, 0) + 1
                 ELSE coalesce(s.failures, 0) END
"""
RETIRE_FAILING = (
    """
UNWIND $ids AS id
MATCH (:Delivery {id: id})-[:VIA]->(s:PushSubscription)
WHERE s.failures >= $maxFailures AND s.retiredAt IS NULL
WITH DISTINCT s
"""
    + RETIRE
)
# The push service says the browser dropped the subscription: retire the device.
FORGET = (
    """
UNWIND $outcomes AS o
WITH o, o.id AS id
MATCH (d:Delivery {id: id})
USING INDEX SEEK d:Delivery(id)
WHERE d.state = 'SENDING' AND d.leasedBy = $worker AND d.attempts = o.attempt
MATCH (d)-[:VIA]->(s:PushSubscription)
WITH DISTINCT s
"""
    + RETIRE
)


@writes
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
    dead = [p["id"] for p in kept if p["state"] == "DEAD"]
    if dead:
        await execute(tx, RETIRE_FAILING, ids=dead, maxFailures=MAX_DEVICE_FAILURES)


async def settle(graph: Graph, worker: str, outcomes: list[Settled]) -> None:
    """Record what happened; a worker whose lease ran out changes nothing."""
    if outcomes:
        await _settle(graph, worker, outcomes)


# Delivered rows are kept a week and dead letters a month for inspection; retired devices
# a day (see graph.push_subscriptions.RETIRE). Each runs in small batches.
PRUNE = (
    """
MATCH (d:Delivery)
WHERE d.state = 'DELIVERED' AND d.dueAt < datetime() - duration({days: 7})
WITH d LIMIT $limit
DETACH DELETE d
RETURN count(*) AS pruned
""",
    """
MATCH (d:Delivery)
WHERE d.state = 'DEAD' AND d.dueAt < datetime() - duration({days: 30})
WITH d LIMIT $limit
DETACH DELETE d
RETURN count(*) AS pruned
""",
    """
MATCH (s:PushSubscription)
WHERE s.retiredAt < datetime() - duration({days: 1})
WITH s LIMIT $limit
CALL (s) { MATCH (s)<-[:VIA]-(d:Delivery) DETACH DELETE d }
DETACH DELETE s
RETURN count(*) AS pruned
""",
)


@writes
async def _prune(tx: AsyncManagedTransaction, statement: str, limit: int) -> int:
    found = await rows(tx, statement, limit=limit)
    return int(found[0]["pruned"]) if found else 0


async def prune(graph: Graph, limit: int = 1000, max_batches: int = 100) -> int:
    """Drop old delivered rows, old dead letters and retired devices; how many went."""
    total = 0
    for statement in PRUNE:
        for _ in range(max_batches):
            pruned = await _prune(graph, statement, limit)
            total += pruned
            if pruned < limit:
                break
    return total


COUNTS = """
UNWIND ['PENDING', 'SENDING', 'DEAD'] AS state
CALL (state) {
  MATCH (d:Delivery) WHERE d.state = state AND d.dueAt IS NOT NULL
  RETURN count(d) AS n
}
RETURN state, n
"""


@reads
async def queue_counts(tx: AsyncManagedTransaction) -> dict[str, int]:
    """How many deliveries wait, are being sent, and were dead-lettered."""
    return {r["state"]: int(r["n"]) for r in await rows(tx, COUNTS)}


# After fixing what made them fail (a push-service outage, a bad VAPID subject), an operator
# sends the dead letters again from the first attempt.
REQUEUE_DEAD = """
MATCH (d:Delivery) WHERE d.state = 'DEAD' AND d.dueAt IS NOT NULL
WITH d LIMIT $limit
SET d.state = 'PENDING', d.attempts = 0, d.dueAt = datetime()
RETURN count(d) AS requeued
"""


@writes
async def _requeue(tx: AsyncManagedTransaction, limit: int) -> int:
    found = await rows(tx, REQUEUE_DEAD, limit=limit)
    return int(found[0]["requeued"]) if found else 0


async def requeue_dead(graph: Graph, limit: int = 1000) -> int:
    """Send every dead letter again, a batch per transaction."""
    total = 0
    while True:
        requeued = await _requeue(graph, limit)
        total += requeued
        if requeued < limit:
            return total

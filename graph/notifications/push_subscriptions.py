"""People's devices for Web Push: the browser subscriptions the worker delivers to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, one, rows, single
from graph.core.errors import NotFound
from graph.core.transactions import reads, writes

# Browsers re-subscribe silently (pushsubscriptionchange); the oldest devices make room.
MAX_DEVICES = 10


@dataclass(frozen=True)
class PushSubscription:
    id: str
    endpoint: str
    created_at: datetime
    last_delivered_at: datetime | None


def _from_record(s: dict[str, Any]) -> PushSubscription:
    delivered = s.get("lastDeliveredAt")
    return PushSubscription(
        id=s["id"],
        endpoint=s["endpoint"],
        created_at=s["createdAt"].to_native(),
        last_delivered_at=delivered.to_native() if delivered else None,
    )


# Retiring a device (bound to `s`): it leaves its person at once and loses its endpoint and
# keys, and nothing still queued for it is sent. The node itself is purged a day later
# (see graph.deliveries.prune): an outbox write that read the link just before it went
# may still attach a delivery to it, and the worker drops such deliveries.
RETIRE = """
CALL (s) {
  MATCH (s)<-[:VIA]-(queued:Delivery) WHERE queued.state <> 'DELIVERED'
  DETACH DELETE queued
}
CALL (s) { MATCH (s)-[link:OF]->() DELETE link }
SET s.retiredAt = datetime()
REMOVE s.endpoint, s.p256dh, s.auth
"""
# The subscription node is locked (MERGE + SET) before anything about it is read.
CLAIM_ENDPOINT = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
MERGE (s:PushSubscription {endpoint: $endpoint})
ON CREATE SET s.id = randomUUID(), s.createdAt = datetime()
SET s.updatedAt = datetime()
RETURN s.id AS id
"""
# A browser profile signed in as someone else: the previous person's device is retired
# with what was queued for it, and the new person gets a device of their own.
HAND_OVER = (
    """
MATCH (s:PushSubscription {endpoint: $endpoint})-[:OF]->(previous:Person)
WHERE previous.id <> $person
"""
    + RETIRE
    + "RETURN count(*) AS retired"
)
BIND = """
MATCH (p:Person {id: $person}), (s:PushSubscription {endpoint: $endpoint})
SET s.p256dh = $p256dh, s.auth = $auth
MERGE (s)-[:OF]->(p)
RETURN s { .id, .endpoint, .createdAt, .lastDeliveredAt } AS s
"""
PRUNE = (
    """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription)
WITH s ORDER BY s.updatedAt DESC SKIP $keep
"""
    + RETIRE
)


@writes
async def register(
    tx: AsyncManagedTransaction, person_id: str, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Add (or refresh) one of the person's devices; the endpoint is the browser's key."""
    if await single(tx, CLAIM_ENDPOINT, person=person_id, endpoint=endpoint) is None:
        raise NotFound("No such person.")
    handed_over = await single(tx, HAND_OVER, person=person_id, endpoint=endpoint)
    if handed_over and handed_over["retired"]:
        # The endpoint is free again: this makes the new person's device.
        await single(tx, CLAIM_ENDPOINT, person=person_id, endpoint=endpoint)
    record = await one(tx, BIND, person=person_id, endpoint=endpoint, p256dh=p256dh, auth=auth)
    await execute(tx, PRUNE, person=person_id, keep=MAX_DEVICES)
    return _from_record(record["s"])


REMOVE = (
    """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription {endpoint: $endpoint})
"""
    + RETIRE
    + "RETURN count(*) AS removed"
)


@writes
async def remove(tx: AsyncManagedTransaction, person_id: str, endpoint: str) -> bool:
    """Forget one of the person's devices and what was queued for it."""
    record = await single(tx, REMOVE, person=person_id, endpoint=endpoint)
    return (int(record["removed"]) if record else 0) > 0


LIST = """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription)
RETURN s { .id, .endpoint, .createdAt, .lastDeliveredAt } AS s
ORDER BY s.createdAt DESC
"""


@reads
async def devices_of(tx: AsyncManagedTransaction, person_id: str) -> list[PushSubscription]:
    return [_from_record(r["s"]) for r in await rows(tx, LIST, person=person_id)]

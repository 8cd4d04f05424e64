"""People's devices for Web Push: the browser subscriptions the worker delivers to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.cypher import execute, rows, single
from graph.database import Graph
from graph.errors import NotFound

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


# The subscription node is locked (MERGE + SET) before anything about it is read.
CLAIM_ENDPOINT = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
MERGE (s:PushSubscription {endpoint: $endpoint})
ON CREATE SET s.id = randomUUID(), s.createdAt = datetime()
SET s.updatedAt = datetime()
RETURN s.id AS id
"""
# A browser profile signed in as someone else takes its endpoint along: nothing queued
# for the previous person may reach the new one.
DROP_PREVIOUS_OWNER = """
MATCH (s:PushSubscription {endpoint: $endpoint})-[old:OF]->(previous:Person)
WHERE previous.id <> $person
DELETE old
WITH s
MATCH (s)<-[:VIA]-(d:Delivery) WHERE d.state IN ['PENDING', 'SENDING']
DETACH DELETE d
"""
BIND = """
MATCH (p:Person {id: $person}), (s:PushSubscription {endpoint: $endpoint})
SET s.p256dh = $p256dh, s.auth = $auth
MERGE (s)-[:OF]->(p)
RETURN s { .id, .endpoint, .createdAt, .lastDeliveredAt } AS s
"""
PRUNE = """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription)
WITH s ORDER BY s.updatedAt DESC SKIP $keep
CALL (s) { MATCH (s)<-[:VIA]-(d:Delivery) DETACH DELETE d }
DETACH DELETE s
"""


async def _register(
    tx: AsyncManagedTransaction, person_id: str, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    if await single(tx, CLAIM_ENDPOINT, person=person_id, endpoint=endpoint) is None:
        raise NotFound("No such person.")
    await execute(tx, DROP_PREVIOUS_OWNER, person=person_id, endpoint=endpoint)
    record = await single(tx, BIND, person=person_id, endpoint=endpoint, p256dh=p256dh, auth=auth)
    assert record is not None
    await execute(tx, PRUNE, person=person_id, keep=MAX_DEVICES)
    return _from_record(record["s"])


async def register(
    graph: Graph, person_id: str, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Add (or refresh) one of the person's devices; the endpoint is the browser's key."""
    return await graph.write(_register, person_id, endpoint, p256dh, auth)


REMOVE = """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription {endpoint: $endpoint})
CALL (s) { MATCH (s)<-[:VIA]-(d:Delivery) DETACH DELETE d }
DETACH DELETE s
RETURN count(*) AS removed
"""


async def _remove(tx: AsyncManagedTransaction, person_id: str, endpoint: str) -> int:
    record = await single(tx, REMOVE, person=person_id, endpoint=endpoint)
    return int(record["removed"]) if record else 0


async def remove(graph: Graph, person_id: str, endpoint: str) -> bool:
    """Forget one of the person's devices and what was queued for it."""
    return await graph.write(_remove, person_id, endpoint) > 0


LIST = """
MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription)
RETURN s { .id, .endpoint, .createdAt, .lastDeliveredAt } AS s
ORDER BY s.createdAt DESC
"""


async def _list(tx: AsyncManagedTransaction, person_id: str) -> list[PushSubscription]:
    return [_from_record(r["s"]) for r in await rows(tx, LIST, person=person_id)]


async def devices_of(graph: Graph, person_id: str) -> list[PushSubscription]:
    return await graph.read(_list, person_id)

"""The outbox: each event someone must hear about is written in the transaction of the
change that caused it, so a notification exists exactly when the change does."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.cypher import execute, rows, single
from graph.database import Graph
from graph.saved_areas import MAX_AREA_RADIUS_KM


class Kind(enum.StrEnum):
    ORGANISATION_APPROVED = "ORGANISATION_APPROVED"
    ORGANISATION_REJECTED = "ORGANISATION_REJECTED"
    OPPORTUNITY_PUBLISHED = "OPPORTUNITY_PUBLISHED"
    OPPORTUNITY_REJECTED = "OPPORTUNITY_REJECTED"
    APPLICATION_RECEIVED = "APPLICATION_RECEIVED"
    APPLICATION_ACCEPTED = "APPLICATION_ACCEPTED"
    APPLICATION_REJECTED = "APPLICATION_REJECTED"
    APPLICATION_COMPLETED = "APPLICATION_COMPLETED"
    ENDORSEMENT_REQUESTED = "ENDORSEMENT_REQUESTED"
    ENDORSEMENT_RECEIVED = "ENDORSEMENT_RECEIVED"
    BADGE_ISSUED = "BADGE_ISSUED"
    BADGE_VALIDATED = "BADGE_VALIDATED"
    BADGE_REVOKED = "BADGE_REVOKED"
    OPPORTUNITY_NEARBY = "OPPORTUNITY_NEARBY"


# Who hears about what: each audience is a fixed statement binding `p` to the recipients.
class Audience(enum.Enum):
    PEOPLE = "people"  # $ids are person ids
    ORGANISATION_ADMINS = "organisation admins"  # $ids[0] is an organisation
    ORGANISATION_STAFF = "organisation staff"  # admins and supervisors
    BADGE_HOLDERS = "badge holders"  # $ids[0] is a badge class; holders of live badges
    AREA_WATCHERS = "area watchers"  # $ids[0] is an opportunity; people whose saved area holds it


AUDIENCES = {
    Audience.PEOPLE: "UNWIND $ids AS id MATCH (p:Person {id: id})",
    Audience.ORGANISATION_ADMINS: (
        "MATCH (p:Person)-[:MEMBER_OF {role: 'ADMIN'}]->(:Organisation {id: $ids[0]})"
    ),
    Audience.ORGANISATION_STAFF: (
        "MATCH (p:Person)-[m:MEMBER_OF]->(:Organisation {id: $ids[0]}) "
        "WHERE m.role IN ['ADMIN', 'SUPERVISOR']"
    ),
    Audience.BADGE_HOLDERS: (
        "MATCH (p:Person)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $ids[0]}) "
        "WHERE a.revokedAt IS NULL"
    ),
    # One seek on the saved-area point index around the opportunity: every area lies within
    # MAX_AREA_RADIUS_KM of its centre, so no area further away can hold the opportunity.
    Audience.AREA_WATCHERS: f"""
MATCH (o:Opportunity {{id: $ids[0]}})
MATCH (area:SavedArea)
USING INDEX area:SavedArea(location)
WHERE point.distance(area.location, o.location) <= {MAX_AREA_RADIUS_KM * 1000.0}
  AND point.distance(area.location, o.location) <= area.radiusKm * 1000.0
  AND (area.domains = [] OR o.domain IN area.domains)
MATCH (p:Person)-[:WATCHES]->(area)
""",
}
# Each recipient's preferences decide the channels: a notification hidden from the app can
# still be pushed, and one muted everywhere is not written at all. A push delivery is
# queued for each of the recipient's devices, in this same transaction.
DELIVER = """
WITH DISTINCT p
WHERE p.deletedAt IS NULL
  AND NOT ($kind IN coalesce(p.mutedInApp, []) AND $kind IN coalesce(p.mutedPush, []))
CREATE (n:Notification {id: randomUUID(), kind: $kind, data: $data, createdAt: datetime(),
                        inApp: NOT $kind IN coalesce(p.mutedInApp, [])})-[:TO]->(p)
WITH n, p WHERE NOT $kind IN coalesce(p.mutedPush, [])
MATCH (p)<-[:OF]-(device:PushSubscription)
CREATE (d:Delivery {id: randomUUID(), state: 'PENDING', attempts: 0, dueAt: datetime(),
                    createdAt: datetime()})-[:OF]->(n),
       (d)-[:VIA]->(device)
"""


async def record(
    tx: AsyncManagedTransaction,
    kind: Kind,
    audience: Audience,
    ids: list[str],
    data: dict[str, Any],
) -> None:
    """Queue a notification for everyone in `audience`; only ids and titles, no more."""
    await execute(
        tx, AUDIENCES[audience] + DELIVER, ids=ids, kind=kind.value, data=json.dumps(data)
    )


@dataclass(frozen=True)
class Notification:
    id: str
    kind: Kind
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


PAGE = """
MATCH (n:Notification)-[:TO]->(:Person {id: $person})
WHERE coalesce(n.inApp, true) AND (NOT $unreadOnly OR n.readAt IS NULL)
  AND ($afterAt IS NULL OR n.createdAt < datetime($afterAt)
       OR (n.createdAt = datetime($afterAt) AND n.id < $afterId))
RETURN n { .id, .kind, .data, .createdAt, .readAt } AS n
ORDER BY n.createdAt DESC, n.id DESC
LIMIT $limit
"""


async def _page(
    tx: AsyncManagedTransaction,
    person_id: str,
    unread_only: bool,
    limit: int,
    after: tuple[str, str] | None,
) -> list[Notification]:
    found = await rows(
        tx,
        PAGE,
        person=person_id,
        unreadOnly=unread_only,
        limit=limit,
        afterAt=after[0] if after else None,
        afterId=after[1] if after else None,
    )
    return [
        Notification(
            id=r["n"]["id"],
            kind=Kind(r["n"]["kind"]),
            data=json.loads(r["n"]["data"]),
            created_at=r["n"]["createdAt"].to_native(),
            read_at=r["n"]["readAt"].to_native() if r["n"].get("readAt") else None,
        )
        for r in found
    ]


async def notifications_of(
    graph: Graph,
    person_id: str,
    *,
    unread_only: bool,
    limit: int,
    after: tuple[str, str] | None = None,
) -> list[Notification]:
    """A person's notifications, newest first, after the (createdAt, id) of `after`."""
    return await graph.read(_page, person_id, unread_only, limit, after)


MARK = """
MATCH (n:Notification)-[:TO]->(:Person {id: $person})
WHERE ($id IS NULL OR n.id = $id) AND n.readAt IS NULL AND coalesce(n.inApp, true)
SET n.readAt = datetime()
RETURN count(n) AS marked
"""


async def _mark(tx: AsyncManagedTransaction, person_id: str, notification_id: str | None) -> int:
    record = await single(tx, MARK, person=person_id, id=notification_id)
    return int(record["marked"]) if record else 0


async def mark_read(graph: Graph, person_id: str, notification_id: str | None) -> int:
    """Mark one (or, with None, every) unread notification of the person read."""
    return await graph.write(_mark, person_id, notification_id)

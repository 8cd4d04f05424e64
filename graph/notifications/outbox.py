"""The outbox: each event someone must hear about is written in the transaction of the
change that caused it, so a notification exists exactly when the change does."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows, single
from graph.core.transactions import reads, writes


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
    CLAIM_AWAITING_REVIEW = "CLAIM_AWAITING_REVIEW"
    CLAIM_RETURNED = "CLAIM_RETURNED"
    CLAIM_DECLINED = "CLAIM_DECLINED"
    CLAIM_REVISED = "CLAIM_REVISED"
    EVIDENCE_REQUESTED = "EVIDENCE_REQUESTED"
    SIGN_IN_ATTEMPTS = "SIGN_IN_ATTEMPTS"
    MEMBER_ADDED = "MEMBER_ADDED"
    OPPORTUNITY_FOR_GOAL = "OPPORTUNITY_FOR_GOAL"
    CHECK_IN_CONFIRMED = "CHECK_IN_CONFIRMED"
    QUEST_OFFER_RECEIVED = "QUEST_OFFER_RECEIVED"
    QUEST_HELPER_ACCEPTED = "QUEST_HELPER_ACCEPTED"
    QUEST_OFFER_DECLINED = "QUEST_OFFER_DECLINED"
    QUEST_NEARBY = "QUEST_NEARBY"
    QUEST_HIDDEN = "QUEST_HIDDEN"
    QUEST_HELPER_WITHDREW = "QUEST_HELPER_WITHDREW"
    REVIEW_ASSIGNED = "REVIEW_ASSIGNED"
    REVIEW_RECEIVED = "REVIEW_RECEIVED"
    REVIEW_REASSIGNED = "REVIEW_REASSIGNED"
    REVIEW_DISPUTED = "REVIEW_DISPUTED"


# Kinds that ask someone to act, or that they would not want to miss, are e-mailed unless
# the person turns it off; the rest only once they turn e-mail on for that kind.
EMAIL_BY_DEFAULT = frozenset(
    {
        Kind.ORGANISATION_APPROVED,
        Kind.ORGANISATION_REJECTED,
        Kind.OPPORTUNITY_REJECTED,
        Kind.APPLICATION_ACCEPTED,
        Kind.APPLICATION_REJECTED,
        Kind.ENDORSEMENT_REQUESTED,
        Kind.BADGE_ISSUED,
        Kind.BADGE_REVOKED,
        Kind.CLAIM_AWAITING_REVIEW,
        Kind.CLAIM_RETURNED,
        Kind.CLAIM_DECLINED,
        Kind.CLAIM_REVISED,
        Kind.EVIDENCE_REQUESTED,
        Kind.SIGN_IN_ATTEMPTS,
        Kind.MEMBER_ADDED,
        Kind.QUEST_OFFER_RECEIVED,
        Kind.QUEST_HELPER_ACCEPTED,
        Kind.QUEST_HIDDEN,
        Kind.QUEST_HELPER_WITHDREW,
        Kind.REVIEW_ASSIGNED,
        Kind.REVIEW_DISPUTED,
    }
)


# Who hears about what: each audience is a fixed statement binding `p` to the recipients.
# Saved areas' watchers are too many for the causing transaction: see fan_out.
class Audience(enum.Enum):
    PEOPLE = "people"  # $ids are person ids
    ORGANISATION_ADMINS = "organisation admins"  # $ids[0] is an organisation
    ORGANISATION_STAFF = "organisation staff"  # admins and supervisors
    BADGE_HOLDERS = "badge holders"  # $ids[0] is a badge class; holders of live badges
    # $ids[0] is a badge class, $ids[1] the learner (never told about their own claim): the
    # issuer's admins and the supervisors they let review, or a university's curators and
    # moderators (the reviewers of auth.permissions' claim:review).
    CLAIM_REVIEWERS = "claim reviewers"


AUDIENCES = {
    Audience.PEOPLE: "UNWIND $ids AS id MATCH (p:Person {id: id})",
    Audience.ORGANISATION_ADMINS: (
        "MATCH (p:Person)-[:MEMBER_OF {role: 'ADMIN'}]->(:Organisation {id: $ids[0]})"
    ),
    Audience.ORGANISATION_STAFF: (
        "MATCH (p:Person)-[m:MEMBER_OF]->(:Organisation {id: $ids[0]}) "
        "WHERE m.role IN ['ADMIN', 'SUPERVISOR']"
    ),
    Audience.CLAIM_REVIEWERS: """
MATCH (:BadgeClass {id: $ids[0]})-[:ISSUED_BY]->(issuer)
MATCH (p:Person)-[m:MEMBER_OF]->(issuer)
WHERE p.id <> $ids[1]
  AND ((issuer:Organisation AND (m.role = 'ADMIN'
        OR (m.role = 'SUPERVISOR' AND m.reviewsClaims = true)))
    OR (issuer:University AND m.role IN ['CURATOR', 'MODERATOR']))
""",
    Audience.BADGE_HOLDERS: (
        "MATCH (p:Person)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $ids[0]}) "
        "WHERE a.revokedAt IS NULL"
    ),
}
# Each recipient's preferences decide the channels: a notification hidden from the app can
# still be pushed or e-mailed, and one muted everywhere is not written at all. A delivery
# is queued for each of the recipient's devices and for their e-mail, in this transaction.
# Expects `p` and its notification's `data` (JSON text) bound.
DELIVER = """
WITH DISTINCT p, data
WHERE p.deletedAt IS NULL
WITH p, data, NOT $kind IN coalesce(p.mutedInApp, []) AS inApp,
     NOT $kind IN coalesce(p.mutedPush, []) AS push,
     p.email IS NOT NULL AND CASE
       WHEN $kind IN coalesce(p.emailOn, []) THEN true
       WHEN $kind IN coalesce(p.emailOff, []) THEN false
       ELSE $emailByDefault END AS email
WHERE inApp OR push OR email
CREATE (n:Notification {id: randomUUID(), kind: $kind, data: data, createdAt: datetime(),
                        inApp: inApp})-[:TO]->(p)
WITH n, p, push, email
CALL (n, p, push) {
  WITH n, p, push WHERE push
  MATCH (p)<-[:OF]-(device:PushSubscription)
  CREATE (d:Delivery {id: randomUUID(), channel: 'PUSH', state: 'PENDING', attempts: 0,
                      dueAt: datetime(), createdAt: datetime()})-[:OF]->(n),
         (d)-[:VIA]->(device)
}
CALL (n, email) {
  WITH n, email WHERE email
  CREATE (:Delivery {id: randomUUID(), channel: 'EMAIL', state: 'PENDING', attempts: 0,
                     dueAt: datetime(), createdAt: datetime()})-[:OF]->(n)
}
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
        tx,
        "WITH $data AS data\n" + AUDIENCES[audience] + DELIVER,
        ids=ids,
        kind=kind.value,
        data=json.dumps(data),
        emailByDefault=kind in EMAIL_BY_DEFAULT,
    )


EACH = """
UNWIND $items AS item
MATCH (p:Person {id: item.person})
WITH p, item.data AS data
"""


async def record_each(
    tx: AsyncManagedTransaction, kind: Kind, items: list[tuple[str, dict[str, Any]]]
) -> None:
    """Queue one notification per (person id, data) in one statement: a bulk action's."""
    await execute(
        tx,
        EACH + DELIVER,
        items=[{"person": person, "data": json.dumps(data)} for person, data in items],
        kind=kind.value,
        emailByDefault=kind in EMAIL_BY_DEFAULT,
    )


# Someone invited by address has no account to hold a notification: the e-mail hangs off
# the invitation, and carries the link's path (its secret) only until it is delivered.
INVITE_BY_EMAIL = """
MATCH (r:EndorsementRequest {id: $request})
CREATE (:Delivery {id: randomUUID(), channel: 'EMAIL', state: 'PENDING', attempts: 0,
                   dueAt: datetime(), createdAt: datetime(), kind: $kind, data: $data,
                   to: $address, link: $link})-[:INVITES]->(r)
"""


async def invite_by_email(
    tx: AsyncManagedTransaction, request_id: str, address: str, data: dict[str, Any], link: str
) -> None:
    """Queue the e-mail that carries an endorsement invitation to someone not on Kring."""
    await execute(
        tx,
        INVITE_BY_EMAIL,
        request=request_id,
        kind=Kind.ENDORSEMENT_REQUESTED.value,
        data=json.dumps(data),
        address=address,
        link=link,
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


@reads
async def notifications_of(
    tx: AsyncManagedTransaction,
    person_id: str,
    *,
    unread_only: bool,
    limit: int,
    after: tuple[str, str] | None = None,
) -> list[Notification]:
    """A person's notifications, newest first, after the (createdAt, id) of `after`."""
    found = await rows(
        tx,
        PAGE,
        person=person_id,
        unreadOnly=unread_only,
        limit=limit,
        afterAt=after[0] if after else None,
        afterId=after[1] if after else None,
    )
    return [_notification(r["n"]) for r in found]


# Every replica's live feed (notifications.live): what arrived since `since` for the people
# subscribed on it, one statement a tick however many subscribers, from the createdAt index.
ARRIVED = """
MATCH (n:Notification)
// Pinned: from the subscribers' side the planner would expand every notification each of
// them ever had, every tick; the last seconds of all notifications are far fewer.
USING INDEX n:Notification(createdAt)
WHERE n.createdAt >= datetime($since) AND coalesce(n.inApp, true)
  AND ($afterId IS NULL OR n.createdAt > datetime($since) OR n.id > $afterId)
MATCH (n)-[:TO]->(p:Person) WHERE p.id IN $people
RETURN p.id AS person, n { .id, .kind, .data, .createdAt, .readAt } AS n
ORDER BY n.createdAt, n.id
LIMIT $limit
"""


@dataclass(frozen=True)
class Arrived:
    person_id: str
    notification: Notification


@reads
async def arrived(
    tx: AsyncManagedTransaction,
    people: list[str],
    since: datetime,
    limit: int,
    after_id: str | None = None,
) -> list[Arrived]:
    """Notifications made from `since` on (after `after_id` at exactly `since`: keyset) for
    any of `people`, oldest first."""
    found = await rows(
        tx, ARRIVED, people=people, since=since.isoformat(), limit=limit, afterId=after_id
    )
    return [Arrived(r["person"], _notification(r["n"])) for r in found]


def _notification(n: dict[str, Any]) -> Notification:
    return Notification(
        id=n["id"],
        kind=Kind(n["kind"]),
        data=json.loads(n["data"]),
        created_at=n["createdAt"].to_native(),
        read_at=n["readAt"].to_native() if n.get("readAt") else None,
    )


MARK = """
MATCH (n:Notification)-[:TO]->(:Person {id: $person})
WHERE ($id IS NULL OR n.id = $id) AND n.readAt IS NULL AND coalesce(n.inApp, true)
SET n.readAt = datetime()
RETURN count(n) AS marked
"""


@writes
async def mark_read(
    tx: AsyncManagedTransaction, person_id: str, notification_id: str | None
) -> int:
    """Mark one (or, with None, every) unread notification of the person read."""
    record = await single(tx, MARK, person=person_id, id=notification_id)
    return int(record["marked"]) if record else 0

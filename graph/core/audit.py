"""The audit trail: who changed what, when; written in the transaction of the change."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows
from graph.core.transactions import reads


class TargetKind(enum.StrEnum):
    UNIVERSITY = "University"
    ORGANISATION = "Organisation"
    BADGE_CLASS = "BadgeClass"
    OPPORTUNITY = "Opportunity"
    APPLICATION = "Application"
    CLAIM = "Claim"
    ENDORSEMENT = "Endorsement"
    ASSERTION = "Assertion"
    PERSON = "Person"
    BADGE_TEMPLATE = "BadgeTemplate"
    QUEST = "Quest"
    PEER_ASSIGNMENT = "PeerAssignment"


@dataclass(frozen=True)
class AuditEvent:
    id: str
    at: datetime
    actor_id: str | None
    actor_name: str | None
    action: str
    target_kind: TargetKind
    target_id: str
    detail: str


# One statement for one event or a batch of them (a bulk action writes one per target).
RECORD = """
UNWIND $targets AS target
CREATE (:AuditEvent {
  id: randomUUID(), at: datetime(), actorId: $actor, action: $action,
  targetKind: $kind, targetId: target.id, detail: target.detail
})
"""

TRAIL = """
MATCH (e:AuditEvent {targetId: $target})
OPTIONAL MATCH (p:Person {id: e.actorId})
// An erased account's tombstone has a name in English only ("Deleted user"): no name at all,
// and the reader's language says "someone whose account was deleted".
RETURN e { .id, .at, .actorId, .action, .targetKind, .targetId, .detail } AS event,
       CASE WHEN p.deletedAt IS NULL THEN p.name END AS actorName
ORDER BY e.at DESC, e.id
LIMIT $limit
"""


async def record(
    tx: AsyncManagedTransaction,
    actor_id: str | None,
    action: str,
    kind: TargetKind,
    target_id: str,
    detail: str = "",
) -> None:
    await record_many(tx, actor_id, action, kind, [(target_id, detail)])


async def record_many(
    tx: AsyncManagedTransaction,
    actor_id: str | None,
    action: str,
    kind: TargetKind,
    targets: list[tuple[str, str]],
) -> None:
    """One event per (target id, detail), all by the same actor doing the same action."""
    await execute(
        tx,
        RECORD,
        actor=actor_id,
        action=action,
        kind=kind.value,
        targets=[{"id": target, "detail": detail} for target, detail in targets],
    )


@reads
async def trail(tx: AsyncManagedTransaction, target_id: str, limit: int = 100) -> list[AuditEvent]:
    """The newest `limit` audit events about one target."""
    return [
        AuditEvent(
            id=r["event"]["id"],
            at=r["event"]["at"].to_native(),
            actor_id=r["event"]["actorId"],
            actor_name=r["actorName"],
            action=r["event"]["action"],
            target_kind=TargetKind(r["event"]["targetKind"]),
            target_id=r["event"]["targetId"],
            detail=r["event"]["detail"] or "",
        )
        for r in await rows(tx, TRAIL, target=target_id, limit=limit)
    ]

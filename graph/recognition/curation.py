"""Universities curating what they officially stand behind, and what curators should check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.state_machines import CLAIM
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ClaimStatus, FlagReason, Relationship
from graph.micro_credentials.elements import MicroCredentialElements, stated
from graph.notifications import outbox
from graph.recognition.issuance import FLAG, advance
from graph.transparency_log import log as transparency_log


@dataclass(frozen=True)
class ValidationEvent:
    action: str  # VALIDATE or WITHDRAW
    note: str
    at: datetime
    curator_name: str


# The university whose brand a badge class carries: its own, or its issuer's partner.
BRAND = """
MATCH (b:BadgeClass {id: $id})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
WITH b, coalesce(partner, issuer) AS uni, null AS org
"""

LOCK = (
    BRAND
    + """
SET b.version = coalesce(b.version, 0) + 1
WITH b, uni, org
"""
    + STANDING
    + """
RETURN coalesce(b.validated, false) AS validated, coalesce(b.adHoc, false) AS adHoc, """
    + (STANDING_FIELDS)
)

RECORD = """
MATCH (b:BadgeClass {id: $id})
MATCH (p:Person {id: $actor})
SET b.validated = $validated, b.validationChangedAt = datetime()
CREATE (:Validation {id: randomUUID(), action: $action, note: $note, at: datetime(),
                     curatorId: p.id, curatorName: p.name})-[:OF]->(b)
"""
# A validation states the class's EU micro-credential elements afresh (none: none stated);
# a withdrawal keeps them, unused until the class is validated again. Elements a badge was
# awarded under stay with that badge (ISSUED_UNDER): its credential never changes.
STATE_ELEMENTS = """
MATCH (b:BadgeClass {id: $id})
OPTIONAL MATCH (b)-[stated:STATES]->(old:MicroCredential)
DELETE stated
WITH b, old
CALL (old) {
  WITH old WHERE old IS NOT NULL AND NOT EXISTS { (:Assertion)-[:ISSUED_UNDER]->(old) }
  DELETE old
}
WITH DISTINCT b
FOREACH (_ IN CASE WHEN $elements IS NULL THEN [] ELSE [1] END |
  CREATE (b)-[:STATES]->(m:MicroCredential)
  SET m = $elements, m.statedAt = datetime(), m.statedBy = $actor)
"""

HISTORY = """
MATCH (v:Validation)-[:OF]->(:BadgeClass {id: $id})
RETURN v.action AS action, v.note AS note, v.at AS at, v.curatorName AS curator
ORDER BY v.at DESC
"""


@writes
async def set_validation(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    *,
    validate: bool,
    note: str,
    elements: MicroCredentialElements | None = None,
) -> None:
    """Officially validate a badge class, or withdraw that; its badges follow at once. A
    validation may state the class's EU micro-credential elements (checked at the edge)."""
    if elements is not None and not validate:
        raise BadUserInput(
            "Micro-credential elements are stated when validating.", field="microCredential"
        )
    if not note.strip():
        raise BadUserInput("Say why, in a note.", field="note")
    facts = await single(tx, LOCK, id=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="id")
    guard(standing_from(facts, actor_id))
    if facts["adHoc"]:
        raise Conflict("A one-off self-asserted badge cannot be officially validated.")
    if facts["validated"] == validate:
        state = "already validated" if validate else "not validated"
        raise Conflict(f"This badge class is {state}.")
    action = "VALIDATE" if validate else "WITHDRAW"
    await execute(
        tx, RECORD, id=badge_class_id, actor=actor_id, validated=validate, action=action, note=note
    )
    if validate:
        await execute(
            tx,
            STATE_ELEMENTS,
            id=badge_class_id,
            actor=actor_id,
            elements=stated(elements) if elements is not None else None,
        )
    logged = (
        transparency_log.Kind.VALIDATED if validate else transparency_log.Kind.VALIDATION_WITHDRAWN
    )
    await transparency_log.append(tx, logged, badge_class_id)
    await audit.record(
        tx, actor_id, action.lower(), audit.TargetKind.BADGE_CLASS, badge_class_id, note
    )
    if validate:
        await outbox.record(
            tx,
            outbox.Kind.BADGE_VALIDATED,
            outbox.Audience.BADGE_HOLDERS,
            [badge_class_id],
            {"badgeClassId": badge_class_id},
        )


@reads
async def validation_history(
    tx: AsyncManagedTransaction, badge_class_id: str
) -> list[ValidationEvent]:
    return [
        ValidationEvent(r["action"], r["note"], r["at"].to_native(), r["curator"])
        for r in await rows(tx, HISTORY, id=badge_class_id)
    ]


@dataclass(frozen=True)
class UniversityValidation:
    """A validation or withdrawal of a class the university brands, and the class's state now."""

    badge_class_id: str
    badge_class_name: str
    validated: bool  # the class's state today, whatever this event did
    event: ValidationEvent


# Classes this university brands are its own or its partner organisations' (see BRAND): both
# are walked from the university, so the history never scans every Validation.
UNIVERSITY_HISTORY = """
MATCH (u:University {id: $university})
CALL (u) {
  MATCH (u)<-[:ISSUED_BY]-(b:BadgeClass)<-[:OF]-(v:Validation)
  RETURN b, v
  UNION
  MATCH (u)<-[:PARTNER_OF]-(:Organisation)<-[:ISSUED_BY]-(b:BadgeClass)<-[:OF]-(v:Validation)
  RETURN b, v
}
RETURN b.id AS id, b.name AS name, coalesce(b.validated, false) AS validated,
       v.action AS action, v.note AS note, v.at AS at, v.curatorName AS curator
ORDER BY at DESC, v.id
LIMIT $limit
"""


@reads
async def university_validation_history(
    tx: AsyncManagedTransaction, university_id: str, limit: int = 50
) -> list[UniversityValidation]:
    """Validations and withdrawals of the classes this university brands, newest first."""
    return [
        UniversityValidation(
            r["id"],
            r["name"],
            r["validated"],
            ValidationEvent(r["action"], r["note"], r["at"].to_native(), r["curator"]),
        )
        for r in await rows(tx, UNIVERSITY_HISTORY, university=university_id, limit=limit)
    ]


@dataclass(frozen=True)
class OfficialClass:
    """A class the university brands that is officially validated now."""

    badge_class_id: str
    badge_class_name: str
    issuer_name: str
    validated_at: datetime | None  # None for a class validated before this was recorded
    curator_name: str | None  # who made the validation standing now, if recorded


# Every class validated now, however long ago, walked from the university like
# UNIVERSITY_HISTORY (own classes and its partners'); newest validation first. The curator is
# read for the listed classes only, from the class's newest Validation.
OFFICIAL = """
MATCH (u:University {id: $university})
CALL (u) {
  MATCH (u)<-[:ISSUED_BY]-(b:BadgeClass)
  WHERE b.validated = true
  RETURN b, u.name AS issuer
  UNION
  MATCH (u)<-[:PARTNER_OF]-(o:Organisation)<-[:ISSUED_BY]-(b:BadgeClass)
  WHERE b.validated = true
  RETURN b, o.name AS issuer
}
WITH b, issuer
ORDER BY b.validationChangedAt IS NULL, b.validationChangedAt DESC, b.id
LIMIT $limit
CALL (b) {
  OPTIONAL MATCH (v:Validation)-[:OF]->(b)
  RETURN v.curatorName AS curator
  ORDER BY v.at DESC
  LIMIT 1
}
RETURN b.id AS id, b.name AS name, issuer, b.validationChangedAt AS at, curator
"""


@reads
async def official_classes(
    tx: AsyncManagedTransaction, university_id: str, limit: int
) -> list[OfficialClass]:
    """The classes this university brands that are validated now, newest validation first."""
    return [
        OfficialClass(
            r["id"],
            r["name"],
            r["issuer"],
            r["at"].to_native() if r["at"] is not None else None,
            r["curator"],
        )
        for r in await rows(tx, OFFICIAL, university=university_id, limit=limit)
    ]


@dataclass(frozen=True)
class QueueItem:
    badge_class_id: str
    badge_class_name: str
    assertions: int
    endorsements: int
    evidence: tuple[str, ...]  # shared (non-private) evidence names and URLs


# Community badge classes this university brands, most endorsed first. Evidence is shown
# only from claims their learners chose to share: curation never opens a private record.
QUEUE = """
MATCH (u:University {id: $university})<-[:BRANDED_BY]-(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)
WHERE coalesce(b.validated, false) = false AND coalesce(b.adHoc, false) = false
  AND a.revokedAt IS NULL
CALL (a) {
  OPTIONAL MATCH (a)-[:CARRIES]->(e:Endorsement)
  RETURN count(e) AS endorsements
}
WITH b, count(a) AS assertions, sum(endorsements) AS endorsements
ORDER BY endorsements DESC, assertions DESC, b.name
LIMIT $limit
CALL (b) {
  OPTIONAL MATCH (b)<-[:FOR_BADGE]-(c:Claim)-[:HAS_EVIDENCE]->(ev:Evidence)
  WHERE c.visibility <> 'PRIVATE'
  RETURN collect(coalesce(ev.url, ev.name))[..5] AS evidence
}
RETURN b.id AS id, b.name AS name, assertions, endorsements, evidence
"""


@reads
async def review_queue(
    tx: AsyncManagedTransaction, university_id: str, limit: int = 50
) -> list[QueueItem]:
    return [
        QueueItem(r["id"], r["name"], r["assertions"], r["endorsements"], tuple(r["evidence"]))
        for r in await rows(tx, QUEUE, university=university_id, limit=limit)
    ]


@dataclass(frozen=True)
class Flag:
    kind: str  # RECIPROCAL or CYCLE
    people: tuple[str, ...]  # names, in cycle order


# Endorsements between claims this university brands, within the window: pairs that
# endorse each other, and triangles A -> B -> C -> A.
RECIPROCAL = """
MATCH (u:University {id: $university})
MATCH (a:Person)-[:ENDORSED]->(e1:Endorsement {status: 'ACTIVE'})-[:OF]->(c1:Claim)
      -[:BRANDED_BY]->(u)
MATCH (b:Person)-[:CLAIMED]->(c1)
WHERE e1.createdAt >= datetime() - duration({days: $days})
MATCH (b)-[:ENDORSED]->(e2:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)<-[:CLAIMED]-(a)
WHERE e2.createdAt >= datetime() - duration({days: $days}) AND a.id < b.id
RETURN DISTINCT [a.name, b.name] AS people
"""
CYCLES = """
MATCH (u:University {id: $university})
MATCH (a:Person)-[:ENDORSED]->(e1:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)
      -[:BRANDED_BY]->(u)
WHERE e1.createdAt >= datetime() - duration({days: $days})
MATCH (a)-[:ENDORSED]->(e1)-[:OF]->(:Claim)<-[:CLAIMED]-(b:Person)
      -[:ENDORSED]->(e2:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)<-[:CLAIMED]-(c:Person)
      -[:ENDORSED]->(e3:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)<-[:CLAIMED]-(a)
WHERE a.id < b.id AND a.id < c.id AND b <> c
  AND e2.createdAt >= datetime() - duration({days: $days})
  AND e3.createdAt >= datetime() - duration({days: $days})
RETURN DISTINCT [a.name, b.name, c.name] AS people
"""


@reads
async def endorsement_flags(
    tx: AsyncManagedTransaction, university_id: str, days: int = 30
) -> list[Flag]:
    """Reciprocal endorsements and three-person cycles within `days`, for curators."""
    pairs: list[Any] = await rows(tx, RECIPROCAL, university=university_id, days=days)
    cycles: list[Any] = await rows(tx, CYCLES, university=university_id, days=days)
    return [Flag("RECIPROCAL", tuple(r["people"])) for r in pairs] + [
        Flag("CYCLE", tuple(r["people"])) for r in cycles
    ]


# --- endorsements held back by a flag -------------------------------------------------------

CLEAR_FACTS = (
    """
MATCH (e:Endorsement {id: $id})-[:OF]->(c:Claim)<-[:CLAIMED]-(learner:Person)
MATCH (c)-[:BRANDED_BY]->(uni:University)
SET c.version = coalesce(c.version, 0) + 1
WITH e, c, learner, uni, null AS org
OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
"""
    + FLAG
    + STANDING
    + """
RETURN e.status AS status, e.flagClearedAt IS NOT NULL AS cleared, flag,
       c.status AS claimStatus, c.id AS claimId,
       [learner.id, endorser.id, thirdId] AS involved, """
    + STANDING_FIELDS
)
CLEAR = """
MATCH (e:Endorsement {id: $id})
SET e.flagClearedAt = datetime(), e.flagClearedBy = $actor, e.flagClearedNote = $note
"""


@writes
async def clear_flag(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, endorsement_id: str, note: str
) -> str:
    """A curator looked at a flagged endorsement and lets it count; returns its claim's id."""
    if not note.strip():
        raise BadUserInput("Say what you checked, in a note.", field="note")
    facts = await single(tx, CLEAR_FACTS, id=endorsement_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such endorsement.", field="id")
    # Nobody clears a flag they are part of, curator or not.
    guard(standing_from(facts, actor_id, is_owner=actor_id in facts["involved"]))
    CLAIM.next("clear a flag on", facts["claimStatus"])
    if facts["status"] != "ACTIVE":
        raise Conflict("This endorsement was withdrawn.")
    if facts["flag"] is None:
        raise Conflict("This endorsement is not flagged; it already counts.")
    if facts["cleared"]:
        raise Conflict("A curator already cleared this endorsement.")
    await execute(tx, CLEAR, id=endorsement_id, actor=actor_id, note=note)
    await audit.record(
        tx, actor_id, "clear_flag", audit.TargetKind.ENDORSEMENT, endorsement_id, note
    )
    claim_id: str = facts["claimId"]
    # Counting it may meet the claim's policy now.
    await advance(tx, claim_id, actor_id)
    return claim_id


@dataclass(frozen=True)
class HeldEndorsement:
    """An endorsement that does not count until a curator clears it, and why."""

    endorsement_id: str
    claim_id: str
    claim_title: str
    claim_status: ClaimStatus
    learner_name: str
    endorser_name: str
    relationship: Relationship
    created_at: datetime
    flag: FlagReason
    third: str | None  # the third person of a cycle


# Undecided claims this university brands. Only names, the claim's title and the reason
# are shown: the claim itself stays as private as its learner made it.
HELD = (
    """
MATCH (u:University {id: $university})<-[:BRANDED_BY]-(c:Claim)
WHERE c.status IN ['OPEN', 'IN_REVIEW', 'RETURNED']
MATCH (learner:Person)-[:CLAIMED]->(c)
MATCH (endorser:Person)-[:ENDORSED]->(e:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
WHERE e.flagClearedAt IS NULL
WITH c, learner, endorser, e
"""
    + FLAG
    + """
WITH c, learner, endorser, e, flag, third WHERE flag IS NOT NULL
RETURN e.id AS id, c.id AS claimId, c.title AS title, c.status AS claimStatus,
       learner.name AS learner, endorser.name AS endorser, e.relationship AS relationship,
       e.createdAt AS createdAt, flag, third
ORDER BY createdAt, id
LIMIT $limit
"""
)


@reads
async def held_endorsements(
    tx: AsyncManagedTransaction, university_id: str, limit: int = 50
) -> list[HeldEndorsement]:
    """Flagged endorsements on undecided claims this university brands, oldest first."""
    return [
        HeldEndorsement(
            endorsement_id=r["id"],
            claim_id=r["claimId"],
            claim_title=r["title"],
            claim_status=ClaimStatus(r["claimStatus"]),
            learner_name=r["learner"],
            endorser_name=r["endorser"],
            relationship=Relationship(r["relationship"]),
            created_at=r["createdAt"].to_native(),
            flag=FlagReason(r["flag"]),
            third=r["third"],
        )
        for r in await rows(tx, HELD, university=university_id, limit=limit)
    ]

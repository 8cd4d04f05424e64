"""Credentials from elsewhere in a learner's record, and curators' mappings of them.

`(:Person)-[:HOLDS_EXTERNAL]->(:ExternalCredential)` holds what the learner accepted after
Kring verified it (badges.external): the original document, the issuer, the result and when
it was checked. Private to the learner; never counted by Kring's own policies, except where a
university's curator mapped the external achievement (its issuer with the achievement's id)
to a local badge class: then the learner's self-assessment shows it as that class
(graph.competencies.self_assessment), while it is VALID.

Rules decided: one copy per learner of a credential (same credential id: CONFLICT); at most
MAX_PER_LEARNER held; checks and imports share one throttle per learner (CHECKS_PER_DAY).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit, throttles
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, rows, single
from graph.core.errors import Conflict, NotFound
from graph.core.transactions import reads, writes

DAY = 24 * 3600
CHECKS_PER_DAY = 50
CHECK = throttles.Rule("external-check", CHECKS_PER_DAY, 60, DAY, DAY)
MAX_PER_LEARNER = 200
MAX_MAPPINGS = 200


@dataclass(frozen=True)
class NewExternal:
    """What badges.external.Checked says, to store."""

    credential_id: str
    format: str
    name: str
    issuer_name: str
    issuer_url: str | None
    issuer_id: str | None
    achievement_id: str | None
    issued_on: datetime | None
    status: str
    message: str
    document: str


@dataclass(frozen=True)
class ExternalCredential:
    id: str
    credential_id: str
    kind: str
    name: str
    issuer_name: str
    issuer_url: str | None
    issuer_id: str | None
    achievement_id: str | None
    issued_on: datetime | None
    status: str
    message: str
    verified_at: datetime
    imported_at: datetime
    document: str
    mapped_to: tuple[str, ...]  # names of the local badge classes it is mapped to


def _native(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


FIELDS = """
x { .id, .credentialId, .kind, .name, .issuerName, .issuerUrl, .issuerId, .achievementId,
    .issuedOn, .status, .message, .verifiedAt, .importedAt, .document } AS x,
COLLECT {
  MATCH (m:ExternalMapping {issuerId: x.issuerId, achievementId: x.achievementId})
        -[:MAPS_TO]->(b:BadgeClass)
  RETURN b.name ORDER BY b.name
} AS mappedTo
"""


def _from(record: Any) -> ExternalCredential:
    x = record["x"]
    return ExternalCredential(
        id=x["id"],
        credential_id=x["credentialId"],
        kind=x["kind"],
        name=x["name"],
        issuer_name=x["issuerName"],
        issuer_url=x["issuerUrl"],
        issuer_id=x["issuerId"],
        achievement_id=x["achievementId"],
        issued_on=_native(x["issuedOn"]),
        status=x["status"],
        message=x["message"] or "",
        verified_at=x["verifiedAt"].to_native(),
        imported_at=x["importedAt"].to_native(),
        document=x["document"],
        mapped_to=tuple(record["mappedTo"]),
    )


def holder_key(person_id: str, credential_id: str) -> str:
    return hashlib.sha256(f"{person_id}\x1f{credential_id}".encode()).hexdigest()


async def count_check(tx: AsyncManagedTransaction, person_id: str) -> None:
    """Count one check or import against the learner's daily allowance."""
    if (await throttles.attempt(tx, [CHECK.key(person_id)])).wait_seconds:
        raise Conflict(
            f"You can check at most {CHECKS_PER_DAY} credentials a day; try again later."
        )


@writes
async def throttle_check(tx: AsyncManagedTransaction, person_id: str) -> None:
    await count_check(tx, person_id)


CREATE = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
SET p.version = coalesce(p.version, 0) + 1
WITH p, COUNT { (p)-[:HOLDS_EXTERNAL]->(:ExternalCredential) } AS held,
     EXISTS { (:ExternalCredential {holderKey: $holderKey}) } AS duplicate
OPTIONAL CALL (p, held, duplicate) {
  WITH * WHERE held < $max AND NOT duplicate
  CREATE (p)-[:HOLDS_EXTERNAL]->(x:ExternalCredential {
    id: randomUUID(), holderKey: $holderKey, credentialId: $credentialId, kind: $kind,
    name: $name, issuerName: $issuerName, issuerUrl: $issuerUrl, issuerId: $issuerId,
    achievementId: $achievementId, issuedOn: $issuedOn, status: $status, message: $message,
    document: $document, external: true, verifiedAt: datetime(), importedAt: datetime()
  })
  RETURN x.id AS id
}
RETURN held, duplicate, id
"""


def _parameters(person_id: str, new: NewExternal) -> dict[str, Any]:
    """What CREATE and UPSERT store of a credential, and the learner's limit."""
    return {
        "person": person_id,
        "holderKey": holder_key(person_id, new.credential_id),
        "credentialId": new.credential_id,
        "kind": new.format,
        "name": new.name,
        "issuerName": new.issuer_name,
        "issuerUrl": new.issuer_url,
        "issuerId": new.issuer_id,
        "achievementId": new.achievement_id,
        "issuedOn": new.issued_on,
        "status": new.status,
        "message": new.message,
        "document": new.document,
        "max": MAX_PER_LEARNER,
    }


@writes
async def store(
    tx: AsyncManagedTransaction, person_id: str, new: NewExternal
) -> ExternalCredential:
    """Keep an accepted credential (the caller verified it in this request, after counting
    it with throttle_check); refuses a second copy."""
    made = await single(tx, CREATE, **_parameters(person_id, new))
    if made is None:
        raise NotFound("No such person.")
    if made["duplicate"]:
        raise Conflict("You imported this credential already.", field="credential")
    if made["id"] is None:
        raise Conflict(f"You can keep at most {MAX_PER_LEARNER} credentials from elsewhere.")
    found = await read.within(tx, person_id, made["id"])
    assert found is not None
    return found


UPSERT = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
SET p.version = coalesce(p.version, 0) + 1
WITH p, COUNT { (p)-[:HOLDS_EXTERNAL]->(:ExternalCredential) } AS held
OPTIONAL MATCH (p)-[:HOLDS_EXTERNAL]->(old:ExternalCredential {holderKey: $holderKey})
OPTIONAL CALL (p, held, old) {
  WITH * WHERE old IS NULL AND held < $max
  CREATE (p)-[:HOLDS_EXTERNAL]->(x:ExternalCredential {
    id: randomUUID(), holderKey: $holderKey, credentialId: $credentialId, kind: $kind,
    name: $name, issuerName: $issuerName, issuerUrl: $issuerUrl, issuerId: $issuerId,
    achievementId: $achievementId, issuedOn: $issuedOn, status: $status, message: $message,
    document: $document, external: true, verifiedAt: datetime(), importedAt: datetime()
  })
  RETURN x.id AS id, true AS created
  UNION
  WITH * WHERE old IS NOT NULL
  SET old.kind = $kind, old.name = $name, old.issuerName = $issuerName,
      old.issuerUrl = $issuerUrl, old.issuerId = $issuerId, old.achievementId = $achievementId,
      old.issuedOn = $issuedOn, old.status = $status, old.message = $message,
      old.document = $document, old.verifiedAt = datetime()
  RETURN old.id AS id, false AS created
}
RETURN id, created
"""


@writes
async def upsert(
    tx: AsyncManagedTransaction, person_id: str, new: NewExternal
) -> tuple[ExternalCredential, bool]:
    """Keep a credential pushed through the OB 3.0 API (verified in this request): a new one
    is added, one with the same id replaces the stored copy; True when it was new."""
    made = await single(tx, UPSERT, **_parameters(person_id, new))
    if made is None:
        raise NotFound("No such person.")
    if made["id"] is None:
        raise Conflict(f"You can keep at most {MAX_PER_LEARNER} credentials from elsewhere.")
    found = await read.within(tx, person_id, made["id"])
    assert found is not None
    return found, bool(made["created"])


LIST = (
    """
MATCH (:Person {id: $person})-[:HOLDS_EXTERNAL]->(x:ExternalCredential)
RETURN """
    + FIELDS
    + "ORDER BY x.importedAt DESC, x.id"
)


@reads
async def mine(tx: AsyncManagedTransaction, person_id: str) -> list[ExternalCredential]:
    """The learner's credentials from elsewhere, newest first."""
    return [_from(r) for r in await rows(tx, LIST, person=person_id)]


ONE = (
    """
MATCH (:Person {id: $person})-[:HOLDS_EXTERNAL]->(x:ExternalCredential {id: $id})
RETURN """
    + FIELDS
)


@reads
async def read(
    tx: AsyncManagedTransaction, person_id: str, credential_id: str
) -> ExternalCredential | None:
    """One of the learner's own (anyone else's: None, as if it did not exist)."""
    found = await single(tx, ONE, person=person_id, id=credential_id)
    return _from(found) if found else None


RECHECKED = """
MATCH (:Person {id: $person})-[:HOLDS_EXTERNAL]->(x:ExternalCredential {id: $id})
SET x.status = $status, x.message = $message, x.verifiedAt = datetime()
"""


@writes
async def record_check(
    tx: AsyncManagedTransaction, person_id: str, credential_id: str, status: str, message: str
) -> ExternalCredential | None:
    """Keep a fresh result (the record itself stays, whatever the result)."""
    await execute(tx, RECHECKED, person=person_id, id=credential_id, status=status, message=message)
    return await read.within(tx, person_id, credential_id)


REMOVE = """
MATCH (:Person {id: $person})-[:HOLDS_EXTERNAL]->(x:ExternalCredential {id: $id})
DETACH DELETE x
RETURN count(*) AS removed
"""


@writes
async def remove(tx: AsyncManagedTransaction, person_id: str, credential_id: str) -> None:
    found = await single(tx, REMOVE, person=person_id, id=credential_id)
    if found is None or not found["removed"]:
        raise NotFound("You hold no such credential.", field="id")


# --- mappings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mapping:
    id: str
    issuer_id: str
    achievement_id: str
    badge_class_id: str
    badge_class_name: str
    mapped_at: datetime
    mapped_by: str | None


def mapping_key(issuer_id: str, achievement_id: str, badge_class_id: str) -> str:
    return hashlib.sha256(
        f"{issuer_id}\x1f{achievement_id}\x1f{badge_class_id}".encode()
    ).hexdigest()


# The university whose brand the class carries (as graph.recognition.curation).
MAP_FACTS = (
    """
MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
WITH b, coalesce(partner, issuer) AS uni, null AS org
SET b.version = coalesce(b.version, 0) + 1
WITH b, uni, org
"""
    + STANDING
    + "RETURN COUNT { (:ExternalMapping)-[:MAPS_TO]->(b) } AS mapped, "
    + STANDING_FIELDS
)

MAP = """
MATCH (b:BadgeClass {id: $badgeClass})
MATCH (p:Person {id: $actor})
MERGE (m:ExternalMapping {key: $key})
  ON CREATE SET m.id = randomUUID(), m.issuerId = $issuerId, m.achievementId = $achievementId,
                m.mappedAt = datetime(), m.mappedById = p.id
MERGE (m)-[:MAPS_TO]->(b)
WITH m, b
OPTIONAL MATCH (who:Person {id: m.mappedById})
RETURN m { .id, .issuerId, .achievementId, .mappedAt, mappedBy: who.name } AS m,
       b.id AS classId, b.name AS className
"""


def _mapping(record: Any) -> Mapping:
    m = record["m"]
    return Mapping(
        id=m["id"],
        issuer_id=m["issuerId"],
        achievement_id=m["achievementId"],
        badge_class_id=record["classId"],
        badge_class_name=record["className"],
        mapped_at=m["mappedAt"].to_native(),
        mapped_by=m["mappedBy"],
    )


@writes
async def map_achievement(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    issuer_id: str,
    achievement_id: str,
) -> Mapping:
    """A curator says: this issuer's achievement counts as our badge class (idempotent)."""
    facts = await single(tx, MAP_FACTS, badgeClass=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="badgeClassId")
    guard(standing_from(facts, actor_id))
    if facts["mapped"] >= MAX_MAPPINGS:
        raise Conflict(f"A badge class takes at most {MAX_MAPPINGS} mappings.")
    made = await single(
        tx,
        MAP,
        badgeClass=badge_class_id,
        actor=actor_id,
        key=mapping_key(issuer_id, achievement_id, badge_class_id),
        issuerId=issuer_id,
        achievementId=achievement_id,
    )
    assert made is not None
    await audit.record(
        tx,
        actor_id,
        "map_external",
        audit.TargetKind.BADGE_CLASS,
        badge_class_id,
        f"{issuer_id} {achievement_id}"[:500],
    )
    return _mapping(made)


UNMAP = """
MATCH (m:ExternalMapping {id: $id})-[:MAPS_TO]->(b:BadgeClass {id: $badgeClass})
DETACH DELETE m
RETURN count(*) AS removed
"""


@writes
async def unmap(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, badge_class_id: str, mapping_id: str
) -> None:
    facts = await single(tx, MAP_FACTS, badgeClass=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="badgeClassId")
    guard(standing_from(facts, actor_id))
    found = await single(tx, UNMAP, id=mapping_id, badgeClass=badge_class_id)
    if found is None or not found["removed"]:
        raise NotFound("No such mapping.", field="id")
    await audit.record(
        tx, actor_id, "unmap_external", audit.TargetKind.BADGE_CLASS, badge_class_id, mapping_id
    )


MAPPINGS = """
MATCH (m:ExternalMapping)-[:MAPS_TO]->(b:BadgeClass {id: $badgeClass})
OPTIONAL MATCH (who:Person {id: m.mappedById})
RETURN m { .id, .issuerId, .achievementId, .mappedAt, mappedBy: who.name } AS m,
       b.id AS classId, b.name AS className
ORDER BY m.mappedAt DESC
"""


@reads
async def mappings(tx: AsyncManagedTransaction, badge_class_id: str) -> list[Mapping]:
    """A badge class's mappings (public: what counts as it is no secret)."""
    return [_mapping(r) for r in await rows(tx, MAPPINGS, badgeClass=badge_class_id)]

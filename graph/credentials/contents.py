"""What an issued badge's verifiable credential is made of, read in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.badge_classes import RubricCriterion, rubric_from
from graph.core.cypher import single
from graph.core.database import Graph
from graph.recognition.claims import Assessment, assessment_from


@dataclass(frozen=True)
class CredentialData:
    assertion_id: str
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    visibility: str
    share_token: str | None
    learner_id: str
    learner_email: str
    badge_class: dict[str, Any]
    alignments: list[dict[str, Any]]
    issuer: dict[str, Any]
    university: dict[str, Any]
    narrative: str
    evidence: list[dict[str, Any]]
    validated: bool
    status_index: int | None = None
    validated_at: datetime | None = None
    endorsements: tuple[dict[str, Any], ...] = ()
    rubric: tuple[RubricCriterion, ...] = ()
    assessment: tuple[Assessment, ...] = ()  # the approving reviewer's levels


CREDENTIALS = """
UNWIND $ids AS wanted
MATCH (learner:Person)-[:HOLDS]->(a:Assertion {id: wanted})-[:OF_BADGE]->(b:BadgeClass)
      -[:ISSUED_BY]->(issuer)
MATCH (a)-[:BRANDED_BY]->(u:University)
MATCH (c:Claim)-[:ISSUED_AS]->(a)
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
  WITH ev ORDER BY ev.addedAt, ev.id
  RETURN collect(ev { .id, .kind, .name, .url, .description, .sha256, .mediaType })
         AS evidence
}
CALL (b) {
  OPTIONAL MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion)
  WITH k ORDER BY k.position
  RETURN collect(k { .id, .name, .description, .levels, .minimumLevel }) AS rubric
}
CALL (a) {
  OPTIONAL MATCH (a)-[:CARRIES]->(e:Endorsement)
  OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
  WITH e, endorser ORDER BY e.createdAt, e.id
  RETURN collect(e { .id, .relationship, .testimonial, .observed, .createdAt,
                     endorserId: endorser.id,
                     endorserName: coalesce(endorser.name, e.endorserName) }) AS endorsements
}
CALL (b) {
  OPTIONAL MATCH (b)-[:ALIGNED_TO]->(k:Competency)
  WITH k ORDER BY k.key
  RETURN collect(k { .framework, .code, .name, .url }) AS alignments
}
RETURN a { .id, .issuedAt, .expiresAt, .revokedAt, .visibility, .shareToken, .statusIndex }
         AS assertion,
       learner { .id, .email } AS learner,
       b { .id, .name, .description, .criteria, .domain, .level, .validationChangedAt,
           validated: coalesce(b.validated, false) } AS badgeClass,
       issuer { .id, .name, .website,
                kind: CASE WHEN issuer:University THEN 'University' ELSE 'Organisation' END }
         AS issuer,
       u { .id, .name, .website } AS university,
       c { .narrative, .assessedCriteria, .assessedLevels, .assessedComments } AS claim,
       evidence, alignments, endorsements, rubric
"""


def _when(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def _credential_from(record: Any) -> CredentialData:
    a = record["assertion"]
    issued = _when(a["issuedAt"])
    assert issued is not None
    return CredentialData(
        assertion_id=a["id"],
        issued_at=issued,
        expires_at=_when(a.get("expiresAt")),
        revoked_at=_when(a.get("revokedAt")),
        visibility=a.get("visibility") or "PRIVATE",
        share_token=a.get("shareToken"),
        learner_id=record["learner"]["id"],
        learner_email=record["learner"]["email"],
        badge_class=dict(record["badgeClass"]),
        alignments=[dict(k) for k in record["alignments"]],
        issuer=dict(record["issuer"]),
        university=dict(record["university"]),
        narrative=record["claim"]["narrative"] or "",
        evidence=[dict(e) for e in record["evidence"]],
        validated=bool(record["badgeClass"]["validated"]),
        status_index=a.get("statusIndex"),
        validated_at=_when(record["badgeClass"].get("validationChangedAt")),
        endorsements=tuple(
            {**e, "createdAt": e["createdAt"].to_native()} for e in record["endorsements"]
        ),
        rubric=rubric_from(record["rubric"]),
        assessment=assessment_from(record["claim"]),
    )


async def _credentials(tx: AsyncManagedTransaction, ids: list[str]) -> list[CredentialData]:
    result = await tx.run(CREDENTIALS, ids=ids)
    return [_credential_from(r) async for r in result]


async def credentials_data(graph: Graph, assertion_ids: list[str]) -> list[CredentialData]:
    """Credential data of many badges in one round trip (unknown ids are left out)."""
    return await graph.read(_credentials, assertion_ids)


async def credential_data(graph: Graph, assertion_id: str) -> CredentialData | None:
    """Everything the credential says, or None (unknown, or its learner deleted the account)."""
    found = await credentials_data(graph, [assertion_id])
    return found[0] if found else None


@dataclass(frozen=True)
class Status:
    revoked_at: datetime | None
    revocation_reason: str | None
    expires_at: datetime | None
    validated: bool
    issuer_id: str
    university_id: str


STATUS = """
MATCH (a:Assertion {id: $id})-[:OF_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
MATCH (a)-[:BRANDED_BY]->(u:University)
RETURN a.revokedAt AS revokedAt, a.revocationReason AS reason, a.expiresAt AS expiresAt,
       coalesce(b.validated, false) AS validated, issuer.id AS issuerId, u.id AS universityId
"""


async def _status(tx: AsyncManagedTransaction, assertion_id: str) -> Status | None:
    record = await single(tx, STATUS, id=assertion_id)
    if record is None:
        return None
    return Status(
        revoked_at=_when(record["revokedAt"]),
        revocation_reason=record["reason"],
        expires_at=_when(record["expiresAt"]),
        validated=bool(record["validated"]),
        issuer_id=record["issuerId"],
        university_id=record["universityId"],
    )


async def assertion_status(graph: Graph, assertion_id: str) -> Status | None:
    """Revocation, expiry and tier of a badge, even one whose learner has left."""
    return await graph.read(_status, assertion_id)


REVOKED_INDEXES = """
MATCH (:Organisation|University {id: $issuer})<-[:ISSUED_BY]-(:BadgeClass)
      <-[:OF_BADGE]-(a:Assertion)
WHERE a.revokedAt IS NOT NULL AND a.statusIndex >= $low AND a.statusIndex < $high
RETURN collect(a.statusIndex - $low) AS positions
"""
ISSUER_EXISTS = "MATCH (i:Organisation|University {id: $issuer}) RETURN i.id AS id"


async def _revoked(
    tx: AsyncManagedTransaction, issuer_id: str, low: int, high: int
) -> list[int] | None:
    if await single(tx, ISSUER_EXISTS, issuer=issuer_id) is None:
        return None
    record = await single(tx, REVOKED_INDEXES, issuer=issuer_id, low=low, high=high)
    return list(record["positions"]) if record else []


async def revoked_positions(
    graph: Graph, issuer_id: str, list_number: int, list_size: int
) -> list[int] | None:
    """Positions of revoked badges within one of the issuer's status lists (None: no issuer)."""
    low = list_number * list_size
    return await graph.read(_revoked, issuer_id, low, low + list_size)


ISSUER = """
MATCH (i:Organisation|University {id: $id})
OPTIONAL MATCH (i)-[:PARTNER_OF]->(u:University)
RETURN i { .id, .name, .website, .description, email: i.contactEmail,
           kind: CASE WHEN i:University THEN 'University' ELSE 'Organisation' END } AS issuer,
       u { .id, .name } AS parent
"""


async def _issuer(
    tx: AsyncManagedTransaction, issuer_id: str
) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    record = await single(tx, ISSUER, id=issuer_id)
    if record is None:
        return None
    parent = dict(record["parent"]) if record["parent"] else None
    return dict(record["issuer"]), parent


async def issuer_profile(
    graph: Graph, issuer_id: str
) -> tuple[dict[str, Any], dict[str, Any] | None] | None:
    """An organisation or university as an issuer, with the university it is branded by."""
    return await graph.read(_issuer, issuer_id)


REVOKED = """
MATCH (:Organisation|University {id: $issuer})<-[:ISSUED_BY]-(:BadgeClass)
      <-[:OF_BADGE]-(a:Assertion)
WHERE a.revokedAt IS NOT NULL AND a.visibility = 'PUBLIC'
RETURN a.id AS id, a.revocationReason AS reason
ORDER BY a.revokedAt, a.id
"""


async def _revoked_list(
    tx: AsyncManagedTransaction, issuer_id: str
) -> list[tuple[str, str | None]]:
    result = await tx.run(REVOKED, issuer=issuer_id)
    return [(r["id"], r["reason"]) async for r in result]


async def revoked_assertions(graph: Graph, issuer_id: str) -> list[tuple[str, str | None]]:
    return await graph.read(_revoked_list, issuer_id)


LEARNER_ASSERTIONS = """
MATCH (:Person {id: $learner})-[:HOLDS]->(a:Assertion)
WITH a ORDER BY a.issuedAt DESC, a.id
WITH collect(a.id) AS ids
RETURN ids[$offset..$offset + $limit] AS page, size(ids) AS total
"""


async def _learner_ids(
    tx: AsyncManagedTransaction, learner_id: str, limit: int, offset: int
) -> tuple[list[str], int]:
    record = await single(tx, LEARNER_ASSERTIONS, learner=learner_id, limit=limit, offset=offset)
    assert record is not None
    return list(record["page"]), int(record["total"])


async def assertion_ids_of_learner(
    graph: Graph, learner_id: str, limit: int, offset: int
) -> tuple[list[str], int]:
    """One page of a learner's badge ids, newest first, and how many there are in all."""
    return await graph.read(_learner_ids, learner_id, limit, offset)


CARRYING = """
MATCH (a:Assertion)-[:CARRIES]->(:Endorsement {id: $id})
RETURN a.id AS id
"""


async def _carrying(tx: AsyncManagedTransaction, endorsement_id: str) -> str | None:
    record = await single(tx, CARRYING, id=endorsement_id)
    return record["id"] if record else None


async def assertion_carrying(graph: Graph, endorsement_id: str) -> str | None:
    """The badge an endorsement was issued with, if any."""
    return await graph.read(_carrying, endorsement_id)


PUBLIC_ENDORSER = """
MATCH (p:Person {id: $id})-[:ENDORSED]->(:Endorsement)<-[:CARRIES]-(a:Assertion)
WHERE a.visibility = 'PUBLIC' AND p.deletedAt IS NULL
RETURN p.name AS name LIMIT 1
"""


async def _public_endorser(tx: AsyncManagedTransaction, person_id: str) -> str | None:
    record = await single(tx, PUBLIC_ENDORSER, id=person_id)
    return record["name"] if record else None


async def public_endorser_name(graph: Graph, person_id: str) -> str | None:
    """A person's name, if they endorsed a badge its learner shared (else they stay unseen)."""
    return await graph.read(_public_endorser, person_id)

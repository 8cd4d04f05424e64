"""What an issued badge's verifiable credential is made of, read in one statement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import RUBRIC_CRITERION, RubricCriterion, rubric_from
from graph.core.cypher import one, single
from graph.core.records import from_record
from graph.core.transactions import reads
from graph.micro_credentials.elements import PROJECTION as MICRO_CREDENTIAL
from graph.micro_credentials.elements import MicroCredentialElements, elements_from
from graph.recognition.claims import Assessment, assessment_from
from graph.transparency_log.log import Recorded, recorded


@dataclass(frozen=True, kw_only=True)
class Body:
    """An organisation or university as a credential names it."""

    id: str
    name: str
    website: str | None = None
    kind: str = "University"  # or "Organisation"
    description: str | None = None
    email: str | None = None


@dataclass(frozen=True, kw_only=True)
class BadgeFacts:
    """The badge class as its credentials state it."""

    id: str
    name: str
    description: str = ""
    criteria: str = ""
    domain: str
    level: int


@dataclass(frozen=True, kw_only=True)
class CompetencyFacts:
    framework: str
    code: str
    name: str
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class EvidenceFacts:
    id: str
    kind: str
    name: str
    url: str | None = None
    description: str | None = None
    sha256: str | None = None
    media_type: str | None = None


@dataclass(frozen=True, kw_only=True)
class EndorsementFacts:
    id: str
    relationship: str
    testimonial: str
    observed: str | None = None
    created_at: datetime
    endorser_id: str | None = None  # None: the endorser has left Kring
    endorser_name: str


@dataclass(frozen=True, kw_only=True)
class CredentialData:
    assertion_id: str
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    visibility: str
    share_token: str | None
    learner_id: str
    learner_email: str
    badge_class: BadgeFacts
    alignments: tuple[CompetencyFacts, ...]
    issuer: Body
    university: Body
    narrative: str
    evidence: tuple[EvidenceFacts, ...]
    validated: bool
    status_index: int | None = None
    validated_at: datetime | None = None
    endorsements: tuple[EndorsementFacts, ...] = ()
    rubric: tuple[RubricCriterion, ...] = ()
    assessment: tuple[Assessment, ...] = ()  # the approving reviewer's levels
    # The EU elements its university stated when the badge was awarded (ISSUED_UNDER),
    # carried only while the class is OFFICIAL.
    micro_credential: MicroCredentialElements | None = None
    # Named only in a Europass export: as the badge was awarded, not as the profile says now.
    learner_name: str = ""
    under_validation: bool = False  # awarded while its class was officially validated


CREDENTIALS = (
    """
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
  RETURN collect(k """
    + RUBRIC_CRITERION
    + """) AS rubric
}
CALL (a) {
  OPTIONAL MATCH (a)-[:CARRIES]->(e:Endorsement)
  OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
  WITH e, endorser ORDER BY e.createdAt, e.id
  RETURN collect(e { .id, .relationship, .testimonial, .observed, .createdAt,
                     endorserId: endorser.id,
                     endorserName: coalesce(endorser.name, e.endorserName) }) AS endorsements
}
CALL (a, b) {
  OPTIONAL MATCH (a)-[:ISSUED_UNDER]->(m:MicroCredential) WHERE b.validated = true
  RETURN m """
    + MICRO_CREDENTIAL
    + """ AS microCredential LIMIT 1
}
CALL (b) {
  OPTIONAL MATCH (b)-[:ALIGNED_TO]->(k:Competency)
  WITH k ORDER BY k.key
  RETURN collect(k { .framework, .code, .name, .url }) AS alignments
}
RETURN a { .id, .issuedAt, .expiresAt, .revokedAt, .visibility, .shareToken, .statusIndex,
           .learnerName, .underValidation } AS assertion,
       learner { .id, .email } AS learner,
       b { .id, .name, .description, .criteria, .domain, .level, .validationChangedAt,
           validated: coalesce(b.validated, false) } AS badgeClass,
       issuer { .id, .name, .website,
                kind: CASE WHEN issuer:University THEN 'University' ELSE 'Organisation' END }
         AS issuer,
       u { .id, .name, .website } AS university,
       c { .narrative, .assessedCriteria, .assessedLevels, .assessedComments } AS claim,
       evidence, alignments, endorsements, rubric, microCredential
"""
)


def _when(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def _credential_from(record: Any) -> CredentialData:
    a = record["assertion"]
    return CredentialData(
        assertion_id=a["id"],
        issued_at=a["issuedAt"].to_native(),
        expires_at=_when(a.get("expiresAt")),
        revoked_at=_when(a.get("revokedAt")),
        visibility=a.get("visibility") or "PRIVATE",
        share_token=a.get("shareToken"),
        learner_id=record["learner"]["id"],
        learner_email=record["learner"]["email"],
        learner_name=a.get("learnerName") or "",
        under_validation=bool(a.get("underValidation")),
        badge_class=from_record(BadgeFacts, record["badgeClass"]),
        alignments=tuple(from_record(CompetencyFacts, k) for k in record["alignments"]),
        issuer=from_record(Body, record["issuer"]),
        university=from_record(Body, record["university"]),
        narrative=record["claim"]["narrative"] or "",
        evidence=tuple(from_record(EvidenceFacts, e) for e in record["evidence"]),
        validated=bool(record["badgeClass"]["validated"]),
        status_index=a.get("statusIndex"),
        validated_at=_when(record["badgeClass"].get("validationChangedAt")),
        endorsements=tuple(from_record(EndorsementFacts, e) for e in record["endorsements"]),
        rubric=rubric_from(record["rubric"]),
        assessment=assessment_from(record["claim"]),
        micro_credential=elements_from(record["microCredential"]),
    )


@reads
async def credentials_data(
    tx: AsyncManagedTransaction, assertion_ids: list[str]
) -> list[CredentialData]:
    """Credential data of many badges in one round trip (unknown ids are left out)."""
    result = await tx.run(CREDENTIALS, ids=assertion_ids)
    return [_credential_from(r) async for r in result]


@reads
async def credential_data(tx: AsyncManagedTransaction, assertion_id: str) -> CredentialData | None:
    """Everything the credential says, or None (unknown, or its learner deleted the account)."""
    found = await credentials_data.within(tx, [assertion_id])
    return found[0] if found else None


@dataclass(frozen=True)
class Status:
    revoked_at: datetime | None
    revocation_reason: str | None
    expires_at: datetime | None
    validated: bool
    issuer_id: str
    university_id: str
    # Its leaves in the transparency log (issued, revoked), each with the head that signed it.
    logged: tuple[Recorded, ...] = ()


STATUS = """
MATCH (a:Assertion {id: $id})-[:OF_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
MATCH (a)-[:BRANDED_BY]->(u:University)
RETURN a.revokedAt AS revokedAt, a.revocationReason AS reason, a.expiresAt AS expiresAt,
       coalesce(b.validated, false) AS validated, issuer.id AS issuerId, u.id AS universityId
"""


@reads
async def assertion_status(tx: AsyncManagedTransaction, assertion_id: str) -> Status | None:
    """Revocation, expiry and tier of a badge, even one whose learner has left."""
    record = await single(tx, STATUS, id=assertion_id)
    if record is None:
        return None
    logged = await recorded.within(tx, [assertion_id])
    return Status(
        logged=tuple(logged[assertion_id]),
        revoked_at=_when(record["revokedAt"]),
        revocation_reason=record["reason"],
        expires_at=_when(record["expiresAt"]),
        validated=bool(record["validated"]),
        issuer_id=record["issuerId"],
        university_id=record["universityId"],
    )


REVOKED_INDEXES = """
MATCH (:Organisation|University {id: $issuer})<-[:ISSUED_BY]-(:BadgeClass)
      <-[:OF_BADGE]-(a:Assertion)
WHERE a.revokedAt IS NOT NULL AND a.statusIndex >= $low AND a.statusIndex < $high
RETURN collect(a.statusIndex - $low) AS positions
"""
ISSUER_EXISTS = "MATCH (i:Organisation|University {id: $issuer}) RETURN i.id AS id"


@reads
async def revoked_positions(
    tx: AsyncManagedTransaction, issuer_id: str, list_number: int, list_size: int
) -> list[int] | None:
    """Positions of revoked badges within one of the issuer's status lists (None: no issuer)."""
    low = list_number * list_size
    high = low + list_size
    if await single(tx, ISSUER_EXISTS, issuer=issuer_id) is None:
        return None
    record = await single(tx, REVOKED_INDEXES, issuer=issuer_id, low=low, high=high)
    return list(record["positions"]) if record else []


ISSUER = """
MATCH (i:Organisation|University {id: $id})
OPTIONAL MATCH (i)-[:PARTNER_OF]->(u:University)
RETURN i { .id, .name, .website, .description, email: i.contactEmail,
           kind: CASE WHEN i:University THEN 'University' ELSE 'Organisation' END } AS issuer,
       u { .id, .name } AS parent
"""


@reads
async def issuer_profile(
    tx: AsyncManagedTransaction, issuer_id: str
) -> tuple[Body, Body | None] | None:
    """An organisation or university as an issuer, with the university it is branded by."""
    record = await single(tx, ISSUER, id=issuer_id)
    if record is None:
        return None
    parent = from_record(Body, record["parent"]) if record["parent"] else None
    return from_record(Body, record["issuer"]), parent


REVOKED = """
MATCH (:Organisation|University {id: $issuer})<-[:ISSUED_BY]-(:BadgeClass)
      <-[:OF_BADGE]-(a:Assertion)
WHERE a.revokedAt IS NOT NULL AND a.visibility = 'PUBLIC'
RETURN a.id AS id, a.revocationReason AS reason
ORDER BY a.revokedAt, a.id
"""


@reads
async def revoked_assertions(
    tx: AsyncManagedTransaction, issuer_id: str
) -> list[tuple[str, str | None]]:
    result = await tx.run(REVOKED, issuer=issuer_id)
    return [(r["id"], r["reason"]) async for r in result]


LEARNER_ASSERTIONS = """
MATCH (:Person {id: $learner})-[:HOLDS]->(a:Assertion)
WITH a ORDER BY a.issuedAt DESC, a.id
WITH collect(a.id) AS ids
RETURN ids[$offset..$offset + $limit] AS page, size(ids) AS total
"""


@reads
async def assertion_ids_of_learner(
    tx: AsyncManagedTransaction, learner_id: str, limit: int, offset: int
) -> tuple[list[str], int]:
    """One page of a learner's badge ids, newest first, and how many there are in all."""
    record = await one(tx, LEARNER_ASSERTIONS, learner=learner_id, limit=limit, offset=offset)
    return list(record["page"]), int(record["total"])


CARRYING = """
MATCH (a:Assertion)-[:CARRIES]->(:Endorsement {id: $id})
RETURN a.id AS id
"""


@reads
async def assertion_carrying(tx: AsyncManagedTransaction, endorsement_id: str) -> str | None:
    """The badge an endorsement was issued with, if any."""
    record = await single(tx, CARRYING, id=endorsement_id)
    return record["id"] if record else None


PUBLIC_ENDORSER = """
MATCH (p:Person {id: $id})-[:ENDORSED]->(:Endorsement)<-[:CARRIES]-(a:Assertion)
WHERE a.visibility = 'PUBLIC' AND p.deletedAt IS NULL
RETURN p.name AS name LIMIT 1
"""


@reads
async def public_endorser_name(tx: AsyncManagedTransaction, person_id: str) -> str | None:
    """A person's name, if they endorsed a badge its learner shared (else they stay unseen)."""
    record = await single(tx, PUBLIC_ENDORSER, id=person_id)
    return record["name"] if record else None


@dataclass(frozen=True)
class ValidationData:
    """What a badge class's official validation credential states: the brand university
    that validated it, and when."""

    badge_class_id: str
    university: Body
    validated_at: datetime


# The brand university: the class's issuer, or the university its organisation partners with.
VALIDATION = """
MATCH (b:BadgeClass {id: $id})-[:ISSUED_BY]->(issuer)
WHERE b.validated = true
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
WITH b, coalesce(partner, issuer) AS u
RETURN b.id AS id, b.validationChangedAt AS at, u { .id, .name, .website } AS university
"""


@reads
async def validation_data(
    tx: AsyncManagedTransaction, badge_class_id: str
) -> ValidationData | None:
    """The class's validation as it stands (None: not validated)."""
    found = await single(tx, VALIDATION, id=badge_class_id)
    if found is None:
        return None
    return ValidationData(
        badge_class_id=found["id"],
        university=from_record(Body, found["university"]),
        validated_at=found["at"].to_native(),
    )

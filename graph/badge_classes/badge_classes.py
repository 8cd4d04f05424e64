"""Badge classes (achievements): criteria, alignments, endorsement policy and pathways."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, Level, OrganisationStatus, Relationship


@dataclass(frozen=True)
class Alignment:
    framework: str
    code: str
    name: str
    url: str | None


@dataclass(frozen=True)
class EndorsementPolicy:
    """A claim needs `minimum` endorsements by `relationships`, one of them by `require_one_of`."""

    minimum: int
    relationships: tuple[Relationship, ...]
    require_one_of: tuple[Relationship, ...]


@dataclass(frozen=True)
class RubricCriterion:
    """One row of a rubric: what is judged, and a descriptor per level (level 1 first)."""

    id: str
    name: str
    description: str
    levels: tuple[str, ...]
    minimum_level: int | None  # a claim is approved only at this level or above


@dataclass(frozen=True)
class NewCriterion:
    name: str
    description: str
    levels: tuple[str, ...]
    minimum_level: int | None


@dataclass(frozen=True)
class Issuance:
    """Consent the issuer gave in advance, recorded on the class (graph.recognition.issuance)."""

    auto_participations: bool = False  # its own organisation's completed participations
    auto_on_completion: bool = False  # a meta-badge, once every required badge is held


@dataclass(frozen=True)
class BadgeClassRef:
    id: str
    name: str


@dataclass(frozen=True)
class Brand:
    university_id: str
    university_name: str
    primary: str
    secondary: str


@dataclass(frozen=True)
class BadgeClass:
    id: str
    name: str
    description: str
    criteria: str
    domain: Domain
    level: Level
    alignments: tuple[Alignment, ...]
    expires_after_days: int | None
    policy: EndorsementPolicy
    requires: tuple[BadgeClassRef, ...]
    issuer_id: str
    issuer_name: str
    issuer_kind: str
    brand: Brand
    has_uploaded_image: bool
    created_at: datetime | None
    validated: bool = False
    rubric: tuple[RubricCriterion, ...] = ()
    issuance: Issuance = Issuance()
    ad_hoc: bool = False


@dataclass(frozen=True)
class NewBadgeClass:
    issuer_id: str
    name: str
    description: str
    criteria: str
    domain: Domain
    level: Level
    alignments: tuple[Alignment, ...]
    image_png: bytes | None
    expires_after_days: int | None
    policy: EndorsementPolicy
    requires: tuple[str, ...]
    rubric: tuple[NewCriterion, ...] = ()
    issuance: Issuance = Issuance()


@dataclass(frozen=True)
class BadgeImage:
    png: bytes | None
    name: str
    domain: Domain
    level: Level
    brand: Brand


DEFAULT_POLICY = EndorsementPolicy(
    minimum=2,
    relationships=(Relationship.TEACHER, Relationship.SUPERVISOR, Relationship.PEER),
    require_one_of=(Relationship.TEACHER, Relationship.SUPERVISOR),
)

# The issuing body is an organisation (branded by its partner university) or a university.
BADGE_CLASS_FIELDS = """
CALL (b) {
  MATCH (b)-[:ISSUED_BY]->(issuer)
  OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
  WITH issuer, coalesce(partner, issuer) AS brand
  RETURN issuer, brand LIMIT 1
}
CALL (b) {
  OPTIONAL MATCH (b)-[:ALIGNED_TO]->(c:Competency)
  RETURN collect(c { .framework, .code, .name, .url }) AS alignments
}
CALL (b) {
  OPTIONAL MATCH (b)-[:REQUIRES]->(r:BadgeClass)
  RETURN collect(r { .id, .name }) AS requires
}
CALL (b) {
  OPTIONAL MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion)
  WITH k ORDER BY k.position
  RETURN collect(k { .id, .name, .description, .levels, .minimumLevel }) AS rubric
}
RETURN b { .id, .name, .description, .criteria, .domain, .level, .expiresAfterDays,
           .policyMinimum, .policyRelationships, .policyRequireOneOf, .createdAt,
           hasImage: b.imagePng IS NOT NULL, validated: coalesce(b.validated, false),
           autoIssueParticipations: coalesce(b.autoIssueParticipations, false),
           autoIssueOnCompletion: coalesce(b.autoIssueOnCompletion, false),
           adHoc: coalesce(b.adHoc, false)
         } AS badgeClass, rubric,
       issuer { .id, .name, kind: CASE WHEN issuer:University THEN 'University'
                                        ELSE 'Organisation' END } AS issuer,
       brand { .id, .name, .brandPrimary, .brandSecondary } AS brand,
       alignments, requires
"""


def brand_from(b: Any) -> Brand:
    return Brand(
        university_id=b["id"],
        university_name=b["name"],
        primary=b.get("brandPrimary") or "#1F3A5F",
        secondary=b.get("brandSecondary") or "#F2A541",
    )


def badge_class_from(record: Any) -> BadgeClass:
    b = record["badgeClass"]
    created = b.get("createdAt")
    return BadgeClass(
        id=b["id"],
        name=b["name"],
        description=b.get("description") or "",
        criteria=b.get("criteria") or "",
        domain=Domain(b["domain"]),
        level=Level(b["level"]),
        alignments=tuple(
            sorted(
                (
                    Alignment(a["framework"], a["code"], a["name"], a.get("url"))
                    for a in record["alignments"]
                ),
                key=lambda a: (a.framework, a.code),
            )
        ),
        expires_after_days=b.get("expiresAfterDays"),
        policy=EndorsementPolicy(
            minimum=b.get("policyMinimum") if b.get("policyMinimum") is not None else 2,
            relationships=tuple(
                Relationship(r)
                for r in b.get("policyRelationships") or DEFAULT_POLICY.relationships
            ),
            require_one_of=tuple(Relationship(r) for r in b.get("policyRequireOneOf") or ()),
        ),
        requires=tuple(
            sorted(
                (BadgeClassRef(r["id"], r["name"]) for r in record["requires"]),
                key=lambda r: r.name,
            )
        ),
        issuer_id=record["issuer"]["id"],
        issuer_name=record["issuer"]["name"],
        issuer_kind=record["issuer"]["kind"],
        brand=brand_from(record["brand"]),
        has_uploaded_image=bool(b.get("hasImage")),
        created_at=created.to_native() if created is not None else None,
        validated=bool(b.get("validated")),
        rubric=rubric_from(record["rubric"]),
        issuance=Issuance(
            auto_participations=bool(b["autoIssueParticipations"]),
            auto_on_completion=bool(b["autoIssueOnCompletion"]),
        ),
        ad_hoc=bool(b["adHoc"]),
    )


def rubric_from(rows: Any) -> tuple[RubricCriterion, ...]:
    return tuple(
        RubricCriterion(
            id=k["id"],
            name=k["name"],
            description=k.get("description") or "",
            levels=tuple(k["levels"]),
            minimum_level=k.get("minimumLevel"),
        )
        for k in rows
    )


CREATE_FACTS = (
    """
OPTIONAL MATCH (o:Organisation {id: $issuer})-[:PARTNER_OF]->(partner:University)
OPTIONAL MATCH (u:University {id: $issuer})
WITH coalesce(o, u) AS issuer, o AS org, CASE WHEN o IS NULL THEN u ELSE null END AS uni
WHERE issuer IS NOT NULL
SET issuer.version = coalesce(issuer.version, 0) + 1
WITH issuer, org, uni, org.status AS orgStatus
"""
    + STANDING
    + """
CALL () {
  UNWIND $requires AS rid
  OPTIONAL MATCH (r:BadgeClass {id: rid})
  RETURN collect(rid) AS asked, collect(r.id) AS found
}
RETURN orgStatus, issuer:University AS isUniversity, asked, found, """
    + STANDING_FIELDS
)

CREATE = (
    """
OPTIONAL MATCH (o:Organisation {id: $issuer})
OPTIONAL MATCH (u:University {id: $issuer})
WITH coalesce(o, u) AS issuer
CREATE (b:BadgeClass {
  id: randomUUID(), name: $name, description: $description, criteria: $criteria,
  domain: $domain, level: $level, expiresAfterDays: $expiresAfterDays, imagePng: $imagePng,
  policyMinimum: $policyMinimum, policyRelationships: $policyRelationships,
  policyRequireOneOf: $policyRequireOneOf, createdAt: datetime(),
  autoIssueParticipations: $autoParticipations, autoIssueOnCompletion: $autoOnCompletion,
  issuanceConsentBy: CASE WHEN $autoParticipations OR $autoOnCompletion THEN $actor END,
  issuanceConsentAt: CASE WHEN $autoParticipations OR $autoOnCompletion THEN datetime() END
})-[:ISSUED_BY]->(issuer)
WITH b
CALL (b) {
  UNWIND range(0, size($rubric) - 1) AS i
  CREATE (b)-[:HAS_CRITERION]->(:RubricCriterion {
    id: randomUUID(), position: i, name: $rubric[i].name, description: $rubric[i].description,
    levels: $rubric[i].levels, minimumLevel: $rubric[i].minimumLevel
  })
}
CALL (b) {
  UNWIND $alignments AS a
  MERGE (c:Competency {key: a.framework + '|' + a.code})
    ON CREATE SET c.framework = a.framework, c.code = a.code, c.name = a.name, c.url = a.url
  MERGE (b)-[:ALIGNED_TO]->(c)
}
CALL (b) {
  UNWIND $requires AS rid
  MATCH (r:BadgeClass {id: rid})
  MERGE (b)-[:REQUIRES]->(r)
}
WITH b
"""
    + BADGE_CLASS_FIELDS
)


@writes
async def create(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: NewBadgeClass
) -> BadgeClass:
    """Create a badge class issued by an approved organisation or a university."""
    facts = await single(
        tx, CREATE_FACTS, issuer=data.issuer_id, actor=actor_id, requires=list(data.requires)
    )
    if facts is None:
        raise NotFound("No such organisation or university.", field="issuerId")
    guard(standing_from(facts, actor_id))
    status = facts["orgStatus"]
    if status is not None and status != OrganisationStatus.APPROVED:
        raise Conflict(
            f"The organisation is {status}; it can create badge classes once it is approved."
        )
    missing = sorted(set(facts["asked"]) - set(facts["found"]))
    if missing:
        raise NotFound(f"No badge class with id {missing[0]}.", field="requires")
    if data.issuance.auto_participations and facts["isUniversity"]:
        raise BadUserInput(
            "Only an organisation's badge class can issue its own participations.",
            field="autoIssueParticipations",
        )
    if data.issuance.auto_on_completion and not data.requires:
        raise BadUserInput(
            "Only a badge class that requires others can issue itself on completion.",
            field="autoIssueOnCompletion",
        )
    record = await one(
        tx,
        CREATE,
        issuer=data.issuer_id,
        name=data.name,
        description=data.description,
        criteria=data.criteria,
        domain=data.domain.value,
        level=int(data.level),
        expiresAfterDays=data.expires_after_days,
        imagePng=base64.b64encode(data.image_png).decode() if data.image_png else None,
        policyMinimum=data.policy.minimum,
        policyRelationships=[r.value for r in data.policy.relationships],
        policyRequireOneOf=[r.value for r in data.policy.require_one_of],
        alignments=[vars(a) for a in data.alignments],
        requires=list(data.requires),
        rubric=[
            {
                "name": k.name,
                "description": k.description,
                "levels": list(k.levels),
                "minimumLevel": k.minimum_level,
            }
            for k in data.rubric
        ],
        autoParticipations=data.issuance.auto_participations,
        autoOnCompletion=data.issuance.auto_on_completion,
        actor=actor_id,
    )
    badge_class = badge_class_from(record)
    await audit.record(
        tx,
        actor_id,
        "create",
        audit.TargetKind.BADGE_CLASS,
        badge_class.id,
        _consent_detail(data.issuance),
    )
    return badge_class


def _consent_detail(issuance: Issuance) -> str:
    """The audit trail's words for the consent given in advance."""
    given = [
        name
        for name, on in (
            ("issues its own completed participations", issuance.auto_participations),
            ("issues itself once every required badge is held", issuance.auto_on_completion),
        )
        if on
    ]
    return "; ".join(given) if given else "every claim is reviewed"


ISSUANCE_FACTS = (
    """
MATCH (b:BadgeClass {id: $id})-[:ISSUED_BY]->(issuer)
SET b.version = coalesce(b.version, 0) + 1
WITH b, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
RETURN coalesce(b.adHoc, false) AS adHoc, uni IS NOT NULL AS isUniversity,
       EXISTS { (b)-[:REQUIRES]->() } AS stacks, """
    + STANDING_FIELDS
)
SET_ISSUANCE = (
    """
MATCH (b:BadgeClass {id: $id})
SET b.autoIssueParticipations = $autoParticipations,
    b.autoIssueOnCompletion = $autoOnCompletion,
    b.issuanceConsentBy = $actor, b.issuanceConsentAt = datetime()
WITH b
"""
    + BADGE_CLASS_FIELDS
)


@writes
async def set_issuance(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, badge_class_id: str, to: Issuance
) -> BadgeClass:
    """Record (or take back) the issuer's consent to issue without reviewing each claim;
    badges already issued keep the consent they were issued under."""
    facts = await single(tx, ISSUANCE_FACTS, id=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="id")
    guard(standing_from(facts, actor_id))
    if facts["adHoc"]:
        raise Conflict("A learner's one-off badge is issued under its university's policy.")
    if to.auto_participations and facts["isUniversity"]:
        raise BadUserInput(
            "Only an organisation's badge class can issue its own participations.",
            field="autoIssueParticipations",
        )
    if to.auto_on_completion and not facts["stacks"]:
        raise BadUserInput(
            "Only a badge class that requires others can issue itself on completion.",
            field="autoIssueOnCompletion",
        )
    record = await one(
        tx,
        SET_ISSUANCE,
        id=badge_class_id,
        actor=actor_id,
        autoParticipations=to.auto_participations,
        autoOnCompletion=to.auto_on_completion,
    )
    await audit.record(
        tx,
        actor_id,
        "set_issuance",
        audit.TargetKind.BADGE_CLASS,
        badge_class_id,
        _consent_detail(to),
    )
    return badge_class_from(record)


BY_IDS = "UNWIND $ids AS id MATCH (b:BadgeClass {id: id}) WITH b" + BADGE_CLASS_FIELDS

BY_ISSUER = (
    """
MATCH (b:BadgeClass)-[:ISSUED_BY]->(:Organisation|University {id: $issuer})
WITH b ORDER BY b.name, b.id LIMIT $limit
"""
    + BADGE_CLASS_FIELDS
)


@reads
async def badge_classes_by_ids(
    tx: AsyncManagedTransaction, ids: list[str]
) -> dict[str, BadgeClass]:
    """Badge classes by id in one round trip (for DataLoaders); missing ids are absent."""
    found = [badge_class_from(r) for r in await rows(tx, BY_IDS, ids=ids)]
    return {b.id: b for b in found}


@reads
async def badge_classes_by_issuer(
    tx: AsyncManagedTransaction, issuer_id: str, limit: int = 200
) -> list[BadgeClass]:
    return [badge_class_from(r) for r in await rows(tx, BY_ISSUER, issuer=issuer_id, limit=limit)]


IMAGE = """
MATCH (b:BadgeClass {id: $id})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
WITH b, coalesce(partner, issuer) AS brand
RETURN b.imagePng AS png, b.name AS name, b.domain AS domain, b.level AS level,
       brand { .id, .name, .brandPrimary, .brandSecondary } AS brand
LIMIT 1
"""


@reads
async def badge_image(tx: AsyncManagedTransaction, badge_class_id: str) -> BadgeImage | None:
    record = await single(tx, IMAGE, id=badge_class_id)
    if record is None:
        return None
    return BadgeImage(
        png=base64.b64decode(record["png"]) if record["png"] else None,
        name=record["name"],
        domain=Domain(record["domain"]),
        level=Level(record["level"]),
        brand=brand_from(record["brand"]),
    )


# The key alone is ambiguous when a framework or code holds a '|'; the properties are not.
COMPETENCY = """
MATCH (c:Competency {key: $framework + '|' + $code})
WHERE c.framework = $framework AND c.code = $code
RETURN c { .framework, .code, .name, .url } AS competency
"""


@reads
async def competency(tx: AsyncManagedTransaction, framework: str, code: str) -> Alignment | None:
    """A competency badges align to, by its framework and code (public: what can be earned)."""
    record = await single(tx, COMPETENCY, framework=framework, code=code)
    if record is None:
        return None
    c = record["competency"]
    return Alignment(c["framework"], c["code"], c["name"], c.get("url"))

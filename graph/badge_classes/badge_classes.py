"""Badge classes (achievements): criteria, alignments, endorsement policy and pathways."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

# Re-exported (the alias tells mypy so): server/routes/competencies.py imports it from here.
from graph.badge_classes.fields import (
    ALIGNMENT,
    RETURN_BADGE_CLASS,
    Alignment,
    BadgeClass,
    BadgeClassFields,
    Brand,
    Issuance,
    badge_class_from,
    brand_from,
)
from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.fields import check_required, given, stored_properties
from graph.core.records import from_record
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, Level, OrganisationStatus


@dataclass(frozen=True)
class BadgeImage:
    png: bytes | None
    name: str
    domain: Domain
    level: Level
    brand: Brand


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
  id: randomUUID(), imagePng: $imagePng,
  policyMinimum: $policyMinimum, policyRelationships: $policyRelationships,
  policyRequireOneOf: $policyRequireOneOf, createdAt: datetime(),
  autoIssueParticipations: $autoParticipations, autoIssueOnCompletion: $autoOnCompletion,
  issuanceConsentBy: CASE WHEN $autoParticipations OR $autoOnCompletion THEN $actor END,
  issuanceConsentAt: CASE WHEN $autoParticipations OR $autoOnCompletion THEN datetime() END
})-[:ISSUED_BY]->(issuer)
SET b += $props
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
    + RETURN_BADGE_CLASS
)


@writes
async def create(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: BadgeClassFields
) -> BadgeClass:
    """Create a badge class issued by an approved organisation or a university."""
    check_required(data)
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
        props=stored_properties(BadgeClassFields, given(data)),
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
    + RETURN_BADGE_CLASS
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


BY_IDS = "UNWIND $ids AS id MATCH (b:BadgeClass {id: id}) WITH b" + RETURN_BADGE_CLASS

BY_ISSUER = (
    """
MATCH (b:BadgeClass)-[:ISSUED_BY]->(:Organisation|University {id: $issuer})
WITH b ORDER BY b.name, b.id LIMIT $limit
"""
    + RETURN_BADGE_CLASS
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


# What graph.recognition.claims.self_assert accepts as a target under a university: the
# classes of the university and of its approved partners, except a learner's one-off class
# (someone else's claim) and a class that issues itself once its pathway is complete.
SELF_ASSERTABLE = (
    """
MATCH (u:University {id: $university})
CALL (u) {
  MATCH (b:BadgeClass)-[:ISSUED_BY]->(u)
  RETURN b
  UNION
  MATCH (b:BadgeClass)-[:ISSUED_BY]->(:Organisation {status: $approved})-[:PARTNER_OF]->(u)
  RETURN b
}
WITH b WHERE NOT coalesce(b.adHoc, false) AND NOT coalesce(b.autoIssueOnCompletion, false)
WITH b ORDER BY b.name, b.id LIMIT $limit
"""
    + RETURN_BADGE_CLASS
)


@reads
async def self_assertable_badge_classes(
    tx: AsyncManagedTransaction, university_id: str, limit: int = 200
) -> list[BadgeClass]:
    """The badge classes a learner may self-assert under this university's community."""
    found = await rows(
        tx,
        SELF_ASSERTABLE,
        university=university_id,
        approved=OrganisationStatus.APPROVED.value,
        limit=limit,
    )
    return [badge_class_from(r) for r in found]


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
COMPETENCY = (
    """
MATCH (c:Competency {key: $framework + '|' + $code})
WHERE c.framework = $framework AND c.code = $code
RETURN c """
    + ALIGNMENT
    + " AS competency"
)


@reads
async def competency(tx: AsyncManagedTransaction, framework: str, code: str) -> Alignment | None:
    """A competency badges align to, by its framework and code (public: what can be earned)."""
    record = await single(tx, COMPETENCY, framework=framework, code=code)
    if record is None:
        return None
    return from_record(Alignment, record["competency"])

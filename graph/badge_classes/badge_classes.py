"""Badge classes (achievements): criteria, alignments, endorsement policy and pathways."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

# Re-exported (the alias tells mypy so): server/routes/competencies.py imports it from here.
from graph.badge_classes.fields import (
    ALIGNMENT,
    FROZEN_ONCE_CLAIMED,
    FROZEN_ONCE_ISSUED,
    FROZEN_WHILE_VALIDATED,
    RETURN_BADGE_CLASS,
    Alignment,
    BadgeClass,
    BadgeClassChanges,
    BadgeClassFields,
    Brand,
    Issuance,
    NewCriterion,
    badge_class_from,
    brand_from,
)
from graph.badge_classes.meaning import BADGE_CLASS
from graph.core import audit, meaning
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, FieldFrozen, NotFound
from graph.core.fields import check_required, given, stored_properties
from graph.core.fulltext import every_word
from graph.core.meaning import Embedder
from graph.core.records import camel, from_record
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, Level, OrganisationStatus
from graph.opportunities.meaning import embed_leading_to


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
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    data: BadgeClassFields,
    embedder: Embedder,
) -> BadgeClass:
    """Create a badge class issued by an approved organisation or a university, its meaning
    embedded."""
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
        rubric=_rubric_rows(data.rubric),
        autoParticipations=data.issuance.auto_participations,
        autoOnCompletion=data.issuance.auto_on_completion,
        actor=actor_id,
    )
    badge_class = badge_class_from(record)
    await meaning.embed(tx, embedder, BADGE_CLASS, [badge_class.id])
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


# The class's write lock first; then who the actor is to its issuer, what was issued or
# claimed on it, and the prerequisites asked for (a pathway must not loop back to itself).
EDIT_FACTS = (
    """
MATCH (b:BadgeClass {id: $id})-[:ISSUED_BY]->(issuer)
SET b.version = coalesce(b.version, 0) + 1
WITH b, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
CALL (b) {
  UNWIND $requires AS rid
  OPTIONAL MATCH (r:BadgeClass {id: rid})
  RETURN collect(rid) AS asked, collect(r.id) AS found,
         collect(CASE WHEN r = b OR EXISTS { (r)-[:REQUIRES*1..20]->(b) } THEN r.name END)
           AS loops,
         collect(CASE WHEN coalesce(r.adHoc, false) THEN r.id END) AS oneOff
}
RETURN coalesce(b.adHoc, false) AS adHoc, uni IS NOT NULL AS isUniversity,
       asked, found, loops, oneOff, """
    + STANDING_FIELDS
)
EDIT = (
    """
MATCH (b:BadgeClass {id: $id})
SET b += $props,
    b.imagePng = coalesce($imagePng, b.imagePng),
    b.policyMinimum = $policyMinimum, b.policyRelationships = $policyRelationships,
    b.policyRequireOneOf = $policyRequireOneOf,
    b.autoIssueParticipations = $autoParticipations,
    b.autoIssueOnCompletion = $autoOnCompletion,
    b.issuanceConsentBy = CASE WHEN $consentChanged THEN $actor ELSE b.issuanceConsentBy END,
    b.issuanceConsentAt = CASE WHEN $consentChanged THEN datetime()
                               ELSE b.issuanceConsentAt END,
    b.updatedAt = datetime()
WITH b
CALL (b) {
  OPTIONAL MATCH (b)-[old:ALIGNED_TO]->(:Competency) WHERE $alignments IS NOT NULL
  DELETE old
}
CALL (b) {
  UNWIND coalesce($alignments, []) AS a
  MERGE (c:Competency {key: a.framework + '|' + a.code})
    ON CREATE SET c.framework = a.framework, c.code = a.code, c.name = a.name, c.url = a.url
  MERGE (b)-[:ALIGNED_TO]->(c)
}
CALL (b) {
  OPTIONAL MATCH (b)-[old:REQUIRES]->(:BadgeClass) WHERE $requires IS NOT NULL
  DELETE old
}
CALL (b) {
  UNWIND coalesce($requires, []) AS rid
  MATCH (r:BadgeClass {id: rid})
  MERGE (b)-[:REQUIRES]->(r)
}
CALL (b) {
  OPTIONAL MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion) WHERE $rubric IS NOT NULL
  DETACH DELETE k
}
CALL (b) {
  UNWIND range(0, size(coalesce($rubric, [])) - 1) AS i
  CREATE (b)-[:HAS_CRITERION]->(:RubricCriterion {
    id: randomUUID(), position: i, name: $rubric[i].name, description: $rubric[i].description,
    levels: $rubric[i].levels, minimumLevel: $rubric[i].minimumLevel
  })
}
WITH b
"""
    + RETURN_BADGE_CLASS
)


def _criterion_key(k: Any) -> tuple[str, str, tuple[str, ...], int | None]:
    return (k.name, k.description, tuple(k.levels), k.minimum_level)


def changed_fields(current: BadgeClass, changes: BadgeClassChanges) -> list[str]:
    """What the edit really changes: a part sent as it already is changes nothing (a form
    may send the whole class, frozen parts included)."""
    changed: list[str] = []
    for name in ("name", "description", "criteria", "domain", "level"):
        value = getattr(changes, name)
        if value is not None and value != getattr(current, name):
            changed.append(name)
    expiry = None if changes.clear_expiry else changes.expires_after_days
    if (changes.clear_expiry or expiry is not None) and expiry != current.expires_after_days:
        changed.append("expires_after_days")
    if changes.alignments is not None and {(a.framework, a.code) for a in changes.alignments} != {
        (a.framework, a.code) for a in current.alignments
    }:
        changed.append("alignments")
    if changes.image_png is not None:
        changed.append("image_png")
    if changes.policy is not None and changes.policy != current.policy:
        changed.append("policy")
    if changes.requires is not None and set(changes.requires) != {r.id for r in current.requires}:
        changed.append("requires")
    if changes.rubric is not None and [_criterion_key(k) for k in changes.rubric] != [
        _criterion_key(k) for k in current.rubric
    ]:
        changed.append("rubric")
    if changes.issuance is not None and changes.issuance != current.issuance:
        changed.append("issuance")
    return changed


# The API's names for the fields, for error messages and the audit trail.
_API_NAME = {"image_png": "image", "policy": "endorsementPolicy"}


def _api_name(field: str) -> str:
    return _API_NAME.get(field, camel(field))


def _refuse_frozen(current: BadgeClass, changed: list[str], issuance: Issuance) -> None:
    widens = (issuance.auto_participations and not current.issuance.auto_participations) or (
        issuance.auto_on_completion and not current.issuance.auto_on_completion
    )
    for field in changed:
        if current.validated and (
            field in FROZEN_WHILE_VALIDATED or (field == "issuance" and widens)
        ):
            name = _api_name(field)
            raise FieldFrozen(
                f"{name} cannot change while the class is officially validated: its university "
                "validated it as it stands. Ask the university's curators to withdraw the "
                "validation first.",
                field=name,
            )
        if field in FROZEN_ONCE_ISSUED and current.badges_issued:
            raise FieldFrozen(
                f"{_api_name(field)} cannot change once badges were issued on this class: "
                "issued badges state it, and an issued credential never changes. Create a new "
                "badge class instead.",
                field=_api_name(field),
            )
        if field in FROZEN_ONCE_CLAIMED and (current.claimed or current.badges_issued):
            raise FieldFrozen(
                "rubric cannot change once the class was claimed: endorsers and reviewers "
                "assess claims on its criteria.",
                field="rubric",
            )


@writes
async def update(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    changes: BadgeClassChanges,
    embedder: Embedder,
) -> BadgeClass:
    """Edit a badge class; what issued badges state, and a claimed class's rubric, are
    frozen (FIELD_FROZEN). Expiry, policy, prerequisites and consent apply from now on.
    The opportunities leading to it are embedded again when what they mean changed."""
    requires = list(changes.requires) if changes.requires is not None else []
    facts = await single(tx, EDIT_FACTS, id=badge_class_id, actor=actor_id, requires=requires)
    if facts is None:
        raise NotFound("No such badge class.", field="id")
    guard(standing_from(facts, actor_id))
    if facts["adHoc"]:
        raise Conflict("A learner's one-off badge class belongs to their claim.")
    [current] = [badge_class_from(r) for r in await rows(tx, BY_IDS, ids=[badge_class_id])]
    changed = changed_fields(current, changes)
    if not changed:
        return current
    _refuse_frozen(current, changed, changes.issuance or current.issuance)
    missing = sorted(set(facts["asked"]) - set(facts["found"]))
    if missing:
        raise NotFound(f"No badge class with id {missing[0]}.", field="requires")
    if facts["oneOff"]:
        raise BadUserInput("A learner's one-off badge class cannot be required.", field="requires")
    if facts["loops"]:
        raise BadUserInput(
            f"{facts['loops'][0]} already leads to this class: a pathway cannot loop.",
            field="requires",
        )
    issuance = changes.issuance or current.issuance
    stacks = bool(changes.requires) if changes.requires is not None else bool(current.requires)
    if "issuance" in changed and issuance.auto_participations and facts["isUniversity"]:
        raise BadUserInput(
            "Only an organisation's badge class can issue its own participations.",
            field="autoIssueParticipations",
        )
    if issuance.auto_on_completion and not stacks:
        raise BadUserInput(
            "Only a badge class that requires others can issue itself on completion.",
            field="autoIssueOnCompletion" if "issuance" in changed else "requires",
        )
    policy = changes.policy or current.policy
    values = {name: getattr(changes, name) for name in changed}
    if changes.clear_expiry:
        # A null property is removed by `SET b += $props`: that is how the expiry goes.
        values["expires_after_days"] = None
    props = stored_properties(BadgeClassChanges, values)
    record = await one(
        tx,
        EDIT,
        id=badge_class_id,
        props=props,
        imagePng=base64.b64encode(changes.image_png).decode() if changes.image_png else None,
        policyMinimum=policy.minimum,
        policyRelationships=[r.value for r in policy.relationships],
        policyRequireOneOf=[r.value for r in policy.require_one_of],
        alignments=(
            [vars(a) for a in changes.alignments]
            if "alignments" in changed and changes.alignments is not None
            else None
        ),
        requires=requires if "requires" in changed else None,
        rubric=_rubric_rows(changes.rubric) if "rubric" in changed else None,
        autoParticipations=issuance.auto_participations,
        autoOnCompletion=issuance.auto_on_completion,
        consentChanged="issuance" in changed,
        actor=actor_id,
    )
    if set(changed) & {"name", "description", "criteria", "alignments"}:
        await meaning.embed(tx, embedder, BADGE_CLASS, [badge_class_id])
        await embed_leading_to(tx, embedder, badge_class_id)
    await audit.record(
        tx,
        actor_id,
        "edit",
        audit.TargetKind.BADGE_CLASS,
        badge_class_id,
        ", ".join(_api_name(f) for f in changed),
    )
    if "issuance" in changed:
        await audit.record(
            tx,
            actor_id,
            "set_issuance",
            audit.TargetKind.BADGE_CLASS,
            badge_class_id,
            _consent_detail(issuance),
        )
    return badge_class_from(record)


def _rubric_rows(rubric: tuple[NewCriterion, ...] | None) -> list[dict[str, Any]]:
    return [
        {
            "name": k.name,
            "description": k.description,
            "levels": list(k.levels),
            "minimumLevel": k.minimum_level,
        }
        for k in rubric or ()
    ]


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
  // Helping hand badges are earned by completed quests only (graph.quests).
  AND b.helpingHand IS NULL
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


# Prefix search over framework, code and name (migration 19's full-text index): the designer
# looks competencies up as the admin types.
SEARCH_COMPETENCIES = (
    """
CALL db.index.fulltext.queryNodes('competency_text', $text) YIELD node AS c, score
WITH c, score ORDER BY score DESC, c.framework, c.code LIMIT $limit
RETURN c """
    + ALIGNMENT
    + " AS competency"
)

MAX_SEARCH_WORDS = 8


def lucene_prefixes(text: str) -> str:
    """Every word required, the last one as a prefix (it is still being typed)."""
    return every_word(text, MAX_SEARCH_WORDS, prefix_last=True)


@reads
async def search_competencies(
    tx: AsyncManagedTransaction, text: str, limit: int = 10
) -> list[Alignment]:
    """Competencies whose framework, code or name match every word, best first."""
    query = lucene_prefixes(text)
    if not query:
        return []
    found = await rows(tx, SEARCH_COMPETENCIES, text=query, limit=limit)
    return [from_record(Alignment, r["competency"]) for r in found]


BRAND_OF_ISSUER = """
OPTIONAL MATCH (o:Organisation {id: $issuer})-[:PARTNER_OF]->(partner:University)
OPTIONAL MATCH (u:University {id: $issuer})
WITH coalesce(partner, u) AS brand
WHERE brand IS NOT NULL
RETURN brand { .id, .name, .brandPrimary, .brandSecondary } AS brand
LIMIT 1
"""


@reads
async def brand_of_issuer(tx: AsyncManagedTransaction, issuer_id: str) -> Brand | None:
    """Whose letterhead a new class of this organisation or university would carry."""
    record = await single(tx, BRAND_OF_ISSUER, issuer=issuer_id)
    return brand_from(record["brand"]) if record else None

"""Badge templates: a university's ready-made community badge (criteria as a rubric) that its
teachers and its approved partner organisations' supervisors issue on the spot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import RUBRIC_CRITERION, NewCriterion, RubricCriterion, rubric_from
from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, single
from graph.core.errors import NotFound
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain, Level, OrganisationStatus

# A template's rubric is short: it is filled in on the spot, often on a phone.
RUBRIC_CRITERIA = (2, 5)


@dataclass(frozen=True, kw_only=True)
class BadgeTemplate:
    id: str
    university_id: str
    university_name: str
    name: str
    description: str
    criteria: str
    domain: Domain
    level: Level
    rubric: tuple[RubricCriterion, ...]
    archived: bool
    created_at: datetime
    updated_at: datetime | None


@dataclass(frozen=True, kw_only=True)
class TemplateFields:
    name: str
    description: str
    criteria: str
    domain: Domain
    level: Level
    rubric: tuple[NewCriterion, ...]


# Expects `t` and its university `pu`.
TEMPLATE_MAP = (
    """t { .id, .name, .description, .criteria, .domain, .level, .createdAt, .updatedAt,
  archived: coalesce(t.archived, false), universityId: pu.id, universityName: pu.name,
  rubric: COLLECT { MATCH (t)-[:HAS_TEMPLATE_CRITERION]->(k:RubricCriterion)
                    WITH k ORDER BY k.position RETURN k """
    + RUBRIC_CRITERION
    + """ }
}"""
)
RETURN_TEMPLATE = (
    "\nMATCH (t)-[:PROVIDED_BY]->(pu:University)\nRETURN " + TEMPLATE_MAP + " AS template\n"
)


def template_from(t: dict[str, Any]) -> BadgeTemplate:
    return BadgeTemplate(
        id=t["id"],
        university_id=t["universityId"],
        university_name=t["universityName"],
        name=t["name"],
        description=t["description"] or "",
        criteria=t["criteria"] or "",
        domain=Domain(t["domain"]),
        level=Level(t["level"]),
        rubric=rubric_from(t["rubric"]),
        archived=bool(t["archived"]),
        created_at=t["createdAt"].to_native(),
        updated_at=t["updatedAt"].to_native() if t.get("updatedAt") else None,
    )


def _rubric_rows(rubric: tuple[NewCriterion, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": k.name,
            "description": k.description,
            "levels": list(k.levels),
            "minimumLevel": k.minimum_level,
        }
        for k in rubric
    ]


UNIVERSITY_FACTS = (
    """
MATCH (uni:University {id: $university})
SET uni.templatesVersion = coalesce(uni.templatesVersion, 0) + 1
WITH uni, null AS org
"""
    + STANDING
    + "RETURN "
    + STANDING_FIELDS
)
CREATE = (
    """
MATCH (u:University {id: $university})
CREATE (t:BadgeTemplate {
  id: randomUUID(), name: $name, description: $description, criteria: $criteria,
  domain: $domain, level: $level, archived: false, createdAt: datetime(), createdBy: $actor
})-[:PROVIDED_BY]->(u)
WITH t
CALL (t) {
  UNWIND range(0, size($rubric) - 1) AS i
  CREATE (t)-[:HAS_TEMPLATE_CRITERION]->(:RubricCriterion {
    id: randomUUID(), position: i, name: $rubric[i].name, description: $rubric[i].description,
    levels: $rubric[i].levels, minimumLevel: $rubric[i].minimumLevel
  })
}
WITH t
"""
    + RETURN_TEMPLATE
)


@writes
async def create(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    university_id: str,
    data: TemplateFields,
) -> BadgeTemplate:
    """A university's staff add a template its teachers and partners may issue from."""
    facts = await single(tx, UNIVERSITY_FACTS, university=university_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(facts, actor_id))
    record = await one(tx, CREATE, university=university_id, actor=actor_id, **_params(data))
    template = template_from(record["template"])
    await audit.record(
        tx, actor_id, "create", audit.TargetKind.BADGE_TEMPLATE, template.id, template.name
    )
    return template


def _params(data: TemplateFields) -> dict[str, Any]:
    return {
        "name": data.name,
        "description": data.description,
        "criteria": data.criteria,
        "domain": data.domain.value,
        "level": int(data.level),
        "rubric": _rubric_rows(data.rubric),
    }


# The template's write lock, then the actor's standing at the university that provides it.
TEMPLATE_FACTS = (
    """
MATCH (t:BadgeTemplate {id: $id})-[:PROVIDED_BY]->(uni:University)
SET t.version = coalesce(t.version, 0) + 1
WITH t, uni, null AS org
"""
    + STANDING
    + "RETURN coalesce(t.archived, false) AS archived, "
    + STANDING_FIELDS
)
# Badge classes already made from it copied its rubric: editing it changes none of them.
UPDATE = (
    """
MATCH (t:BadgeTemplate {id: $id})
SET t.name = $name, t.description = $description, t.criteria = $criteria,
    t.domain = $domain, t.level = $level, t.updatedAt = datetime()
WITH t
CALL (t) {
  OPTIONAL MATCH (t)-[:HAS_TEMPLATE_CRITERION]->(k:RubricCriterion)
  DETACH DELETE k
}
CALL (t) {
  UNWIND range(0, size($rubric) - 1) AS i
  CREATE (t)-[:HAS_TEMPLATE_CRITERION]->(:RubricCriterion {
    id: randomUUID(), position: i, name: $rubric[i].name, description: $rubric[i].description,
    levels: $rubric[i].levels, minimumLevel: $rubric[i].minimumLevel
  })
}
WITH t
"""
    + RETURN_TEMPLATE
)
ARCHIVE = (
    """
MATCH (t:BadgeTemplate {id: $id})
SET t.archived = $archived, t.updatedAt = datetime()
WITH t
"""
    + RETURN_TEMPLATE
)


async def _lock(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, template_id: str
) -> dict[str, Any]:
    facts = await single(tx, TEMPLATE_FACTS, id=template_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge template.", field="id")
    guard(standing_from(facts, actor_id))
    return dict(facts)


@writes
async def update(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    template_id: str,
    data: TemplateFields,
) -> BadgeTemplate:
    """Replace a template's text and rubric; classes made from it keep what they copied."""
    await _lock(tx, actor_id, guard, template_id)
    record = await one(tx, UPDATE, id=template_id, **_params(data))
    await audit.record(tx, actor_id, "edit", audit.TargetKind.BADGE_TEMPLATE, template_id)
    return template_from(record["template"])


@writes
async def archive(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    template_id: str,
    archived: bool,
) -> BadgeTemplate:
    """Archive a template (no more badges from it) or bring it back."""
    facts = await _lock(tx, actor_id, guard, template_id)
    record = await one(tx, ARCHIVE, id=template_id, archived=archived)
    if facts["archived"] != archived:
        await audit.record(
            tx,
            actor_id,
            "archive" if archived else "unarchive",
            audit.TargetKind.BADGE_TEMPLATE,
            template_id,
        )
    return template_from(record["template"])


# Who may read a university's templates: its staff, and the members of its approved partner
# organisations (their roles there count as organisation roles). One statement: the standing
# and the list.
LIST = (
    """
MATCH (uni:University {id: $university})
OPTIONAL MATCH (actor:Person {id: $actor})
CALL (actor, uni) {
  OPTIONAL MATCH (actor)-[m:MEMBER_OF]->(uni)
  RETURN collect(m.role) AS uniRoles
}
CALL (actor, uni) {
  OPTIONAL MATCH (actor)-[m:MEMBER_OF]->(:Organisation {status: $approved})-[:PARTNER_OF]->(uni)
  RETURN collect(m.role) AS orgRoles
}
CALL (uni) {
  MATCH (t:BadgeTemplate)-[:PROVIDED_BY]->(uni)
  WHERE $archived OR NOT coalesce(t.archived, false)
  WITH t, uni AS pu ORDER BY t.name, t.id LIMIT $limit
  RETURN collect("""
    + TEMPLATE_MAP
    + """) AS templates
}
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       orgRoles, uniRoles, false AS reviewsClaims, templates
"""
)


@reads
async def templates_of_university(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    university_id: str,
    include_archived: bool = False,
    limit: int = 200,
) -> list[BadgeTemplate]:
    """The university's templates by name, for its staff and its partners' supervisors."""
    record = await single(
        tx,
        LIST,
        university=university_id,
        actor=actor_id,
        approved=OrganisationStatus.APPROVED.value,
        archived=include_archived,
        limit=limit,
    )
    if record is None:
        raise NotFound("No such university.", field="universityId")
    guard(standing_from(record, actor_id))
    return [template_from(t) for t in record["templates"]]


BY_ID = "MATCH (t:BadgeTemplate {id: $id})" + RETURN_TEMPLATE


@reads
async def template_by_id(tx: AsyncManagedTransaction, template_id: str) -> BadgeTemplate | None:
    record = await single(tx, BY_ID, id=template_id)
    return template_from(record["template"]) if record else None

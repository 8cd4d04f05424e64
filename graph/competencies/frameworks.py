"""Competency frameworks a university provides: domains by levels, with level descriptors.

A framework's competencies are the same `Competency` nodes badge classes align to, keyed by
the framework's name and the competency's code: a badge class aligned to
`{framework: <name>, code: <code>}` shows that competency.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.competencies.case import CasePackage
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Domain


@dataclass(frozen=True)
class FrameworkCompetency:
    id: str
    code: str
    name: str
    domain: Domain
    levels: tuple[str, ...]  # descriptors, level 1 first (empty: the generic level names)


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    description: str
    university_id: str
    university_name: str
    competencies: tuple[FrameworkCompetency, ...]


def competency_from(k: Mapping[str, Any]) -> FrameworkCompetency:
    return FrameworkCompetency(
        id=k["id"],
        code=k["code"],
        name=k["name"],
        domain=Domain(k["domain"]),
        levels=tuple(k["levels"] or ()),
    )


COMPETENCY = "k { .id, .code, .name, .domain, .levels }"
PROJECTION = f"""
RETURN f {{ .id, .name, .description }} AS f, u.id AS universityId, u.name AS universityName,
       COLLECT {{ MATCH (f)-[h:HAS]->(k:Competency) RETURN {COMPETENCY} ORDER BY h.position }}
         AS competencies
"""


def _framework(record: Any) -> Framework:
    f = record["f"]
    return Framework(
        id=f["id"],
        name=f["name"],
        description=f["description"],
        university_id=record["universityId"],
        university_name=record["universityName"],
        competencies=tuple(competency_from(k) for k in record["competencies"]),
    )


NAME_TAKEN = "OPTIONAL MATCH (f:CompetencyFramework {name: $name}) RETURN f IS NOT NULL AS taken"
# One framework and its competencies; an alignment made before the framework existed (same
# framework name and code) becomes its competency.
IMPORT = (
    """
MATCH (u:University {id: $university})
CREATE (u)-[:PROVIDES]->(f:CompetencyFramework {
  id: randomUUID(), name: $name, description: $description, source: $source,
  sourceIdentifier: $sourceIdentifier, createdAt: datetime()
})
WITH u, f
CALL (f) {
  UNWIND range(0, size($competencies) - 1) AS i
  WITH i, $competencies[i] AS c
  MERGE (k:Competency {key: $name + '|' + c.code})
    ON CREATE SET k.framework = $name, k.code = c.code
  SET k.id = coalesce(k.id, randomUUID()), k.name = c.name, k.domain = c.domain,
      k.levels = c.levels
  CREATE (f)-[:HAS {position: i}]->(k)
}
"""
    + PROJECTION
)


def domains_for(
    package: CasePackage, mapping: Mapping[str, Domain], default: Domain | None
) -> list[Domain]:
    """Each competency's domain: its own code's, else its nearest ancestor's, else `default`."""
    found = []
    for competency in package.competencies:
        keys = (competency.code, competency.identifier, *competency.ancestors)
        domain = next((mapping[k] for k in keys if k in mapping), default)
        if domain is None:
            raise BadUserInput(
                f"Competency {competency.code} has no domain: map it, or an item above it, "
                "or give a default domain.",
                field="domains",
            )
        found.append(domain)
    return found


@writes
async def import_case(
    tx: AsyncManagedTransaction,
    university_id: str,
    package: CasePackage,
    mapping: Mapping[str, Domain],
    default: Domain | None,
) -> Framework:
    """Store a CASE package as the university's framework (its title is the framework's name)."""
    domains = domains_for(package, mapping, default)
    taken = await one(tx, NAME_TAKEN, name=package.title)
    if taken["taken"]:
        raise Conflict(f"A framework named {package.title!r} exists already.")
    record = await single(
        tx,
        IMPORT,
        university=university_id,
        name=package.title,
        description=package.description,
        source="CASE",
        sourceIdentifier=package.identifier,
        competencies=[
            {"code": c.code, "name": c.name, "domain": d.value, "levels": list(c.levels)}
            for c, d in zip(package.competencies, domains, strict=True)
        ],
    )
    if record is None:
        raise NotFound("No such university.", field="universityId")
    return _framework(record)


BY_ID = (
    "MATCH (u:University)-[:PROVIDES]->(f:CompetencyFramework {id: $id})\nWITH u, f" + PROJECTION
)


@reads
async def framework(tx: AsyncManagedTransaction, framework_id: str) -> Framework | None:
    record = await single(tx, BY_ID, id=framework_id)
    return _framework(record) if record else None


LIST = (
    """
MATCH (u:University)-[:PROVIDES]->(f:CompetencyFramework)
WHERE $university IS NULL OR u.id = $university
WITH u, f ORDER BY u.name, f.name
"""
    + PROJECTION
)


@reads
async def frameworks(tx: AsyncManagedTransaction, university_id: str | None) -> list[Framework]:
    """Every university's frameworks (or one university's), by university and name."""
    return [_framework(r) for r in await rows(tx, LIST, university=university_id)]

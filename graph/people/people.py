"""People and their memberships of organisations and universities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import single
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Role


@dataclass(frozen=True)
class Membership:
    role: Role
    body_id: str
    body_name: str
    body_kind: str  # "Organisation" or "University"
    body_status: str | None = None  # an organisation's OrganisationStatus
    reviews_claims: bool = False  # a supervisor its organisation allowed to review claims


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    email: str
    memberships: tuple[Membership, ...]
    platform_admin: bool = False  # adds universities (granted only by `kring platform-admin`)


_MEMBERSHIPS = """
OPTIONAL MATCH (p)-[m:MEMBER_OF]->(body)
WITH p, collect(CASE WHEN body IS NULL THEN NULL ELSE {
  role: m.role, id: body.id, name: body.name, status: body.status,
  reviewsClaims: coalesce(m.reviewsClaims, false),
  kind: CASE WHEN body:University THEN 'University' ELSE 'Organisation' END
} END) AS memberships
RETURN p { .id, .name, .email, platformAdmin: coalesce(p.platformAdmin, false) } AS person,
       memberships
"""
PERSON_BY_ID = "MATCH (p:Person {id: $key}) WHERE p.deletedAt IS NULL" + _MEMBERSHIPS
PERSON_BY_EMAIL = "MATCH (p:Person {email: $key}) WHERE p.deletedAt IS NULL" + _MEMBERSHIPS


def _person(record: Any) -> Person:
    p = record["person"]
    return Person(
        id=p["id"],
        name=p["name"],
        email=p["email"],
        memberships=tuple(
            Membership(
                Role(m["role"]), m["id"], m["name"], m["kind"], m["status"], m["reviewsClaims"]
            )
            for m in sorted(record["memberships"], key=lambda m: (m["kind"], m["name"], m["role"]))
        ),
        platform_admin=p["platformAdmin"],
    )


async def _find(tx: AsyncManagedTransaction, query: str, key: str) -> Person | None:
    record = await single(tx, query, key=key)
    return _person(record) if record else None


@reads
async def person_by_id(tx: AsyncManagedTransaction, person_id: str) -> Person | None:
    return await _find(tx, PERSON_BY_ID, person_id)


@reads
async def person_by_email(tx: AsyncManagedTransaction, email: str) -> Person | None:
    return await _find(tx, PERSON_BY_EMAIL, email.strip().lower())


RENAME = (
    """
MATCH (p:Person {id: $key}) WHERE p.deletedAt IS NULL
SET p.name = $name, p.version = coalesce(p.version, 0) + 1
WITH p"""
    + _MEMBERSHIPS
)


@writes
async def rename(tx: AsyncManagedTransaction, person_id: str, name: str) -> Person | None:
    """The person's own display name (the OB 3.0 API's profile.update)."""
    record = await single(tx, RENAME, key=person_id, name=name)
    return _person(record) if record else None

"""External identities (issuer + subject) and the people they sign in as."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, one, single
from graph.core.transactions import writes
from graph.core.vocabulary import Role


@dataclass(frozen=True)
class ExternalIdentity:
    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


KNOWN = """
MATCH (:Identity {key: $key})-[:OF]->(p:Person) WHERE p.deletedAt IS NULL
RETURN p.id AS id
"""
# An invited person (or a local account) is linked only through a *verified* address.
LINK_OR_CREATE = """
OPTIONAL MATCH (existing:Person {email: $email})
WHERE $verified AND existing.deletedAt IS NULL
CALL (existing) {
  WITH existing WHERE existing IS NULL
  CREATE (p:Person {id: randomUUID(), name: $name, createdAt: datetime(),
                    email: CASE WHEN $verified THEN $email ELSE null END,
                    emailVerified: $verified})
  RETURN p
  UNION
  WITH existing WHERE existing IS NOT NULL
  SET existing.emailVerified = true,
      existing.name = CASE WHEN existing.name = existing.email THEN $name
                           ELSE existing.name END
  RETURN existing AS p
}
CREATE (:Identity {key: $key, issuer: $issuer, subject: $subject, createdAt: datetime()})
       -[:OF]->(p)
RETURN p.id AS id
"""
GRANT = """
MATCH (p:Person {id: $person}), (u:University {id: $university})
UNWIND $roles AS role
MERGE (p)-[m:MEMBER_OF {role: role}]->(u)
  ON CREATE SET m.since = datetime(), m.grantedBy = 'identity provider'
"""


@writes
async def sign_in(
    tx: AsyncManagedTransaction,
    identity: ExternalIdentity,
    university_id: str | None,
    roles: frozenset[Role],
) -> str:
    """The person this identity signs in as: known, linked by verified e-mail, or new."""
    granted = sorted(r.value for r in roles)
    key = f"{identity.issuer}|{identity.subject}"
    record = await single(tx, KNOWN, key=key)
    if record is None:
        record = await one(
            tx,
            LINK_OR_CREATE,
            key=key,
            issuer=identity.issuer,
            subject=identity.subject,
            email=(identity.email or "").strip().lower() or None,
            verified=identity.email_verified and bool(identity.email),
            name=identity.name or identity.email or "New member",
        )
    person: str = record["id"]
    if university_id and granted:
        await execute(tx, GRANT, person=person, university=university_id, roles=granted)
    return person

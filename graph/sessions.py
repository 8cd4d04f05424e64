"""Refresh tokens: stored only as hashes, rotated on every use, a replay kills the family."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from neo4j import AsyncManagedTransaction

from graph.cypher import execute, single
from graph.database import Graph
from graph.errors import Unauthenticated

REFRESH_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class Issued:
    person_id: str
    refresh_token: str  # shown once; only its hash is stored


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


CREATE = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
CREATE (p)-[:HAS_SESSION]->(:RefreshToken {
  hash: $hash, family: $family, createdAt: datetime(),
  expiresAt: datetime() + duration({days: $days})
})
RETURN p.id AS id
"""


async def _create(tx: AsyncManagedTransaction, person_id: str, family: str) -> Issued:
    token = secrets.token_urlsafe(32)
    record = await single(
        tx,
        CREATE,
        person=person_id,
        hash=_hash(token),
        family=family,
        days=REFRESH_LIFETIME.days,
    )
    if record is None:
        raise Unauthenticated("No such person.")
    return Issued(person_id, token)


async def start(graph: Graph, person_id: str) -> Issued:
    """A new session (token family) for a person who just signed in."""
    return await graph.write(_create, person_id, secrets.token_hex(16))


# The SET takes the token's write lock: two racing uses of one token cannot both win.
LOCK = """
MATCH (p:Person)-[:HAS_SESSION]->(t:RefreshToken {hash: $hash})
SET t.seen = coalesce(t.seen, 0) + 1
RETURN p.id AS person, t.family AS family, t.usedAt IS NOT NULL AS used,
       t.revokedAt IS NOT NULL AS revoked, t.expiresAt < datetime() AS expired,
       p.deletedAt IS NOT NULL AS deleted
"""
USE = "MATCH (t:RefreshToken {hash: $hash}) SET t.usedAt = datetime()"
REVOKE_FAMILY = """
MATCH (t:RefreshToken {family: $family}) WHERE t.revokedAt IS NULL
SET t.revokedAt = datetime(), t.revokedBecause = $why
"""


async def _rotate(tx: AsyncManagedTransaction, token: str) -> Issued | str:
    facts = await single(tx, LOCK, hash=_hash(token))
    if facts is None or facts["deleted"]:
        return "The refresh token is invalid."
    if facts["used"] or facts["revoked"]:
        # A used token coming back means it was stolen: end every session of the family.
        await execute(tx, REVOKE_FAMILY, family=facts["family"], why="reuse")
        return "The refresh token was already used; the session has been ended."
    if facts["expired"]:
        return "The refresh token has expired; sign in again."
    await execute(tx, USE, hash=_hash(token))
    return await _create(tx, facts["person"], facts["family"])


async def rotate(graph: Graph, token: str) -> Issued:
    """Trade a refresh token for a new one (and the caller mints a new access token)."""
    # A refusal must still commit the family's revocation, so it is returned, not raised.
    outcome = await graph.write(_rotate, token)
    if isinstance(outcome, str):
        raise Unauthenticated(outcome)
    return outcome


FAMILY_OF = "MATCH (t:RefreshToken {hash: $hash}) RETURN t.family AS family"


async def _end(tx: AsyncManagedTransaction, token: str) -> bool:
    found = await single(tx, FAMILY_OF, hash=_hash(token))
    if found is None:
        return False
    await execute(tx, REVOKE_FAMILY, family=found["family"], why="logout")
    return True


async def end(graph: Graph, token: str) -> bool:
    """Log out: the whole family of this refresh token stops working."""
    return await graph.write(_end, token)

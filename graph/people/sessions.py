"""Sessions: refresh tokens stored only as hashes, rotated on every use, a replay kills the
family; and the feed of ended sessions and deleted people every replica follows, so the
access tokens of an ended session stop working within a second everywhere."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, single
from graph.core.errors import Unauthenticated
from graph.core.transactions import reads, writes

REFRESH_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class Issued:
    person_id: str
    refresh_token: str  # shown once; only its hash is stored
    family: str  # the session: every refresh token rotated from one sign-in


@dataclass(frozen=True)
class Refused:
    message: str
    ended_family: str | None = None  # a replay ended this session


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
    return Issued(person_id, token, family)


@writes
async def start(tx: AsyncManagedTransaction, person_id: str) -> Issued:
    """A new session (token family) for a person who just signed in."""
    return await _create(tx, person_id, secrets.token_hex(16))


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
WITH count(t) AS ended
CREATE (:Revocation {id: randomUUID(), at: datetime(), family: $family})
"""


@writes
async def rotate(tx: AsyncManagedTransaction, token: str) -> Issued | Refused:
    """Trade a refresh token for a new one (and the caller mints a new access token)."""
    # A refusal must still commit the family's revocation, so it is returned, not raised.
    facts = await single(tx, LOCK, hash=_hash(token))
    if facts is None or facts["deleted"]:
        return Refused("The refresh token is invalid.")
    if facts["used"] or facts["revoked"]:
        # A used token coming back means it was stolen: end every session of the family.
        await execute(tx, REVOKE_FAMILY, family=facts["family"], why="reuse")
        return Refused(
            "The refresh token was already used; the session has been ended.", facts["family"]
        )
    if facts["expired"]:
        return Refused("The refresh token has expired; sign in again.")
    await execute(tx, USE, hash=_hash(token))
    return await _create(tx, facts["person"], facts["family"])


FAMILY_OF = "MATCH (t:RefreshToken {hash: $hash}) RETURN t.family AS family"


@writes
async def end(tx: AsyncManagedTransaction, token: str) -> str | None:
    """Log out: the whole family of this refresh token stops working; returns the family."""
    found = await single(tx, FAMILY_OF, hash=_hash(token))
    if found is None:
        return None
    await execute(tx, REVOKE_FAMILY, family=found["family"], why="logout")
    family: str = found["family"]
    return family


END_ALL = """
MATCH (:Person {id: $person})-[:HAS_SESSION]->(t:RefreshToken) WHERE t.revokedAt IS NULL
WITH DISTINCT t.family AS family
CALL (family) {
  MATCH (t:RefreshToken {family: family}) WHERE t.revokedAt IS NULL
  SET t.revokedAt = datetime(), t.revokedBecause = $why
}
CREATE (:Revocation {id: randomUUID(), at: datetime(), family: family})
RETURN collect(family) AS families
"""
PERSON_GONE = "CREATE (:Revocation {id: randomUUID(), at: datetime(), person: $person})"


async def end_all(tx: AsyncManagedTransaction, person_id: str, why: str) -> list[str]:
    """End every session of a person (in the caller's transaction); the families ended."""
    record = await single(tx, END_ALL, person=person_id, why=why)
    return list(record["families"]) if record else []


@writes
async def end_everywhere(tx: AsyncManagedTransaction, person_id: str) -> list[str]:
    """Sign out everywhere: every session of the person ends; the families ended."""
    return await end_all(tx, person_id, "signed out everywhere")


async def person_gone(tx: AsyncManagedTransaction, person_id: str) -> None:
    """Every token of this person stops working, sessions or not (an erased account)."""
    await execute(tx, PERSON_GONE, person=person_id)


@dataclass(frozen=True)
class Revocation:
    at: datetime
    family: str | None
    person: str | None


# Times travel as epoch milliseconds: decoding thousands of DateTimes costs more than the read.
FEED = """
MATCH (r:Revocation) WHERE r.at > datetime($since)
RETURN r.at.epochMillis AS at, r.family AS family, r.person AS person
ORDER BY r.at
LIMIT $limit
"""


@reads
async def revocations_since(
    tx: AsyncManagedTransaction, since: datetime, limit: int = 10_000
) -> list[Revocation]:
    """Sessions ended and people erased after `since`, oldest first."""
    result = await tx.run(FEED, since=since.isoformat(), limit=limit)
    return [
        Revocation(datetime.fromtimestamp(at / 1000, UTC), family, person)
        async for at, family, person in result
    ]


PRUNE = """
MATCH (r:Revocation) WHERE r.at < datetime() - duration({seconds: $keep})
WITH r LIMIT 1000
DELETE r
RETURN count(*) AS pruned
"""


@writes
async def prune_revocations(tx: AsyncManagedTransaction, keep_seconds: int) -> None:
    """Forget revocations older than any access token can be (a batch at a time)."""
    await execute(tx, PRUNE, keep=keep_seconds)

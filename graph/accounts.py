"""Local accounts for people without an institutional login: e-mail and password.

No answer reveals whether an e-mail address has an account; repeated wrong passwords lock
the account for a while; e-mailed tokens are single-use, expire, and are stored as hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from neo4j import AsyncManagedTransaction

from graph import sessions
from graph.cypher import execute, single
from graph.database import Graph

LOCK_AFTER_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
VERIFY_FOR = timedelta(days=2)
RESET_FOR = timedelta(hours=1)
RESET_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Registration:
    person_id: str
    verify_token: str | None  # None: the address already has an account


REGISTER_FACTS = """
OPTIONAL MATCH (p:Person {email: $email})
RETURN p.id AS id, p.passwordHash IS NOT NULL AS hasPassword
"""
REGISTER = """
MERGE (p:Person {email: $email})
  ON CREATE SET p.id = randomUUID(), p.name = $name, p.createdAt = datetime()
SET p.passwordHash = $hash, p.emailVerified = false,
    p.name = CASE WHEN p.name IS NULL OR p.name = p.email THEN $name ELSE p.name END
CREATE (p)<-[:FOR]-(:AccountToken {hash: $token, purpose: 'VERIFY', createdAt: datetime(),
                                   expiresAt: datetime() + duration({seconds: $ttl})})
RETURN p.id AS id
"""


async def _register(
    tx: AsyncManagedTransaction, email: str, name: str, password_hash: str
) -> Registration:
    facts = await single(tx, REGISTER_FACTS, email=email)
    if facts is not None and facts["id"] is not None and facts["hasPassword"]:
        return Registration(facts["id"], None)
    token = secrets.token_urlsafe(32)
    record = await single(
        tx,
        REGISTER,
        email=email,
        name=name,
        hash=password_hash,
        token=_hash(token),
        ttl=int(VERIFY_FOR.total_seconds()),
    )
    assert record is not None
    return Registration(record["id"], token)


async def register(graph: Graph, email: str, name: str, password_hash: str) -> Registration:
    """Create the account (or give an invited person a password) and a verification token."""
    return await graph.write(_register, email, name, password_hash)


SINGLE_USE_FACTS = """
MATCH (t:AccountToken {hash: $hash, purpose: $purpose})-[:FOR]->(p:Person)
SET t.seen = coalesce(t.seen, 0) + 1
RETURN p.id AS person, t.usedAt IS NOT NULL AS used, t.expiresAt < datetime() AS expired
"""
MARK_USED = "MATCH (t:AccountToken {hash: $hash}) SET t.usedAt = datetime()"
VERIFIED = "MATCH (p:Person {id: $person}) SET p.emailVerified = true"


async def _take(tx: AsyncManagedTransaction, token: str, purpose: str) -> str | None:
    facts = await single(tx, SINGLE_USE_FACTS, hash=_hash(token), purpose=purpose)
    if facts is None or facts["used"] or facts["expired"]:
        return None
    await execute(tx, MARK_USED, hash=_hash(token))
    person: str = facts["person"]
    return person


async def _verify(tx: AsyncManagedTransaction, token: str) -> str | None:
    person = await _take(tx, token, "VERIFY")
    if person is not None:
        await execute(tx, VERIFIED, person=person)
    return person


async def verify_email(graph: Graph, token: str) -> str | None:
    """Mark the address verified; the person's id, or None for a bad or used token."""
    return await graph.write(_verify, token)


@dataclass(frozen=True)
class LoginFacts:
    person_id: str | None
    password_hash: str | None
    verified: bool
    locked: bool


# Locks the person so that counting failures is exact under parallel guesses.
LOGIN_FACTS = """
OPTIONAL MATCH (p:Person {email: $email}) WHERE p.deletedAt IS NULL
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END |
  SET p.loginVersion = coalesce(p.loginVersion, 0) + 1)
RETURN p.id AS id, p.passwordHash AS hash, coalesce(p.emailVerified, false) AS verified,
       coalesce(p.lockedUntil > datetime(), false) AS locked
"""
FAILED = """
MATCH (p:Person {id: $person})
SET p.failedLogins = coalesce(p.failedLogins, 0) + 1
WITH p
FOREACH (_ IN CASE WHEN p.failedLogins >= $limit THEN [1] ELSE [] END |
  SET p.lockedUntil = datetime() + duration({seconds: $lockFor}), p.failedLogins = 0)
"""
SUCCEEDED = "MATCH (p:Person {id: $person}) SET p.failedLogins = 0, p.lastLoginAt = datetime()"


async def _login(
    tx: AsyncManagedTransaction, email: str, check: Callable[[str | None], bool]
) -> str:
    record = await single(tx, LOGIN_FACTS, email=email)
    assert record is not None
    facts = LoginFacts(record["id"], record["hash"], record["verified"], record["locked"])
    matches = check(facts.password_hash)  # always run: equal time for unknown addresses
    if facts.person_id is None or facts.locked:
        return "refused"
    if not matches:
        await execute(
            tx,
            FAILED,
            person=facts.person_id,
            limit=LOCK_AFTER_FAILURES,
            lockFor=int(LOCK_FOR.total_seconds()),
        )
        return "refused"
    if not facts.verified:
        return "unverified"
    await execute(tx, SUCCEEDED, person=facts.person_id)
    return facts.person_id


async def login(graph: Graph, email: str, check: Callable[[str | None], bool]) -> str:
    """The person's id, or "refused" / "unverified"; failures are counted and committed."""
    return await graph.write(_login, email, check)


RESET_FACTS = """
MATCH (p:Person {email: $email}) WHERE p.deletedAt IS NULL AND p.passwordHash IS NOT NULL
SET p.resetVersion = coalesce(p.resetVersion, 0) + 1
RETURN p.id AS id,
       coalesce(p.lastResetAt > datetime() - duration({seconds: $every}), false) AS recent
"""
CREATE_RESET = """
MATCH (p:Person {id: $person})
SET p.lastResetAt = datetime()
CREATE (p)<-[:FOR]-(:AccountToken {hash: $token, purpose: 'RESET', createdAt: datetime(),
                                   expiresAt: datetime() + duration({seconds: $ttl})})
"""


async def _request_reset(tx: AsyncManagedTransaction, email: str) -> str | None:
    facts = await single(tx, RESET_FACTS, email=email, every=int(RESET_EVERY.total_seconds()))
    if facts is None or facts["recent"]:
        return None
    token = secrets.token_urlsafe(32)
    await execute(
        tx, CREATE_RESET, person=facts["id"], token=_hash(token), ttl=int(RESET_FOR.total_seconds())
    )
    return token


async def request_reset(graph: Graph, email: str) -> str | None:
    """A reset token to mail, or None (no such account, or one was sent a minute ago)."""
    return await graph.write(_request_reset, email)


SET_CREDENTIAL = """
MATCH (p:Person {id: $person})
SET p.passwordHash = $hash, p.failedLogins = 0, p.lockedUntil = null, p.emailVerified = true
"""


async def _reset(tx: AsyncManagedTransaction, token: str, password_hash: str) -> list[str] | None:
    person = await _take(tx, token, "RESET")
    if person is None:
        return None
    await execute(tx, SET_CREDENTIAL, person=person, hash=password_hash)
    return await sessions.end_all(tx, person, "password reset")


async def reset_password(graph: Graph, token: str, password_hash: str) -> list[str] | None:
    """Set a new password with a reset token; every open session of the person ends (the
    sessions ended are returned; None: the token is not valid)."""
    return await graph.write(_reset, token, password_hash)

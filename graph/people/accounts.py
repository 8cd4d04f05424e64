"""Local accounts for people without an institutional login: e-mail and password.

No answer reveals whether an e-mail address has an account; repeated wrong passwords slow
further attempts down (graph.core.throttles), most for the client making them, and tell the
owner; e-mailed tokens are single-use, expire, and are stored as hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from neo4j import AsyncManagedTransaction

from graph.core import throttles
from graph.core.cypher import execute, one, single
from graph.core.throttles import Rule
from graph.core.transactions import writes
from graph.notifications import outbox
from graph.people import sessions


# A person added to an organisation or university by address who has made no account since
# (no password, no identity): registering, or an invitation to endorse, makes theirs.
def invited_only(person: str) -> str:
    """Cypher: the node `person` was added by address and has no account yet."""
    return (
        f"({person}.invitedAt IS NOT NULL AND {person}.passwordHash IS NULL"
        f" AND NOT EXISTS {{ ({person})<-[:OF]-(:Identity) }})"
    )


INVITED_ONLY = invited_only("p")
VERIFY_FOR = timedelta(days=2)
RESET_FOR = timedelta(hours=1)
RESET_EVERY = timedelta(minutes=1)
DAY, HOUR = 86_400, 3_600

# Sign-in: by address and client together (the owner signing in elsewhere is not slowed by
# someone guessing), by address alone (guessing from many clients: milder, and capped at
# five minutes, so nobody can keep an owner out), by client alone (one client trying many
# addresses). Delays grow per failure; a success forgets the address's failures.
SIGN_IN_PAIR = Rule("sign-in", free=5, base_seconds=2, cap_seconds=900, forget_seconds=DAY)
SIGN_IN_ADDRESS = Rule(
    "sign-in-address", free=20, base_seconds=1, cap_seconds=300, forget_seconds=DAY
)
SIGN_IN_CLIENT = Rule(
    "sign-in-client", free=50, base_seconds=1, cap_seconds=900, forget_seconds=DAY
)
# The owner hears when this many wrong passwords were tried for their address.
NOTICE_AFTER = 5
# Mail to an address that did not ask for it: one registration mail per quarter of an hour.
REGISTER_ADDRESS = Rule(
    "register-address", free=1, base_seconds=900, cap_seconds=900, forget_seconds=900
)
# One client registers (or asks for resets) ten times an hour without delay.
REGISTER_CLIENT = Rule(
    "register-client", free=10, base_seconds=60, cap_seconds=HOUR, forget_seconds=HOUR
)
RESET_CLIENT = Rule("reset-client", free=10, base_seconds=60, cap_seconds=HOUR, forget_seconds=HOUR)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Registration:
    person_id: str | None
    verify_token: str | None  # None: the address already has an account
    mail: bool = True  # False: this address got a mail from Kring moments ago
    wait_seconds: int = 0  # > 0: this client registers too often; nothing was done


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


@writes
async def register(
    tx: AsyncManagedTransaction, email: str, client: str, name: str, password_hash: str
) -> Registration:
    """Create the account (or give an invited person a password) and a verification token;
    throttled per client, and per address for the mail it causes."""
    busy = await throttles.attempt(tx, [REGISTER_CLIENT.key(client)])
    if busy.wait_seconds:
        return Registration(None, None, mail=False, wait_seconds=busy.wait_seconds)
    if (await throttles.attempt(tx, [REGISTER_ADDRESS.key(email)])).wait_seconds:
        return Registration(None, None, mail=False)
    facts = await single(tx, REGISTER_FACTS, email=email)
    if facts is not None and facts["id"] is not None and facts["hasPassword"]:
        return Registration(facts["id"], None)
    token = secrets.token_urlsafe(32)
    record = await one(
        tx,
        REGISTER,
        email=email,
        name=name,
        hash=password_hash,
        token=_hash(token),
        ttl=int(VERIFY_FOR.total_seconds()),
    )
    return Registration(record["id"], token)


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


@writes
async def verify_email(tx: AsyncManagedTransaction, token: str) -> str | None:
    """Mark the address verified; the person's id, or None for a bad or used token."""
    person = await _take(tx, token, "VERIFY")
    if person is not None:
        await execute(tx, VERIFIED, person=person)
    return person


@dataclass(frozen=True)
class SignIn:
    person_id: str | None  # set when signed in
    refused: str | None = None  # "password", "unverified" or "wait"
    wait_seconds: int = 0


LOGIN_FACTS = """
OPTIONAL MATCH (p:Person {email: $email}) WHERE p.deletedAt IS NULL
RETURN p.id AS id, p.passwordHash AS hash, coalesce(p.emailVerified, false) AS verified
"""
SUCCEEDED = "MATCH (p:Person {id: $person}) SET p.lastLoginAt = datetime()"


@writes
async def login(
    tx: AsyncManagedTransaction, email: str, client: str, check: Callable[[str | None], bool]
) -> SignIn:
    """Sign in, or say why not; the attempt is counted (and committed) either way."""
    pair, address = SIGN_IN_PAIR.key(email, client), SIGN_IN_ADDRESS.key(email)
    # Every attempt counts (under the throttles' locks, so parallel guesses queue up);
    # the ones that succeed are forgotten again below.
    tried = await throttles.attempt(tx, [pair, address, SIGN_IN_CLIENT.key(client)])
    if tried.wait_seconds:
        return SignIn(None, "wait", tried.wait_seconds)
    record = await one(tx, LOGIN_FACTS, email=email)
    matches = check(record["hash"])  # always run: equal time for unknown addresses
    if record["id"] is None or not matches:
        if record["id"] is not None and tried.counts.get(address.key) == NOTICE_AFTER:
            await outbox.record(
                tx,
                outbox.Kind.SIGN_IN_ATTEMPTS,
                outbox.Audience.PEOPLE,
                [record["id"]],
                {"attempts": NOTICE_AFTER},
            )
        return SignIn(None, "password")
    if not record["verified"]:
        return SignIn(None, "unverified")
    await throttles.clear(tx, [pair, address])
    await execute(tx, SUCCEEDED, person=record["id"])
    return SignIn(record["id"])


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


@dataclass(frozen=True)
class Reset:
    token: str | None  # to mail; None: no such account, or one went out a minute ago
    wait_seconds: int = 0  # > 0: this client asks too often; nothing was done


@writes
async def request_reset(tx: AsyncManagedTransaction, email: str, client: str) -> Reset:
    """A reset token to mail (at most one a minute per address), throttled per client."""
    busy = await throttles.attempt(tx, [RESET_CLIENT.key(client)])
    if busy.wait_seconds:
        return Reset(None, busy.wait_seconds)
    facts = await single(tx, RESET_FACTS, email=email, every=int(RESET_EVERY.total_seconds()))
    if facts is None or facts["recent"]:
        return Reset(None)
    token = secrets.token_urlsafe(32)
    await execute(
        tx, CREATE_RESET, person=facts["id"], token=_hash(token), ttl=int(RESET_FOR.total_seconds())
    )
    return Reset(token)


SET_CREDENTIAL = """
MATCH (p:Person {id: $person})
SET p.passwordHash = $hash, p.emailVerified = true
REMOVE p.failedLogins, p.lockedUntil
"""


@writes
async def reset_password(
    tx: AsyncManagedTransaction, token: str, password_hash: str
) -> list[str] | None:
    """Set a new password with a reset token; every open session of the person ends (the
    sessions ended are returned; None: the token is not valid)."""
    person = await _take(tx, token, "RESET")
    if person is None:
        return None
    await execute(tx, SET_CREDENTIAL, person=person, hash=password_hash)
    return await sessions.end_all(tx, person, "password reset")

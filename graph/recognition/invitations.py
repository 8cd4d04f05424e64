"""An e-mailed invitation to endorse, seen from its link: what it is about before anyone signs
in, and joining Kring through it in one step.

The link went to the invited address and nowhere else, so holding it proves the address, as
the link of a confirmation mail does: the account it makes is verified at once, and its
first act is to accept the invitation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import throttles
from graph.core.cypher import one, single
from graph.core.transactions import reads, writes
from graph.people import sessions
from graph.people.accounts import INVITED_ONLY, REGISTER_CLIENT
from graph.recognition.endorsements import redeem_invitation, token_hash


@dataclass(frozen=True)
class Invitation:
    email: str
    learner_name: str
    claim_title: str
    state: str  # "open", "used" or "expired"
    has_account: bool  # the address already belongs to someone on Kring


# Someone added to an organisation by address before joining has no account yet.
HAS_ACCOUNT = "(p IS NOT NULL AND NOT " + INVITED_ONLY + ")"

PEEK = (
    """
MATCH (c:Claim)-[:REQUESTED]->(r:EndorsementRequest {tokenHash: $tokenHash})
WHERE r.email IS NOT NULL
MATCH (learner:Person)-[:CLAIMED]->(c)
OPTIONAL MATCH (p:Person {email: r.email})
RETURN r.email AS email, learner.name AS learnerName, c.title AS title, r.usedAt AS usedAt,
       r.expiresAt AS expiresAt, """
    + HAS_ACCOUNT
    + """ AS hasAccount
"""
)


def _state(record: Any) -> str:
    if record["usedAt"] is not None:
        return "used"
    if record["expiresAt"].to_native() <= datetime.now(UTC):
        return "expired"
    return "open"


@reads
async def invitation(tx: AsyncManagedTransaction, token: str) -> Invitation | None:
    """What the link is about, for whoever holds it (None: no such link)."""
    if not token or len(token) > 200:
        return None
    record = await single(tx, PEEK, tokenHash=token_hash(token))
    if record is None:
        return None
    return Invitation(
        email=record["email"],
        learner_name=record["learnerName"],
        claim_title=record["title"],
        state=_state(record),
        has_account=bool(record["hasAccount"]),
    )


@dataclass(frozen=True)
class Joined:
    refused: str | None = None  # "invalid", "used", "expired", "has_account" or "wait"
    claim_id: str | None = None
    session: sessions.Issued | None = None
    wait_seconds: int = 0


# The SET takes the invitation's write lock: two uses of one link cannot both make accounts.
LOCK = (
    """
MATCH (c:Claim)-[:REQUESTED]->(r:EndorsementRequest {tokenHash: $tokenHash})
WHERE r.email IS NOT NULL
SET r.version = coalesce(r.version, 0) + 1
WITH r
OPTIONAL MATCH (p:Person {email: r.email})
RETURN r.email AS email, r.usedAt AS usedAt, r.expiresAt AS expiresAt,
       """
    + HAS_ACCOUNT
    + """ AS hasAccount
"""
)
CREATE_PERSON = """
MERGE (p:Person {email: $email})
  ON CREATE SET p.id = randomUUID(), p.createdAt = datetime()
SET p.name = $name, p.passwordHash = $hash, p.emailVerified = true
RETURN p.id AS id
"""


@writes
async def join(
    tx: AsyncManagedTransaction, token: str, client: str, name: str, password_hash: str
) -> Joined:
    """Make a verified account for the invited address, accept the invitation as it and open
    a session, all at once; or say why not (throttled per client like registration)."""
    busy = await throttles.attempt(tx, [REGISTER_CLIENT.key(client)])
    if busy.wait_seconds:
        return Joined(refused="wait", wait_seconds=busy.wait_seconds)
    facts = await single(tx, LOCK, tokenHash=token_hash(token)) if len(token) <= 200 else None
    if facts is None:
        return Joined(refused="invalid")
    state = _state(facts)
    if state != "open":
        return Joined(refused=state)
    if facts["hasAccount"]:
        return Joined(refused="has_account")
    person = await one(tx, CREATE_PERSON, email=facts["email"], name=name, hash=password_hash)
    claim_id = await redeem_invitation.within(tx, person["id"], token)
    issued = await sessions.start.within(tx, person["id"])
    return Joined(claim_id=claim_id, session=issued)

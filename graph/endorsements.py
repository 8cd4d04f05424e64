"""Endorsement requests and endorsements: who may vouch for a claim, and with what standing.

Rules: nobody endorses their own claim; SUPERVISOR counts only from a supervisor (or admin)
of the organisation that ran the opportunity; TEACHER only from a teacher of a university;
one endorsement per endorser per claim; an endorsement can be withdrawn until the badge is
issued. The endorsement that meets the policy issues the badge in the same transaction.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from neo4j import AsyncManagedTransaction

from graph import audit, outbox
from graph.access import Guard, Standing
from graph.assertions import issue_if_due
from graph.claims import CLAIM_BY_ID, Claim, claim_from, lock_claim
from graph.cypher import execute, single
from graph.database import Graph
from graph.errors import BadUserInput, Conflict, Forbidden, NotFound
from graph.vocabulary import Relationship

INVITATION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class EndorsementRequest:
    id: str
    email: str | None
    person_id: str | None
    expires_at: datetime
    token: str | None  # only when just created for an e-mail address: the link's secret


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


REQUEST = """
MATCH (c:Claim {id: $claim})
OPTIONAL MATCH (byId:Person {id: $person})
OPTIONAL MATCH (byEmail:Person {email: $email})
WITH c, coalesce(byId, byEmail) AS invitee
CREATE (c)-[:REQUESTED]->(r:EndorsementRequest {
  id: randomUUID(), email: $email, tokenHash: $tokenHash, message: $message,
  createdAt: datetime(), expiresAt: datetime() + duration({days: $days})
})
FOREACH (p IN CASE WHEN invitee IS NULL THEN [] ELSE [invitee] END |
  CREATE (r)-[:TO]->(p))
RETURN r.id AS id, r.expiresAt AS expiresAt, invitee.id AS inviteeId,
       invitee IS NULL AND $person IS NOT NULL AS unknownPerson
"""


async def _request(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    person_id: str | None,
    email: str | None,
    message: str,
) -> EndorsementRequest:
    facts, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    if facts["status"] != "OPEN":
        raise Conflict("The badge is already issued; it needs no more endorsements.")
    token = secrets.token_urlsafe(32) if email else None
    record = await single(
        tx,
        REQUEST,
        claim=claim_id,
        person=person_id,
        email=email,
        tokenHash=token_hash(token) if token else None,
        message=message,
        days=INVITATION_LIFETIME.days,
    )
    assert record is not None
    if record["unknownPerson"]:
        raise NotFound("No such person.", field="personId")
    if record["inviteeId"] == actor_id:
        raise BadUserInput("You cannot ask yourself to endorse your own claim.", field="personId")
    await audit.record(tx, actor_id, "request_endorsement", audit.TargetKind.CLAIM, claim_id)
    if record["inviteeId"]:
        await outbox.record(
            tx,
            outbox.Kind.ENDORSEMENT_REQUESTED,
            outbox.Audience.PEOPLE,
            [record["inviteeId"]],
            {"claimId": claim_id},
        )
    return EndorsementRequest(
        id=record["id"],
        email=email,
        person_id=record["inviteeId"],
        expires_at=record["expiresAt"].to_native(),
        token=token,
    )


async def request_endorsement(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    *,
    person_id: str | None = None,
    email: str | None = None,
    message: str = "",
) -> EndorsementRequest:
    """Invite a person, or anyone by e-mail through a single-use, expiring link."""
    if (person_id is None) == (email is None):
        raise BadUserInput("Invite either a person or an e-mail address.", field="personId")
    return await graph.write(_request, actor_id, guard, claim_id, person_id, email, message)


REDEEM = """
MATCH (c:Claim)-[:REQUESTED]->(r:EndorsementRequest {tokenHash: $tokenHash})
MATCH (learner:Person)-[:CLAIMED]->(c)
SET r.version = coalesce(r.version, 0) + 1
RETURN r.id AS id, r.usedAt AS usedAt, r.expiresAt AS expiresAt, c.id AS claimId,
       learner.id AS learnerId
"""
USE = """
MATCH (r:EndorsementRequest {id: $id})
MATCH (p:Person {id: $actor})
SET r.usedAt = datetime(), r.usedBy = $actor
MERGE (r)-[:TO]->(p)
"""


async def _redeem(tx: AsyncManagedTransaction, actor_id: str, token: str) -> str:
    record = await single(tx, REDEEM, tokenHash=token_hash(token))
    if record is None:
        raise NotFound("This invitation link is not valid.", field="token")
    if record["usedAt"] is not None:
        raise Conflict("This invitation link was already used.")
    if record["expiresAt"].to_native() <= datetime.now(UTC):
        raise Conflict("This invitation link has expired; ask for a new one.")
    if record["learnerId"] == actor_id:
        raise Forbidden("You cannot endorse your own claim.")
    await execute(tx, USE, id=record["id"], actor=actor_id)
    await audit.record(tx, actor_id, "redeem_invitation", audit.TargetKind.CLAIM, record["claimId"])
    claim_id: str = record["claimId"]
    return claim_id


async def redeem_invitation(graph: Graph, actor_id: str, token: str) -> str:
    """Accept an e-mailed invitation as the signed-in person; returns the claim's id."""
    if not token or len(token) > 200:
        raise NotFound("This invitation link is not valid.", field="token")
    return await graph.write(_redeem, actor_id, token)


ENDORSE_FACTS = """
MATCH (c:Claim {id: $claim})
OPTIONAL MATCH (c)-[:FROM]->(:Application)-[:FOR]->(:Opportunity)-[:OFFERED_BY]->(host:Organisation)
RETURN EXISTS {
         (:Person {id: $actor})-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
       } AS already,
       EXISTS { (:Person {id: $actor})-[:MEMBER_OF {role: 'TEACHER'}]->(:University) }
         AS teacher,
       host IS NOT NULL AND EXISTS {
         (:Person {id: $actor})-[m:MEMBER_OF]->(host) WHERE m.role IN ['SUPERVISOR', 'ADMIN']
       } AS supervisor
"""
ENDORSE = """
MATCH (c:Claim {id: $claim})
MATCH (p:Person {id: $actor})
CREATE (p)-[:ENDORSED]->(e:Endorsement {
  id: randomUUID(), relationship: $relationship, testimonial: $testimonial,
  observed: $observed, status: 'ACTIVE', createdAt: datetime()
})-[:OF]->(c)
RETURN e.id AS id
"""


async def _endorse(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    relationship: Relationship,
    testimonial: str,
    observed: str,
) -> Claim:
    facts, standing = await lock_claim(tx, claim_id, actor_id)
    if standing.is_owner:
        raise Forbidden("You cannot endorse your own claim.")
    guard(standing)
    if facts["status"] != "OPEN":
        raise Conflict("The badge is already issued.")
    rules = await single(tx, ENDORSE_FACTS, claim=claim_id, actor=actor_id)
    assert rules is not None
    if rules["already"]:
        raise Conflict("You already endorsed this claim; withdraw that endorsement first.")
    if relationship is Relationship.TEACHER and not rules["teacher"]:
        raise Forbidden("Only a teacher of a university can endorse as TEACHER.")
    if relationship is Relationship.SUPERVISOR and not rules["supervisor"]:
        raise Forbidden(
            "Only a supervisor of the organisation that ran the opportunity can endorse "
            "as SUPERVISOR."
        )
    record = await single(
        tx,
        ENDORSE,
        claim=claim_id,
        actor=actor_id,
        relationship=relationship.value,
        testimonial=testimonial,
        observed=observed,
    )
    assert record is not None
    await audit.record(
        tx, actor_id, "endorse", audit.TargetKind.ENDORSEMENT, record["id"], claim_id
    )
    await outbox.record(
        tx,
        outbox.Kind.ENDORSEMENT_RECEIVED,
        outbox.Audience.PEOPLE,
        [facts["learnerId"]],
        {"claimId": claim_id, "relationship": relationship.value},
    )
    await issue_if_due(tx, claim_id, actor_id)
    claim = await single(tx, CLAIM_BY_ID, claim=claim_id)
    assert claim is not None
    return claim_from(claim["claim"])


async def endorse(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    relationship: Relationship,
    testimonial: str,
    observed: str,
) -> Claim:
    """Endorse a claim one was invited to; issues the badge when this meets the policy."""
    return await graph.write(
        _endorse, actor_id, guard, claim_id, relationship, testimonial, observed
    )


WITHDRAW_FACTS = """
MATCH (endorser:Person)-[:ENDORSED]->(e:Endorsement {id: $id})-[:OF]->(c:Claim)
SET c.version = coalesce(c.version, 0) + 1
RETURN endorser.id AS endorserId, e.status AS status, c.status AS claimStatus, c.id AS claimId
"""
WITHDRAW = """
MATCH (e:Endorsement {id: $id})
SET e.status = 'WITHDRAWN', e.withdrawnAt = datetime()
"""


async def _withdraw(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, endorsement_id: str
) -> Claim:
    facts = await single(tx, WITHDRAW_FACTS, id=endorsement_id)
    if facts is None:
        raise NotFound("No such endorsement.", field="id")
    guard(Standing(actor_id=actor_id, is_owner=facts["endorserId"] == actor_id))
    if facts["status"] != "ACTIVE":
        raise Conflict("This endorsement is already withdrawn.")
    if facts["claimStatus"] != "OPEN":
        raise Conflict("The badge is issued; the endorsement is part of it now.")
    await execute(tx, WITHDRAW, id=endorsement_id)
    await audit.record(
        tx, actor_id, "withdraw", audit.TargetKind.ENDORSEMENT, endorsement_id, facts["claimId"]
    )
    claim = await single(tx, CLAIM_BY_ID, claim=facts["claimId"])
    assert claim is not None
    return claim_from(claim["claim"])


async def withdraw(graph: Graph, actor_id: str, guard: Guard, endorsement_id: str) -> Claim:
    """Withdraw one's endorsement while the badge is not yet issued."""
    return await graph.write(_withdraw, actor_id, guard, endorsement_id)

"""Endorsement requests and endorsements: who may vouch for a claim, and with what standing.

Rules: nobody endorses their own claim; SUPERVISOR counts only from a supervisor (or admin)
of the organisation that ran the opportunity; TEACHER only from a teacher of a university;
one endorsement per endorser per claim; an endorsement can be withdrawn until the claim is
decided. The endorsement that meets the policy moves the claim on in the same transaction
(see graph.issuance.advance). Instead of endorsing, an invited person may ask for more
evidence.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import Guard, Standing
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import BadUserInput, Conflict, Forbidden, NotFound
from graph.core.state_machines import CLAIM
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ClaimMessageKind, ClaimStatus, Relationship
from graph.notifications import outbox
from graph.recognition.claims import (
    Assessment,
    Claim,
    assessment_params,
    check_assessment,
    lock_claim,
    post_message,
    read_claim,
)
from graph.recognition.issuance import advance

INVITATION_LIFETIME = timedelta(days=14)
# Invitations go out by e-mail: bounds keep Kring from becoming a way to send spam.
MAX_REQUESTS_PER_CLAIM = 25
MAX_EMAIL_INVITATIONS_PER_DAY = 20  # per learner, over all their claims


@dataclass(frozen=True)
class EndorsementRequest:
    id: str
    email: str | None
    person_id: str | None
    expires_at: datetime
    token: str | None  # only when just created for an e-mail address: the link's secret
    created_at: datetime
    message: str
    person_name: str | None  # only for a person invited by id (an address stays an address)
    accepted_at: datetime | None = None  # its e-mailed link was used
    endorsed: bool = False  # the person it reached endorsed the claim (and did not withdraw)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Takes the learner's lock: the daily count spans all their claims.
LIMITS = """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})
SET learner.invitationsVersion = coalesce(learner.invitationsVersion, 0) + 1
RETURN COUNT { (c)-[:REQUESTED]->(:EndorsementRequest) } AS onClaim,
       COUNT { (learner)-[:CLAIMED]->(:Claim)-[:REQUESTED]->(r:EndorsementRequest)
               WHERE r.email IS NOT NULL AND r.createdAt > datetime() - duration('P1D') }
         AS emailedToday
"""
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
RETURN r.id AS id, r.expiresAt AS expiresAt, r.createdAt AS createdAt, invitee.id AS inviteeId,
       invitee.name AS inviteeName, invitee IS NULL AND $person IS NOT NULL AS unknownPerson
"""


@writes
async def request_endorsement(
    tx: AsyncManagedTransaction,
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
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    CLAIM.next("invite endorsers to", locked.status)
    limits = await one(tx, LIMITS, claim=claim_id)
    if limits["onClaim"] >= MAX_REQUESTS_PER_CLAIM:
        raise Conflict(f"A claim can ask at most {MAX_REQUESTS_PER_CLAIM} people to endorse it.")
    if email and limits["emailedToday"] >= MAX_EMAIL_INVITATIONS_PER_DAY:
        raise Conflict(
            f"At most {MAX_EMAIL_INVITATIONS_PER_DAY} invitations by e-mail a day; invite "
            "people on Kring by name, or try again tomorrow."
        )
    token = secrets.token_urlsafe(32) if email else None
    record = await one(
        tx,
        REQUEST,
        claim=claim_id,
        person=person_id,
        email=email,
        tokenHash=token_hash(token) if token else None,
        message=message,
        days=INVITATION_LIFETIME.days,
    )
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
            {"claimId": claim_id, "title": locked.title},
        )
    elif email and token:
        # Someone not on Kring (yet) hears by e-mail, with the link to sign in and endorse.
        await outbox.invite_by_email(
            tx,
            record["id"],
            email,
            {"claimId": claim_id, "title": locked.title},
            f"/endorse/{token}",
        )
    return EndorsementRequest(
        id=record["id"],
        email=email,
        person_id=record["inviteeId"],
        expires_at=record["expiresAt"].to_native(),
        token=token,
        created_at=record["createdAt"].to_native(),
        message=message,
        person_name=record["inviteeName"] if email is None else None,
    )


# Newest first. Whom an e-mail reached stays unsaid: an address the learner typed must not
# tell them whether, or as whom, it is on Kring.
REQUESTS_OF_CLAIMS = """
UNWIND $ids AS wanted
MATCH (c:Claim {id: wanted})
CALL (c) {
  MATCH (c)-[:REQUESTED]->(r:EndorsementRequest)
  OPTIONAL MATCH (r)-[:TO]->(p:Person)
  WITH c, r, collect(p) AS reached
  WITH r, reached,
       any(p IN reached WHERE EXISTS {
         (p)-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
       }) AS endorsed
  ORDER BY r.createdAt DESC, r.id
  RETURN collect(r { .id, .email, .message, .createdAt, .expiresAt, .usedAt,
                     personId: CASE WHEN r.email IS NULL THEN head(reached).id END,
                     personName: CASE WHEN r.email IS NULL THEN head(reached).name END,
                     endorsed: endorsed }) AS requests
}
RETURN c.id AS id, requests
"""


@reads
async def requests_of_claims(
    tx: AsyncManagedTransaction, claim_ids: list[str]
) -> dict[str, tuple[EndorsementRequest, ...]]:
    """Whom each claim's learner asked to endorse it, in one round trip (for a DataLoader)."""
    found = await rows(tx, REQUESTS_OF_CLAIMS, ids=claim_ids)
    return {
        r["id"]: tuple(
            EndorsementRequest(
                id=q["id"],
                email=q.get("email"),
                person_id=q.get("personId"),
                expires_at=q["expiresAt"].to_native(),
                token=None,
                created_at=q["createdAt"].to_native(),
                message=q.get("message") or "",
                person_name=q.get("personName"),
                accepted_at=q["usedAt"].to_native() if q.get("usedAt") else None,
                endorsed=bool(q["endorsed"]),
            )
            for q in r["requests"]
        )
        for r in found
    }


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


@writes
async def redeem_invitation(tx: AsyncManagedTransaction, actor_id: str, token: str) -> str:
    """Accept an e-mailed invitation as the signed-in person; returns the claim's id."""
    if not token or len(token) > 200:
        raise NotFound("This invitation link is not valid.", field="token")
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
  observed: $observed, status: 'ACTIVE', createdAt: datetime(),
  revision: coalesce(c.revision, 1), assessedCriteria: $assessment.criteria,
  assessedLevels: $assessment.levels, assessedComments: $assessment.comments
})-[:OF]->(c)
RETURN e.id AS id
"""


@writes
async def endorse(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    relationship: Relationship,
    testimonial: str,
    observed: str,
    assessment: tuple[Assessment, ...] = (),
) -> Claim:
    """Endorse a claim one was invited to (optionally assessing it on the class's rubric);
    when this meets the policy the claim is issued or goes to the issuer's reviewers."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    if standing.is_owner:
        raise Forbidden("You cannot endorse your own claim.")
    guard(standing)
    CLAIM.next("endorse", locked.status)
    assessment = await check_assessment(tx, claim_id, assessment, complete=False)
    rules = await one(tx, ENDORSE_FACTS, claim=claim_id, actor=actor_id)
    if rules["already"]:
        raise Conflict("You already endorsed this claim; withdraw that endorsement first.")
    if relationship is Relationship.TEACHER and not rules["teacher"]:
        raise Forbidden("Only a teacher of a university can endorse as TEACHER.")
    if relationship is Relationship.SUPERVISOR and not rules["supervisor"]:
        raise Forbidden(
            "Only a supervisor of the organisation that ran the opportunity can endorse "
            "as SUPERVISOR."
        )
    record = await one(
        tx,
        ENDORSE,
        claim=claim_id,
        actor=actor_id,
        relationship=relationship.value,
        testimonial=testimonial,
        observed=observed,
        assessment=assessment_params(assessment),
    )
    await audit.record(
        tx, actor_id, "endorse", audit.TargetKind.ENDORSEMENT, record["id"], claim_id
    )
    await outbox.record(
        tx,
        outbox.Kind.ENDORSEMENT_RECEIVED,
        outbox.Audience.PEOPLE,
        [locked.learner_id],
        {"claimId": claim_id, "relationship": relationship.value},
    )
    await advance(tx, claim_id, actor_id)
    return await read_claim(tx, claim_id)


WITHDRAW_FACTS = """
MATCH (endorser:Person)-[:ENDORSED]->(e:Endorsement {id: $id})-[:OF]->(c:Claim)
SET c.version = coalesce(c.version, 0) + 1
RETURN endorser.id AS endorserId, e.status AS status, c.status AS claimStatus, c.id AS claimId
"""
WITHDRAW = """
MATCH (e:Endorsement {id: $id})
SET e.status = 'WITHDRAWN', e.withdrawnAt = datetime()
"""


@writes
async def withdraw(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, endorsement_id: str
) -> Claim:
    """Withdraw one's endorsement while the claim is not yet decided."""
    facts = await single(tx, WITHDRAW_FACTS, id=endorsement_id)
    if facts is None:
        raise NotFound("No such endorsement.", field="id")
    guard(Standing(actor_id=actor_id, is_owner=facts["endorserId"] == actor_id))
    if facts["status"] != "ACTIVE":
        raise Conflict("This endorsement is already withdrawn.")
    if facts["claimStatus"] == ClaimStatus.ISSUED:
        raise Conflict("The badge is issued; the endorsement is part of it now.")
    CLAIM.next("withdraw an endorsement from", facts["claimStatus"])
    await execute(tx, WITHDRAW, id=endorsement_id)
    await audit.record(
        tx, actor_id, "withdraw", audit.TargetKind.ENDORSEMENT, endorsement_id, facts["claimId"]
    )
    # A claim in review whose policy is no longer met goes back to collecting endorsements.
    await advance(tx, facts["claimId"], actor_id)
    return await read_claim(tx, facts["claimId"])


@writes
async def ask_for_evidence(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, note: str
) -> Claim:
    """An invited endorser asks the learner for more evidence instead of endorsing (yet)."""
    if not note.strip():
        raise BadUserInput("Say what evidence would help.", field="note")
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    if standing.is_owner:
        raise Forbidden("You cannot ask yourself for evidence.")
    guard(standing)
    CLAIM.next("ask for evidence on", locked.status)
    await post_message(tx, claim_id, actor_id, ClaimMessageKind.EVIDENCE_REQUESTED, note)
    await audit.record(tx, actor_id, "ask_for_evidence", audit.TargetKind.CLAIM, claim_id)
    await outbox.record(
        tx,
        outbox.Kind.EVIDENCE_REQUESTED,
        outbox.Audience.PEOPLE,
        [locked.learner_id],
        {"claimId": claim_id, "title": locked.title},
    )
    return await read_claim(tx, claim_id)

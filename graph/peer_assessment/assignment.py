"""Submitting a portfolio for peer assessment, and choosing its reviewers.

A submission is a claim of a peer-assessed class with `peerReview` set; it keeps the numbers
the class had when it was submitted (reviewers, passing score, disagreement, expiry). Rules
decided for the reviewers, all in ASSIGN, one statement:

* eligible: people holding a live badge that a person assessed (consent REVIEWED or
  PEER_ASSESSED) of a level-2 class of the same domain (any issuer in the network: the
  class's level-2 step) or of the class itself (peers who passed it). Submitting, or a badge
  from a claim code, on the spot or a policy, makes no one a reviewer: else a learner could
  fill their own panel with second accounts;
* never the learner, never anyone who ever endorsed them, never a reciprocal pair (someone
  whose submission the learner was ever assigned to review), never twice on one submission
  (an expired reviewer is not asked again);
* balanced: fewest open assignments first, ties broken at random. (Not drawn from a wider
  band: that would break the spread of at most one, and an idle candidate now is one who
  earned eligibility, so staying idle gains a second account nothing.)

The submission is locked before the statement runs, so two top-ups at once (a new submission
and the sweep, say) fill its last slot once. Too few candidates: it waits, and the sweep
(`sweep`, run by the worker) tops it up as people earn eligibility; it also expires
assignments older than the expiry and asks someone else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from neo4j import AsyncManagedTransaction

from graph.core import audit, throttles
from graph.core.access import Guard, standing_from
from graph.core.cypher import execute, one, rows
from graph.core.database import Graph
from graph.core.errors import Conflict, NotFound
from graph.core.transactions import writes
from graph.core.vocabulary import ClaimKind
from graph.notifications import outbox
from graph.recognition.claims import NewEvidence, check_prerequisites, new_revision
from graph.recognition.issuance import LIVE

DAY = 86400
SUBMISSIONS_PER_DAY = 5
SUBMIT_RULE = throttles.Rule("peer-submit", SUBMISSIONS_PER_DAY, DAY, DAY, DAY)
# Submissions the sweep looks at per run, oldest first.
SWEEP_BATCH = 200


class PeerState:
    """Where a submission stands (stored as the claim's `peerState`)."""

    WAITING = "WAITING"  # fewer reviewers than it needs: topped up as candidates appear
    REVIEWING = "REVIEWING"  # every reviewer assigned; reviews coming in
    DISPUTED = "DISPUTED"  # with the issuer's staff, who issue or decline
    ISSUED = "ISSUED"
    DECLINED = "DECLINED"


SUBMIT_FACTS = (
    """
OPTIONAL MATCH (actor:Person {id: $actor})
SET actor.peerVersion = coalesce(actor.peerVersion, 0) + 1
WITH actor
OPTIONAL MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       [] AS orgRoles, [] AS uniRoles, false AS reviewsClaims,
       b IS NOT NULL AS exists, coalesce(b.peerReview, false) AS enabled,
       coalesce(partner, issuer).id AS brandId,
       EXISTS { (actor)-[:CLAIMED]->(c:Claim {peerReview: true})-[:FOR_BADGE]->(b)
                WHERE c.status = 'OPEN' } AS pending,
       EXISTS { (actor)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b) WHERE """
    + LIVE
    + """ } AS holds
"""
)
SUBMIT = """
MATCH (learner:Person {id: $actor})
MATCH (u:University {id: $brand})
MATCH (b:BadgeClass {id: $badgeClass})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: b.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: b.domain, createdAt: datetime(), version: 0,
  peerReview: true, peerState: 'WAITING', peerSubmittedAt: $now,
  peerNeeded: b.peerReviewers, peerPassingScore: b.peerPassingScore,
  peerDisagreement: b.peerDisagreement, peerExpiryDays: b.peerExpiryDays
})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
RETURN c.id AS id
"""


@writes
async def submit(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    narrative: str,
    evidence: tuple[NewEvidence, ...],
    now: datetime | None = None,
) -> str:
    """Submit a reflexive portfolio to a peer-assessed class; reviewers are assigned at once
    (as many as there are); returns the submission's (claim's) id."""
    when = now or datetime.now(UTC)
    facts = await one(tx, SUBMIT_FACTS, actor=actor_id, badgeClass=badge_class_id)
    guard(standing_from(facts, actor_id, is_owner=True))
    if not facts["exists"]:
        raise NotFound("No such badge class.", field="badgeClassId")
    if not facts["enabled"]:
        raise Conflict(
            "This badge class does not take peer-assessed portfolios.", field="badgeClassId"
        )
    if facts["holds"]:
        raise Conflict("You already hold this badge.", field="badgeClassId")
    if facts["pending"]:
        raise Conflict(
            "You have a submission to this badge class under review already.",
            field="badgeClassId",
        )
    await check_prerequisites(tx, badge_class_id, actor_id)
    if (await throttles.attempt(tx, [SUBMIT_RULE.key(actor_id)])).wait_seconds:
        raise Conflict(
            f"You can submit at most {SUBMISSIONS_PER_DAY} portfolios a day; try again tomorrow."
        )
    made = await one(
        tx,
        SUBMIT,
        actor=actor_id,
        brand=facts["brandId"],
        badgeClass=badge_class_id,
        narrative=narrative,
        kind=ClaimKind.SELF_ASSERTED.value,
        now=when,
    )
    claim_id: str = made["id"]
    await new_revision(tx, claim_id, None, evidence)
    await audit.record(tx, actor_id, "peer_submit", audit.TargetKind.CLAIM, claim_id)
    # Submitting makes no one eligible, so other waiting submissions gain nothing from it:
    # only this one is assigned (the sweep tops the others up).
    await assign(tx, claim_id, when)
    return claim_id


LOCK = "MATCH (c:Claim {id: $claim}) SET c.version = coalesce(c.version, 0) + 1"

# One statement: the reviewers still needed, chosen by the module's rules. The caller holds
# the submission's lock (LOCK), so `needed` cannot change underneath it.
ASSIGN = """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(b:BadgeClass)
// Pinned: on a busy graph the planner may otherwise start from the peerState index.
USING INDEX SEEK c:Claim(id)
WHERE c.status = 'OPEN' AND c.peerState = 'WAITING'
WITH learner, c, b,
     c.peerNeeded - COUNT { (c)<-[:FOR]-(x:PeerAssignment) WHERE x.status IN ['OPEN', 'DONE'] }
       AS needed
WHERE needed > 0
// Who may not review it, read once from the learner and the submission rather than
// checked per candidate: the learner, anyone already asked, anyone who ever endorsed the
// learner, anyone whose submission the learner was ever given (a reciprocal pair).
WITH learner, c, b, needed, [learner]
  + COLLECT { MATCH (c)<-[:FOR]-(:PeerAssignment)<-[:ASSIGNED]-(q:Person) RETURN q }
  + COLLECT { MATCH (learner)-[:CLAIMED]->(:Claim)<-[:OF]-(:Endorsement)<-[:ENDORSED]-(q:Person)
              RETURN q }
  + COLLECT { MATCH (learner)-[:ASSIGNED]->(:PeerAssignment)-[:FOR]->(:Claim)
                    <-[:CLAIMED]-(q:Person) RETURN q } AS excluded
// Eligible: a live badge a person of its issuer assessed (REVIEWED, or PEER_ASSESSED by such
// reviewers): of the level-2 step or of this class. Not a mere submission, nor a badge from
// a claim code, on the spot or a policy: those anyone can obtain for a second account.
CALL (b) {
  MATCH (step:BadgeClass {domain: b.domain, level: 2})
  USING INDEX step:BadgeClass(domain, level)
  MATCH (step)<-[:OF_BADGE]-(a:Assertion)<-[:HOLDS]-(p:Person)
  WHERE a.consent IN ['REVIEWED', 'PEER_ASSESSED']
    AND a.revokedAt IS NULL AND (a.expiresAt IS NULL OR a.expiresAt > $now)
  RETURN p
  UNION
  MATCH (b)<-[:OF_BADGE]-(a:Assertion)<-[:HOLDS]-(p:Person)
  WHERE a.consent IN ['REVIEWED', 'PEER_ASSESSED']
    AND a.revokedAt IS NULL AND (a.expiresAt IS NULL OR a.expiresAt > $now)
  RETURN p
}
WITH c, needed, p, excluded
WHERE NOT p IN excluded AND p.deletedAt IS NULL
WITH c, needed, p, COUNT { (p)-[:ASSIGNED]->(:PeerAssignment {status: 'OPEN'}) } AS load
ORDER BY load, rand()
WITH c, needed, collect(p)[..needed] AS chosen
UNWIND chosen AS p
CREATE (p)-[:ASSIGNED]->(x:PeerAssignment {
  id: randomUUID(), status: 'OPEN', assignedAt: $now,
  expiresAt: $now + duration({days: c.peerExpiryDays})
})-[:FOR]->(c)
RETURN x.id AS id, p.id AS reviewerId, c.title AS title
"""
SETTLE = """
MATCH (c:Claim {id: $claim}) WHERE c.peerState IN ['WAITING', 'REVIEWING']
WITH c, COUNT { (c)<-[:FOR]-(x:PeerAssignment) WHERE x.status IN ['OPEN', 'DONE'] } AS have
SET c.peerState = CASE WHEN have >= c.peerNeeded THEN 'REVIEWING' ELSE 'WAITING' END
"""


@dataclass(frozen=True)
class Assigned:
    assignment_id: str
    reviewer_id: str


async def assign(tx: AsyncManagedTransaction, claim_id: str, now: datetime) -> list[Assigned]:
    """Lock the submission and assign the reviewers it still needs (as many as exist)."""
    await execute(tx, LOCK, claim=claim_id)
    made = await rows(tx, ASSIGN, claim=claim_id, now=now)
    await execute(tx, SETTLE, claim=claim_id)
    if made:
        await outbox.record_each(
            tx,
            outbox.Kind.REVIEW_ASSIGNED,
            [(r["reviewerId"], {"assignmentId": r["id"], "title": r["title"]}) for r in made],
        )
    return [Assigned(r["id"], r["reviewerId"]) for r in made]


@writes
async def top_up(
    tx: AsyncManagedTransaction, claim_id: str, now: datetime | None = None
) -> list[Assigned]:
    """Assign a waiting submission the reviewers it still needs, in its own transaction."""
    return await assign(tx, claim_id, now or datetime.now(UTC))


# --- the sweep: expiry and reassignment --------------------------------------------------------

EXPIRE = """
MATCH (x:PeerAssignment {status: 'OPEN'}) WHERE x.expiresAt <= $now
WITH x ORDER BY x.expiresAt LIMIT $limit
MATCH (p:Person)-[:ASSIGNED]->(x)-[:FOR]->(c:Claim)
SET c.version = coalesce(c.version, 0) + 1
SET x.status = 'EXPIRED', x.expiredAt = $now,
    c.peerState = CASE WHEN c.peerState = 'REVIEWING' THEN 'WAITING' ELSE c.peerState END
RETURN x.id AS id, p.id AS reviewerId, c.id AS claimId, c.title AS title
"""
WAITING = """
MATCH (c:Claim {peerState: 'WAITING'}) WHERE c.status = 'OPEN'
RETURN c.id AS id ORDER BY c.peerSubmittedAt, c.id LIMIT $limit
"""


@writes
async def expire(tx: AsyncManagedTransaction, now: datetime, limit: int) -> list[str]:
    """Expire open assignments past their date; their reviewers are told. Returns the
    submissions that lost a reviewer."""
    expired = await rows(tx, EXPIRE, now=now, limit=limit)
    if expired:
        await outbox.record_each(
            tx,
            outbox.Kind.REVIEW_REASSIGNED,
            [(r["reviewerId"], {"assignmentId": r["id"], "title": r["title"]}) for r in expired],
        )
    for r in expired:
        await audit.record(
            tx, None, "peer_expire", audit.TargetKind.PEER_ASSIGNMENT, r["id"], r["claimId"]
        )
    return sorted({r["claimId"] for r in expired})


@dataclass(frozen=True)
class SweepReport:
    expired: int
    assigned: int


async def sweep(graph: Graph, now: datetime | None = None) -> SweepReport:
    """Expire overdue assignments, then top up waiting submissions (oldest first), each in
    its own transaction. The worker runs it; tests pass an explicit `now`."""
    db = graph
    when = now or datetime.now(UTC)
    expired_claims = await expire(db, when, SWEEP_BATCH)
    waiting = await db.read(_waiting, SWEEP_BATCH)
    assigned = 0
    for claim_id in waiting:
        assigned += len(await top_up(db, claim_id, when))
    return SweepReport(expired=len(expired_claims), assigned=assigned)


async def _waiting(tx: AsyncManagedTransaction, limit: int) -> list[str]:
    return [r["id"] for r in await rows(tx, WAITING, limit=limit)]


# --- account deletion (graph.people.records runs these first) ------------------------------

ERASE_STEPS = (
    # Their submissions go with their claims: the assignments on them go first.
    """
    MATCH (:Person {id: $person})-[:CLAIMED]->(:Claim {peerReview: true})<-[:FOR]-(x:PeerAssignment)
    DETACH DELETE x
    """,
    # Reviews they wrote stay (they decided other learners' submissions) but name no one; an
    # open assignment expires, and its submission waits for someone else (the sweep).
    """
    MATCH (:Person {id: $person})-[r:ASSIGNED]->(x:PeerAssignment)-[:FOR]->(c:Claim)
    WITH r, x, c, x.status = 'OPEN' AS open
    SET x.anonymous = true, x.reviewerGone = true,
        x.status = CASE WHEN open THEN 'EXPIRED' ELSE x.status END,
        c.peerState = CASE WHEN open AND c.peerState = 'REVIEWING'
                           THEN 'WAITING' ELSE c.peerState END
    DELETE r
    """,
)

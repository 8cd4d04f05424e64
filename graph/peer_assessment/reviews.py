"""Peer reviews, what they decide, and the issuer's staff deciding disputes.

Rules decided: a review scores every criterion of the class's rubric (a level and a comment
each); its total is the sum of the levels, and it passes with at least the submission's
passing score and every criterion's minimum level. Once the submission has all its reviews:
totals further apart than the disagreement threshold (max - min) make it DISPUTED, for the
issuer's staff; otherwise all passing issue the badge with the issuer's recorded consent
(Consent.PEER_ASSESSED; withdrawn consent sends it to staff instead); otherwise it is
declined, the reviews visible. A review may be anonymous: the learner then sees no name; the
staff deciding a dispute do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import RUBRIC_CRITERION, RubricCriterion, rubric_from
from graph.core import audit
from graph.core.access import ISSUER_STANDING, Guard, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound, PrerequisitesNotMet
from graph.core.state_machines import CLAIM
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ClaimMessageKind, ClaimStatus, Consent
from graph.notifications import outbox
from graph.peer_assessment.assignment import PeerState
from graph.recognition.claims import (
    RUBRIC,
    Assessment,
    EvidenceItem,
    evidence_from,
    lock_claim,
    post_message,
)
from graph.recognition.issuance import due_facts, issue


class DisputeReason:
    DISAGREEMENT = "DISAGREEMENT"  # the reviews' totals are too far apart
    CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN"  # passed, but the issuer switched peer review off
    PREREQUISITES = "PREREQUISITES"  # passed, but the learner lost a badge it stacks on


@dataclass(frozen=True)
class PeerReview:
    id: str  # the assignment's
    reviewer_id: str | None  # None: anonymous to this reader, or the reviewer left
    reviewer_name: str | None
    anonymous: bool
    total: int
    passed: bool
    scores: tuple[Assessment, ...]
    reviewed_at: datetime


@dataclass(frozen=True)
class Submission:
    id: str  # the claim's
    status: ClaimStatus
    state: str  # PeerState
    dispute_reason: str | None
    learner_id: str
    learner_name: str | None  # for staff only; reviewers and the learner do not need it
    badge_class_id: str
    badge_class_name: str
    issuer_id: str
    issuer_name: str
    narrative: str
    evidence: tuple[EvidenceItem, ...]
    rubric: tuple[RubricCriterion, ...]
    needed: int
    open_assignments: int
    passing_score: int
    disagreement: int
    submitted_at: datetime
    assertion_id: str | None
    reviews: tuple[PeerReview, ...]


@dataclass(frozen=True)
class Assignment:
    id: str
    status: str  # OPEN, DONE, EXPIRED, WITHDRAWN
    assigned_at: datetime
    expires_at: datetime
    submission: Submission  # seen as a reviewer: no learner, no other reviews
    mine: PeerReview | None


# Expects `c`; binds `submission`.
SUBMISSION_FIELDS = (
    """
CALL (c) {
  MATCH (learner:Person)-[:CLAIMED]->(c)-[:FOR_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
  OPTIONAL MATCH (c)-[:ISSUED_AS]->(a:Assertion)
  RETURN learner, b, issuer, a LIMIT 1
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
  WITH ev ORDER BY ev.addedAt, ev.id
  RETURN collect(ev { .id, .kind, .name, .url, .mediaType, .size, .sha256, .description,
                      revision: coalesce(ev.revision, 1) }) AS evidence
}
CALL (c) {
  OPTIONAL MATCH (c)<-[:FOR]-(x:PeerAssignment {status: 'DONE'})
  OPTIONAL MATCH (reviewer:Person)-[:ASSIGNED]->(x)
  WITH x, reviewer WHERE x IS NOT NULL
  WITH x, reviewer ORDER BY x.reviewedAt, x.id
  RETURN collect(x { .id, .total, .passed, .anonymous, .reviewedAt, .criteria, .levels,
                     .comments, reviewerId: reviewer.id, reviewerName: reviewer.name })
         AS reviews
}
CALL (b) {
  OPTIONAL MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion)
  WITH k ORDER BY k.position
  RETURN collect(k """
    + RUBRIC_CRITERION
    + """) AS rubric
}
WITH *, c { .id, .narrative, .status, .peerState, .peerNeeded, .peerPassingScore,
  .peerDisagreement, .peerDisputeReason, .peerSubmittedAt,
  learnerId: learner.id, learnerName: learner.name, badgeClassId: b.id, badgeClassName: b.name,
  issuerId: issuer.id, issuerName: issuer.name, assertionId: a.id,
  openAssignments: COUNT { (c)<-[:FOR]-(:PeerAssignment {status: 'OPEN'}) },
  evidence: evidence, reviews: reviews, rubric: rubric } AS submission
"""
)
SUBMISSION_BY_ID = "MATCH (c:Claim {id: $claim})" + SUBMISSION_FIELDS + "RETURN submission"


def _review(x: dict[str, Any], reveal: bool) -> PeerReview:
    shown = reveal or not x.get("anonymous")
    criteria = x.get("criteria") or []
    return PeerReview(
        id=x["id"],
        reviewer_id=x.get("reviewerId") if shown else None,
        reviewer_name=(x.get("reviewerName") or None) if shown else None,
        anonymous=bool(x.get("anonymous")),
        total=int(x["total"]),
        passed=bool(x["passed"]),
        scores=tuple(
            Assessment(k, int(level), comment)
            for k, level, comment in zip(criteria, x["levels"], x["comments"], strict=True)
        ),
        reviewed_at=x["reviewedAt"].to_native(),
    )


def submission_from(s: dict[str, Any], *, reveal: bool, reviews: bool = True) -> Submission:
    """`reveal`: staff see anonymous reviewers' names; `reviews`: False for a reviewer."""
    return Submission(
        id=s["id"],
        status=ClaimStatus(s["status"]),
        state=s["peerState"],
        dispute_reason=s.get("peerDisputeReason"),
        learner_id=s["learnerId"],
        learner_name=s["learnerName"] if reveal else None,
        badge_class_id=s["badgeClassId"],
        badge_class_name=s["badgeClassName"],
        issuer_id=s["issuerId"],
        issuer_name=s["issuerName"],
        narrative=s.get("narrative") or "",
        evidence=tuple(evidence_from(ev) for ev in s["evidence"]),
        rubric=rubric_from(s["rubric"]),
        needed=int(s["peerNeeded"]),
        open_assignments=int(s["openAssignments"]),
        passing_score=int(s["peerPassingScore"]),
        disagreement=int(s["peerDisagreement"]),
        submitted_at=s["peerSubmittedAt"].to_native(),
        assertion_id=s.get("assertionId"),
        reviews=tuple(_review(x, reveal) for x in s["reviews"]) if reviews else (),
    )


# --- reviewing ------------------------------------------------------------------------------

# Locks the submission first (as assignment and the sweep do), then reads the assignment.
REVIEW_FACTS = """
MATCH (x:PeerAssignment {id: $assignment})-[:FOR]->(c:Claim)
SET c.version = coalesce(c.version, 0) + 1
WITH x, c
OPTIONAL MATCH (reviewer:Person)-[:ASSIGNED]->(x)
OPTIONAL MATCH (actor:Person {id: $actor})
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       [] AS orgRoles, [] AS uniRoles, false AS reviewsClaims,
       reviewer.id AS reviewerId, x.status AS status, c.id AS claimId, c.status AS claimStatus,
       c.peerState AS state, c.peerPassingScore AS passing
"""
SAVE_REVIEW = """
MATCH (x:PeerAssignment {id: $assignment})
SET x.status = 'DONE', x.reviewedAt = $now, x.criteria = $criteria, x.levels = $levels,
    x.comments = $comments, x.total = $total, x.passed = $passed, x.anonymous = $anonymous
"""


def score(
    rubric: tuple[RubricCriterion, ...], scores: tuple[Assessment, ...], passing: int
) -> tuple[tuple[Assessment, ...], int, bool]:
    """The scores in rubric order, their total, and whether the review passes; BAD_USER_INPUT
    unless every criterion is scored once, in range, with a comment."""
    given = {a.criterion_id: (index, a) for index, a in enumerate(scores)}
    if len(given) != len(scores):
        raise BadUserInput("Score each criterion once.", field="scores")
    unknown = sorted(set(given) - {k.id for k in rubric})
    if unknown:
        raise BadUserInput(f"No criterion {unknown[0]} in this rubric.", field="scores")
    ordered: list[Assessment] = []
    passed = True
    for criterion in rubric:
        if criterion.id not in given:
            raise BadUserInput(
                f"Score every criterion of the rubric; {criterion.name!r} is missing.",
                field="scores",
            )
        index, found = given[criterion.id]
        if not 1 <= found.level <= len(criterion.levels):
            raise BadUserInput(
                f"{criterion.name!r} has levels 1 to {len(criterion.levels)}.",
                field=f"scores[{index}].level",
            )
        if not found.comment.strip():
            raise BadUserInput(
                f"Say why you chose this level for {criterion.name!r}.",
                field=f"scores[{index}].comment",
            )
        if criterion.minimum_level and found.level < criterion.minimum_level:
            passed = False
        ordered.append(found)
    total = sum(a.level for a in ordered)
    return tuple(ordered), total, passed and total >= passing


@writes
async def review(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    assignment_id: str,
    scores: tuple[Assessment, ...],
    anonymous: bool,
    now: datetime | None = None,
) -> Assignment:
    """The assigned reviewer scores the portfolio; the last review decides (see the module)."""
    when = now or datetime.now(UTC)
    facts = await single(tx, REVIEW_FACTS, assignment=assignment_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such review assignment.", field="assignmentId")
    guard(standing_from(facts, actor_id, is_owner=facts["reviewerId"] == actor_id))
    if facts["status"] != "OPEN":
        raise Conflict(f"This review assignment is {facts['status']}; it takes no review now.")
    if facts["claimStatus"] != ClaimStatus.OPEN or facts["state"] not in (
        PeerState.WAITING,
        PeerState.REVIEWING,
    ):
        raise Conflict("This submission is no longer under peer review.")
    claim_id: str = facts["claimId"]
    rubric = rubric_from([r["k"] for r in await rows(tx, RUBRIC, claim=claim_id)])
    ordered, total, passed = score(rubric, scores, int(facts["passing"]))
    await execute(
        tx,
        SAVE_REVIEW,
        assignment=assignment_id,
        now=when,
        criteria=[a.criterion_id for a in ordered],
        levels=[a.level for a in ordered],
        comments=[a.comment for a in ordered],
        total=total,
        passed=passed,
        anonymous=anonymous,
    )
    await audit.record(
        tx, actor_id, "peer_review", audit.TargetKind.PEER_ASSIGNMENT, assignment_id, claim_id
    )
    await _conclude(tx, claim_id, actor_id)
    return await read_assignment.within(tx, assignment_id, actor_id)


CONCLUDE_FACTS = """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(b:BadgeClass)
RETURN c.peerNeeded AS needed, c.peerDisagreement AS disagreement, c.title AS title,
       learner.id AS learnerId, b.id AS badgeClassId, coalesce(b.peerReview, false) AS consent,
       COLLECT { MATCH (c)<-[:FOR]-(x:PeerAssignment {status: 'DONE'})
                 RETURN [x.total, x.passed] } AS done
"""
SET_STATE = """
MATCH (c:Claim {id: $claim})
SET c.peerState = $state, c.peerDisputeReason = $reason, c.peerDecidedAt = datetime()
"""
TO_STAFF = "MATCH (c:Claim {id: $claim}) SET c.status = $status, c.inReviewSince = datetime()"
DECLINE = """
MATCH (c:Claim {id: $claim})
SET c.status = $status, c.decidedAt = datetime(), c.peerState = 'DECLINED'
"""


async def _conclude(tx: AsyncManagedTransaction, claim_id: str, actor_id: str) -> None:
    facts = await one(tx, CONCLUDE_FACTS, claim=claim_id)
    learner_id: str = facts["learnerId"]
    title: str = facts["title"]
    await outbox.record(
        tx,
        outbox.Kind.REVIEW_RECEIVED,
        outbox.Audience.PEOPLE,
        [learner_id],
        {"peerSubmissionId": claim_id, "title": title},
    )
    done = facts["done"]
    if len(done) < int(facts["needed"]):
        return
    totals = [int(t) for t, _ in done]
    all_passed = all(bool(p) for _, p in done)
    reason: str | None = None
    if max(totals) - min(totals) > int(facts["disagreement"]):
        reason = DisputeReason.DISAGREEMENT
    elif all_passed and not facts["consent"]:
        reason = DisputeReason.CONSENT_WITHDRAWN
    elif all_passed:
        due = await due_facts(tx, claim_id)
        if due.missing:
            reason = DisputeReason.PREREQUISITES
        else:
            await issue(tx, claim_id, actor_id, due, Consent.PEER_ASSESSED, approver=None)
            await execute(tx, SET_STATE, claim=claim_id, state=PeerState.ISSUED, reason=None)
            return
    if reason is not None:
        await execute(tx, SET_STATE, claim=claim_id, state=PeerState.DISPUTED, reason=reason)
        await audit.record(tx, None, "peer_dispute", audit.TargetKind.CLAIM, claim_id, reason)
        await outbox.record(
            tx,
            outbox.Kind.REVIEW_DISPUTED,
            outbox.Audience.CLAIM_REVIEWERS,  # deciding issues: claim reviewers decide
            [facts["badgeClassId"], learner_id],
            {"peerDisputeId": claim_id, "title": title},
        )
        return
    await execute(tx, DECLINE, claim=claim_id, status=CLAIM.next("decline on review", "OPEN"))
    await audit.record(tx, None, "peer_decline", audit.TargetKind.CLAIM, claim_id)
    await outbox.record(
        tx,
        outbox.Kind.CLAIM_DECLINED,
        outbox.Audience.PEOPLE,
        [learner_id],
        {"peerSubmissionId": claim_id, "title": title},
    )


# --- the issuer's staff decide a dispute ----------------------------------------------------


@writes
async def decide_dispute(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    issue_badge: bool,
    note: str,
) -> Submission:
    """The issuer's staff issue the badge (their decision: Consent.REVIEWED) or decline it."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    state = await single(tx, "MATCH (c:Claim {id: $claim}) RETURN c.peerState AS s", claim=claim_id)
    if state is None or state["s"] != PeerState.DISPUTED or locked.status != ClaimStatus.OPEN:
        raise Conflict("This submission is not waiting for a decision on a dispute.")
    if issue_badge:
        # The staff's decision is a review by the issuer: through IN_REVIEW, as any approval.
        await execute(tx, TO_STAFF, claim=claim_id, status=CLAIM.next("submit", locked.status))
        due = await due_facts(tx, claim_id)
        if due.missing:
            raise PrerequisitesNotMet(
                "The learner no longer holds every badge this one stacks on: "
                + ", ".join(due.missing)
                + ".",
                field="claimId",
            )
        await post_message(tx, claim_id, actor_id, ClaimMessageKind.APPROVED, note)
        await audit.record(tx, actor_id, "peer_dispute_issue", audit.TargetKind.CLAIM, claim_id)
        await issue(tx, claim_id, actor_id, due, Consent.REVIEWED, approver=actor_id)
        await execute(tx, SET_STATE, claim=claim_id, state=PeerState.ISSUED, reason=None)
    else:
        if not note.strip():
            raise BadUserInput("Say why the badge is declined.", field="note")
        await execute(
            tx, DECLINE, claim=claim_id, status=CLAIM.next("decline on review", locked.status)
        )
        await post_message(tx, claim_id, actor_id, ClaimMessageKind.DECLINED, note)
        await audit.record(
            tx, actor_id, "peer_dispute_decline", audit.TargetKind.CLAIM, claim_id, note
        )
        await outbox.record(
            tx,
            outbox.Kind.CLAIM_DECLINED,
            outbox.Audience.PEOPLE,
            [locked.learner_id],
            {"peerSubmissionId": claim_id, "title": locked.title},
        )
    found = await one(tx, SUBMISSION_BY_ID, claim=claim_id)
    return submission_from(found["submission"], reveal=True)


# --- reading --------------------------------------------------------------------------------

ASSIGNMENTS = (
    """
MATCH (me:Person {id: $actor})-[:ASSIGNED]->(x:PeerAssignment)-[:FOR]->(c:Claim)
WHERE ($assignment IS NULL OR x.id = $assignment)
  AND (x.status = 'DONE' OR (x.status = 'OPEN' AND c.status = 'OPEN'))
WITH me, x, c ORDER BY x.status DESC, x.assignedAt DESC, x.id LIMIT $limit
"""
    + SUBMISSION_FIELDS
    + """
RETURN x { .id, .status, .assignedAt, .expiresAt, .total, .passed, .anonymous, .reviewedAt,
           .criteria, .levels, .comments, reviewerId: me.id, reviewerName: me.name }
         AS assignment, submission
"""
)
LIST_LIMIT = 100


def _assignment(r: Any) -> Assignment:
    x = r["assignment"]
    return Assignment(
        id=x["id"],
        status=x["status"],
        assigned_at=x["assignedAt"].to_native(),
        expires_at=x["expiresAt"].to_native(),
        submission=submission_from(r["submission"], reveal=False, reviews=False),
        mine=_review(x, True) if x["status"] == "DONE" else None,
    )


@reads
async def my_assignments(tx: AsyncManagedTransaction, actor_id: str) -> list[Assignment]:
    """The reviewer's open assignments first (newest first), then the reviews they wrote."""
    found = await rows(tx, ASSIGNMENTS, actor=actor_id, assignment=None, limit=LIST_LIMIT)
    return [_assignment(r) for r in found]


@reads
async def read_assignment(
    tx: AsyncManagedTransaction, assignment_id: str, actor_id: str
) -> Assignment:
    """One of the reviewer's own assignments (anyone else's: NOT_FOUND)."""
    found = await rows(tx, ASSIGNMENTS, actor=actor_id, assignment=assignment_id, limit=1)
    if not found:
        raise NotFound("No such review assignment.", field="assignmentId")
    return _assignment(found[0])


MINE = (
    """
MATCH (:Person {id: $actor})-[:CLAIMED]->(c:Claim {peerReview: true})
WITH c ORDER BY c.peerSubmittedAt DESC, c.id LIMIT $limit
"""
    + SUBMISSION_FIELDS
    + "RETURN submission"
)


@reads
async def my_submissions(tx: AsyncManagedTransaction, actor_id: str) -> list[Submission]:
    """The learner's portfolios submitted for peer assessment, newest first, with reviews."""
    found = await rows(tx, MINE, actor=actor_id, limit=LIST_LIMIT)
    return [submission_from(r["submission"], reveal=False) for r in found]


DISPUTES = (
    """
OPTIONAL MATCH (org:Organisation {id: $issuer})
OPTIONAL MATCH (uni:University {id: $issuer})
WITH coalesce(org, uni) AS issuer
MATCH (c:Claim {peerState: 'DISPUTED'})-[:FOR_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(issuer)
WHERE c.status = 'OPEN' AND NOT EXISTS { (:Person {id: $actor})-[:CLAIMED]->(c) }
WITH c ORDER BY c.peerDecidedAt, c.id LIMIT $limit
"""
    + SUBMISSION_FIELDS
    + "RETURN submission"
)


@reads
async def disputes(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, issuer_id: str
) -> list[Submission]:
    """Disputed submissions on the issuer's classes, longest waiting first, names shown."""
    standing = await single(tx, ISSUER_STANDING, issuer=issuer_id, actor=actor_id)
    if standing is None:
        raise NotFound("No such organisation or university.", field="issuerId")
    guard(standing_from(standing, actor_id))
    found = await rows(tx, DISPUTES, issuer=issuer_id, actor=actor_id, limit=LIST_LIMIT)
    return [submission_from(r["submission"], reveal=True) for r in found]

"""The issuer's review of claims on its badge classes: the queue, and its decisions.

A reviewer (see auth.permissions' claim:review) approves a claim, which issues the badge
with the issuer's key; declines it, saying why; or returns it to the learner for revision
with a note. Two reviewers deciding at once serialise on the claim's lock: one decides,
the other is told the claim is no longer in review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import Guard
from graph.core.cypher import execute, rows, single
from graph.core.errors import BadUserInput, Conflict, PrerequisitesNotMet
from graph.core.state_machines import CLAIM
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ClaimMessageKind, ClaimStatus, Consent
from graph.notifications import outbox
from graph.recognition.claims import (
    CLAIM_FIELDS,
    Assessment,
    Claim,
    assessment_params,
    check_assessment,
    claim_from,
    lock_claim,
    post_message,
    read_claim,
)
from graph.recognition.issuance import due_facts, issue

ASSESS = """
MATCH (c:Claim {id: $claim})
SET c.assessedCriteria = $assessment.criteria, c.assessedLevels = $assessment.levels,
    c.assessedComments = $assessment.comments
"""


@writes
async def approve(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    note: str = "",
    assessment: tuple[Assessment, ...] = (),
) -> Claim:
    """The issuer approves: the badge is issued with its key, assessed on its rubric."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    CLAIM.next("approve", locked.status)
    due = await due_facts(tx, claim_id)
    if not due.policy_met:
        raise Conflict(
            "Its endorsements no longer meet the badge class's policy (some may be flagged "
            "for a curator); return it to the learner instead."
        )
    if due.missing:
        raise PrerequisitesNotMet(
            "The learner no longer holds every badge this one stacks on: "
            + ", ".join(due.missing)
            + ".",
            field="claimId",
        )
    assessment = await check_assessment(tx, claim_id, assessment, complete=True)
    if assessment:
        await execute(tx, ASSESS, claim=claim_id, assessment=assessment_params(assessment))
    await post_message(tx, claim_id, actor_id, ClaimMessageKind.APPROVED, note)
    await audit.record(tx, actor_id, "approve", audit.TargetKind.CLAIM, claim_id, note)
    await issue(tx, claim_id, actor_id, due, Consent.REVIEWED, approver=actor_id)
    return await read_claim(tx, claim_id)


DECIDE = """
MATCH (c:Claim {id: $claim})
SET c.status = $status, c.decidedAt = CASE WHEN $final THEN datetime() END,
    c.returnedAt = CASE WHEN $final THEN null ELSE datetime() END
REMOVE c.inReviewSince
"""

_OUTCOMES = {
    "decline": (ClaimMessageKind.DECLINED, outbox.Kind.CLAIM_DECLINED, True),
    "return": (ClaimMessageKind.RETURNED, outbox.Kind.CLAIM_RETURNED, False),
}


async def _decide(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    action: str,
    note: str,
) -> Claim:
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    status = CLAIM.next(action, locked.status)
    message, kind, final = _OUTCOMES[action]
    await execute(tx, DECIDE, claim=claim_id, status=status, final=final)
    await post_message(tx, claim_id, actor_id, message, note)
    await audit.record(tx, actor_id, action, audit.TargetKind.CLAIM, claim_id, note)
    # The note itself stays in the app: notifications carry ids and titles only.
    await outbox.record(
        tx,
        kind,
        outbox.Audience.PEOPLE,
        [locked.learner_id],
        {"claimId": claim_id, "title": locked.title},
    )
    return await read_claim(tx, claim_id)


@writes
async def decline(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, reason: str
) -> Claim:
    """The issuer declines the claim for good, saying why."""
    if not reason.strip():
        raise BadUserInput("Say why the claim is declined.", field="reason")
    return await _decide(tx, actor_id, guard, claim_id, "decline", reason)


@writes
async def return_for_revision(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, note: str
) -> Claim:
    """The issuer sends the claim back to the learner, saying what more it needs."""
    if not note.strip():
        raise BadUserInput("Say what the learner should add or change.", field="note")
    return await _decide(tx, actor_id, guard, claim_id, "return", note)


# --- the queue ----------------------------------------------------------------------------------

# Oldest waiting first, so nobody's claim is left at the bottom; the learner's own claims
# are not theirs to review and are left out.
ISSUER = """
OPTIONAL MATCH (org:Organisation {id: $issuer})
OPTIONAL MATCH (uni:University {id: $issuer})
WITH coalesce(org, uni) AS issuer
MATCH (c:Claim)-[:FOR_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(issuer)
"""
QUEUE = (
    ISSUER
    + """
WHERE c.status = $status
  AND ($afterAt IS NULL OR c.inReviewSince > datetime($afterAt)
       OR (c.inReviewSince = datetime($afterAt) AND c.id > $afterId))
  AND NOT EXISTS { (:Person {id: $actor})-[:CLAIMED]->(c) }
WITH c ORDER BY c.inReviewSince, c.id LIMIT $limit
"""
    + CLAIM_FIELDS
    + """
RETURN claim, c.inReviewSince AS since ORDER BY since, claim.id
"""
)
QUEUE_SIZE = (
    ISSUER
    + """
WHERE c.status = $status AND NOT EXISTS { (:Person {id: $actor})-[:CLAIMED]->(c) }
RETURN count(c) AS total
"""
)


@dataclass(frozen=True)
class QueueEntry:
    claim: Claim
    in_review_since: datetime


@dataclass(frozen=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int


@reads
async def review_queue(
    tx: AsyncManagedTransaction,
    issuer_id: str,
    actor_id: str,
    *,
    limit: int,
    after: tuple[str, str] | None = None,
) -> QueuePage:
    """Claims waiting for this issuer's decision, longest waiting first."""
    params = {
        "issuer": issuer_id,
        "actor": actor_id,
        "status": ClaimStatus.IN_REVIEW.value,
    }
    found = await rows(
        tx,
        QUEUE,
        **params,
        limit=limit,
        afterAt=after[0] if after else None,
        afterId=after[1] if after else None,
    )
    total = await single(tx, QUEUE_SIZE, **params)
    return QueuePage(
        entries=[QueueEntry(claim_from(r["claim"]), r["since"].to_native()) for r in found],
        total=int(total["total"]) if total else 0,
    )

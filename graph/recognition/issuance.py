"""When a claim becomes a badge, and with whose consent.

A badge is signed with its badge class's issuer's key, so it is issued only when that
issuer decided it: a reviewer of the issuer approved the claim, or the issuer consented in
advance, recorded on the class (its own completed participations; a pathway completed) or
on the university (a learner's own one-off claim under the community policy its curators or
moderators recorded, graph.recognition.community_policy). Every other claim that meets its
endorsement policy waits in the issuer's review queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import DEFAULT_POLICY, EndorsementPolicy
from graph.core import audit
from graph.core.cypher import execute, one, single
from graph.core.errors import NotFound
from graph.core.state_machines import CLAIM
from graph.core.vocabulary import ClaimKind, ClaimStatus, Consent, Relationship
from graph.notifications import outbox
from graph.transparency_log import log as transparency_log


def policy_is_met(policy: EndorsementPolicy, relationships: list[Relationship]) -> bool:
    """Enough endorsements of the counted relationships, one of them from `require_one_of`."""
    if policy.minimum == 0:
        return True
    counted = [r for r in relationships if r in policy.relationships]
    if len(counted) < policy.minimum:
        return False
    return not policy.require_one_of or any(r in policy.require_one_of for r in counted)


def _policy(minimum: Any, relationships: Any, require_one_of: Any) -> EndorsementPolicy:
    if minimum is None:
        return DEFAULT_POLICY
    return EndorsementPolicy(
        minimum=int(minimum),
        relationships=tuple(Relationship(r) for r in relationships or ()),
        require_one_of=tuple(Relationship(r) for r in require_one_of or ()),
    )


# Expects `endorser` (null for someone who left) and `learner`; adds `flag`: RECIPROCAL when
# the learner endorsed the endorser back, CYCLE for endorser -> learner -> third -> endorser
# (`third`, `thirdId` name that person), else null. A flagged endorsement counts once cleared.
FLAG = """
CALL (endorser, learner) {
  OPTIONAL MATCH (learner)-[:ENDORSED]->(back:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)
                 <-[:CLAIMED]-(endorser)
  WITH count(back) > 0 AS reciprocal
  OPTIONAL MATCH (learner)-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)
                 <-[:CLAIMED]-(x:Person)-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})
                 -[:OF]->(:Claim)<-[:CLAIMED]-(endorser)
  WHERE NOT reciprocal AND x <> endorser AND x <> learner
  WITH reciprocal, head(collect(x)) AS third
  RETURN CASE WHEN reciprocal THEN 'RECIPROCAL' WHEN third IS NOT NULL THEN 'CYCLE' END AS flag,
         third.name AS third, third.id AS thirdId
}
"""

# A badge this learner holds and can still show: neither revoked nor expired.
LIVE = "a.revokedAt IS NULL AND (a.expiresAt IS NULL OR a.expiresAt > datetime())"
# A badge that issues itself (a pathway, Helping hand) does not again to someone who holds it,
# nor to someone its issuer revoked it from: that was the issuer's decision. An expired one
# may be earned anew.
HELD_OR_REVOKED = "(a.revokedAt IS NOT NULL OR (" + LIVE + "))"

# Runs inside a transaction that already holds the claim's lock.
DUE_FACTS = (
    """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(b:BadgeClass)
      -[:ISSUED_BY]->(issuer)
MATCH (c)-[:BRANDED_BY]->(u:University)
OPTIONAL MATCH (c)-[:FROM]->(app:Application)-[:FOR]->(:Opportunity)
               -[:OFFERED_BY]->(host:Organisation)
CALL (c, learner, b, u) {
  OPTIONAL MATCH (e:Endorsement {status: 'ACTIVE'})-[:OF]->(c)
  OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
  WITH e, endorser WHERE e IS NOT NULL
"""
    + FLAG
    + """
  WITH e WHERE (flag IS NULL OR e.flagClearedAt IS NOT NULL)
    // On a one-off class only the university's own teachers speak for it as TEACHER.
    AND (e.relationship <> 'TEACHER' OR NOT coalesce(b.adHoc, false)
         OR EXISTS { (endorser)-[:MEMBER_OF {role: 'TEACHER'}]->(u) })
  RETURN collect(e.relationship) AS relationships, collect(e.id) AS counted
}
CALL (b, learner) {
  OPTIONAL MATCH (b)-[:REQUIRES]->(r:BadgeClass)
  WHERE NOT EXISTS { (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(r) WHERE """
    + LIVE
    + """ }
  RETURN collect(r.name) AS missing
}
RETURN c.status AS status, c.title AS title, learner.id AS learnerId, b.id AS badgeClassId,
       coalesce(c.peerReview, false) AS peerReview, relationships, counted, missing,
       coalesce(b.adHoc, false) AND b.adHocFor = c.id AND c.kind = 'SELF_ASSERTED'
         AND issuer = u AND u.communityPolicyConsentAt IS NOT NULL AS communityPolicy,
       coalesce(b.autoIssueParticipations, false) AND app IS NOT NULL
         AND app.status = 'COMPLETED' AND host = issuer AS ownParticipation,
       b.helpingHand IS NOT NULL AND c.kind = 'QUEST' AND issuer = u
         AND u.helpingHandAt IS NOT NULL AS helpingHand,
       EXISTS { (c)-[:FROM]->(:Quest) } AS fromQuest,
       // A one-off class has no policy of its own: the university's recorded one, else the
       // default (null), which then only decides when the claim reaches its reviewers.
       CASE WHEN coalesce(b.adHoc, false) THEN u.communityPolicyMinimum
            ELSE b.policyMinimum END AS minimum,
       CASE WHEN coalesce(b.adHoc, false) THEN u.communityPolicyRelationships
            ELSE b.policyRelationships END AS relationshipsCounted,
       CASE WHEN coalesce(b.adHoc, false) THEN u.communityPolicyRequireOneOf
            ELSE b.policyRequireOneOf END AS oneOf
"""
)


@dataclass(frozen=True)
class Due:
    """What decides a claim's next step, read under its lock."""

    status: ClaimStatus
    title: str
    learner_id: str
    badge_class_id: str
    policy_met: bool
    counted: tuple[str, ...]  # the endorsements that count (not flagged, or cleared)
    missing: tuple[str, ...]  # names of required badges the learner does not hold
    consent: Consent | None  # consent given in advance, if any
    from_quest: bool = False  # a helper's claim from a done quest
    peer_review: bool = False  # its peers' reviews decide (graph.peer_assessment), not this


async def due_facts(tx: AsyncManagedTransaction, claim_id: str) -> Due:
    facts = await single(tx, DUE_FACTS, claim=claim_id)
    if facts is None:
        raise NotFound("No such claim.", field="claimId")
    policy = _policy(facts["minimum"], facts["relationshipsCounted"], facts["oneOf"])
    consent = None
    if facts["communityPolicy"]:
        consent = Consent.COMMUNITY_POLICY
    elif facts["ownParticipation"]:
        consent = Consent.OWN_PARTICIPATION
    elif facts["helpingHand"]:
        consent = Consent.HELPING_HAND
    return Due(
        status=ClaimStatus(facts["status"]),
        title=facts["title"],
        learner_id=facts["learnerId"],
        badge_class_id=facts["badgeClassId"],
        policy_met=policy_is_met(policy, [Relationship(r) for r in facts["relationships"]]),
        counted=tuple(facts["counted"]),
        missing=tuple(sorted(facts["missing"])),
        consent=consent,
        from_quest=bool(facts["fromQuest"]),
        peer_review=bool(facts["peerReview"]),
    )


# Reviewers hear when a claim first reaches them and when it comes back revised, not each
# time an endorsement is withdrawn and given again.
SUBMIT = """
MATCH (c:Claim {id: $claim})
WITH c, c.submittedAt IS NULL OR c.returnedAt IS NOT NULL AS announce
SET c.status = $status, c.submittedAt = coalesce(c.submittedAt, datetime()),
    c.inReviewSince = datetime()
REMOVE c.returnedAt
RETURN announce
"""
REOPEN = "MATCH (c:Claim {id: $claim}) SET c.status = $status REMOVE c.inReviewSince"


async def advance(tx: AsyncManagedTransaction, claim_id: str, actor_id: str) -> str | None:
    """Take the claim's next step now that its endorsements (or state) changed.

    OPEN and the policy met: issued when the issuer consented in advance, else sent to the
    issuer's reviewers. IN_REVIEW and the policy no longer met: back to OPEN. Returns the
    new badge's id, if one was issued. The caller holds the claim's lock.
    """
    due = await due_facts(tx, claim_id)
    if due.peer_review:
        return None
    if due.status is ClaimStatus.IN_REVIEW and not due.policy_met:
        await execute(tx, REOPEN, claim=claim_id, status=CLAIM.next("reopen", due.status))
        await audit.record(tx, actor_id, "reopen", audit.TargetKind.CLAIM, claim_id)
        return None
    if due.status is not ClaimStatus.OPEN or not due.policy_met:
        return None
    if due.consent is not None:
        if due.missing:
            return None  # it waits until the learner holds what the class stacks on
        return await issue(tx, claim_id, actor_id, due, due.consent, approver=None)
    submitted = await single(tx, SUBMIT, claim=claim_id, status=CLAIM.next("submit", due.status))
    await audit.record(tx, actor_id, "submit_for_review", audit.TargetKind.CLAIM, claim_id)
    if submitted is not None and submitted["announce"]:
        await outbox.record(
            tx,
            outbox.Kind.CLAIM_AWAITING_REVIEW,
            outbox.Audience.CLAIM_REVIEWERS,
            [due.badge_class_id, due.learner_id],
            {"claimId": claim_id, "title": due.title},
        )
    return None


# Each issuer numbers its badges for its Bitstring Status Lists: assertion `a` gets the next
# index of `issuer`'s list. The lock makes the numbering race-free when badges of one issuer
# are issued at the same moment. The demo loader numbers its badges with this too.
NUMBER_IN_STATUS_LIST = """
MERGE (sl:StatusList {issuerId: issuer.id})
  ON CREATE SET sl.next = 0
SET sl._lock = true
SET a.statusIndex = sl.next, sl.next = sl.next + 1
REMOVE sl._lock
"""

# Every issuance takes the learner's lock first: pathway completion reads what the learner
# holds, and two badges issued at once must not both miss (or both see) the last piece.
LOCK_LEARNER = """
MATCH (learner:Person {id: $learner})
SET learner.holdingsVersion = coalesce(learner.holdingsVersion, 0) + 1
"""

ISSUE = (
    """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(b:BadgeClass)
MATCH (c)-[:BRANDED_BY]->(u:University)
CREATE (a:Assertion {
  id: randomUUID(), issuedAt: datetime(), visibility: c.visibility, version: 0,
  consent: $consent, approvedBy: $approver,
  // Whom the issuer awarded it to, as named then, and whether its university's validation
  // covered the award: a Europass export states both under the university's key.
  learnerName: learner.name, underValidation: coalesce(b.validated, false),
  expiresAt: CASE WHEN b.expiresAfterDays IS NULL THEN null
                  ELSE datetime() + duration({days: b.expiresAfterDays}) END
})
CREATE (c)-[:ISSUED_AS]->(a), (learner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b),
       (a)-[:BRANDED_BY]->(u)
SET c.status = $status, c.issuedAt = datetime(), c.decidedAt = datetime(),
    a.shareToken = c.shareToken
REMOVE c.inReviewSince
WITH a, c, b
// The EU elements stated for it then travel with the badge: a later validation states anew.
CALL (a, b) {
  OPTIONAL MATCH (b)-[:STATES]->(m:MicroCredential) WHERE b.validated = true
  FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | CREATE (a)-[:ISSUED_UNDER]->(m))
}
MATCH (b)-[:ISSUED_BY]->(issuer)
"""
    + NUMBER_IN_STATUS_LIST
    + """WITH a, c
CALL (a, c) {
  UNWIND $carried AS eid
  MATCH (e:Endorsement {id: eid})-[:OF]->(c)
  CREATE (a)-[:CARRIES]->(e)
}
RETURN a.id AS id
"""
)


async def issue(
    tx: AsyncManagedTransaction,
    claim_id: str,
    actor_id: str,
    due: Due,
    consent: Consent,
    approver: str | None,
    depth: int = 0,
) -> str:
    """Issue the claim's badge with the issuer's recorded consent, then any pathway it ends."""
    await execute(tx, LOCK_LEARNER, learner=due.learner_id)
    status = CLAIM.next("approve" if consent is Consent.REVIEWED else "issue", due.status)
    record = await one(
        tx,
        ISSUE,
        claim=claim_id,
        consent=consent.value,
        approver=approver,
        status=status,
        carried=list(due.counted),
    )
    assertion_id: str = record["id"]
    await audit.record(
        tx, actor_id, "issue", audit.TargetKind.ASSERTION, assertion_id, f"{claim_id} {consent}"
    )
    await outbox.record(
        tx,
        outbox.Kind.BADGE_ISSUED,
        outbox.Audience.PEOPLE,
        [due.learner_id],
        {"assertionId": assertion_id, "title": due.title},
    )
    await _complete_pathways(tx, due.learner_id, due.badge_class_id, actor_id, depth)
    if due.from_quest:
        # However the quest's badge came (at once, after a curator cleared a held-back
        # testimonial, by review), it may cross a Helping hand threshold. Imported here:
        # graph.quests.helping_hand builds on this module.
        from graph.quests.helping_hand import count_meta_badges

        await count_meta_badges(tx, claim_id, due.learner_id, actor_id)
    # Every way a badge comes to be passes here: the badge and its leaf commit together. The
    # log's head is locked last (after any pathway's issuer locks), so appends never deadlock.
    await transparency_log.append(tx, transparency_log.Kind.ISSUED, assertion_id)
    return assertion_id


# Meta-badges that consented to issue themselves and that this badge may complete: the
# learner now holds every class they require, and no live badge of theirs yet. (Nobody can
# claim such a class by hand: graph.recognition.claims refuses it.)
COMPLETED_PATHWAYS = (
    """
MATCH (meta:BadgeClass)-[:REQUIRES]->(:BadgeClass {id: $done})
WHERE meta.autoIssueOnCompletion = true
MATCH (learner:Person {id: $learner})
WHERE NOT EXISTS { (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(meta) WHERE """
    + HELD_OR_REVOKED
    + """ }
  AND ALL(r IN COLLECT { MATCH (meta)-[:REQUIRES]->(r:BadgeClass) RETURN r } WHERE EXISTS {
        (learner)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(r) WHERE """
    + LIVE
    + """ })
MATCH (meta)-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
RETURN meta.id AS id, coalesce(partner, issuer).id AS brandId,
       COLLECT { MATCH (meta)-[:REQUIRES]->(r:BadgeClass) RETURN r.name ORDER BY r.name }
         AS parts
"""
)
PATHWAY_CLAIM = """
MATCH (learner:Person {id: $learner})
MATCH (meta:BadgeClass {id: $meta})
MATCH (u:University {id: $brand})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: meta.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: meta.domain, createdAt: datetime(), version: 0, revision: 1
})
CREATE (c)-[:FOR_BADGE]->(meta), (c)-[:BRANDED_BY]->(u)
RETURN c.id AS id
"""
LOCK_CLAIM = "MATCH (c:Claim {id: $claim}) SET c.version = coalesce(c.version, 0) + 1"
# Pathways are acyclic (a class only requires classes that existed before it); this bounds
# the chain of meta-badges one issuance may complete all the same.
MAX_PATHWAY_DEPTH = 8


async def _complete_pathways(
    tx: AsyncManagedTransaction, learner_id: str, done: str, actor_id: str, depth: int
) -> None:
    if depth >= MAX_PATHWAY_DEPTH:
        return
    found = await tx.run(COMPLETED_PATHWAYS, done=done, learner=learner_id)
    completed = [r async for r in found]
    for meta in completed:
        made = await one(
            tx,
            PATHWAY_CLAIM,
            learner=learner_id,
            meta=meta["id"],
            brand=meta["brandId"],
            kind=ClaimKind.PATHWAY.value,
            narrative="Completed every badge this pathway requires: "
            + ", ".join(meta["parts"])
            + ".",
        )
        claim_id = made["id"]
        due = await due_facts(tx, claim_id)
        await issue(
            tx, claim_id, actor_id, due, Consent.PATHWAY_COMPLETED, approver=None, depth=depth + 1
        )

"""Claims: a learner's "I learned this", from a completed participation or self-asserted.

A claim and everything on it is private to its learner (and the people they invite to
endorse it) unless the learner shares it by link or publicly; the issuer's reviewers see it
once it reaches their review queue. Every change to its narrative or evidence is kept as a
numbered revision, and learner, reviewers and endorsers talk in its conversation.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.fields import RUBRIC_CRITERION, rubric_from
from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, Standing, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound, PrerequisitesNotMet
from graph.core.paging import (
    Position,
    after_parameters,
    newest_after,
    position_columns,
    position_of,
)
from graph.core.state_machines import CLAIM
from graph.core.transactions import reads, writes
from graph.core.vocabulary import (
    ApplicationStatus,
    ClaimKind,
    ClaimMessageKind,
    ClaimStatus,
    Domain,
    FlagReason,
    Relationship,
    Tier,
    Visibility,
)
from graph.notifications import outbox
from graph.recognition.issuance import FLAG, LIVE, advance


@dataclass(frozen=True)
class EvidenceItem:
    id: str
    kind: str  # "URL" or "FILE"
    name: str
    url: str | None
    media_type: str | None
    size: int | None
    sha256: str | None
    description: str
    revision: int  # the revision that added it


@dataclass(frozen=True)
class NewEvidence:
    name: str
    url: str | None = None
    description: str = ""
    media_type: str | None = None
    size: int | None = None
    sha256: str | None = None

    @property
    def kind(self) -> str:
        return "URL" if self.url else "FILE"


def evidence_from(ev: Any) -> EvidenceItem:
    """An evidence item from its map as the claim statements return it."""
    return EvidenceItem(
        id=ev["id"],
        kind=ev["kind"],
        name=ev["name"],
        url=ev.get("url"),
        media_type=ev.get("mediaType"),
        size=ev.get("size"),
        sha256=ev.get("sha256"),
        description=ev.get("description") or "",
        revision=int(ev["revision"]),
    )


@dataclass(frozen=True)
class TrustSignals:
    holds_same_badge: bool
    supervises_host: bool
    is_teacher: bool
    reciprocal: bool


@dataclass(frozen=True)
class Assessment:
    """A level reached on one rubric criterion, by a reviewer or an endorser."""

    criterion_id: str
    level: int
    comment: str = ""


@dataclass(frozen=True)
class Endorsement:
    id: str
    endorser_id: str | None
    endorser_name: str
    relationship: Relationship
    testimonial: str
    observed: str
    status: str
    created_at: datetime
    signals: TrustSignals
    revision: int  # the claim's revision it was given on
    flag: FlagReason | None  # why it may not count (None: nothing suspicious)
    flag_cleared: bool  # a curator looked and let it count
    flag_third: str | None  # the third person of a cycle
    assessment: tuple[Assessment, ...]

    @property
    def counts(self) -> bool:
        """Whether it counts towards the endorsement policy now."""
        return self.status == "ACTIVE" and (self.flag is None or self.flag_cleared)


@dataclass(frozen=True)
class Claim:
    id: str
    kind: ClaimKind
    title: str
    narrative: str
    status: ClaimStatus
    visibility: Visibility
    share_token: str | None
    learner_id: str
    learner_name: str
    badge_class_id: str
    badge_class_name: str
    issuer_id: str
    issuer_name: str
    university_id: str
    university_name: str
    opportunity_title: str | None
    domain: Domain | None
    created_at: datetime
    assertion_id: str | None
    badge_validated: bool
    evidence: tuple[EvidenceItem, ...]
    endorsements: tuple[Endorsement, ...]
    revision: int
    submitted_at: datetime | None  # when it first reached the issuer's reviewers
    decided_at: datetime | None
    assessment: tuple[Assessment, ...]  # the approving reviewer's, on the class's rubric

    @property
    def tier(self) -> Tier:
        """SELF_ASSERTED until endorsed into a badge; then the badge's tier."""
        if self.assertion_id is None:
            return Tier.SELF_ASSERTED
        return Tier.OFFICIAL if self.badge_validated else Tier.COMMUNITY


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    standing: Standing  # towards the badge class's issuer (whose reviewers decide)


@dataclass(frozen=True)
class Revision:
    number: int
    narrative: str
    evidence_ids: tuple[str, ...]
    created_at: datetime


@dataclass(frozen=True)
class Message:
    id: str
    kind: ClaimMessageKind
    body: str
    author_id: str | None
    author_name: str
    revision: int
    created_at: datetime


@dataclass(frozen=True)
class History:
    """A claim's revisions (oldest first) and its conversation (oldest first)."""

    revisions: tuple[Revision, ...]
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class SelfAssertion:
    title: str
    narrative: str
    evidence: tuple[NewEvidence, ...]
    badge_class_id: str | None
    university_id: str | None
    domain: Domain | None
    competency_keys: tuple[str, ...]


CLAIM_FIELDS = (
    """
CALL (c) {
  MATCH (learner:Person)-[:CLAIMED]->(c)-[:FOR_BADGE]->(b:BadgeClass)-[:ISSUED_BY]->(issuer)
  MATCH (c)-[:BRANDED_BY]->(u:University)
  OPTIONAL MATCH (c)-[:FROM]->(:Application)-[:FOR]->(op:Opportunity)
                -[:OFFERED_BY]->(host:Organisation)
  OPTIONAL MATCH (c)-[:ISSUED_AS]->(a:Assertion)
  RETURN learner, b, issuer, u, op, host, a LIMIT 1
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
  WITH ev ORDER BY ev.addedAt, ev.id
  RETURN collect(ev { .id, .kind, .name, .url, .mediaType, .size, .sha256, .description,
                      revision: coalesce(ev.revision, 1) }) AS evidence
}
CALL (c, b, host, learner) {
  OPTIONAL MATCH (e:Endorsement)-[:OF]->(c)
  OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
  WITH e, endorser, b, host, learner WHERE e IS NOT NULL
"""
    + FLAG
    + """
  WITH e, endorser, b, host, flag, third ORDER BY e.createdAt, e.id
  RETURN collect(e {
    .id, .relationship, .testimonial, .observed, .status, .createdAt,
    .assessedCriteria, .assessedLevels, .assessedComments,
    revision: coalesce(e.revision, 1), flag: flag, third: third,
    flagCleared: e.flagClearedAt IS NOT NULL,
    endorserId: endorser.id, endorserName: coalesce(endorser.name, e.endorserName),
    holdsSameBadge: endorser IS NOT NULL AND EXISTS {
      (endorser)-[:HOLDS]->(held:Assertion)-[:OF_BADGE]->(b) WHERE held.revokedAt IS NULL
    },
    supervisesHost: host IS NOT NULL AND endorser IS NOT NULL
      AND EXISTS { (endorser)-[m:MEMBER_OF]->(host) WHERE m.role IN ['SUPERVISOR', 'ADMIN'] },
    isTeacher: endorser IS NOT NULL
      AND EXISTS { (endorser)-[:MEMBER_OF {role: 'TEACHER'}]->(:University) }
  }) AS endorsements
}
WITH *, c {
  .id, .kind, .title, .narrative, .status, .visibility, .shareToken, .domain, .createdAt,
  .submittedAt, .decidedAt, .assessedCriteria, .assessedLevels, .assessedComments,
  revision: coalesce(c.revision, 1),
  learnerId: learner.id, learnerName: learner.name, badgeClassId: b.id, badgeClassName: b.name,
  issuerId: issuer.id, issuerName: issuer.name,
  universityId: u.id, universityName: u.name, opportunityTitle: op.title, assertionId: a.id,
  badgeValidated: coalesce(b.validated, false),
  evidence: evidence, endorsements: endorsements
} AS claim
"""
)


def assessment_from(node: dict[str, Any]) -> tuple[Assessment, ...]:
    """Levels are stored as parallel lists on the claim or endorsement."""
    criteria = node.get("assessedCriteria") or []
    levels = node.get("assessedLevels") or []
    comments = node.get("assessedComments") or [""] * len(criteria)
    return tuple(
        Assessment(k, int(level), comment)
        for k, level, comment in zip(criteria, levels, comments, strict=True)
    )


def assessment_params(assessment: tuple[Assessment, ...]) -> dict[str, list[Any]]:
    return {
        "criteria": [a.criterion_id for a in assessment],
        "levels": [a.level for a in assessment],
        "comments": [a.comment for a in assessment],
    }


def _when(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def _endorsement(e: dict[str, Any]) -> Endorsement:
    return Endorsement(
        id=e["id"],
        endorser_id=e.get("endorserId"),
        endorser_name=e.get("endorserName") or "A former Kring member",
        relationship=Relationship(e["relationship"]),
        testimonial=e.get("testimonial") or "",
        observed=e.get("observed") or "",
        status=e["status"],
        created_at=e["createdAt"].to_native(),
        signals=TrustSignals(
            holds_same_badge=bool(e["holdsSameBadge"]),
            supervises_host=bool(e["supervisesHost"]),
            is_teacher=bool(e["isTeacher"]),
            reciprocal=e.get("flag") == FlagReason.RECIPROCAL,
        ),
        revision=int(e["revision"]),
        flag=FlagReason(e["flag"]) if e.get("flag") else None,
        flag_cleared=bool(e["flagCleared"]),
        flag_third=e.get("third"),
        assessment=assessment_from(e),
    )


def claim_from(c: dict[str, Any]) -> Claim:
    return Claim(
        id=c["id"],
        kind=ClaimKind(c["kind"]),
        title=c["title"],
        narrative=c.get("narrative") or "",
        status=ClaimStatus(c["status"]),
        visibility=Visibility(c.get("visibility") or Visibility.PRIVATE),
        share_token=c.get("shareToken"),
        learner_id=c["learnerId"],
        learner_name=c["learnerName"],
        badge_class_id=c["badgeClassId"],
        badge_class_name=c["badgeClassName"],
        issuer_id=c["issuerId"],
        issuer_name=c["issuerName"],
        university_id=c["universityId"],
        university_name=c["universityName"],
        opportunity_title=c.get("opportunityTitle"),
        domain=Domain(c["domain"]) if c.get("domain") else None,
        created_at=c["createdAt"].to_native(),
        assertion_id=c.get("assertionId"),
        badge_validated=bool(c.get("badgeValidated")),
        evidence=tuple(evidence_from(ev) for ev in c["evidence"]),
        endorsements=tuple(_endorsement(e) for e in c["endorsements"]),
        revision=int(c["revision"]),
        submitted_at=_when(c.get("submittedAt")),
        decided_at=_when(c.get("decidedAt")),
        assessment=assessment_from(c),
    )


ADD_EVIDENCE = """
MATCH (c:Claim {id: $claim})
UNWIND $evidence AS item
CREATE (c)-[:HAS_EVIDENCE]->(:Evidence {
  id: randomUUID(), kind: item.kind, name: item.name, url: item.url,
  mediaType: item.mediaType, size: item.size, sha256: item.sha256,
  description: item.description, addedAt: datetime(), revision: coalesce(c.revision, 0) + 1
})
"""
# A new revision: the narrative and the evidence as they are now, kept for good.
SNAPSHOT = """
MATCH (c:Claim {id: $claim})
SET c.revision = coalesce(c.revision, 0) + 1, c.narrative = coalesce($narrative, c.narrative)
WITH c
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
  WITH ev ORDER BY ev.addedAt, ev.id
  RETURN collect(ev.id) AS evidence
}
CREATE (:ClaimRevision {id: randomUUID(), number: c.revision, narrative: c.narrative,
                        evidence: evidence, createdAt: datetime()})-[:OF]->(c)
"""
RETURN_CLAIM = "WITH c" + CLAIM_FIELDS + "RETURN claim"
CLAIM_BY_ID = "MATCH (c:Claim {id: $claim})" + RETURN_CLAIM


def _evidence_rows(evidence: tuple[NewEvidence, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "name": e.name,
            "url": e.url,
            "mediaType": e.media_type,
            "size": e.size,
            "sha256": e.sha256,
            "description": e.description,
        }
        for e in evidence
    ]


async def read_claim(tx: AsyncManagedTransaction, claim_id: str) -> Claim:
    """The claim as it stands inside this transaction."""
    record = await single(tx, CLAIM_BY_ID, claim=claim_id)
    if record is None:
        raise NotFound("No such claim.", field="claimId")
    return claim_from(record["claim"])


async def new_revision(
    tx: AsyncManagedTransaction,
    claim_id: str,
    narrative: str | None,
    evidence: tuple[NewEvidence, ...],
) -> None:
    """Add the evidence, change the narrative (None: keep it), and keep it as a revision."""
    if evidence:
        await execute(tx, ADD_EVIDENCE, claim=claim_id, evidence=_evidence_rows(evidence))
    await execute(tx, SNAPSHOT, claim=claim_id, narrative=narrative)


MESSAGE = """
MATCH (c:Claim {id: $claim})
OPTIONAL MATCH (author:Person {id: $author})
CREATE (m:ClaimMessage {id: randomUUID(), kind: $kind, body: $body, authorId: author.id,
                        authorName: author.name, revision: coalesce(c.revision, 1),
                        createdAt: datetime()})-[:ON]->(c)
"""


async def post_message(
    tx: AsyncManagedTransaction,
    claim_id: str,
    author_id: str,
    kind: ClaimMessageKind,
    body: str,
) -> None:
    """Add to the claim's conversation (learner, reviewers and endorsers read it)."""
    await execute(tx, MESSAGE, claim=claim_id, author=author_id, kind=kind.value, body=body)


# Prerequisites: the badge classes this one stacks on that the learner holds no live badge of.
MISSING = (
    """
MATCH (b:BadgeClass {id: $badgeClass})-[:REQUIRES]->(r:BadgeClass)
WHERE NOT EXISTS { (:Person {id: $learner})-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(r) WHERE """
    + LIVE
    + """ }
RETURN r.name AS name ORDER BY name
"""
)


async def check_prerequisites(
    tx: AsyncManagedTransaction, badge_class_id: str, learner_id: str
) -> None:
    """PREREQUISITES_NOT_MET unless the learner holds every badge the class requires."""
    missing = [
        r["name"] for r in await rows(tx, MISSING, badgeClass=badge_class_id, learner=learner_id)
    ]
    if missing:
        raise PrerequisitesNotMet(
            "This badge stacks on badges you do not hold yet: " + ", ".join(missing) + ".",
            field="badgeClassId",
        )


RUBRIC = (
    """
MATCH (:Claim {id: $claim})-[:FOR_BADGE]->(:BadgeClass)-[:HAS_CRITERION]->(k:RubricCriterion)
WITH k ORDER BY k.position
RETURN k """
    + RUBRIC_CRITERION
    + " AS k"
)


async def check_assessment(
    tx: AsyncManagedTransaction,
    claim_id: str,
    assessment: tuple[Assessment, ...],
    *,
    complete: bool,
) -> tuple[Assessment, ...]:
    """The assessment in rubric order, every level in range; `complete`: every criterion.

    Returns it unchanged in meaning; also enforces the class's minimum levels when complete.
    """
    rubric = rubric_from([r["k"] for r in await rows(tx, RUBRIC, claim=claim_id)])
    if not rubric:
        if assessment:
            raise BadUserInput("This badge class has no rubric to assess.", field="assessment")
        return ()
    # Errors name the position in the caller's list.
    given = {a.criterion_id: (index, a) for index, a in enumerate(assessment)}
    if len(given) != len(assessment):
        raise BadUserInput("Assess each criterion once.", field="assessment")
    known = {k.id for k in rubric}
    unknown = sorted(set(given) - known)
    if unknown:
        raise BadUserInput(f"No criterion {unknown[0]} in this rubric.", field="assessment")
    ordered: list[Assessment] = []
    for criterion in rubric:
        if criterion.id not in given:
            if complete:
                raise BadUserInput(
                    f"Assess every criterion of the rubric; {criterion.name!r} is missing.",
                    field="assessment",
                )
            continue
        index, found = given[criterion.id]
        if not 1 <= found.level <= len(criterion.levels):
            raise BadUserInput(
                f"{criterion.name!r} has levels 1 to {len(criterion.levels)}.",
                field=f"assessment[{index}].level",
            )
        if complete and criterion.minimum_level and found.level < criterion.minimum_level:
            raise BadUserInput(
                f"{criterion.name!r} needs at least level {criterion.minimum_level} for this "
                f"badge; return the claim for revision or decline it instead.",
                field=f"assessment[{index}].level",
            )
        ordered.append(found)
    return tuple(ordered)


def _refuse_self_issuing(issues_itself: bool) -> None:
    if issues_itself:
        raise Conflict(
            "This badge is issued by itself to everyone who holds every badge it requires; "
            "earn those instead of claiming it.",
            field="badgeClassId",
        )


async def _finish(
    tx: AsyncManagedTransaction,
    actor_id: str,
    claim_id: str,
    evidence: tuple[NewEvidence, ...],
    action: str,
) -> Claim:
    await new_revision(tx, claim_id, None, evidence)
    await audit.record(tx, actor_id, action, audit.TargetKind.CLAIM, claim_id)
    # A policy that needs no endorsement goes on at once (issued, or to the reviewers).
    await advance(tx, claim_id, actor_id)
    return await read_claim(tx, claim_id)


# --- claiming a participation ---------------------------------------------------------------

PARTICIPATION_FACTS = (
    """
MATCH (learner:Person)-[:APPLIED]->(app:Application {id: $application})-[:FOR]->(o:Opportunity)
      -[:OFFERED_BY]->(org:Organisation)-[:PARTNER_OF]->(uni:University)
SET app.version = coalesce(app.version, 0) + 1
WITH app, o, org, uni, learner
"""
    + STANDING
    + """
OPTIONAL MATCH (o)-[:LEADS_TO]->(b:BadgeClass)
RETURN app.status AS status, learner.id AS learnerId, b.id AS badgeClassId,
       coalesce(b.adHoc, false) AS adHoc,
       coalesce(b.autoIssueOnCompletion, false) AS issuesItself,
       EXISTS { (c:Claim)-[:FROM]->(app) WHERE c.status <> 'WITHDRAWN' } AS claimed, """
    + STANDING_FIELDS
)

CLAIM_PARTICIPATION = """
MATCH (learner:Person)-[:APPLIED]->(app:Application {id: $application})-[:FOR]->(o:Opportunity)
      -[:LEADS_TO]->(b:BadgeClass)
MATCH (o)-[:OFFERED_BY]->(:Organisation)-[:PARTNER_OF]->(uni:University)
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: b.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: b.domain, createdAt: datetime(), version: 0
})
CREATE (c)-[:FROM]->(app), (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(uni)
RETURN c.id AS id
"""


@writes
async def claim_participation(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    application_id: str,
    narrative: str,
    evidence: tuple[NewEvidence, ...],
) -> Claim:
    """Claim the badge class of a completed participation (once)."""
    facts = await single(tx, PARTICIPATION_FACTS, application=application_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such application.", field="applicationId")
    guard(standing_from(facts, actor_id, is_owner=facts["learnerId"] == actor_id))
    if facts["status"] != ApplicationStatus.COMPLETED:
        raise Conflict(
            f"Only a completed participation can be claimed; this one is {facts['status']}."
        )
    if facts["claimed"]:
        raise Conflict("You already claimed this participation.")
    if facts["badgeClassId"] is None or facts["adHoc"]:
        raise Conflict("This opportunity leads to no badge class.")
    _refuse_self_issuing(facts["issuesItself"])
    await check_prerequisites(tx, facts["badgeClassId"], actor_id)
    record = await one(
        tx,
        CLAIM_PARTICIPATION,
        application=application_id,
        kind=ClaimKind.PARTICIPATION.value,
        narrative=narrative,
    )
    return await _finish(tx, actor_id, record["id"], evidence, "claim")


# --- self-asserting -------------------------------------------------------------------------

SELF_FACTS = """
OPTIONAL MATCH (actor:Person {id: $actor})
OPTIONAL MATCH (target:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
OPTIONAL MATCH (chosen:University {id: $university})
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       [] AS orgRoles, [] AS uniRoles, false AS reviewsClaims,
       target IS NOT NULL AS targetExists, coalesce(target.adHoc, false) AS targetAdHoc,
       coalesce(target.autoIssueOnCompletion, false) AS targetIssuesItself,
       target.helpingHand IS NOT NULL AS targetHelpingHand,
       coalesce(partner, issuer, chosen).id AS brandId, chosen IS NOT NULL AS chosenExists
"""

# Without a target badge class, the claim gets a badge class of its own (OB needs one),
# issued by the branding university and marked ad hoc so curators do not queue it.
AD_HOC_BADGE_CLASS = """
MATCH (u:University {id: $brand})
CREATE (own:BadgeClass {id: randomUUID(), name: $title, description: $narrative,
        criteria: $narrative, domain: $domain, level: 1, adHoc: true, createdAt: datetime()})
        -[:ISSUED_BY]->(u)
RETURN own.id AS id
"""

SELF_ASSERT = """
MATCH (learner:Person {id: $actor})
MATCH (u:University {id: $brand})
MATCH (b:BadgeClass {id: $badgeClass})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: $title, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: coalesce($domain, b.domain), createdAt: datetime(),
  version: 0
})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
// A one-off class belongs to the claim it was made for: the university's community policy
// is consent for that claim only (graph.recognition.issuance).
FOREACH (_ IN CASE WHEN $ownClass THEN [1] ELSE [] END | SET b.adHocFor = c.id)
WITH c
CALL (c) {
  UNWIND $competencies AS key
  MATCH (k:Competency {key: key})
  MERGE (c)-[:ABOUT_COMPETENCY]->(k)
}
RETURN c.id AS id
"""


@writes
async def self_assert(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: SelfAssertion
) -> Claim:
    """Record learning that happened anywhere; a target badge class goes to its issuer."""
    facts = await one(
        tx,
        SELF_FACTS,
        actor=actor_id,
        badgeClass=data.badge_class_id,
        university=data.university_id,
    )
    guard(standing_from(facts, actor_id, is_owner=True))
    if data.badge_class_id and not facts["targetExists"]:
        raise NotFound("No such badge class.", field="badgeClassId")
    if facts["targetAdHoc"]:
        raise Conflict(
            "That badge class is another learner's own one-off claim; "
            "describe your learning in a claim of your own.",
        )
    _refuse_self_issuing(facts["targetIssuesItself"])
    if facts["targetHelpingHand"]:
        raise Conflict(
            "Helping hand badges are earned by helping with quests, not claimed.",
            field="badgeClassId",
        )
    if data.university_id and not facts["chosenExists"]:
        raise NotFound("No such university.", field="universityId")
    if facts["brandId"] is None:
        raise BadUserInput(
            "Say which university's community recognises this (universityId), "
            "or target one of its badge classes.",
            field="universityId",
        )
    badge_class_id = data.badge_class_id
    if badge_class_id is None:
        made = await one(
            tx,
            AD_HOC_BADGE_CLASS,
            brand=facts["brandId"],
            title=data.title,
            narrative=data.narrative,
            domain=(data.domain or Domain.GLOBAL_CITIZENSHIP).value,
        )
        badge_class_id = made["id"]
    else:
        await check_prerequisites(tx, badge_class_id, actor_id)
    record = await one(
        tx,
        SELF_ASSERT,
        actor=actor_id,
        brand=facts["brandId"],
        badgeClass=badge_class_id,
        title=data.title,
        narrative=data.narrative,
        domain=data.domain.value if data.domain else None,
        kind=ClaimKind.SELF_ASSERTED.value,
        competencies=list(data.competency_keys),
        ownClass=data.badge_class_id is None,
    )
    return await _finish(tx, actor_id, record["id"], data.evidence, "self_assert")


# --- the learner managing a claim -----------------------------------------------------------

# Locks the claim and reads the actor's standing towards the badge class's issuer: only the
# issuer's own people review claims on it. Also tells whether the actor was invited.
LOCK = (
    """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(:BadgeClass)
      -[:ISSUED_BY]->(issuer)
SET c.version = coalesce(c.version, 0) + 1
WITH c, learner, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
RETURN c.status AS status, learner.id AS learnerId, c.title AS title,
       EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
         AS invited,
       EXISTS { (c)<-[:FOR]-(x:PeerAssignment)<-[:ASSIGNED]-(:Person {id: $actor})
                WHERE x.status IN ['OPEN', 'DONE'] } AS peerReviewer,
       coalesce(c.peerState = 'DISPUTED', false) AS disputed, """
    + STANDING_FIELDS
)


@dataclass(frozen=True)
class Locked:
    status: ClaimStatus
    learner_id: str
    title: str


async def lock_claim(
    tx: AsyncManagedTransaction, claim_id: str, actor_id: str | None
) -> tuple[Locked, Standing]:
    facts = await single(tx, LOCK, claim=claim_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such claim.", field="claimId")
    standing = standing_from(
        facts,
        actor_id,
        is_owner=facts["learnerId"] == actor_id,
        is_invited=bool(facts["invited"]),
    )
    return Locked(ClaimStatus(facts["status"]), facts["learnerId"], facts["title"]), standing


# Endorsers who asked for more evidence hear once the learner has revised the claim.
ANSWER_REQUESTS = """
MATCH (m:ClaimMessage {kind: 'EVIDENCE_REQUESTED'})-[:ON]->(:Claim {id: $claim})
WHERE m.answeredAt IS NULL AND m.authorId IS NOT NULL
SET m.answeredAt = datetime()
RETURN collect(DISTINCT m.authorId) AS askers
"""


@writes
async def revise(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    *,
    narrative: str | None = None,
    evidence: tuple[NewEvidence, ...] = (),
) -> Claim:
    """Change the narrative and/or add evidence while the claim is open or returned; each
    change is a new revision, and endorsements given earlier say which one they saw."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    CLAIM.next("revise", locked.status)
    await new_revision(tx, claim_id, narrative, evidence)
    await audit.record(tx, actor_id, "revise", audit.TargetKind.CLAIM, claim_id)
    answered = await single(tx, ANSWER_REQUESTS, claim=claim_id)
    if answered is not None and answered["askers"]:
        await outbox.record(
            tx,
            outbox.Kind.CLAIM_REVISED,
            outbox.Audience.PEOPLE,
            list(answered["askers"]),
            {"claimId": claim_id, "title": locked.title},
        )
    return await read_claim(tx, claim_id)


@writes
async def add_evidence(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    evidence: tuple[NewEvidence, ...],
) -> Claim:
    return await revise.within(tx, actor_id, guard, claim_id, evidence=evidence)


SET_STATUS = "MATCH (c:Claim {id: $claim}) SET c.status = $status"


@writes
async def resubmit(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, message: str
) -> Claim:
    """Send a returned claim back, with a word to the reviewers about what changed."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    await execute(tx, SET_STATUS, claim=claim_id, status=CLAIM.next("resubmit", locked.status))
    await post_message(tx, claim_id, actor_id, ClaimMessageKind.RESUBMITTED, message)
    await audit.record(tx, actor_id, "resubmit", audit.TargetKind.CLAIM, claim_id)
    # Back to the reviewers at once while the endorsements still meet the policy.
    await advance(tx, claim_id, actor_id)
    return await read_claim(tx, claim_id)


WITHDRAW = """
MATCH (c:Claim {id: $claim})
SET c.status = $status, c.decidedAt = datetime()
REMOVE c.inReviewSince
WITH c
// A portfolio taken back from peer review: its open reviews are nobody's work any more, and
// stop counting towards their reviewers' load (graph.peer_assessment.assignment).
CALL (c) {
  MATCH (x:PeerAssignment {status: 'OPEN'})-[:FOR]->(c)
  SET x.status = 'WITHDRAWN', x.withdrawnAt = datetime()
}
"""


@writes
async def withdraw(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str
) -> Claim:
    """The learner takes the claim back before it is decided (it stays in their record)."""
    locked, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    await execute(tx, WITHDRAW, claim=claim_id, status=CLAIM.next("withdraw", locked.status))
    await audit.record(tx, actor_id, "withdraw", audit.TargetKind.CLAIM, claim_id)
    return await read_claim(tx, claim_id)


SET_VISIBILITY = (
    """
MATCH (c:Claim {id: $claim})
SET c.visibility = $visibility,
    c.shareToken = CASE WHEN $visibility = 'PRIVATE' THEN null
                        ELSE coalesce(c.shareToken, $token) END
WITH c
OPTIONAL MATCH (c)-[:ISSUED_AS]->(a:Assertion)
SET a.visibility = c.visibility, a.shareToken = c.shareToken
"""
    + RETURN_CLAIM
)


@writes
async def set_visibility(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, visibility: Visibility
) -> Claim:
    """Share a claim (and its badge) by link or publicly, or make it private again (which
    retires the link: a new one is made when it is shared again)."""
    _, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    record = await one(
        tx,
        SET_VISIBILITY,
        claim=claim_id,
        visibility=visibility.value,
        token=secrets.token_urlsafe(24),
    )
    await audit.record(
        tx, actor_id, "set_visibility", audit.TargetKind.CLAIM, claim_id, visibility.value
    )
    return claim_from(record["claim"])


# --- reading ------------------------------------------------------------------------------------

BY_ID_WITH_STANDING = (
    """
MATCH (:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:FOR_BADGE]->(:BadgeClass)
      -[:ISSUED_BY]->(issuer)
WITH c, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
WITH *, EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
        AS invited
"""
    + CLAIM_FIELDS
    + "RETURN claim, invited, "
    + STANDING_FIELDS
)

BY_SHARE_TOKEN = (
    "MATCH (c:Claim {shareToken: $token}) WHERE c.visibility IN ['LINK', 'PUBLIC']" + RETURN_CLAIM
)

# A learner's claims, newest first (ties by id), one page after a position: a seek from the
# learner's id index along their own claims, and only the page's claims are projected.
OF_LEARNER = (
    """
MATCH (me:Person {id: $learner})
USING INDEX SEEK me:Person(id)
MATCH (me)-[:CLAIMED]->(c:Claim)
WHERE ($publicOnly = false OR c.visibility = 'PUBLIC')
  AND """
    + newest_after("c", "createdAt")
    + """
WITH c ORDER BY c.createdAt DESC, c.id DESC LIMIT $limit
"""
    + CLAIM_FIELDS
    + """
RETURN claim, """
    + position_columns("c", "createdAt")
    + """
ORDER BY claim.createdAt DESC, claim.id DESC
"""
)
COUNT_OF_LEARNER = """
MATCH (me:Person {id: $learner})
USING INDEX SEEK me:Person(id)
MATCH (me)-[:CLAIMED]->(c:Claim)
WHERE $publicOnly = false OR c.visibility = 'PUBLIC'
RETURN count(c) AS total
"""


@dataclass(frozen=True)
class ListedClaim:
    claim: Claim
    position: Position


@dataclass(frozen=True)
class LearnerClaims:
    """One page of a learner's claims, newest first, and how many they have in all."""

    entries: list[ListedClaim]
    total: int


@reads
async def claim_by_id(
    tx: AsyncManagedTransaction, claim_id: str, actor_id: str | None
) -> ClaimView | None:
    record = await single(tx, BY_ID_WITH_STANDING, claim=claim_id, actor=actor_id)
    if record is None:
        return None
    claim = claim_from(record["claim"])
    standing = standing_from(
        record,
        actor_id,
        is_owner=claim.learner_id == actor_id,
        is_invited=bool(record["invited"]),
    )
    return ClaimView(claim, standing)


@reads
async def claim_by_share_token(tx: AsyncManagedTransaction, token: str) -> Claim | None:
    record = await single(tx, BY_SHARE_TOKEN, token=token)
    return claim_from(record["claim"]) if record else None


@reads
async def claims_of_learner(
    tx: AsyncManagedTransaction,
    learner_id: str,
    *,
    public_only: bool,
    limit: int,
    after: Position | None = None,
) -> LearnerClaims:
    """A learner's claims (only PUBLIC ones for `public_only`), newest first, after `after`."""
    found = await rows(
        tx,
        OF_LEARNER,
        learner=learner_id,
        publicOnly=public_only,
        limit=limit,
        **after_parameters(after),
    )
    total = await single(tx, COUNT_OF_LEARNER, learner=learner_id, publicOnly=public_only)
    return LearnerClaims(
        entries=[
            ListedClaim(claim_from(r["claim"]), position_of(r, r["claim"]["id"])) for r in found
        ],
        total=int(total["total"]) if total else 0,
    )


HISTORY = """
UNWIND $ids AS wanted
MATCH (c:Claim {id: wanted})
CALL (c) {
  OPTIONAL MATCH (r:ClaimRevision)-[:OF]->(c)
  WITH r ORDER BY r.number
  RETURN collect(r { .number, .narrative, .evidence, .createdAt }) AS revisions
}
CALL (c) {
  OPTIONAL MATCH (m:ClaimMessage)-[:ON]->(c)
  WITH m ORDER BY m.createdAt, m.id
  RETURN collect(m { .id, .kind, .body, .authorId, .authorName, .revision, .createdAt })
         AS messages
}
RETURN c.id AS id, revisions, messages
"""


@reads
async def histories(tx: AsyncManagedTransaction, claim_ids: list[str]) -> dict[str, History]:
    """Revisions and conversations of many claims in one round trip (for a DataLoader)."""
    return {
        r["id"]: History(
            revisions=tuple(
                Revision(
                    number=int(v["number"]),
                    narrative=v.get("narrative") or "",
                    evidence_ids=tuple(v.get("evidence") or ()),
                    created_at=v["createdAt"].to_native(),
                )
                for v in r["revisions"]
            ),
            messages=tuple(
                Message(
                    id=m["id"],
                    kind=ClaimMessageKind(m["kind"]),
                    body=m.get("body") or "",
                    author_id=m.get("authorId"),
                    author_name=m.get("authorName") or "A former Kring member",
                    revision=int(m.get("revision") or 1),
                    created_at=m["createdAt"].to_native(),
                )
                for m in r["messages"]
            ),
        )
        for r in await rows(tx, HISTORY, ids=claim_ids)
    }


# Who may download is decided by the caller (server.evidence) from these facts.
EVIDENCE_ACCESS = (
    """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim)-[:HAS_EVIDENCE]->(ev:Evidence {id: $id})
MATCH (c)-[:FOR_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(issuer)
WITH ev, c, learner, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
RETURN ev.sha256 AS sha256, ev.mediaType AS mediaType, ev.name AS name, ev.kind AS kind,
       learner.id AS learnerId, c.visibility AS visibility, c.shareToken AS shareToken,
       c.submittedAt IS NOT NULL AS submitted,
       EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
         AS invited,
       EXISTS { (c)<-[:FOR]-(x:PeerAssignment)<-[:ASSIGNED]-(:Person {id: $actor})
                WHERE x.status IN ['OPEN', 'DONE'] } AS peerReviewer,
       coalesce(c.peerState = 'DISPUTED', false) AS disputed, """
    + STANDING_FIELDS
)


@dataclass(frozen=True)
class EvidenceFile:
    sha256: str
    media_type: str
    name: str
    visibility: Visibility  # of its claim
    share_token: str | None  # of its claim's link
    submitted: bool  # its claim reached the issuer's reviewers
    standing: Standing  # the actor's, towards the claim's issuer
    peer_reviewer: bool  # the actor reviews (or reviewed) its peer-assessed portfolio
    disputed: bool  # its peer reviews disagree: the issuer's staff decide


@reads
async def evidence_file(
    tx: AsyncManagedTransaction, evidence_id: str, actor_id: str | None
) -> EvidenceFile | None:
    """The stored file behind an evidence item, with what decides who may download it."""
    record = await single(tx, EVIDENCE_ACCESS, id=evidence_id, actor=actor_id)
    if record is None or record["kind"] != "FILE":
        return None
    standing = standing_from(
        record,
        actor_id,
        is_owner=record["learnerId"] == actor_id,
        is_invited=bool(record["invited"]),
    )
    return EvidenceFile(
        sha256=record["sha256"],
        media_type=record["mediaType"],
        name=record["name"],
        visibility=Visibility(record["visibility"] or Visibility.PRIVATE),
        share_token=record["shareToken"],
        submitted=bool(record["submitted"]),
        standing=standing,
        peer_reviewer=bool(record["peerReviewer"]),
        disputed=bool(record["disputed"]),
    )

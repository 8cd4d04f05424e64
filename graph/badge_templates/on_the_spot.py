"""Issuing on the spot: a teacher, or a supervisor of an approved partner organisation, makes
a community badge class from their university's template and issues it at once to the
learners they saw, their observation the first endorsement of each badge.

The member acting in their role is the issuer's decision (consent ON_THE_SPOT, the member
recorded as `approvedBy` on every badge). All or nothing: one transaction issues every badge
of the request, or none (an unknown address refuses the request, naming each). The client's
`requestId` makes a retry answer with the first attempt's badges instead of issuing again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.meaning import BADGE_CLASS
from graph.core import audit, meaning, throttles
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.database import Graph
from graph.core.errors import BadUserInput, Conflict, Forbidden, KringError, NotFound, Reason
from graph.core.meaning import Embedder
from graph.core.transactions import writes
from graph.core.vocabulary import ClaimKind, Consent, OrganisationStatus, Relationship
from graph.recognition.claims import Assessment, assessment_params, new_revision
from graph.recognition.issuance import due_facts, issue

MAX_LEARNERS = 30
# Badges one staff member may issue on the spot in 24 hours: a busy day at a repair café,
# not a way to mint badges in bulk.
MAX_BADGES_PER_DAY = 60
# Requests per staff member, counted until one issues: an address or two mistyped is normal,
# a run of refusals is someone finding out which addresses have an account (each refusal
# names the unknown ones).
LOOKUPS = throttles.Rule(
    "on-the-spot", free=3, base_seconds=60, cap_seconds=3600, forget_seconds=86400
)


@dataclass(frozen=True, kw_only=True)
class OnTheSpotRequest:
    request_id: str
    template_id: str
    issuer_id: str  # the actor's university, or the approved partner organisation they act for
    learner_emails: tuple[str, ...]  # distinct, lower case, 1 to MAX_LEARNERS
    observation: str
    name: str | None = None  # a more specific name than the template's
    context: str | None = None  # one line on where and when
    assessment: tuple[Assessment, ...] = ()  # by the template's criterion ids


@dataclass(frozen=True)
class IssuedBadge:
    email: str
    learner_id: str
    learner_name: str
    assertion_id: str


@dataclass(frozen=True)
class OnTheSpotReport:
    request_id: str
    badge_class_id: str
    badges: tuple[IssuedBadge, ...]


@dataclass(frozen=True)
class _Outcome:
    report: OnTheSpotReport | None = None
    refused: KringError | None = None  # raised once the attempt's count is committed


def fingerprint(request: OnTheSpotRequest) -> str:
    """What a request asked, so a requestId is never answered for a different question."""
    asked = {
        "template": request.template_id,
        "issuer": request.issuer_id,
        "learners": list(request.learner_emails),
        "observation": request.observation,
        "name": request.name,
        "context": request.context,
        "assessment": [[a.criterion_id, a.level] for a in request.assessment],
    }
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()


# MERGE on the unique id: a retry racing the first attempt waits for it to commit (or roll
# back), then finds its answer; the version bump holds the request's lock to the end.
BEGIN = """
MERGE (r:OnTheSpotRequest {id: $request})
  ON CREATE SET r.personId = $actor, r.fingerprint = $fingerprint, r.createdAt = datetime()
SET r.version = coalesce(r.version, 0) + 1
RETURN r.personId AS personId, r.fingerprint AS fingerprint, r.badgeClassId AS badgeClassId,
       r.learnerIds AS learnerIds, r.assertionIds AS assertionIds
"""
# Ids only: the learners' addresses and names are theirs, and go when their account does.
FINISH = """
MATCH (r:OnTheSpotRequest {id: $request})
SET r.badgeClassId = $badgeClass, r.learnerIds = $learners, r.assertionIds = $assertions
"""
REPLAY = """
UNWIND range(0, size($assertions) - 1) AS i
OPTIONAL MATCH (p:Person {id: $learners[i]})-[:HOLDS]->(:Assertion {id: $assertions[i]})
RETURN i, p.email AS email, p.name AS name
ORDER BY i
"""

# The template and its university; the issuer the actor names: their university (it must
# provide the template) or an organisation, which counts only when it is approved and a
# partner of that university. Their standing is read towards exactly that issuer, so a role
# anywhere else gives nothing. Also takes the actor's lock for the daily count.
FACTS = (
    """
MATCH (t:BadgeTemplate {id: $template})-[:PROVIDED_BY]->(brand:University)
OPTIONAL MATCH (o:Organisation {id: $issuer})
OPTIONAL MATCH (u:University {id: $issuer})
WITH t, brand, o, u,
     CASE WHEN o.status = $approved AND EXISTS { (o)-[:PARTNER_OF]->(brand) } THEN o END
       AS org,
     CASE WHEN u = brand THEN u END AS uni
"""
    + STANDING
    + """
RETURN t.name AS templateName, coalesce(t.archived, false) AS archived, brand.id AS brandId,
       o IS NOT NULL OR u IS NOT NULL AS issuerExists, o IS NOT NULL AS isOrganisation,
       o.status AS orgStatus, EXISTS { (o)-[:PARTNER_OF]->(brand) } AS partner,
       u IS NOT NULL AND u <> brand AS otherUniversity,
       COLLECT { MATCH (t)-[:HAS_TEMPLATE_CRITERION]->(k:RubricCriterion)
                 WITH k ORDER BY k.position
                 RETURN k { .id, .name, .levels, .minimumLevel } } AS rubric, """
    + STANDING_FIELDS
)

# The actor's lock: two requests of one person at once count one after the other.
TODAY = """
MATCH (actor:Person {id: $actor})
SET actor.onTheSpotVersion = coalesce(actor.onTheSpotVersion, 0) + 1
RETURN COUNT { (actor)-[:ISSUED_ON_THE_SPOT]->(:BadgeClass)<-[:OF_BADGE]-(a:Assertion)
               WHERE a.issuedAt > datetime() - duration('P1D') } AS today
"""

LEARNERS = """
UNWIND range(0, size($emails) - 1) AS i
OPTIONAL MATCH (p:Person {email: $emails[i]})
RETURN i, $emails[i] AS email, p.id AS id, p.name AS name
ORDER BY i
"""

# Not ad hoc: curators see it in their queue like any community class and may validate it.
CREATE_CLASS = """
MATCH (t:BadgeTemplate {id: $template})
MATCH (actor:Person {id: $actor})
OPTIONAL MATCH (o:Organisation {id: $issuer})
OPTIONAL MATCH (u:University {id: $issuer})
WITH t, actor, coalesce(o, u) AS issuer
CREATE (b:BadgeClass {
  id: randomUUID(), name: $name, criteria: t.criteria,
  description: t.description + CASE WHEN $context IS NULL THEN '' ELSE ' ' + $context END,
  domain: t.domain, level: t.level, createdAt: datetime(), onTheSpot: true,
  policyMinimum: 0, policyRelationships: [], policyRequireOneOf: [],
  autoIssueParticipations: false, autoIssueOnCompletion: false
})-[:ISSUED_BY]->(issuer)
CREATE (b)-[:FROM_TEMPLATE]->(t), (actor)-[:ISSUED_ON_THE_SPOT]->(b)
WITH b, t
CALL (b, t) {
  MATCH (t)-[:HAS_TEMPLATE_CRITERION]->(k:RubricCriterion)
  CREATE (b)-[:HAS_CRITERION]->(:RubricCriterion {
    id: randomUUID(), position: k.position, name: k.name, description: k.description,
    levels: k.levels, minimumLevel: k.minimumLevel
  })
}
RETURN b.id AS id,
       COLLECT { MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion)
                 RETURN k.id ORDER BY k.position } AS criteria
"""

# A claim per learner, already carrying the staff member's observation (and the assessment,
# on the class's criteria) as its endorsement; graph.recognition.issuance issues each.
CLAIMS = """
MATCH (b:BadgeClass {id: $badgeClass})
MATCH (u:University {id: $brand})
MATCH (actor:Person {id: $actor})
UNWIND $learners AS lid
MATCH (learner:Person {id: lid})
CREATE (learner)-[:CLAIMED]->(c:Claim {
  id: randomUUID(), kind: $kind, title: b.name, narrative: $narrative, status: 'OPEN',
  visibility: 'PRIVATE', domain: b.domain, createdAt: datetime(), version: 0,
  assessedCriteria: $assessment.criteria, assessedLevels: $assessment.levels,
  assessedComments: $assessment.comments
})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
CREATE (actor)-[:ENDORSED]->(e:Endorsement {
  id: randomUUID(), relationship: $relationship, testimonial: $observation,
  observed: $observation, status: 'ACTIVE', createdAt: datetime(), revision: 1,
  assessedCriteria: $assessment.criteria, assessedLevels: $assessment.levels,
  assessedComments: $assessment.comments
})-[:OF]->(c)
RETURN lid AS learnerId, c.id AS claimId, e.id AS endorsementId
"""


async def _replay(tx: AsyncManagedTransaction, request_id: str, begun: Any) -> OnTheSpotReport:
    """The first attempt's answer; a learner who since deleted their account is not named."""
    learners, assertions = list(begun["learnerIds"]), list(begun["assertionIds"])
    found = await rows(tx, REPLAY, learners=learners, assertions=assertions)
    return OnTheSpotReport(
        request_id,
        begun["badgeClassId"],
        tuple(
            IssuedBadge(r["email"] or "", learners[r["i"]], r["name"] or "", assertions[r["i"]])
            for r in found
        ),
    )


def _check_assessment(
    rubric: list[dict[str, Any]], assessment: tuple[Assessment, ...]
) -> tuple[Assessment, ...]:
    """A level for every criterion of the template, in range and at least its minimum."""
    if not rubric:
        if assessment:
            raise BadUserInput("This template has no rubric to assess.", field="assessment")
        return ()
    given = {a.criterion_id: (index, a) for index, a in enumerate(assessment)}
    if len(given) != len(assessment):
        raise BadUserInput("Assess each criterion once.", field="assessment")
    unknown = sorted(set(given) - {k["id"] for k in rubric})
    if unknown:
        raise BadUserInput(f"No criterion {unknown[0]} in this template.", field="assessment")
    ordered: list[Assessment] = []
    for criterion in rubric:
        if criterion["id"] not in given:
            raise BadUserInput(
                f"Give a level for every criterion; {criterion['name']!r} is missing.",
                field="assessment",
            )
        index, found = given[criterion["id"]]
        levels = len(criterion["levels"])
        if not 1 <= found.level <= levels:
            raise BadUserInput(
                f"{criterion['name']!r} has levels 1 to {levels}.",
                field=f"assessment[{index}].level",
            )
        minimum = criterion["minimumLevel"]
        if minimum and found.level < minimum:
            raise BadUserInput(
                f"{criterion['name']!r} needs at least level {minimum} for this badge; "
                "issue it once the learner gets there.",
                field=f"assessment[{index}].level",
            )
        ordered.append(found)
    return tuple(ordered)


def _refuse_forgery(facts: Any) -> None:
    """Say plainly why someone may not issue for this issuer; the guard covers the rest."""
    if facts["otherUniversity"]:
        raise Forbidden("Only the university that provides the template issues from it.")
    if facts["isOrganisation"]:
        if facts["orgStatus"] != OrganisationStatus.APPROVED:
            raise Forbidden("The organisation is not approved; it cannot issue badges.")
        if not facts["partner"]:
            raise Forbidden(
                "The organisation is not a partner of the university that provides the template."
            )


async def _learners(
    tx: AsyncManagedTransaction, actor_id: str, emails: tuple[str, ...]
) -> tuple[list[Any], KringError | None]:
    """The learners with these addresses, or why not: every address known, or the request
    refused and counted against the actor (LOOKUPS), naming the unknown ones."""
    lookups = LOOKUPS.key(actor_id)
    tried = await throttles.attempt(tx, [lookups])
    if tried.wait_seconds:
        return [], Conflict(
            "Too many requests naming addresses not on Kring: try again in "
            f"{tried.wait_seconds} seconds.",
            field="learners",
            reason=Reason.TOO_MANY_ATTEMPTS,
        )
    learners = await rows(tx, LEARNERS, emails=list(emails))
    unknown = [r for r in learners if r["id"] is None]
    if unknown:
        return [], NotFound(
            "No one on Kring has "
            + ("this address: " if len(unknown) == 1 else "these addresses: ")
            + ", ".join(r["email"] for r in unknown)
            + ". Ask them to register first.",
            field=f"learners[{unknown[0]['i']}]",
        )
    await throttles.clear(tx, [lookups])
    return learners, None


async def issue_on_the_spot(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    request: OnTheSpotRequest,
    embedder: Embedder | None,
) -> OnTheSpotReport:
    """Make the class from the template and issue it to every learner, or to none; a request
    refused for unknown addresses is counted (committed) before its error is raised."""
    outcome = await _issue(graph, actor_id, guard, request, embedder)
    if outcome.refused is not None:
        raise outcome.refused
    assert outcome.report is not None
    return outcome.report


@writes
async def _issue(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    request: OnTheSpotRequest,
    embedder: Embedder | None,
) -> _Outcome:
    asked = fingerprint(request)
    begun = await one(tx, BEGIN, request=request.request_id, actor=actor_id, fingerprint=asked)
    if begun["personId"] != actor_id:
        raise Conflict(
            "This requestId belongs to another request; send a new one.", field="requestId"
        )
    if begun["fingerprint"] != asked:
        raise Conflict(
            "This requestId was used for another request; send a new one.", field="requestId"
        )
    if begun["assertionIds"] is not None:
        return _Outcome(await _replay(tx, request.request_id, begun))

    facts = await single(
        tx,
        FACTS,
        template=request.template_id,
        issuer=request.issuer_id,
        actor=actor_id,
        approved=OrganisationStatus.APPROVED.value,
    )
    if facts is None:
        raise NotFound("No such badge template.", field="templateId")
    if not facts["issuerExists"]:
        raise NotFound("No such organisation or university.", field="issuerId")
    _refuse_forgery(facts)
    guard(standing_from(facts, actor_id))
    if facts["archived"]:
        raise Conflict("This template is archived; its university no longer offers it.")
    today = (await one(tx, TODAY, actor=actor_id))["today"]
    if today + len(request.learner_emails) > MAX_BADGES_PER_DAY:
        raise Conflict(
            f"At most {MAX_BADGES_PER_DAY} badges on the spot a day per person; you issued "
            f"{today} in the last 24 hours.",
            field="learners",
        )
    assessment = _check_assessment(facts["rubric"], request.assessment)

    learners, refused = await _learners(tx, actor_id, request.learner_emails)
    if refused is not None:
        return _Outcome(refused=refused)
    for r in learners:
        if r["id"] == actor_id:
            raise BadUserInput("You cannot issue a badge to yourself.", field=f"learners[{r['i']}]")

    name = request.name or facts["templateName"]
    made = await one(
        tx,
        CREATE_CLASS,
        template=request.template_id,
        actor=actor_id,
        issuer=request.issuer_id,
        name=name,
        context=request.context,
    )
    badge_class_id: str = made["id"]
    # The template's criteria map onto the class's copies by position.
    by_position = {k["id"]: i for i, k in enumerate(facts["rubric"])}
    on_class = tuple(
        replace(a, criterion_id=made["criteria"][by_position[a.criterion_id]]) for a in assessment
    )
    relationship = Relationship.SUPERVISOR if facts["isOrganisation"] else Relationship.TEACHER
    claims = await rows(
        tx,
        CLAIMS,
        badgeClass=badge_class_id,
        brand=facts["brandId"],
        actor=actor_id,
        learners=[r["id"] for r in learners],
        kind=ClaimKind.ON_THE_SPOT.value,
        narrative=request.context or name,
        relationship=relationship.value,
        observation=request.observation,
        assessment=assessment_params(on_class),
    )
    if embedder is not None:  # else `kring reembed` (the demo's loader) embeds it later
        await meaning.embed(tx, embedder, BADGE_CLASS, [badge_class_id])
    await audit.record(
        tx,
        actor_id,
        "create_on_the_spot",
        audit.TargetKind.BADGE_CLASS,
        badge_class_id,
        f"from template {request.template_id}",
    )
    by_learner = {c["learnerId"]: c for c in claims}
    badges: list[IssuedBadge] = []
    for learner in learners:
        claim = by_learner[learner["id"]]
        await new_revision(tx, claim["claimId"], None, ())
        due = replace(await due_facts(tx, claim["claimId"]), counted=(claim["endorsementId"],))
        assertion_id = await issue(
            tx, claim["claimId"], actor_id, due, Consent.ON_THE_SPOT, approver=actor_id
        )
        badges.append(IssuedBadge(learner["email"], learner["id"], learner["name"], assertion_id))
    await execute(
        tx,
        FINISH,
        request=request.request_id,
        badgeClass=badge_class_id,
        learners=[b.learner_id for b in badges],
        assertions=[b.assertion_id for b in badges],
    )
    return _Outcome(OnTheSpotReport(request.request_id, badge_class_id, tuple(badges)))

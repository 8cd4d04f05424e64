"""Every mutation in the schema, tried by every role and by a stranger.

A mutation added to the schema without a row here fails `test_every_mutation_has_a_rule`.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from auth.oauth import CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE
from graph.core.database import Graph
from server.graphql.presence.secret import secret_of
from server.graphql.schema import build_schema
from server.settings import Settings
from tests.credential_world import app_token, scoped
from tests.factories import ROLES, WORLD_CLAIM_CODE, World, make_world
from tests.foreign_platform import ForeignIssuer
from tests.helpers import error_codes, gql

SIGNED_IN = frozenset(ROLES)
_DEVICE = ec.generate_private_key(ec.SECP256R1()).public_key()
DEVICE_KEYS = {
    "p256dh": base64.urlsafe_b64encode(
        _DEVICE.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    )
    .rstrip(b"=")
    .decode(),
    "auth": base64.urlsafe_b64encode(bytes(16)).rstrip(b"=").decode(),
}
CASE_PACKAGE = json.dumps(
    {
        "CFDocument": {"identifier": "doc", "title": "Imported skills"},
        "CFItems": [{"identifier": "item", "fullStatement": "Listening", "humanCodingScheme": "L"}],
    }
)
FUTURE = (datetime.now(UTC) + timedelta(days=30)).isoformat()
FUTURE_END = (datetime.now(UTC) + timedelta(days=30, hours=3)).isoformat()


@dataclass(frozen=True)
class Case:
    document: str
    variables: Callable[[World], dict[str, Any]]
    allowed: frozenset[str]
    # Some mutations act on the caller's own things: variables that depend on the role.
    per_role: Callable[[World, str], dict[str, Any]] | None = None
    # What the others get: FORBIDDEN, or NOT_FOUND where "not yours" must not be told apart.
    denied: str = "FORBIDDEN"
    # Data the world lacks, made before each try; its result is added to the variables.
    prepare: Callable[[Graph, World], Awaitable[dict[str, Any]]] | None = None


def _id(name: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"id": getattr(w, name)}


MATRIX: dict[str, Case] = {
    "createUniversity": Case(
        'mutation { createUniversity(input: {name: "New U"}) { id } }',
        lambda w: {},
        frozenset({"platform_admin"}),
    ),
    "addUniversityMember": Case(
        'mutation($u: ID!) { addUniversityMember(universityId: $u, email: "new@x.example", '
        "role: TEACHER) { personId } }",
        lambda w: {"u": w.university},
        frozenset({"platform_admin", "uni_moderator"}),
    ),
    "removeUniversityMember": Case(
        "mutation($u: ID!, $p: ID!) { removeUniversityMember(universityId: $u, personId: $p, "
        "role: TEACHER) }",
        lambda w: {"u": w.university, "p": w.people["teacher"]},
        frozenset({"platform_admin", "uni_moderator"}),
    ),
    "applyOrganisation": Case(
        'mutation($u: ID!) { applyOrganisation(input: {universityId: $u, name: "N", '
        'description: "D", contactEmail: "c@x.example", address: "A", latitude: 51, '
        "longitude: 3.7}) { id } }",
        lambda w: {"u": w.university},
        SIGNED_IN,
    ),
    "approveOrganisation": Case(
        "mutation($id: ID!) { approveOrganisation(id: $id) { status } }",
        _id("pending_organisation"),
        frozenset({"platform_admin", "uni_moderator"}),
    ),
    "rejectOrganisation": Case(
        'mutation($id: ID!) { rejectOrganisation(id: $id, reason: "no") { status } }',
        _id("pending_organisation"),
        frozenset({"platform_admin", "uni_moderator"}),
    ),
    "addOrganisationMember": Case(
        'mutation($o: ID!) { addOrganisationMember(organisationId: $o, email: "n@x.example", '
        "role: SUPERVISOR) { personId } }",
        lambda w: {"o": w.organisation},
        frozenset({"org_admin"}),
    ),
    "removeOrganisationMember": Case(
        "mutation($o: ID!, $p: ID!) { removeOrganisationMember(organisationId: $o, "
        "personId: $p, role: SUPERVISOR) }",
        lambda w: {"o": w.organisation, "p": w.people["org_supervisor"]},
        frozenset({"org_admin"}),
    ),
    "updateOrganisation": Case(
        'mutation($id: ID!) { updateOrganisation(id: $id, input: {description: "New"}) { id } }',
        _id("organisation"),
        frozenset({"org_admin"}),
    ),
    "createBadgeClass": Case(
        'mutation($o: ID!) { createBadgeClass(input: {issuerId: $o, name: "B", '
        'description: "D", criteria: "C", domain: RESEARCH, level: BEGINNER}) { id } }',
        lambda w: {"o": w.organisation},
        frozenset({"org_admin"}),
    ),
    "draftOpportunity": Case(
        "mutation($o: ID!, $b: ID!, $s: DateTime!, $e: DateTime!) { draftOpportunity(input: "
        '{organisationId: $o, badgeClassId: $b, title: "T", synopsis: "S", '
        'description: "D", startsAt: $s, endsAt: $e, capacity: 3, address: "A", '
        "latitude: 51, longitude: 3.7}) { id } }",
        lambda w: {"o": w.organisation, "b": w.badge_class, "s": FUTURE, "e": FUTURE_END},
        frozenset({"org_admin"}),
    ),
    "updateOpportunity": Case(
        'mutation($id: ID!) { updateOpportunity(id: $id, input: {title: "New"}) { title } }',
        _id("draft_opportunity"),
        frozenset({"org_admin"}),
    ),
    "submitOpportunity": Case(
        "mutation($id: ID!) { submitOpportunity(id: $id) { status } }",
        _id("draft_opportunity"),
        frozenset({"org_admin"}),
    ),
    "publishOpportunity": Case(
        "mutation($id: ID!) { publishOpportunity(id: $id) { status } }",
        _id("submitted_opportunity"),
        frozenset({"uni_moderator"}),
    ),
    "rejectOpportunity": Case(
        'mutation($id: ID!) { rejectOpportunity(id: $id, reason: "r") { status } }',
        _id("submitted_opportunity"),
        frozenset({"uni_moderator"}),
    ),
    "closeOpportunity": Case(
        "mutation($id: ID!) { closeOpportunity(id: $id) { status } }",
        _id("live_opportunity"),
        frozenset({"org_admin"}),
    ),
    "archiveOpportunity": Case(
        "mutation($id: ID!) { archiveOpportunity(id: $id) { status } }",
        _id("closed_opportunity"),
        frozenset({"org_admin"}),
    ),
    "applyToOpportunity": Case(
        'mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "m") { id } }',
        # Applications close at the start: an upcoming opportunity, open to everyone signed in.
        lambda w: {"o": w.upcoming_opportunity},
        SIGNED_IN,
    ),
    "acceptApplication": Case(
        "mutation($id: ID!) { acceptApplication(id: $id) { status } }",
        _id("pending_application"),
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "rejectApplication": Case(
        'mutation($id: ID!) { rejectApplication(id: $id, reason: "full") { status } }',
        _id("pending_application"),
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "completeApplication": Case(
        "mutation($id: ID!) { completeApplication(id: $id) { status } }",
        _id("accepted_application"),
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "markNoShow": Case(
        "mutation($id: ID!) { markNoShow(id: $id) { status } }",
        _id("accepted_application"),
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "completeApplications": Case(
        "mutation($ids: [ID!]!, $r: ID!) { completeApplications(ids: $ids, outcome: COMPLETED, "
        "requestId: $r) { completed } }",
        # Whoever may decide none of the applications is refused outright.
        lambda w: {"ids": [w.accepted_application], "r": "5f0e4bd5-3b0c-4cbe-9d8e-0b1f2c3d4e5f"},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "withdrawApplication": Case(
        "mutation($id: ID!) { withdrawApplication(id: $id) { status } }",
        _id("pending_application"),
        frozenset({"owner"}),
    ),
    "claimParticipation": Case(
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        lambda w: {"a": w.completed_application},
        frozenset({"owner"}),
    ),
    "selfAssert": Case(
        'mutation($u: ID!) { selfAssert(input: {title: "T", narrative: "N", '
        "universityId: $u}) { id } }",
        lambda w: {"u": w.university},
        SIGNED_IN,
    ),
    "addEvidenceLinks": Case(
        "mutation($c: ID!) { addEvidenceLinks(claimId: $c, evidence: [{url: "
        '"https://x.example/p", name: "page"}]) { id } }',
        lambda w: {"c": w.open_claim},
        frozenset({"owner"}),
    ),
    "setClaimVisibility": Case(
        "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }",
        lambda w: {"c": w.open_claim},
        frozenset({"owner"}),
    ),
    "requestEndorsement": Case(
        'mutation($c: ID!) { requestEndorsement(claimId: $c, email: "e@x.example") { id } }',
        lambda w: {"c": w.open_claim},
        frozenset({"owner"}),
    ),
    "redeemEndorsementInvitation": Case(
        "mutation($t: String!) { redeemEndorsementInvitation(token: $t) { id } }",
        lambda w: {"t": w.invitation_token},
        SIGNED_IN - {"owner"},
    ),
    "endorseClaim": Case(
        "mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, "
        'testimonial: "Great") { id } }',
        lambda w: {"c": w.open_claim},
        # accepted_learner already endorsed it: CONFLICT, still allowed to try.
        frozenset({"teacher", "accepted_learner"}),
    ),
    "withdrawEndorsement": Case(
        "mutation($id: ID!) { withdrawEndorsement(id: $id) { id } }",
        _id("endorsement"),
        frozenset({"accepted_learner"}),
    ),
    "reviseClaim": Case(
        'mutation($c: ID!) { reviseClaim(claimId: $c, narrative: "More detail") { id } }',
        lambda w: {"c": w.returned_claim},
        frozenset({"owner"}),
    ),
    "resubmitClaim": Case(
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Added it") { id } }',
        lambda w: {"c": w.returned_claim},
        frozenset({"owner"}),
    ),
    "withdrawClaim": Case(
        "mutation($c: ID!) { withdrawClaim(claimId: $c) { id } }",
        lambda w: {"c": w.open_claim},
        frozenset({"owner"}),
    ),
    "requestMoreEvidence": Case(
        'mutation($c: ID!) { requestMoreEvidence(claimId: $c, note: "A photo?") { id } }',
        lambda w: {"c": w.open_claim},
        frozenset({"teacher", "accepted_learner"}),
    ),
    # Only the issuing organisation speaks for itself: not its partner university's staff,
    # not a supervisor its admins did not allow, never the learner.
    "approveClaim": Case(
        "mutation($c: ID!) { approveClaim(claimId: $c) { id } }",
        lambda w: {"c": w.review_claim},
        frozenset({"org_admin"}),
    ),
    "declineClaim": Case(
        'mutation($c: ID!) { declineClaim(claimId: $c, reason: "Not shown") { id } }',
        lambda w: {"c": w.review_claim},
        frozenset({"org_admin"}),
    ),
    "returnClaim": Case(
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "Add a photo") { id } }',
        lambda w: {"c": w.review_claim},
        frozenset({"org_admin"}),
    ),
    "clearEndorsementFlag": Case(
        'mutation($id: ID!) { clearEndorsementFlag(id: $id, note: "They met at work") }',
        _id("flagged_endorsement"),
        frozenset({"curator"}),
    ),
    "updateBadgeClass": Case(
        # An expiry may change on a class with issued badges (its name may not).
        "mutation($id: ID!) { updateBadgeClass(id: $id, input: {expiresAfterDays: 30}) { id } }",
        _id("badge_class"),
        frozenset({"org_admin"}),
    ),
    "setBadgeClassIssuance": Case(
        "mutation($id: ID!) { setBadgeClassIssuance(id: $id, autoIssueParticipations: false, "
        "autoIssueOnCompletion: false) { id } }",
        _id("badge_class"),
        frozenset({"org_admin"}),
    ),
    "allowClaimReview": Case(
        "mutation($o: ID!, $p: ID!) { allowClaimReview(organisationId: $o, personId: $p, "
        "allowed: true) { reviewsClaims } }",
        lambda w: {"o": w.organisation, "p": w.people["org_supervisor"]},
        frozenset({"org_admin"}),
    ),
    "revokeAssertion": Case(
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "fraud") { status } }',
        _id("assertion"),
        frozenset({"org_admin", "uni_moderator", "curator"}),
    ),
    # With EU micro-credential elements: stating them is the validating curator's alone.
    "validateBadgeClass": Case(
        'mutation($id: ID!) { validateBadgeClass(id: $id, note: "good", microCredential: '
        '{learningOutcomes: ["Plan a survey"], ectsCredits: 2, eqfLevel: 5}) { id } }',
        _id("badge_class"),
        frozenset({"curator"}),
    ),
    "withdrawBadgeClassValidation": Case(
        'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "stale") { id } }',
        _id("validated_badge_class"),
        frozenset({"curator"}),
    ),
    "markNotificationRead": Case(
        "mutation($id: ID!) { markNotificationRead(id: $id) }",
        lambda w: {"id": w.notification},
        frozenset({"owner"}),
        denied="NOT_FOUND",
    ),
    "markAllNotificationsRead": Case(
        "mutation { markAllNotificationsRead }", lambda w: {}, SIGNED_IN
    ),
    "registerPushSubscription": Case(
        "mutation($i: PushSubscriptionInput!) { registerPushSubscription(input: $i) { id } }",
        lambda w: {"i": {"endpoint": "http://127.0.0.1:9/push/new", **DEVICE_KEYS}},
        SIGNED_IN,
    ),
    "removePushSubscription": Case(
        "mutation($e: String!) { removePushSubscription(endpoint: $e) }",
        lambda w: {"e": w.push_endpoint},
        frozenset({"owner"}),
        denied="NOT_FOUND",
    ),
    "updateNotificationPreferences": Case(
        "mutation { updateNotificationPreferences(preferences: "
        "[{kind: BADGE_ISSUED, push: false}]) { kind push } }",
        lambda w: {},
        SIGNED_IN,
    ),
    "saveArea": Case(
        'mutation { saveArea(input: {name: "Home", latitude: 51.05, longitude: 3.72, '
        "radiusKm: 3}) { id } }",
        lambda w: {},
        SIGNED_IN,
    ),
    "removeSavedArea": Case(
        "mutation($id: ID!) { removeSavedArea(id: $id) }",
        _id("saved_area"),
        frozenset({"owner"}),
        denied="NOT_FOUND",
    ),
    "importCompetencyFramework": Case(
        "mutation($u: ID!, $p: String!) { importCompetencyFramework(universityId: $u, "
        "package: $p, domain: RESEARCH) { id } }",
        lambda w: {"u": w.university, "p": CASE_PACKAGE},
        frozenset({"uni_moderator", "curator"}),
    ),
    "assessMyself": Case(
        "mutation($f: ID!, $c: ID!) { assessMyself(frameworkId: $f, ratings: "
        "[{competencyId: $c, level: 2, wantToDevelop: true}]) { level } }",
        lambda w: {"f": w.competency_framework, "c": w.competency},
        SIGNED_IN,
    ),
    "deleteMyAccount": Case(
        "mutation($e: String!) { deleteMyAccount(confirmEmail: $e) }",
        lambda w: {"e": "nobody@world.example"},
        # Everyone may erase themselves; sole organisation admins are told to hand over.
        SIGNED_IN,
        per_role=lambda w, role: {"e": f"{role}@world.example"},
    ),
    # Proof of presence (check-in codes and claim codes).
    "checkIn": Case(
        "mutation($o: ID!, $c: String!) { checkIn(opportunityId: $o, code: $c) { first } }",
        lambda w: {"o": w.live_opportunity, "c": _check_in_code(w.live_opportunity)},
        frozenset({"accepted_learner"}),
    ),
    "confirmAttendance": Case(
        "mutation($o: ID!) { confirmAttendance(opportunityId: $o, "
        'requestId: "6f1c1a52-8a0e-4d3b-9d53-0d7c2f4e9a11") { completed } }',
        lambda w: {"o": w.live_opportunity},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "createClaimCode": Case(
        "mutation($b: ID!) { createClaimCode(badgeClassId: $b) { id } }",
        lambda w: {"b": w.badge_class},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "revokeClaimCode": Case(
        "mutation($id: ID!) { revokeClaimCode(id: $id) { state } }",
        _id("claim_code"),
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "redeemClaimCode": Case(
        'mutation { redeemClaimCode(code: "' + WORLD_CLAIM_CODE + '") { assertionId } }',
        lambda w: {},
        # `owner` already holds the class's badge: CONFLICT.
        SIGNED_IN,
    ),
    # On-the-spot badges (issue 18): templates are the university's staff's; issuing is for
    # a teacher (as the university) or an approved partner's admin or supervisor (as it).
    "createBadgeTemplate": Case(
        'mutation($u: ID!) { createBadgeTemplate(universityId: $u, input: {name: "T", '
        'description: "D", criteria: "C", domain: RESEARCH, level: BEGINNER}) { id } }',
        lambda w: {"u": w.university},
        frozenset({"uni_moderator", "curator"}),
    ),
    "updateBadgeTemplate": Case(
        'mutation($id: ID!) { updateBadgeTemplate(id: $id, input: {name: "T2", '
        'description: "D", criteria: "C", domain: RESEARCH, level: BEGINNER}) { id } }',
        _id("badge_template"),
        frozenset({"uni_moderator", "curator"}),
    ),
    "archiveBadgeTemplate": Case(
        "mutation($id: ID!) { archiveBadgeTemplate(id: $id) { archived } }",
        _id("badge_template"),
        frozenset({"uni_moderator", "curator"}),
    ),
    "issueOnTheSpot": Case(
        "mutation($t: ID!, $i: ID!, $r: ID!) { issueOnTheSpot(input: {requestId: $r, "
        'templateId: $t, issuerId: $i, learners: ["learner@world.example"], '
        'observation: "Saw it"}) { badgeClassId } }',
        lambda w: _on_the_spot(w, w.university),
        frozenset({"teacher", "org_admin", "org_supervisor", "other_org_admin"}),
        per_role=lambda w, role: _on_the_spot(
            w,
            {
                "org_admin": w.organisation,
                "org_supervisor": w.organisation,
                "other_org_admin": w.other_organisation,
            }.get(role, w.university),
        ),
    ),
}

# --- quests (issue 18) ----------------------------------------------------------------------

# The owner posted a quest in the world's university (Helping hand enabled); the learner
# offered on it. `state` ACCEPTED accepts that offer, HIDDEN hides the quest (reported).
QUEST_WORLD = """
MATCH (u:University {id: $u}), (giver:Person {id: $giver}), (helper:Person {id: $helper})
SET u.helpingHandAt = datetime()
CREATE (b:BadgeClass {id: randomUUID(), name: 'Helping hand — sustainability',
        description: 'd', criteria: 'c', domain: 'SUSTAINABILITY', level: 1,
        helpingHand: 'DOMAIN', policyMinimum: 1, policyRelationships: ['PEER', 'OTHER'],
        policyRequireOneOf: [], createdAt: datetime()})-[:ISSUED_BY]->(u)
CREATE (giver)-[:POSTED]->(q:Quest {id: randomUUID(), title: 'Help', description: 'd',
        domain: 'SUSTAINABILITY', status: $status, expiresAt: datetime() + duration('P7D'),
        createdAt: datetime(), location: point({latitude: 51.05, longitude: 3.72}),
        area: point({latitude: 51.05, longitude: 3.72}), areaName: 'Gent', address: 'A 1',
        version: 0})-[:IN]->(u)
CREATE (helper)-[:OFFERED]->(o:QuestOffer {id: randomUUID(), status: $offer, message: '',
        offeredAt: datetime()})-[:ON]->(q)
RETURN q.id AS q, o.id AS o
"""


def _quest(status: str = "OPEN") -> Callable[[Graph, World], Awaitable[dict[str, Any]]]:
    offer = "ACCEPTED" if status == "ACCEPTED" else "PENDING"

    async def prepare(graph: Graph, w: World) -> dict[str, Any]:
        async def work(tx: Any) -> dict[str, Any]:
            result = await tx.run(
                QUEST_WORLD,
                u=w.university,
                giver=w.people["owner"],
                helper=w.people["learner"],
                status=status,
                offer=offer,
            )
            record = await result.single()
            return dict(record)

        made: dict[str, Any] = await graph.write(work)
        return made

    return prepare


MATRIX.update(
    {
        "postQuest": Case(
            'mutation($u: ID!) { postQuest(input: {universityId: $u, title: "Help me", '
            'description: "d", domain: SUSTAINABILITY, latitude: 51.05, longitude: 3.72, '
            'address: "A 1", areaName: "Gent"}) { id } }',
            lambda w: {"u": w.university},
            SIGNED_IN,
            prepare=_quest(),
        ),
        "offerHelp": Case(
            "mutation($q: ID!) { offerHelp(questId: $q) { id } }",
            lambda w: {},
            SIGNED_IN - {"owner"},
            prepare=_quest(),
        ),
        "withdrawOffer": Case(
            "mutation($q: ID!) { withdrawOffer(questId: $q) { id } }",
            lambda w: {},
            frozenset({"learner"}),
            # Anyone else has no offer to withdraw.
            denied="CONFLICT",
            prepare=_quest(),
        ),
        "acceptHelper": Case(
            "mutation($q: ID!, $o: ID!) { acceptHelper(questId: $q, offerId: $o) { id } }",
            lambda w: {},
            frozenset({"owner"}),
            prepare=_quest(),
        ),
        "completeQuest": Case(
            'mutation($q: ID!) { completeQuest(questId: $q, testimonial: "Thanks") { id } }',
            lambda w: {},
            frozenset({"owner"}),
            prepare=_quest("ACCEPTED"),
        ),
        "closeQuest": Case(
            "mutation($q: ID!) { closeQuest(questId: $q) { id } }",
            lambda w: {},
            frozenset({"owner"}),
            prepare=_quest(),
        ),
        "reportQuest": Case(
            'mutation($q: ID!) { reportQuest(questId: $q, reason: "spam") }',
            lambda w: {},
            SIGNED_IN - {"owner"},
            prepare=_quest(),
        ),
        "reviewReportedQuest": Case(
            "mutation($q: ID!) { reviewReportedQuest(questId: $q, restore: true) { id } }",
            lambda w: {},
            frozenset({"uni_moderator"}),
            prepare=_quest("HIDDEN"),
        ),
        "enableHelpingHand": Case(
            "mutation($u: ID!) { enableHelpingHand(universityId: $u) { id } }",
            lambda w: {"u": w.university},
            frozenset({"uni_moderator", "curator"}),
        ),
    }
)

# A university's community policy is its consent to issue under its key: those who review
# its claims record or withdraw it, nobody else (not its teachers, not a partner's admin).
MATRIX["setCommunityPolicy"] = Case(
    "mutation($u: ID!) { setCommunityPolicy(universityId: $u, policy: {minimum: 2, "
    "relationships: [TEACHER, PEER], requireOneOf: [TEACHER]}) { id } }",
    lambda w: {"u": w.university},
    frozenset({"uni_moderator", "curator"}),
)


# --- peer assessment (issue 19, part 2) ------------------------------------------------------

# A level-3 class of the world's university with a rubric and peer assessment on; `owner`
# submitted to it (in `state`), and `learner` is assigned to review it.
PEER_WORLD = """
MATCH (u:University {id: $u}), (owner:Person {id: $owner}), (reviewer:Person {id: $reviewer})
CREATE (b:BadgeClass {id: randomUUID(), name: 'Research III', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 3, createdAt: datetime(), policyMinimum: 2,
        policyRelationships: ['TEACHER'], policyRequireOneOf: [], peerReview: true,
        peerReviewers: 2, peerPassingScore: 2, peerDisagreement: 1, peerExpiryDays: 7})
        -[:ISSUED_BY]->(u)
CREATE (b)-[:HAS_CRITERION]->(k:RubricCriterion {id: randomUUID(), position: 0, name: 'Depth',
        description: '', levels: ['weak', 'fair', 'good']})
CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'SELF_ASSERTED',
        title: 'Research III', narrative: 'n', status: 'OPEN', visibility: 'PRIVATE',
        domain: 'RESEARCH', createdAt: datetime(), version: 0, peerReview: true,
        peerState: $state, peerSubmittedAt: datetime(), peerNeeded: 2, peerPassingScore: 2,
        peerDisagreement: 1, peerExpiryDays: 7})-[:FOR_BADGE]->(b)
CREATE (c)-[:BRANDED_BY]->(u)
CREATE (reviewer)-[:ASSIGNED]->(x:PeerAssignment {id: randomUUID(), status: 'OPEN',
        assignedAt: datetime(), expiresAt: datetime() + duration('P7D')})-[:FOR]->(c)
RETURN b.id AS b, c.id AS c, x.id AS a, k.id AS k
"""


def _peer(state: str = "REVIEWING") -> Callable[[Graph, World], Awaitable[dict[str, Any]]]:
    async def prepare(graph: Graph, w: World) -> dict[str, Any]:
        async def work(tx: Any) -> dict[str, Any]:
            result = await tx.run(
                PEER_WORLD,
                u=w.university,
                owner=w.people["owner"],
                reviewer=w.people["learner"],
                state=state,
            )
            return dict(await result.single())

        made: dict[str, Any] = await graph.write(work)
        return made

    return prepare


# --- portfolio pages (issue 19, part 3) ---------------------------------------------------

# A private page of the owner's, holding their badge.
PORTFOLIO_PAGE = """
MATCH (owner:Person {id: $owner})-[:HOLDS]->(a:Assertion {id: $a})
CREATE (owner)-[:COMPOSED]->(p:PortfolioPage {id: randomUUID(), title: 'Mine', narrative: '',
        visibility: 'PRIVATE', createdAt: datetime(), updatedAt: datetime(), version: 0})
CREATE (p)-[:HAS_ITEM {position: 0, caption: ''}]->(a)
RETURN p.id AS p
"""


async def _portfolio_page(graph: Graph, w: World) -> dict[str, Any]:
    async def work(tx: Any) -> dict[str, Any]:
        result = await tx.run(PORTFOLIO_PAGE, owner=w.people["owner"], a=w.assertion)
        return dict(await result.single())

    made: dict[str, Any] = await graph.write(work)
    return made


# --- credentials from elsewhere (issue 19, part 4) --------------------------------------------

_FOREIGN = ForeignIssuer()


def _foreign_for(world: World, role: str) -> dict[str, Any]:
    """A valid credential of another platform, to the role's own address."""
    signed = _FOREIGN.sign(_FOREIGN.credential(f"{role}@world.example"))
    return {"c": {"text": json.dumps(signed)}}


async def _held_external(graph: Graph, world: World) -> dict[str, Any]:
    """A credential from elsewhere in the owner's record."""

    async def work(tx: Any) -> str:
        result = await tx.run(
            "MATCH (p:Person {id: $p}) CREATE (p)-[:HOLDS_EXTERNAL]->(x:ExternalCredential {"
            "id: randomUUID(), holderKey: randomUUID(), credentialId: 'urn:uuid:x', "
            "kind: 'OB3_JSON', name: 'n', issuerName: 'i', status: 'VALID', message: '', "
            "document: '{}', verifiedAt: datetime(), importedAt: datetime()}) RETURN x.id AS id",
            p=world.people["owner"],
        )
        record = await result.single()
        return str(record["id"])

    return {"x": await graph.write(work)}


async def _mapping(graph: Graph, world: World) -> dict[str, Any]:
    async def work(tx: Any) -> str:
        result = await tx.run(
            "MATCH (b:BadgeClass {id: $b}) CREATE (m:ExternalMapping {id: randomUUID(), "
            "key: randomUUID(), issuerId: 'did:key:z', achievementId: 'https://a.example', "
            "mappedAt: datetime()})-[:MAPS_TO]->(b) RETURN m.id AS id",
            b=world.badge_class,
        )
        record = await result.single()
        return str(record["id"])

    return {"m": await graph.write(work)}


MATRIX.update(
    {
        "configurePeerAssessment": Case(
            "mutation($b: ID!) { configurePeerAssessment(badgeClassId: $b, settings: "
            "{passingScore: 2, disagreement: 1}) { enabled } }",
            lambda w: {},
            frozenset({"uni_moderator", "curator"}),
            prepare=_peer(),
        ),
        "submitPortfolio": Case(
            'mutation($b: ID!) { submitPortfolio(input: {badgeClassId: $b, narrative: "n"}) '
            "{ id } }",
            lambda w: {},
            SIGNED_IN,  # the owner submitted already: CONFLICT
            prepare=_peer(),
        ),
        "reviewPortfolio": Case(
            "mutation($a: ID!, $k: ID!) { reviewPortfolio(assignmentId: $a, scores: "
            '[{criterionId: $k, level: 2, comment: "clear"}]) { id } }',
            lambda w: {},
            frozenset({"learner"}),
            prepare=_peer(),
        ),
        "decidePeerDispute": Case(
            'mutation($c: ID!) { decidePeerDispute(claimId: $c, issue: false, note: "no") { id } }',
            lambda w: {},
            # Never the learner (`owner`) on their own submission; who may review claims.
            frozenset({"uni_moderator", "curator"}),
            prepare=_peer("DISPUTED"),
        ),
        "createPortfolioPage": Case(
            'mutation { createPortfolioPage(input: {title: "My story"}) { id } }',
            lambda w: {},
            SIGNED_IN,
        ),
        # Someone else's page: NOT_FOUND, as for a page that does not exist.
        "updatePortfolioPage": Case(
            'mutation($p: ID!) { updatePortfolioPage(id: $p, input: {title: "T"}) { id } }',
            lambda w: {},
            frozenset({"owner"}),
            denied="NOT_FOUND",
            prepare=_portfolio_page,
        ),
        "setPortfolioPageVisibility": Case(
            "mutation($p: ID!) { setPortfolioPageVisibility(id: $p, visibility: PUBLIC) { id } }",
            lambda w: {},
            frozenset({"owner"}),
            denied="NOT_FOUND",
            prepare=_portfolio_page,
        ),
        "deletePortfolioPage": Case(
            "mutation($p: ID!) { deletePortfolioPage(id: $p) }",
            lambda w: {},
            frozenset({"owner"}),
            denied="NOT_FOUND",
            prepare=_portfolio_page,
        ),
        "checkExternalCredential": Case(
            "mutation($c: ExternalCredentialInput!) { checkExternalCredential(credential: $c) "
            "{ status } }",
            lambda w: _foreign_for(w, "stranger"),
            SIGNED_IN,
            per_role=_foreign_for,
        ),
        "importExternalCredential": Case(
            "mutation($c: ExternalCredentialInput!) { importExternalCredential(credential: $c) "
            "{ id } }",
            lambda w: _foreign_for(w, "stranger"),
            SIGNED_IN,
            per_role=_foreign_for,
        ),
        "removeExternalCredential": Case(
            "mutation($x: ID!) { removeExternalCredential(id: $x) }",
            lambda w: {},
            frozenset({"owner"}),
            denied="NOT_FOUND",
            prepare=_held_external,
        ),
        "mapExternalAchievement": Case(
            "mutation($b: ID!) { mapExternalAchievement(badgeClassId: $b, issuerId: "
            '"did:key:z6Mk", achievementId: "https://foreign.example/a") { id } }',
            lambda w: {"b": w.badge_class},
            frozenset({"curator"}),
        ),
        "unmapExternalAchievement": Case(
            "mutation($b: ID!, $m: ID!) { unmapExternalAchievement(badgeClassId: $b, "
            "mappingId: $m) }",
            lambda w: {"b": w.badge_class},
            frozenset({"curator"}),
            prepare=_mapping,
        ),
    }
)


def _on_the_spot(world: World, issuer: str) -> dict[str, Any]:
    return {"t": world.badge_template, "i": issuer, "r": str(uuid.uuid4())}


# The check-in secret of the server under test, for checkIn's row.
_SECRET: list[bytes] = []


@pytest.fixture(autouse=True)
def _check_in_secret(settings: Settings) -> None:
    _SECRET[:] = [secret_of(settings)]


def _check_in_code(opportunity_id: str) -> str:
    from graph.presence import check_in

    window = check_in.window_of(datetime.now(UTC))
    return check_in.code_for(_SECRET[0], opportunity_id, window)


# --- connected apps and the OB 3.0 API's OAuth (issue 20, part 4) ----------------------------


async def _connected_app(graph: Graph, world: World) -> dict[str, Any]:
    """The owner let an app in."""

    async def work(tx: Any) -> str:
        result = await tx.run(
            "MATCH (p:Person {id: $p}) CREATE (c:OAuthClient {id: randomUUID(), name: 'App', "
            "redirectUris: ['https://app.example/cb'], scope: '', authMethod: 'none', "
            "grantTypes: [], responseTypes: []}) "
            "CREATE (p)-[:GRANTED]->(g:OAuthGrant {id: randomUUID(), key: randomUUID(), "
            "scopes: [], grantedAt: datetime()})-[:TO]->(c) RETURN g.id AS id",
            p=world.people["owner"],
        )
        record = await result.single()
        return str(record["id"])

    return {"g": await graph.write(work)}


MATRIX["revokeConnectedApp"] = Case(
    "mutation($g: ID!) { revokeConnectedApp(id: $g) }",
    lambda w: {},
    frozenset({"owner"}),
    denied="NOT_FOUND",
    prepare=_connected_app,
)


def test_every_mutation_has_a_rule() -> None:
    mutation_type = build_schema()._schema.mutation_type
    assert mutation_type is not None
    assert set(mutation_type.fields) == set(MATRIX)


@pytest.mark.parametrize("mutation", sorted(MATRIX))
async def test_only_the_allowed_roles_may(
    mutation: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    case = MATRIX[mutation]
    outcomes: dict[str, list[str]] = {}
    for role in (None, *ROLES):
        world = await make_world(clean_graph)
        token = token_for(world.people[role]) if role else None
        variables = case.variables(world)
        if case.per_role and role:
            variables = case.per_role(world, role)
        if case.prepare:
            variables = {**variables, **await case.prepare(clean_graph, world)}
        body = await gql(client, case.document, variables, token=token)
        outcomes[role or "stranger"] = error_codes(body)
        await clean_graph.write(_wipe)
    assert outcomes["stranger"] == ["UNAUTHENTICATED"]
    for role in ROLES:
        if role in case.allowed:
            assert outcomes[role] in ([], ["CONFLICT"]), (role, outcomes[role])
        else:
            assert outcomes[role] == [case.denied], (role, outcomes[role])
    # An allowed role really got through (CONFLICT only where the state says no).
    assert any(outcomes[role] == [] for role in case.allowed)


async def _wipe(tx: Any) -> None:
    await (await tx.run("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")).consume()


# Queries that read what only some may see: who gets the answer, and what the others get.
_RANGE = {
    "from": (datetime.now(UTC) - timedelta(days=365)).isoformat(),
    "to": datetime.now(UTC).isoformat(),
}
QUERY_MATRIX: dict[str, Case] = {
    # Those who manage a university's people read them (e-mail addresses included).
    # An organisation's private reads: its members, its university's moderators, admins.
    "organisationMembers": Case(
        "query($o: ID!) { organisationMembers(organisationId: $o) { email role } }",
        lambda w: {"o": w.organisation},
        frozenset({"platform_admin", "uni_moderator", "org_admin", "org_supervisor"}),
    ),
    "organisationAuditTrail": Case(
        "query($o: ID!) { organisationAuditTrail(organisationId: $o) { action } }",
        lambda w: {"o": w.organisation},
        frozenset({"platform_admin", "uni_moderator", "org_admin", "org_supervisor"}),
    ),
    "universityMembers": Case(
        "query($u: ID!) { universityMembers(universityId: $u) { email role } }",
        lambda w: {"u": w.university},
        frozenset({"platform_admin", "uni_moderator"}),
    ),
    "curationHistory": Case(
        "query($u: ID!) { curationHistory(universityId: $u) { action } }",
        lambda w: {"u": w.university},
        frozenset({"curator"}),
    ),
    "officialBadgeClasses": Case(
        "query($u: ID!) { officialBadgeClasses(universityId: $u) { badgeClassId } }",
        lambda w: {"u": w.university},
        frozenset({"curator"}),
    ),
    "organisationInsights": Case(
        "query($o: ID!, $from: DateTime!, $to: DateTime!) { organisationInsights("
        "organisationId: $o, from: $from, to: $to) { peopleReached } }",
        lambda w: {"o": w.organisation, **_RANGE},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "universityInsights": Case(
        "query($u: ID!, $from: DateTime!, $to: DateTime!) { universityInsights("
        "universityId: $u, from: $from, to: $to) { badgesIssued } }",
        lambda w: {"u": w.university, **_RANGE},
        frozenset({"uni_moderator", "curator", "teacher"}),
    ),
    # Proof of presence.
    "checkInCode": Case(
        "query($o: ID!) { checkInCode(opportunityId: $o) { code } }",
        lambda w: {"o": w.live_opportunity},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    "claimCodes": Case(
        "query($b: ID!) { claimCodes(badgeClassId: $b) { id } }",
        lambda w: {"b": w.badge_class},
        frozenset({"org_admin", "org_supervisor"}),
    ),
    # On-the-spot badges (issue 18): whoever may manage or issue from the templates.
    "badgeTemplates": Case(
        "query($u: ID!) { badgeTemplates(universityId: $u) { id } }",
        lambda w: {"u": w.university},
        frozenset(
            {
                "uni_moderator",
                "curator",
                "teacher",
                "org_admin",
                "org_supervisor",
                "other_org_admin",
            }
        ),
    ),
    # Quests (issue 18).
    "reportedQuests": Case(
        "query($u: ID!) { reportedQuests(universityId: $u) { id } }",
        lambda w: {"u": w.university},
        frozenset({"uni_moderator"}),
    ),
    # Portfolio pages (issue 19, part 3): one's own; `portfolioPage` is read by anyone the
    # page is shared with, tested in tests/portfolios/test_pages.py.
    "myPortfolioPages": Case("query { myPortfolioPages { id } }", lambda w: {}, SIGNED_IN),
    "myPortfolioChoices": Case("query { myPortfolioChoices { id } }", lambda w: {}, SIGNED_IN),
    # Credentials from elsewhere (issue 19): each signed-in person reads their own list only
    # (one held by someone else is NOT_FOUND: tests/external_credentials).
    "myExternalCredentials": Case(
        "query { myExternalCredentials { id } }",
        lambda w: {},
        SIGNED_IN,
    ),
}


# Peer assessment (issue 19, part 2): the issuer's deciders read its disputes.
QUERY_MATRIX.update(
    {
        "peerDisputes": Case(
            "query($u: ID!) { peerDisputes(issuerId: $u) { id } }",
            lambda w: {"u": w.university},
            frozenset({"uni_moderator", "curator"}),
        ),
    }
)


# Each signed-in person reads their own apps only; `oauthConsent` answers any signed-in
# person about a client's request (tests/oauth), never an app's token.
QUERY_MATRIX["connectedApps"] = Case("query { connectedApps { id } }", lambda w: {}, SIGNED_IN)


@pytest.mark.parametrize("query", sorted(QUERY_MATRIX))
async def test_only_the_allowed_roles_may_read(
    query: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    case = QUERY_MATRIX[query]
    world = await make_world(clean_graph)  # reading changes nothing: one world for all
    outcomes: dict[str, list[str]] = {}
    for role in (None, *ROLES):
        token = token_for(world.people[role]) if role else None
        body = await gql(client, case.document, case.variables(world), token=token)
        outcomes[role or "stranger"] = error_codes(body)
    assert outcomes["stranger"] == ["UNAUTHENTICATED"]
    for role in ROLES:
        expected = [] if role in case.allowed else [case.denied]
        assert outcomes[role] == expected, (role, outcomes[role])


async def test_an_apps_token_is_a_stranger_to_every_query(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    # A token an app holds for the platform admin, with every OB scope and even with none:
    # GraphQL is the account's, never an app's (the OB 3.0 API is theirs: ROUTE_MATRIX).
    world = await make_world(clean_graph)
    admin = world.people["platform_admin"]
    every = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE)
    tokens = [
        app_token(settings, admin, "an-app", *every),
        app_token(settings, admin, "an-app"),
        scoped(settings, admin, *every)["authorization"].removeprefix("Bearer "),
    ]
    for query, case in sorted(QUERY_MATRIX.items()):
        for token in tokens:
            body = await gql(client, case.document, case.variables(world), token=token)
            assert error_codes(body) == ["UNAUTHENTICATED"], query


async def test_a_universitys_community_policy_is_public(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """A learner must see what a university recognises: everyone, signed in or not, reads the
    same policy on `University`."""
    world = await make_world(clean_graph)
    consent = (
        "mutation($u: ID!) { setCommunityPolicy(universityId: $u, policy: {minimum: 2, "
        "relationships: [TEACHER, PEER], requireOneOf: [TEACHER]}) { id } }"
    )
    body = await gql(
        client, consent, {"u": world.university}, token=token_for(world.people["curator"])
    )
    assert error_codes(body) == []
    read = (
        "query($u: ID!) { university(id: $u) { communityPolicy { minimum relationships "
        "requireOneOf } } }"
    )
    answers = []
    for role in (None, *ROLES):
        token = token_for(world.people[role]) if role else None
        answers.append(await gql(client, read, {"u": world.university}, token=token))
    expected = {"minimum": 2, "relationships": ["TEACHER", "PEER"], "requireOneOf": ["TEACHER"]}
    for answer in answers:
        assert answer["data"] == {"university": {"communityPolicy": expected}}, answer


# Public HTTP reads (issue 20, part 3: the transparency log): anyone, signed in or not, gets
# the same answer; nothing there is personal (ids, digests and hashes only).
PUBLIC_READS = (
    "/transparency-log/get-sth",
    "/transparency-log/get-sth-consistency?first=0&second=1",
    "/transparency-log/get-entries?start=0&end=0",
    "/transparency-log/get-proof-by-hash?hash={leaf_hash}&tree_size=1",
    "/transparency-log/get-proof-by-credential?id={assertion}&tree_size=1",
)


@pytest.mark.parametrize("path", PUBLIC_READS)
async def test_the_transparency_log_is_public_read_only(
    path: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
) -> None:
    from badges.issuer_keys import IssuerKeys
    from badges.transparency_log import sign_tree_head

    world = await make_world(clean_graph)
    revoke = 'mutation($id: ID!) { revokeAssertion(id: $id, reason: "copied") { id } }'
    body = await gql(
        client, revoke, {"id": world.assertion}, token=token_for(world.people["org_admin"])
    )
    assert error_codes(body) == []
    await sign_tree_head(clean_graph, settings.public_url, IssuerKeys(settings.key_dir))
    leaf = (await client.get("/transparency-log/get-entries?start=0&end=0")).json()
    url = path.format(
        leaf_hash=leaf["entries"][0]["leaf_hash"].replace("+", "-").replace("/", "_"),
        assertion=world.assertion,
    )
    answers = []
    for role in (None, *ROLES):
        headers = {"authorization": f"Bearer {token_for(world.people[role])}"} if role else {}
        answer = await client.get(url, headers=headers)
        answers.append((answer.status_code, answer.content))
    assert {status for status, _ in answers} == {200}
    assert len({content for _, content in answers}) == 1
    assert (await client.post(url)).status_code == 405


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    scope: str | None  # the OB 3.0 scope the route needs; None: a person's session


# HTTP routes that act for a learner: without a token 401; a token without the route's own
# scope (a session, or another scope) 403; with it, through. The OAuth client endpoints
# (/oauth/register, /oauth/token, /oauth/revoke) judge clients' own credentials:
# tests/oauth.
ROUTE_MATRIX = {
    "upsertCredential": Route("POST", "/ims/ob/v3p0/credentials", CREDENTIAL_UPSERT),
    "putProfile": Route("PUT", "/ims/ob/v3p0/profile", PROFILE_UPDATE),
    "getCredentials": Route("GET", "/ims/ob/v3p0/credentials", CREDENTIAL_READ),
    "getProfile": Route("GET", "/ims/ob/v3p0/profile", PROFILE_READ),
}


@pytest.mark.parametrize("route", sorted(ROUTE_MATRIX))
async def test_ob_api_routes_need_their_own_scope(
    route: str, client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    case = ROUTE_MATRIX[route]
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    others = (CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE)
    body = {"name": "Owner"} if case.method == "PUT" else None

    async def call(headers: dict[str, str] | None = None) -> int:
        answer = await client.request(case.method, case.path, json=body, headers=headers)
        return answer.status_code

    assert await call() == 401
    for scopes in ((), *((s,) for s in others if s != case.scope)):
        assert await call(scoped(settings, owner, *scopes)) == 403, scopes
    # Through the scope check: an empty credential body is the route's own 400.
    expected = 400 if case.method == "POST" else 200
    assert await call(scoped(settings, owner, str(case.scope))) == expected


async def test_only_a_signed_in_learner_answers_a_consent_request(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # http://testserver
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    path = "/oauth/authorize/decision?client_id=unknown"
    assert (await client.post(path, json={"approve": True})).status_code == 401
    for app in (
        scoped(settings, owner, CREDENTIAL_READ),
        {"authorization": f"Bearer {app_token(settings, owner, 'an-app')}"},
    ):
        assert (await client.post(path, json={"approve": True}, headers=app)).status_code == 401
    session = {"authorization": f"Bearer {token_for(owner)}"}
    answer = await client.post(path, json={"approve": True}, headers=session)
    assert answer.json()["error"] == "invalid_request"  # through, to the request's own check


# A private badge (tests/recognition/test_curation.py for links and tiers): its learner, and
# those who may revoke it, read it and its image, the same people in both places.
async def test_a_private_badge_and_its_image_are_seen_by_the_same_people(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    document = "query($a: ID!) { assertion(id: $a) { id } }"
    seen: dict[str, tuple[bool, int]] = {}
    for role in (None, *ROLES):
        token = token_for(world.people[role]) if role else None
        body = await gql(client, document, {"a": world.assertion}, token=token)
        headers = {"authorization": f"Bearer {token}"} if token else {}
        image = await client.get(f"/assertions/{world.assertion}/image", headers=headers)
        seen[role or "stranger"] = (body["data"]["assertion"] is not None, image.status_code)
    allowed = {"owner", "org_admin", "uni_moderator", "curator"}
    assert seen == {name: (True, 200) if name in allowed else (False, 404) for name in seen}

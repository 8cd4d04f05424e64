"""The learner's own record: everything Kring holds about them, and erasing it.

Deleting an account erases the person's data: name and e-mail, applications, claims with
their evidence and the endorsements they received. Their issued badges are revoked and cut
loose from them, so a verifier sees "revoked", never who held it. Endorsements they gave on
badges already issued stay (those badges belong to other learners) but name no one; on
claims still open they are withdrawn.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.spatial import Point
from neo4j.time import Date, DateTime

from graph.core import audit
from graph.core.cypher import execute, one, single
from graph.core.errors import Conflict, NotFound
from graph.core.state_machines import HOLDS_A_PLACE
from graph.core.transactions import reads, writes
from graph.core.vocabulary import UNDECIDED_CLAIM
from graph.notifications.push_subscriptions import RETIRE
from graph.peer_assessment.assignment import ERASE_STEPS as PEER_ERASE_STEPS
from graph.people import sessions
from graph.people.accounts import invited_only
from graph.people.platform_admins import LOCK_ADMINS
from graph.recognition.issuance import LOCK_CLAIM, advance

EXPORT = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
CALL (p) {
  OPTIONAL MATCH (p)-[m:MEMBER_OF]->(body)
  RETURN collect(CASE WHEN body IS NULL THEN null ELSE
    {role: m.role, since: m.since, bodyId: body.id, bodyName: body.name} END) AS memberships
}
CALL (p) {
  OPTIONAL MATCH (p)-[:APPLIED]->(a:Application)-[:FOR]->(o:Opportunity)
  RETURN collect(CASE WHEN a IS NULL THEN null ELSE a {
    .id, .status, .motivation, .reason, .createdAt, .decidedAt, .attendedAt,
    opportunityId: o.id, opportunityTitle: o.title } END) AS applications
}
CALL (p) {
  OPTIONAL MATCH (p)-[:CLAIMED]->(c:Claim)
  CALL (c) {
    OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
    RETURN collect(ev { .id, .kind, .name, .url, .mediaType, .size, .sha256,
                        .description, .addedAt }) AS evidence
  }
  CALL (c) {
    OPTIONAL MATCH (e:Endorsement)-[:OF]->(c)
    OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
    RETURN collect(e { .id, .relationship, .testimonial, .observed, .status, .createdAt,
                       .revision, .assessedCriteria, .assessedLevels, .assessedComments,
                       endorser: endorser.name }) AS endorsements
  }
  CALL (c) {
    OPTIONAL MATCH (r:ClaimRevision)-[:OF]->(c)
    WITH r ORDER BY r.number
    RETURN collect(r { .number, .narrative, .evidence, .createdAt }) AS revisions
  }
  CALL (c) {
    OPTIONAL MATCH (m:ClaimMessage)-[:ON]->(c)
    WITH m ORDER BY m.createdAt
    RETURN collect(m { .kind, .body, .authorName, .revision, .createdAt }) AS conversation
  }
  RETURN collect(CASE WHEN c IS NULL THEN null ELSE c {
    .id, .kind, .title, .narrative, .status, .visibility, .domain, .createdAt,
    .submittedAt, .decidedAt, .revision, .assessedCriteria, .assessedLevels,
    .assessedComments, evidence: evidence, endorsementsReceived: endorsements,
    revisions: revisions, conversation: conversation } END) AS claims
}
CALL (p) {
  OPTIONAL MATCH (m:ClaimMessage {authorId: p.id})-[:ON]->(c:Claim)<-[:CLAIMED]-(learner)
  WHERE learner <> p
  WITH m, c ORDER BY m.createdAt
  RETURN collect(m { .kind, .body, .createdAt, claimTitle: c.title }) AS messagesWritten
}
CALL (p) {
  OPTIONAL MATCH (p)-[:ENDORSED]->(e:Endorsement)-[:OF]->(c:Claim)<-[:CLAIMED]-(learner)
  RETURN collect(e { .id, .relationship, .testimonial, .observed, .status, .createdAt,
                     claimTitle: c.title, learner: learner.name }) AS endorsementsGiven
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)
  RETURN collect(a { .id, .issuedAt, .expiresAt, .revokedAt, .revocationReason, .visibility,
                     .consent, .claimCodeId, badgeClass: b.name,
                     validated: coalesce(b.validated, false) })
         AS assertions
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:TO]-(n:Notification)
  WITH n ORDER BY n.createdAt
  RETURN collect(n { .kind, .data, .createdAt, .readAt }) AS notifications
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:OF]-(s:PushSubscription)
  RETURN collect(s { .endpoint, .createdAt, .lastDeliveredAt }) AS pushSubscriptions
}
CALL (p) {
  OPTIONAL MATCH (p)-[:WATCHES]->(a:SavedArea)
  RETURN collect(a { .name, latitude: a.location.latitude, longitude: a.location.longitude,
                     .radiusKm, .domains, .createdAt }) AS savedAreas
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:ASSESSES]->(k:Competency)<-[:HAS]-(f:CompetencyFramework)
  CALL (p, k) {
    OPTIONAL MATCH (p)-[:SELF_ASSESSED]->(s:SelfAssessment)-[:OF]->(k)
    WITH s ORDER BY s.at
    RETURN collect(s { .level, .wantToDevelop, .at }) AS history
  }
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
    framework: f.name, code: k.code, competency: k.name, level: r.level,
    wantToDevelop: r.wantToDevelop, at: r.at, history: history } END) AS selfAssessment
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:REDEEMED]->(code:ClaimCode)-[:FOR_BADGE]->(b:BadgeClass)
  WITH r, code, b ORDER BY r.at
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE
    {claimCodeId: code.id, badgeClass: b.name, redeemedAt: r.at, assertionId: r.assertionId}
    END) AS claimCodesRedeemed
}
CALL (p) {
  OPTIONAL MATCH (p)-[:POSTED]->(q:Quest)
  WITH q ORDER BY q.createdAt
  RETURN collect(q { .id, .title, .description, .domain, .status, .startsAt, .expiresAt,
                     .createdAt, .areaName, .address, .location }) AS questsPosted
}
CALL (p) {
  // Someone else's quest: what anyone may see of it, never its exact place.
  OPTIONAL MATCH (p)-[:OFFERED]->(o:QuestOffer)-[:ON]->(q:Quest)
  WITH o, q ORDER BY o.offeredAt
  RETURN collect(o { .id, .message, .status, .offeredAt, questId: q.id, questTitle: q.title,
                     questAreaName: q.areaName }) AS questOffers
}
CALL (p) {
  OPTIONAL MATCH (p)-[r:REPORTED]->(q:Quest)
  RETURN collect(CASE WHEN q IS NULL THEN null ELSE
    {questId: q.id, questTitle: q.title, reason: r.reason, at: r.at} END) AS questReports
}
CALL (p) {
  OPTIONAL MATCH (p)-[:CLAIMED]->(c:Claim {peerReview: true})
  CALL (c) {
    OPTIONAL MATCH (c)<-[:FOR]-(x:PeerAssignment {status: 'DONE'})
    WITH x ORDER BY x.reviewedAt
    RETURN collect(x { .total, .passed, .anonymous, .criteria, .levels, .comments,
                       .reviewedAt }) AS reviews
  }
  WITH c, reviews ORDER BY c.peerSubmittedAt
  RETURN collect(c { .id, .title, .status, .peerState, .peerSubmittedAt, .peerNeeded,
                     .peerDisputeReason, reviewsReceived: reviews }) AS peerSubmissions
}
CALL (p) {
  OPTIONAL MATCH (p)-[:ASSIGNED]->(x:PeerAssignment)-[:FOR]->(c:Claim)
  WITH x, c ORDER BY x.assignedAt
  RETURN collect(x { .id, .status, .assignedAt, .expiresAt, .reviewedAt, .total, .passed,
                     .anonymous, .criteria, .levels, .comments, claimTitle: c.title })
         AS peerReviewsWritten
}
CALL (p) {
  OPTIONAL MATCH (p)-[:COMPOSED]->(page:PortfolioPage)
  CALL (page) {
    OPTIONAL MATCH (page)-[r:HAS_ITEM]->(t)
    WITH r, t ORDER BY r.position
    RETURN collect(CASE WHEN r IS NULL THEN null ELSE {
      kind: CASE WHEN t:Assertion THEN 'BADGE' WHEN t:Claim THEN 'CLAIM'
                 WHEN t:Evidence THEN 'EVIDENCE' ELSE 'EXTERNAL' END,
      id: t.id, caption: r.caption } END) AS items
  }
  WITH page, items ORDER BY page.createdAt
  RETURN collect(page { .id, .title, .narrative, .visibility, .createdAt, .updatedAt,
                        items: items }) AS portfolioPages
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HOLDS_EXTERNAL]->(x:ExternalCredential)
  WITH x ORDER BY x.importedAt
  RETURN collect(x { .id, .credentialId, .kind, .name, .issuerName, .issuerUrl, .issuerId,
                     .achievementId, .issuedOn, .status, .message, .verifiedAt, .importedAt,
                     .document }) AS externalCredentials
}
CALL (p) {
  OPTIONAL MATCH (p)-[:GRANTED]->(g:OAuthGrant)-[:TO]->(c:OAuthClient)
  WITH g, c ORDER BY g.grantedAt
  RETURN collect(g { .scopes, .grantedAt, .approvedAt, .lastUsedAt, clientId: c.id,
                     clientName: c.name, clientUri: c.uri }) AS connectedApps
}
CALL (p) {
  OPTIONAL MATCH (e:AuditEvent {actorId: p.id})
  WITH e ORDER BY e.at
  RETURN collect(e { .at, .action, .targetKind, .targetId, .detail }) AS activity
}
RETURN p { .id, .name, .email, .invitedAt, platformAdmin: coalesce(p.platformAdmin, false),
           mutedInApp: coalesce(p.mutedInApp, []), mutedPush: coalesce(p.mutedPush, []),
           emailOn: coalesce(p.emailOn, []), emailOff: coalesce(p.emailOff, []) }
         AS person, memberships, applications, claims, messagesWritten, endorsementsGiven,
       assertions, notifications, pushSubscriptions, savedAreas, selfAssessment, activity,
       claimCodesRedeemed, questsPosted, questOffers, questReports, peerSubmissions,
       peerReviewsWritten, portfolioPages, externalCredentials, connectedApps
"""


def _plain(value: Any) -> Any:
    """Neo4j values as JSON-ready Python values."""
    if isinstance(value, DateTime | Date):
        return value.iso_format()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Point):
        return list(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@reads
async def export(tx: AsyncManagedTransaction, person_id: str) -> dict[str, Any]:
    """Everything Kring holds about this person, as one JSON-ready document."""
    record = await single(tx, EXPORT, person=person_id)
    if record is None:
        raise NotFound("No such person.")
    document: dict[str, Any] = _plain(record.data())
    return document


# The bodies a person keeps: an organisation as its ADMIN, a university as its MODERATOR.
KEEPS = (
    "((own.role = 'ADMIN' AND body:Organisation) OR (own.role = 'MODERATOR' AND body:University))"
)
# Who leaves is write-locked first, then every body they keep (an organisation they are ADMIN
# of, a university they are MODERATOR of: the lock `remove_member` takes) and, for a platform
# admin, every platform admin (as `kring platform-admin --revoke` does): two keepers leaving
# at once, or one leaving while removing the other, are serialised, and the counts read
# after it in DELETE_FACTS are never stale.
LOCK_LEAVING = (
    """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
SET p.version = coalesce(p.version, 0) + 1
WITH p
CALL (p) {
  OPTIONAL MATCH (p)-[own:MEMBER_OF]->(body)
  WHERE """
    + KEEPS
    + """
  SET body.version = coalesce(body.version, 0) + 1
  RETURN count(body) AS bodies
}
RETURN p.platformAdmin = true AS platformAdmin
"""
)
# The bodies they alone manage, counting only others with an account: erasing them would
# leave nobody to manage it; nor the last platform admin (nobody could add a university).
DELETE_FACTS = (
    """
MATCH (p:Person {id: $person})
CALL (p) {
  OPTIONAL MATCH (p)-[own:MEMBER_OF]->(body)
  WHERE """
    + KEEPS
    + """
    AND NOT EXISTS {
      (other:Person)-[k:MEMBER_OF]->(body)
      WHERE k.role = own.role AND other <> p AND NOT """
    + invited_only("other")
    + """
    }
  RETURN collect(own.role + ' of ' + body.name) AS soleKeeperOf
}
RETURN soleKeeperOf + CASE
  WHEN p.platformAdmin = true AND NOT EXISTS {
    MATCH (other:Person {platformAdmin: true}) WHERE other <> p AND other.deletedAt IS NULL
  }
  THEN ['platform admin'] ELSE [] END AS soleKeeperOf
"""
)

# Each step is one statement in the same transaction: all of it happens, or none.
ERASE_STEPS = (
    # Their badges: revoked, cut loose from them, nothing personal left on them.
    """
    MATCH (p:Person {id: $person})-[h:HOLDS]->(a:Assertion)
    SET a.revokedAt = coalesce(a.revokedAt, datetime()),
        a.revocationReason = coalesce(a.revocationReason, 'The learner deleted their account.'),
        a.anonymised = true, a.shareToken = null, a.visibility = 'PRIVATE',
        a.learnerName = null
    DELETE h
    WITH a
    OPTIONAL MATCH (a)-[carries:CARRIES]->(:Endorsement)
    DELETE carries
    """,
    # Their claims with evidence, revisions, conversation and the endorsements on them,
    # and their invitations (with any e-mail still waiting to go out).
    """
    MATCH (p:Person {id: $person})-[:CLAIMED]->(c:Claim)
    CALL (c) {
      OPTIONAL MATCH (c)-[:REQUESTED]->(r:EndorsementRequest)
      OPTIONAL MATCH (r)<-[:INVITES]-(d:Delivery)
      DETACH DELETE d, r
    }
    CALL (c) {
      OPTIONAL MATCH (c)<-[:OF|ON]-(x:ClaimRevision|ClaimMessage)
      DETACH DELETE x
    }
    OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
    OPTIONAL MATCH (e:Endorsement)-[:OF]->(c)
    DETACH DELETE ev, e, c
    """,
    # What they wrote in other learners' conversations stays, naming no one.
    """
    MATCH (m:ClaimMessage {authorId: $person})
    SET m.authorId = null, m.authorName = 'A former Kring member'
    """,
    # Endorsements they gave: withdrawn where the badge is not issued; anonymous otherwise.
    """
    MATCH (p:Person {id: $person})-[given:ENDORSED]->(e:Endorsement)-[:OF]->(c:Claim)
    SET e.status = CASE WHEN c.status IN $undecided THEN 'WITHDRAWN' ELSE e.status END,
        e.endorserName = 'A former Kring member'
    DELETE given
    """,
    # Their notifications, the push deliveries queued for them, devices and saved areas.
    """
    MATCH (:Person {id: $person})<-[:TO]-(n:Notification)
    CALL (n) { MATCH (n)<-[:OF]-(d:Delivery) DETACH DELETE d }
    DETACH DELETE n
    """,
    """
    MATCH (:Person {id: $person})<-[:OF]-(s:PushSubscription)
    """
    + RETIRE,
    """
    MATCH (p:Person {id: $person})
    OPTIONAL MATCH (p)-[:WATCHES]->(a:SavedArea)
    DETACH DELETE a
    REMOVE p.mutedInApp, p.mutedPush, p.emailOn, p.emailOff, p.preferencesChangedAt,
           p.areasChangedAt
    """,
    # Their self-assessment: current ratings and history.
    """
    MATCH (p:Person {id: $person})
    OPTIONAL MATCH (p)-[r:ASSESSES]->(:Competency)
    OPTIONAL MATCH (p)-[:SELF_ASSESSED]->(s:SelfAssessment)
    DELETE r
    DETACH DELETE s
    """,
    # Their portfolio pages (the items are their own record, handled above and below).
    """
    MATCH (:Person {id: $person})-[:COMPOSED]->(page:PortfolioPage)
    DETACH DELETE page
    """,
    # Their credentials from elsewhere, documents and all.
    """
    MATCH (:Person {id: $person})-[:HOLDS_EXTERNAL]->(x:ExternalCredential)
    DETACH DELETE x
    """,
    # The apps they connected, with the codes, tokens and families issued to them (tokens stop
    # with the person's Revocation, written below).
    """
    MATCH (:Person {id: $person})-[:GRANTED]->(g:OAuthGrant)
    OPTIONAL MATCH (g)-[:ISSUED]->(x:OAuthCode|OAuthToken|OAuthFamily)
    DETACH DELETE x, g
    """,
    # The claim codes they redeemed: the uses stay counted, who redeemed them goes.
    """
    MATCH (:Person {id: $person})-[r:REDEEMED]->(:ClaimCode)
    DELETE r
    """,
    # Their applications (with their check-ins), giving back the places they held.
    """
    MATCH (p:Person {id: $person})-[:APPLIED]->(a:Application)-[:FOR]->(o:Opportunity)
    SET o.placesTaken = coalesce(o.placesTaken, 0)
        - CASE WHEN a.status IN $holdsAPlace THEN 1 ELSE 0 END
    DETACH DELETE a
    """,
    # Quests they posted: gone, with their offers, unless done (the helper's badge was given
    # for it): a done one keeps its title but loses its words and its exact place.
    """
    MATCH (p:Person {id: $person})-[:POSTED]->(q:Quest)
    CALL (q) {
      WITH q WHERE q.status <> 'DONE'
      OPTIONAL MATCH (o:QuestOffer)-[:ON]->(q)
      DETACH DELETE o, q
    }
    """,
    """
    MATCH (p:Person {id: $person})-[:POSTED]->(q:Quest {status: 'DONE'})
    SET q.description = '', q.address = null, q.location = q.area
    """,
    # Their offers and reports; an accepted helper leaving reopens the quest.
    """
    MATCH (p:Person {id: $person})-[:OFFERED]->(o:QuestOffer)-[:ON]->(q:Quest)
    FOREACH (_ IN CASE WHEN o.status = 'ACCEPTED' AND q.status = 'ACCEPTED' THEN [1] ELSE []
             END | SET q.status = 'OPEN')
    DETACH DELETE o
    """,
    """
    MATCH (p:Person {id: $person})-[r:REPORTED]->(:Quest)
    DELETE r
    """,
    """
    MATCH (p:Person {id: $person})
    OPTIONAL MATCH (p)-[m:MEMBER_OF]->()
    OPTIONAL MATCH (:EndorsementRequest)-[to:TO]->(p)
    DELETE m, to
    SET p.name = 'Deleted user', p.email = null, p.platformAdmin = null,
        p.deletedAt = datetime()
    """,
    # Badge classes they made on the spot stay their issuer's; who made them is forgotten.
    """
    MATCH (:Person {id: $person})-[made:ISSUED_ON_THE_SPOT]->(:BadgeClass)
    DELETE made
    """,
)

IN_REVIEW_ENDORSED = """
MATCH (:Person {id: $person})-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(c:Claim)
WHERE c.status = 'IN_REVIEW'
RETURN collect(DISTINCT c.id) AS claims
"""

EVIDENCE_HASHES = """
MATCH (:Person {id: $person})-[:CLAIMED]->(:Claim)-[:HAS_EVIDENCE]->(ev:Evidence)
WHERE ev.sha256 IS NOT NULL
RETURN collect(DISTINCT ev.sha256) AS hashes
"""


@writes
async def delete_account(tx: AsyncManagedTransaction, person_id: str) -> list[str]:
    """Erase the person (see the module's docstring); returns evidence files to remove."""
    leaving = await single(tx, LOCK_LEAVING, person=person_id)
    if leaving is None:
        raise NotFound("No such person.")
    if leaving["platformAdmin"]:
        await execute(tx, LOCK_ADMINS)
    facts = await one(tx, DELETE_FACTS, person=person_id)
    if facts["soleKeeperOf"]:
        kept = facts["soleKeeperOf"][0]
        how = " (an operator grants it: kring platform-admin)" if kept == "platform admin" else ""
        raise Conflict(f"You are the only {kept}; give someone else that role first{how}.")
    hashes = await single(tx, EVIDENCE_HASHES, person=person_id)
    reviewed = await single(tx, IN_REVIEW_ENDORSED, person=person_id)
    for step in PEER_ERASE_STEPS + ERASE_STEPS:
        await execute(
            tx,
            step,
            person=person_id,
            holdsAPlace=sorted(HOLDS_A_PLACE),
            undecided=sorted(UNDECIDED_CLAIM),
        )
    # Claims in review that their endorsement carried may no longer meet their policy.
    for claim_id in reviewed["claims"] if reviewed else []:
        await execute(tx, LOCK_CLAIM, claim=claim_id)
        await advance(tx, claim_id, person_id)
    await sessions.end_all(tx, person_id, "account deleted")
    await sessions.person_gone(tx, person_id)
    await audit.record(tx, person_id, "delete_account", audit.TargetKind.PERSON, person_id)
    return list(hashes["hashes"]) if hashes else []


STILL_USED = """
UNWIND $hashes AS h
WITH h WHERE NOT EXISTS { (:Evidence {sha256: h}) }
RETURN collect(h) AS unused
"""


@reads
async def unused_evidence(tx: AsyncManagedTransaction, hashes: list[str]) -> list[str]:
    """Those of `hashes` no evidence refers to any more (files are shared by content)."""
    record = await single(tx, STILL_USED, hashes=hashes)
    return list(record["unused"]) if record else []

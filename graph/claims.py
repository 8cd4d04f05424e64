"""Claims: a learner's "I learned this", from a completed participation or self-asserted.

A claim and everything on it is private to its learner (and the people they invite to
endorse it) unless the learner shares it by link or publicly.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph import audit
from graph.access import STANDING, STANDING_FIELDS, Guard, Standing, standing_from
from graph.assertions import issue_if_due
from graph.cypher import rows, single
from graph.database import Graph
from graph.errors import BadUserInput, Conflict, NotFound
from graph.vocabulary import ApplicationStatus, ClaimKind, Domain, Relationship, Tier, Visibility


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


@dataclass(frozen=True)
class TrustSignals:
    holds_same_badge: bool
    supervises_host: bool
    is_teacher: bool
    reciprocal: bool


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


@dataclass(frozen=True)
class Claim:
    id: str
    kind: ClaimKind
    title: str
    narrative: str
    status: str  # OPEN or ISSUED
    visibility: Visibility
    share_token: str | None
    learner_id: str
    learner_name: str
    badge_class_id: str
    badge_class_name: str
    university_id: str
    university_name: str
    opportunity_title: str | None
    domain: Domain | None
    created_at: datetime
    assertion_id: str | None
    badge_validated: bool
    evidence: tuple[EvidenceItem, ...]
    endorsements: tuple[Endorsement, ...]

    @property
    def tier(self) -> Tier:
        """SELF_ASSERTED until endorsed into a badge; then the badge's tier."""
        if self.assertion_id is None:
            return Tier.SELF_ASSERTED
        return Tier.OFFICIAL if self.badge_validated else Tier.COMMUNITY


@dataclass(frozen=True)
class ClaimView:
    claim: Claim
    standing: Standing


@dataclass(frozen=True)
class SelfAssertion:
    title: str
    narrative: str
    evidence: tuple[NewEvidence, ...]
    badge_class_id: str | None
    university_id: str | None
    domain: Domain | None
    competency_keys: tuple[str, ...]


CLAIM_FIELDS = """
CALL (c) {
  MATCH (learner:Person)-[:CLAIMED]->(c)-[:FOR_BADGE]->(b:BadgeClass)
  MATCH (c)-[:BRANDED_BY]->(u:University)
  OPTIONAL MATCH (c)-[:FROM]->(:Application)-[:FOR]->(op:Opportunity)
                -[:OFFERED_BY]->(host:Organisation)
  OPTIONAL MATCH (c)-[:ISSUED_AS]->(a:Assertion)
  RETURN learner, b, u, op, host, a LIMIT 1
}
CALL (c) {
  OPTIONAL MATCH (c)-[:HAS_EVIDENCE]->(ev:Evidence)
  WITH ev ORDER BY ev.addedAt, ev.id
  RETURN collect(ev { .id, .kind, .name, .url, .mediaType, .size, .sha256, .description })
         AS evidence
}
CALL (c, b, host, learner) {
  OPTIONAL MATCH (e:Endorsement)-[:OF]->(c)
  OPTIONAL MATCH (endorser:Person)-[:ENDORSED]->(e)
  WITH e, endorser ORDER BY e.createdAt, e.id
  RETURN collect(e {
    .id, .relationship, .testimonial, .observed, .status, .createdAt,
    endorserId: endorser.id, endorserName: coalesce(endorser.name, e.endorserName),
    holdsSameBadge: endorser IS NOT NULL AND EXISTS {
      (endorser)-[:HOLDS]->(held:Assertion)-[:OF_BADGE]->(b) WHERE held.revokedAt IS NULL
    },
    supervisesHost: host IS NOT NULL AND endorser IS NOT NULL
      AND EXISTS { (endorser)-[m:MEMBER_OF]->(host) WHERE m.role IN ['SUPERVISOR', 'ADMIN'] },
    isTeacher: endorser IS NOT NULL
      AND EXISTS { (endorser)-[:MEMBER_OF {role: 'TEACHER'}]->(:University) },
    reciprocal: endorser IS NOT NULL AND EXISTS {
      (learner)-[:ENDORSED]->(:Endorsement {status: 'ACTIVE'})-[:OF]->(:Claim)
      <-[:CLAIMED]-(endorser)
    }
  }) AS endorsements
}
WITH *, c {
  .id, .kind, .title, .narrative, .status, .visibility, .shareToken, .domain, .createdAt,
  learnerId: learner.id, learnerName: learner.name, badgeClassId: b.id, badgeClassName: b.name,
  universityId: u.id, universityName: u.name, opportunityTitle: op.title, assertionId: a.id,
  badgeValidated: coalesce(b.validated, false),
  evidence: evidence, endorsements: endorsements
} AS claim
"""


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
            reciprocal=bool(e["reciprocal"]),
        ),
    )


def claim_from(c: dict[str, Any]) -> Claim:
    return Claim(
        id=c["id"],
        kind=ClaimKind(c["kind"]),
        title=c["title"],
        narrative=c.get("narrative") or "",
        status=c["status"],
        visibility=Visibility(c.get("visibility") or Visibility.PRIVATE),
        share_token=c.get("shareToken"),
        learner_id=c["learnerId"],
        learner_name=c["learnerName"],
        badge_class_id=c["badgeClassId"],
        badge_class_name=c["badgeClassName"],
        university_id=c["universityId"],
        university_name=c["universityName"],
        opportunity_title=c.get("opportunityTitle"),
        domain=Domain(c["domain"]) if c.get("domain") else None,
        created_at=c["createdAt"].to_native(),
        assertion_id=c.get("assertionId"),
        badge_validated=bool(c.get("badgeValidated")),
        evidence=tuple(
            EvidenceItem(
                id=ev["id"],
                kind=ev["kind"],
                name=ev["name"],
                url=ev.get("url"),
                media_type=ev.get("mediaType"),
                size=ev.get("size"),
                sha256=ev.get("sha256"),
                description=ev.get("description") or "",
            )
            for ev in c["evidence"]
        ),
        endorsements=tuple(_endorsement(e) for e in c["endorsements"]),
    )


ADD_EVIDENCE = """
MATCH (c:Claim {id: $claim})
UNWIND $evidence AS item
CREATE (c)-[:HAS_EVIDENCE]->(:Evidence {
  id: randomUUID(), kind: item.kind, name: item.name, url: item.url,
  mediaType: item.mediaType, size: item.size, sha256: item.sha256,
  description: item.description, addedAt: datetime()
})
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


async def _finish(
    tx: AsyncManagedTransaction,
    actor_id: str,
    claim_id: str,
    evidence: tuple[NewEvidence, ...],
    action: str,
) -> Claim:
    if evidence:
        await rows(tx, ADD_EVIDENCE, claim=claim_id, evidence=_evidence_rows(evidence))
    await audit.record(tx, actor_id, action, audit.TargetKind.CLAIM, claim_id)
    # A policy that needs no endorsement issues at once.
    await issue_if_due(tx, claim_id, actor_id)
    record = await single(tx, CLAIM_BY_ID, claim=claim_id)
    assert record is not None
    return claim_from(record["claim"])


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
RETURN app.status AS status, learner.id AS learnerId, b IS NOT NULL AS hasBadge,
       EXISTS { (:Claim)-[:FROM]->(app) } AS claimed, """
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


async def _claim_participation(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    application_id: str,
    narrative: str,
    evidence: tuple[NewEvidence, ...],
) -> Claim:
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
    if not facts["hasBadge"]:
        raise Conflict("This opportunity leads to no badge class.")
    record = await single(
        tx,
        CLAIM_PARTICIPATION,
        application=application_id,
        kind=ClaimKind.PARTICIPATION.value,
        narrative=narrative,
    )
    assert record is not None
    return await _finish(tx, actor_id, record["id"], evidence, "claim")


async def claim_participation(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    application_id: str,
    narrative: str,
    evidence: tuple[NewEvidence, ...],
) -> Claim:
    """Claim the badge class of a completed participation (once)."""
    return await graph.write(
        _claim_participation, actor_id, guard, application_id, narrative, evidence
    )


# --- self-asserting -------------------------------------------------------------------------

SELF_FACTS = """
OPTIONAL MATCH (actor:Person {id: $actor})
OPTIONAL MATCH (target:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
OPTIONAL MATCH (issuer)-[:PARTNER_OF]->(partner:University)
OPTIONAL MATCH (chosen:University {id: $university})
RETURN actor IS NOT NULL AS actorExists, coalesce(actor.platformAdmin, false) AS platformAdmin,
       [] AS orgRoles, [] AS uniRoles, target IS NOT NULL AS targetExists,
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
WITH c
CALL (c) {
  UNWIND $competencies AS key
  MATCH (k:Competency {key: key})
  MERGE (c)-[:ABOUT_COMPETENCY]->(k)
}
RETURN c.id AS id
"""


async def _self_assert(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, data: SelfAssertion
) -> Claim:
    facts = await single(
        tx,
        SELF_FACTS,
        actor=actor_id,
        badgeClass=data.badge_class_id,
        university=data.university_id,
    )
    assert facts is not None
    guard(standing_from(facts, actor_id, is_owner=True))
    if data.badge_class_id and not facts["targetExists"]:
        raise NotFound("No such badge class.", field="badgeClassId")
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
        made = await single(
            tx,
            AD_HOC_BADGE_CLASS,
            brand=facts["brandId"],
            title=data.title,
            narrative=data.narrative,
            domain=(data.domain or Domain.GLOBAL_CITIZENSHIP).value,
        )
        assert made is not None
        badge_class_id = made["id"]
    record = await single(
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
    )
    assert record is not None
    return await _finish(tx, actor_id, record["id"], data.evidence, "self_assert")


async def self_assert(graph: Graph, actor_id: str, guard: Guard, data: SelfAssertion) -> Claim:
    """Record learning that happened anywhere, branded by a university's community."""
    return await graph.write(_self_assert, actor_id, guard, data)


# --- the learner managing a claim -----------------------------------------------------------

# Locks the claim; also tells whether the actor was invited to endorse it.
LOCK = (
    """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:BRANDED_BY]->(uni:University)
SET c.version = coalesce(c.version, 0) + 1
WITH c, learner, uni, null AS org
"""
    + STANDING
    + """
RETURN c.status AS status, learner.id AS learnerId,
       EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
         AS invited, """
    + STANDING_FIELDS
)


async def lock_claim(
    tx: AsyncManagedTransaction, claim_id: str, actor_id: str | None
) -> tuple[Any, Standing]:
    facts = await single(tx, LOCK, claim=claim_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such claim.", field="claimId")
    standing = standing_from(
        facts,
        actor_id,
        is_owner=facts["learnerId"] == actor_id,
        is_invited=bool(facts["invited"]),
    )
    return facts, standing


async def _add_evidence(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    claim_id: str,
    evidence: tuple[NewEvidence, ...],
) -> Claim:
    facts, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    if facts["status"] != "OPEN":
        raise Conflict("The badge is issued; its evidence is part of it now.")
    await rows(tx, ADD_EVIDENCE, claim=claim_id, evidence=_evidence_rows(evidence))
    await audit.record(tx, actor_id, "add_evidence", audit.TargetKind.CLAIM, claim_id)
    record = await single(tx, CLAIM_BY_ID, claim=claim_id)
    assert record is not None
    return claim_from(record["claim"])


async def add_evidence(
    graph: Graph, actor_id: str, guard: Guard, claim_id: str, evidence: tuple[NewEvidence, ...]
) -> Claim:
    return await graph.write(_add_evidence, actor_id, guard, claim_id, evidence)


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


async def _set_visibility(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, claim_id: str, visibility: Visibility
) -> Claim:
    _, standing = await lock_claim(tx, claim_id, actor_id)
    guard(standing)
    record = await single(
        tx,
        SET_VISIBILITY,
        claim=claim_id,
        visibility=visibility.value,
        token=secrets.token_urlsafe(24),
    )
    assert record is not None
    await audit.record(
        tx, actor_id, "set_visibility", audit.TargetKind.CLAIM, claim_id, visibility.value
    )
    return claim_from(record["claim"])


async def set_visibility(
    graph: Graph, actor_id: str, guard: Guard, claim_id: str, visibility: Visibility
) -> Claim:
    """Share a claim (and its badge) by link or publicly, or make it private again.

    Going back to PRIVATE retires the link: a new one is made when it is shared again.
    """
    return await graph.write(_set_visibility, actor_id, guard, claim_id, visibility)


# --- reading ------------------------------------------------------------------------------------

BY_ID_WITH_STANDING = (
    """
MATCH (:Person)-[:CLAIMED]->(c:Claim {id: $claim})-[:BRANDED_BY]->(uni:University)
WITH c, uni, null AS org
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

OF_LEARNER = (
    """
MATCH (:Person {id: $learner})-[:CLAIMED]->(c:Claim)
WHERE $publicOnly = false OR c.visibility = 'PUBLIC'
WITH c ORDER BY c.createdAt DESC, c.id LIMIT $limit
"""
    + CLAIM_FIELDS
    + "RETURN claim ORDER BY claim.createdAt DESC, claim.id"
)


async def _by_id(
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


async def claim_by_id(graph: Graph, claim_id: str, actor_id: str | None) -> ClaimView | None:
    return await graph.read(_by_id, claim_id, actor_id)


async def _by_token(tx: AsyncManagedTransaction, token: str) -> Claim | None:
    record = await single(tx, BY_SHARE_TOKEN, token=token)
    return claim_from(record["claim"]) if record else None


async def claim_by_share_token(graph: Graph, token: str) -> Claim | None:
    return await graph.read(_by_token, token)


async def _of_learner(
    tx: AsyncManagedTransaction, learner_id: str, public_only: bool, limit: int
) -> list[Claim]:
    found = await rows(tx, OF_LEARNER, learner=learner_id, publicOnly=public_only, limit=limit)
    return [claim_from(r["claim"]) for r in found]


async def claims_of_learner(
    graph: Graph, learner_id: str, *, public_only: bool, limit: int = 200
) -> list[Claim]:
    return await graph.read(_of_learner, learner_id, public_only, limit)


EVIDENCE_ACCESS = """
MATCH (learner:Person)-[:CLAIMED]->(c:Claim)-[:HAS_EVIDENCE]->(ev:Evidence {id: $id})
RETURN ev.sha256 AS sha256, ev.mediaType AS mediaType, ev.name AS name, ev.kind AS kind,
       learner.id = $actor
       OR c.visibility = 'PUBLIC'
       OR EXISTS { (c)-[:REQUESTED]->(:EndorsementRequest)-[:TO]->(:Person {id: $actor}) }
         AS allowed
"""


@dataclass(frozen=True)
class EvidenceFile:
    sha256: str
    media_type: str
    name: str


async def _evidence_file(
    tx: AsyncManagedTransaction, evidence_id: str, actor_id: str | None
) -> EvidenceFile | None:
    record = await single(tx, EVIDENCE_ACCESS, id=evidence_id, actor=actor_id)
    if record is None or not record["allowed"] or record["kind"] != "FILE":
        return None
    return EvidenceFile(record["sha256"], record["mediaType"], record["name"])


async def evidence_file(
    graph: Graph, evidence_id: str, actor_id: str | None
) -> EvidenceFile | None:
    """The stored file behind an evidence item, if the actor may see it (else None)."""
    return await graph.read(_evidence_file, evidence_id, actor_id)

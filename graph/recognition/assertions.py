"""Assertions (issued badges): reading them, tiers, revocation, expiry.

Issuance itself, and whose consent it needs, is graph.recognition.issuance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, Standing, standing_from
from graph.core.cypher import one, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.paging import (
    Position,
    after_parameters,
    newest_after,
    position_columns,
    position_of,
)
from graph.core.transactions import reads, writes
from graph.core.vocabulary import Consent, Tier, Visibility
from graph.notifications import outbox
from graph.transparency_log import log as transparency_log


@dataclass(frozen=True)
class Assertion:
    id: str
    claim_id: str
    learner_id: str
    learner_name: str
    badge_class_id: str
    badge_class_name: str
    university_id: str
    university_name: str
    tier: Tier
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    visibility: Visibility
    share_token: str | None
    endorsement_count: int
    consent: Consent | None = None  # None: issued before consent was recorded
    under_validation: bool = False  # awarded while its class was officially validated

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "REVOKED"
        if self.expires_at is not None and self.expires_at <= datetime.now(UTC):
            return "EXPIRED"
        return "ACTIVE"


@dataclass(frozen=True)
class AssertionView:
    assertion: Assertion
    standing: Standing


# An assertion is OFFICIAL while its badge class is validated: tiers follow curation.
ASSERTION_FIELDS = """
CALL (a) {
  MATCH (learner:Person)-[:HOLDS]->(a)<-[:ISSUED_AS]-(c:Claim)
  MATCH (a)-[:OF_BADGE]->(b:BadgeClass)
  MATCH (a)-[:BRANDED_BY]->(u:University)
  OPTIONAL MATCH (a)-[:CARRIES]->(e:Endorsement)
  RETURN learner, c, b, u, count(e) AS endorsements
}
WITH *, a {
  .id, .issuedAt, .expiresAt, .revokedAt, .revocationReason, .visibility, .shareToken,
  .consent, .underValidation, claimId: c.id, learnerId: learner.id, learnerName: learner.name,
  badgeClassId: b.id, badgeClassName: b.name, universityId: u.id, universityName: u.name,
  validated: coalesce(b.validated, false), endorsements: endorsements
} AS assertion
"""


def assertion_from(a: dict[str, Any]) -> Assertion:
    def when(value: Any) -> datetime | None:
        return value.to_native() if value is not None else None

    issued = when(a["issuedAt"])
    assert issued is not None
    return Assertion(
        id=a["id"],
        claim_id=a["claimId"],
        learner_id=a["learnerId"],
        learner_name=a["learnerName"],
        badge_class_id=a["badgeClassId"],
        badge_class_name=a["badgeClassName"],
        university_id=a["universityId"],
        university_name=a["universityName"],
        tier=Tier.OFFICIAL if a["validated"] else Tier.COMMUNITY,
        issued_at=issued,
        expires_at=when(a.get("expiresAt")),
        revoked_at=when(a.get("revokedAt")),
        revocation_reason=a.get("revocationReason"),
        visibility=Visibility(a.get("visibility") or Visibility.PRIVATE),
        share_token=a.get("shareToken"),
        endorsement_count=a["endorsements"],
        consent=Consent(a["consent"]) if a.get("consent") else None,
        under_validation=bool(a.get("underValidation")),
    )


BY_ID = (
    """
MATCH (a:Assertion {id: $id})-[:OF_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(issuer)
MATCH (a)-[:BRANDED_BY]->(uni:University)
WITH a, uni, CASE WHEN issuer:Organisation THEN issuer ELSE null END AS org
"""
    + STANDING
    + ASSERTION_FIELDS
    + "RETURN assertion, "
    + STANDING_FIELDS
)

BY_SHARE_TOKEN = (
    "MATCH (a:Assertion {shareToken: $token}) WHERE a.visibility IN ['LINK', 'PUBLIC'] WITH a"
    + ASSERTION_FIELDS
    + "RETURN assertion"
)

# A learner's badges, newest first (ties by id), one page after a position: a seek from the
# learner's id index along the badges they hold, and only the page's badges are projected.
OF_LEARNER = (
    """
MATCH (me:Person {id: $learner})
USING INDEX SEEK me:Person(id)
MATCH (me)-[:HOLDS]->(a:Assertion)
WHERE ($publicOnly = false OR a.visibility = 'PUBLIC')
  AND """
    + newest_after("a", "issuedAt")
    + """
WITH a ORDER BY a.issuedAt DESC, a.id DESC LIMIT $limit
"""
    + ASSERTION_FIELDS
    + """
RETURN assertion, """
    + position_columns("a", "issuedAt")
    + """
ORDER BY assertion.issuedAt DESC, assertion.id DESC
"""
)
COUNT_OF_LEARNER = """
MATCH (me:Person {id: $learner})
USING INDEX SEEK me:Person(id)
MATCH (me)-[:HOLDS]->(a:Assertion)
WHERE $publicOnly = false OR a.visibility = 'PUBLIC'
RETURN count(a) AS total
"""


@dataclass(frozen=True)
class ListedAssertion:
    assertion: Assertion
    position: Position


@dataclass(frozen=True)
class LearnerAssertions:
    """One page of a learner's badges, newest first, and how many they hold in all."""

    entries: list[ListedAssertion]
    total: int


@reads
async def assertion_by_id(
    tx: AsyncManagedTransaction, assertion_id: str, actor_id: str | None
) -> AssertionView | None:
    record = await single(tx, BY_ID, id=assertion_id, actor=actor_id)
    if record is None:
        return None
    assertion = assertion_from(record["assertion"])
    return AssertionView(
        assertion, standing_from(record, actor_id, is_owner=assertion.learner_id == actor_id)
    )


@reads
async def assertion_by_share_token(tx: AsyncManagedTransaction, token: str) -> Assertion | None:
    record = await single(tx, BY_SHARE_TOKEN, token=token)
    return assertion_from(record["assertion"]) if record else None


@reads
async def assertions_of_learner(
    tx: AsyncManagedTransaction,
    learner_id: str,
    *,
    public_only: bool,
    limit: int,
    after: Position | None = None,
) -> LearnerAssertions:
    """A learner's badges (only PUBLIC ones for `public_only`), newest first, after `after`."""
    found = await rows(
        tx,
        OF_LEARNER,
        learner=learner_id,
        publicOnly=public_only,
        limit=limit,
        **after_parameters(after),
    )
    total = await single(tx, COUNT_OF_LEARNER, learner=learner_id, publicOnly=public_only)
    return LearnerAssertions(
        entries=[
            ListedAssertion(
                assertion_from(r["assertion"]),
                position_of(r, r["assertion"]["id"]),
            )
            for r in found
        ],
        total=int(total["total"]) if total else 0,
    )


LOCK = (
    """
MATCH (a:Assertion {id: $id})-[:OF_BADGE]->(:BadgeClass)-[:ISSUED_BY]->(issuer)
MATCH (a)-[:BRANDED_BY]->(uni:University)
MATCH (learner:Person)-[:HOLDS]->(a)
SET a.version = coalesce(a.version, 0) + 1
WITH a, uni, learner, CASE WHEN issuer:Organisation THEN issuer ELSE null END AS org
"""
    + STANDING
    + "RETURN a.revokedAt AS revokedAt, learner.id AS learnerId, "
    + STANDING_FIELDS
)

REVOKE = (
    """
MATCH (a:Assertion {id: $id})
SET a.revokedAt = datetime(), a.revocationReason = $reason, a.revokedBy = $actor
WITH a
"""
    + ASSERTION_FIELDS
    + "RETURN assertion"
)


@writes
async def revoke(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, assertion_id: str, reason: str
) -> Assertion:
    """Revoke an issued badge, saying why; it stays verifiable as revoked."""
    if not reason.strip():
        raise BadUserInput("A revocation needs a reason.", field="reason")
    facts = await single(tx, LOCK, id=assertion_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge.", field="id")
    guard(standing_from(facts, actor_id))
    if facts["revokedAt"] is not None:
        raise Conflict("This badge is already revoked.")
    record = await one(tx, REVOKE, id=assertion_id, reason=reason, actor=actor_id)
    await transparency_log.append(tx, transparency_log.Kind.REVOKED, assertion_id)
    await audit.record(tx, actor_id, "revoke", audit.TargetKind.ASSERTION, assertion_id, reason)
    await outbox.record(
        tx,
        outbox.Kind.BADGE_REVOKED,
        outbox.Audience.PEOPLE,
        [facts["learnerId"]],
        {"assertionId": assertion_id, "reason": reason},
    )
    return assertion_from(record["assertion"])

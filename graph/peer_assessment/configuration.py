"""The issuer's advance consent to issue a badge class on its peers' reviews.

Switching peer assessment on is the issuer's decision, recorded on the class (who, when, with
which numbers): only because of it is a badge earned by review signed with the issuer's key.
Switching it off withdraws that consent at once: a submission whose reviews pass afterwards
goes to the issuer's staff instead of issuing (graph.peer_assessment.reviews).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import execute, rows, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.transactions import reads, writes

DEFAULT_REVIEWERS = 3
MAX_REVIEWERS = 7
DEFAULT_EXPIRY_DAYS = 7
MAX_EXPIRY_DAYS = 30


@dataclass(frozen=True)
class PeerSettings:
    reviewers: int
    passing_score: int  # a review passes with at least this total (and every minimum level)
    disagreement: int  # reviews' totals further apart than this (max - min) go to staff
    expiry_days: int


@dataclass(frozen=True)
class PeerConfiguration:
    badge_class_id: str
    badge_class_name: str
    issuer_id: str
    issuer_name: str
    enabled: bool
    settings: PeerSettings | None
    max_score: int  # the sum of every criterion's highest level
    consent_by: str | None
    consent_at: datetime | None


FACTS = (
    """
MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
SET b.peerVersion = coalesce(b.peerVersion, 0) + 1
WITH b, CASE WHEN issuer:Organisation THEN issuer END AS org,
     CASE WHEN issuer:University THEN issuer END AS uni
"""
    + STANDING
    + """
RETURN COLLECT { MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion) RETURN size(k.levels) }
         AS levels,
       coalesce(b.adHoc, false) OR b.helpingHand IS NOT NULL
         OR coalesce(b.autoIssueOnCompletion, false) AS special,
       coalesce(b.validated, false) AS validated, """
    + STANDING_FIELDS
)
SWITCH_ON = """
MATCH (b:BadgeClass {id: $badgeClass})
SET b.peerReview = true, b.peerReviewers = $reviewers, b.peerPassingScore = $passing,
    b.peerDisagreement = $disagreement, b.peerExpiryDays = $expiry,
    b.peerConsentBy = $actor, b.peerConsentAt = datetime()
"""
SWITCH_OFF = """
MATCH (b:BadgeClass {id: $badgeClass})
SET b.peerReview = false, b.peerStoppedBy = $actor, b.peerStoppedAt = datetime()
"""


def check_settings(settings: PeerSettings, max_score: int) -> None:
    """BAD_USER_INPUT naming the field unless every number is within its bounds."""
    if not 1 <= settings.reviewers <= MAX_REVIEWERS:
        raise BadUserInput(f"reviewers must be 1 to {MAX_REVIEWERS}.", field="reviewers")
    if not 1 <= settings.passing_score <= max_score:
        raise BadUserInput(
            f"passingScore must be 1 to {max_score} (the rubric's highest total).",
            field="passingScore",
        )
    if not 0 <= settings.disagreement <= max_score:
        raise BadUserInput(f"disagreement must be 0 to {max_score}.", field="disagreement")
    if not 1 <= settings.expiry_days <= MAX_EXPIRY_DAYS:
        raise BadUserInput(f"expiryDays must be 1 to {MAX_EXPIRY_DAYS}.", field="expiryDays")


@writes
async def configure(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    badge_class_id: str,
    settings: PeerSettings | None,
) -> PeerConfiguration:
    """Switch peer assessment on with `settings` (the issuer's consent), or off (None)."""
    facts = await single(tx, FACTS, badgeClass=badge_class_id, actor=actor_id)
    if facts is None:
        raise NotFound("No such badge class.", field="badgeClassId")
    guard(standing_from(facts, actor_id))
    if settings is None:
        await execute(tx, SWITCH_OFF, badgeClass=badge_class_id, actor=actor_id)
        await audit.record(
            tx,
            actor_id,
            "peer_assessment_off",
            audit.TargetKind.BADGE_CLASS,
            badge_class_id,
            "consent withdrawn: no more badges issued on peer review",
        )
        return await read_configuration.within(tx, badge_class_id)
    if facts["special"]:
        raise Conflict(
            "This badge class issues itself or belongs to one claim; it cannot be peer-assessed.",
            field="badgeClassId",
        )
    if facts["validated"]:
        # Peers deciding its badges is not how the university saw it issue when validating.
        raise Conflict(
            "This badge class is officially validated as it issues now: ask its university's "
            "curators to withdraw the validation before peers decide its badges.",
            field="badgeClassId",
        )
    if not facts["levels"]:
        raise Conflict(
            "Give the badge class a rubric first: peers score against it.", field="badgeClassId"
        )
    check_settings(settings, sum(facts["levels"]))
    await execute(
        tx,
        SWITCH_ON,
        badgeClass=badge_class_id,
        actor=actor_id,
        reviewers=settings.reviewers,
        passing=settings.passing_score,
        disagreement=settings.disagreement,
        expiry=settings.expiry_days,
    )
    await audit.record(
        tx,
        actor_id,
        "peer_assessment_on",
        audit.TargetKind.BADGE_CLASS,
        badge_class_id,
        f"consent in advance: issue on {settings.reviewers} passing peer reviews "
        f"(pass {settings.passing_score}, disagreement {settings.disagreement}, "
        f"expiry {settings.expiry_days} days)",
    )
    return await read_configuration.within(tx, badge_class_id)


CONFIGURATION = """
MATCH (b:BadgeClass)-[:ISSUED_BY]->(issuer)
WHERE b.id IN $ids
RETURN b.id AS id, b.name AS name, issuer.id AS issuerId, issuer.name AS issuerName,
       coalesce(b.peerReview, false) AS enabled, b.peerReviewers AS reviewers,
       b.peerPassingScore AS passing, b.peerDisagreement AS disagreement,
       b.peerExpiryDays AS expiry, b.peerConsentBy AS consentBy, b.peerConsentAt AS consentAt,
       COLLECT { MATCH (b)-[:HAS_CRITERION]->(k:RubricCriterion) RETURN size(k.levels) }
         AS levels
"""
# Classes that take portfolios now; BadgeClass(peerReview) is indexed (migration 27).
ENABLED = """
MATCH (b:BadgeClass {peerReview: true})
RETURN b.id AS id ORDER BY b.name, b.id LIMIT $limit
"""


def _configuration(r: dict[str, Any]) -> PeerConfiguration:
    settings = None
    if r["reviewers"] is not None:
        settings = PeerSettings(
            reviewers=int(r["reviewers"]),
            passing_score=int(r["passing"]),
            disagreement=int(r["disagreement"]),
            expiry_days=int(r["expiry"]),
        )
    consent_at = r["consentAt"]
    return PeerConfiguration(
        badge_class_id=str(r["id"]),
        badge_class_name=str(r["name"]),
        issuer_id=str(r["issuerId"]),
        issuer_name=str(r["issuerName"]),
        enabled=bool(r["enabled"]),
        settings=settings,
        max_score=sum(r["levels"]),
        consent_by=r["consentBy"],
        consent_at=consent_at.to_native() if consent_at is not None else None,
    )


@reads
async def read_configuration(tx: AsyncManagedTransaction, badge_class_id: str) -> PeerConfiguration:
    found = await rows(tx, CONFIGURATION, ids=[badge_class_id])
    if not found:
        raise NotFound("No such badge class.", field="badgeClassId")
    return _configuration(found[0].data())


@reads
async def enabled_classes(tx: AsyncManagedTransaction, limit: int = 200) -> list[PeerConfiguration]:
    """Badge classes that take peer-assessed portfolios now, by name."""
    ids = [r["id"] for r in await rows(tx, ENABLED, limit=limit)]
    found = {r["id"]: _configuration(r.data()) for r in await rows(tx, CONFIGURATION, ids=ids)}
    return [found[i] for i in ids if i in found]

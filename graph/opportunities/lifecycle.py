"""An opportunity's life: drafted, edited, submitted, published or rejected, closed, archived.

After publication learners have applied for a time, place and badge, so only the text,
capacity (never below the places taken), contact details, website and image may change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit
from graph.core.access import STANDING, STANDING_FIELDS, Guard, standing_from
from graph.core.cypher import one, single
from graph.core.errors import BadUserInput, Conflict, NotFound
from graph.core.fields import check_required, given, stored_properties
from graph.core.meaning import Embedder
from graph.core.state_machines import OPPORTUNITY
from graph.core.transactions import writes
from graph.core.vocabulary import OpportunityStatus, OrganisationStatus
from graph.notifications import fan_out, outbox
from graph.opportunities import meaning
from graph.opportunities.fields import (
    EDITABLE_AFTER_PUBLICATION,
    PROJECTION,
    Opportunity,
    OpportunityFields,
    opportunity_from_record,
)

RETURN_OPPORTUNITY = "WITH o" + PROJECTION + "RETURN opportunity, organisation"

DRAFT_FACTS = (
    """
MATCH (org:Organisation {id: $organisation})-[:PARTNER_OF]->(uni:University)
SET org.version = coalesce(org.version, 0) + 1
WITH org, uni
"""
    + STANDING
    + """
OPTIONAL MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
RETURN org.status AS orgStatus, b.domain AS domain, b.level AS level,
       issuer IS NOT NULL AND (issuer = org OR issuer = uni)
         AND NOT coalesce(b.adHoc, false) AS badgeUsable,
       b IS NOT NULL AS badgeExists, """
    + STANDING_FIELDS
)

DRAFT = (
    """
MATCH (org:Organisation {id: $organisation})
MATCH (b:BadgeClass {id: $badgeClass})
CREATE (o:Opportunity {id: randomUUID(), status: $status, placesTaken: 0, version: 0,
                       domain: b.domain, level: b.level, createdAt: datetime()})
SET o += $props
CREATE (o)-[:OFFERED_BY]->(org)
CREATE (o)-[:LEADS_TO]->(b)
"""
    + RETURN_OPPORTUNITY
)


def _check_badge(facts: Any) -> None:
    if not facts["badgeExists"]:
        raise NotFound("No such badge class.", field="badgeClassId")
    if not facts["badgeUsable"]:
        raise BadUserInput(
            "An opportunity leads to a badge class of its own organisation or its university "
            "(never a learner's own one-off class).",
            field="badgeClassId",
        )


def _check_dates(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise BadUserInput("endsAt must be after startsAt.", field="endsAt")


@writes
async def draft(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    organisation_id: str,
    data: OpportunityFields,
    embedder: Embedder,
) -> Opportunity:
    """Create a DRAFT opportunity of an approved organisation, its meaning embedded."""
    check_required(data)
    assert data.starts_at is not None
    assert data.ends_at is not None
    _check_dates(data.starts_at, data.ends_at)
    facts = await single(
        tx,
        DRAFT_FACTS,
        organisation=organisation_id,
        actor=actor_id,
        badgeClass=data.badge_class_id,
    )
    if facts is None:
        raise NotFound("No such organisation.", field="organisationId")
    guard(standing_from(facts, actor_id))
    if facts["orgStatus"] != OrganisationStatus.APPROVED:
        raise Conflict(
            f"The organisation is {facts['orgStatus']}; it can offer opportunities once approved."
        )
    _check_badge(facts)
    record = await one(
        tx,
        DRAFT,
        organisation=organisation_id,
        badgeClass=data.badge_class_id,
        status=OpportunityStatus.DRAFT.value,
        props=stored_properties(OpportunityFields, given(data)),
    )
    opportunity = opportunity_from_record(record["opportunity"], record["organisation"])
    await meaning.embed_opportunities(tx, embedder, [opportunity.id])
    await audit.record(tx, actor_id, "draft", audit.TargetKind.OPPORTUNITY, opportunity.id)
    return opportunity


# Taking the write lock first (SET) makes every read below race-free.
LOCK = (
    """
MATCH (o:Opportunity {id: $id})-[:OFFERED_BY]->(org:Organisation)-[:PARTNER_OF]->(uni:University)
SET o.version = coalesce(o.version, 0) + 1
WITH o, org, uni
"""
    + STANDING
    + """
OPTIONAL MATCH (b:BadgeClass {id: $badgeClass})-[:ISSUED_BY]->(issuer)
RETURN o.status AS status, o.startsAt AS startsAt, o.endsAt AS endsAt,
       coalesce(o.placesTaken, 0) AS placesTaken,
       issuer IS NOT NULL AND (issuer = org OR issuer = uni)
         AND NOT coalesce(b.adHoc, false) AS badgeUsable,
       b IS NOT NULL AS badgeExists, """
    + STANDING_FIELDS
)

UPDATE = (
    """
MATCH (o:Opportunity {id: $id})
SET o += $props
WITH o
CALL (o) {
  MATCH (b:BadgeClass {id: $badgeClass})
  OPTIONAL MATCH (o)-[old:LEADS_TO]->(:BadgeClass)
  DELETE old
  CREATE (o)-[:LEADS_TO]->(b)
  SET o.domain = b.domain, o.level = b.level
}
"""
    + RETURN_OPPORTUNITY
)

TRANSITION = (
    """
MATCH (o:Opportunity {id: $id})
SET o.status = $status, o.rejectionReason = $reason, o.statusChangedAt = datetime()
"""
    + RETURN_OPPORTUNITY
)


async def _lock(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    badge_class_id: str | None = None,
) -> Any:
    facts = await single(tx, LOCK, id=opportunity_id, actor=actor_id, badgeClass=badge_class_id)
    if facts is None:
        raise NotFound("No such opportunity.", field="id")
    guard(standing_from(facts, actor_id))
    return facts


@writes
async def edit(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    changes: OpportunityFields,
    embedder: Embedder,
) -> Opportunity:
    """Change a draft freely, or a published opportunity's text, capacity and contacts; a
    new text (or badge) is embedded again in the same transaction."""
    changed = given(changes)
    if not changed:
        raise BadUserInput("Nothing to change.")
    facts = await _lock(tx, actor_id, guard, opportunity_id, changes.badge_class_id)
    status = facts["status"]
    OPPORTUNITY.next("edit", status)
    if status == OpportunityStatus.PUBLISHED:
        frozen = sorted(set(changed) - EDITABLE_AFTER_PUBLICATION)
        if frozen:
            allowed = ", ".join(sorted(EDITABLE_AFTER_PUBLICATION))
            raise Conflict(
                f"{frozen[0]} cannot change after publication; only {allowed} can.",
                field=frozen[0],
            )
    if changes.capacity is not None and changes.capacity < facts["placesTaken"]:
        raise Conflict(
            f"{facts['placesTaken']} places are taken; capacity cannot go below that.",
            field="capacity",
        )
    starts = changes.starts_at or facts["startsAt"].to_native()
    ends = changes.ends_at or facts["endsAt"].to_native()
    _check_dates(starts, ends)
    if changes.badge_class_id is not None:
        _check_badge(facts)
    record = await one(
        tx,
        UPDATE,
        id=opportunity_id,
        props=stored_properties(OpportunityFields, changed),
        badgeClass=changes.badge_class_id,
    )
    if set(changed) & MEANINGFUL:
        await meaning.embed_opportunities(tx, embedder, [opportunity_id])
    await audit.record(
        tx,
        actor_id,
        "edit",
        audit.TargetKind.OPPORTUNITY,
        opportunity_id,
        ", ".join(sorted(changed)),
    )
    return opportunity_from_record(record["opportunity"], record["organisation"])


# What meaning.passage reads of the opportunity itself.
MEANINGFUL = frozenset({"title", "synopsis", "description", "badge_class_id"})
ACTIONS = frozenset({"submit", "publish", "reject", "close", "archive"})


@writes
async def transition(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    action: str,
    reason: str | None = None,
) -> Opportunity:
    """Move an opportunity along its state machine; a rejection needs a reason."""
    assert action in ACTIONS
    if action == "reject" and not (reason and reason.strip()):
        raise BadUserInput("A rejection needs a reason.", field="reason")
    facts = await _lock(tx, actor_id, guard, opportunity_id)
    status = OPPORTUNITY.next(action, facts["status"])
    if action in ("submit", "publish") and facts["startsAt"].to_native() <= datetime.now(UTC):
        raise Conflict(f"Cannot {action} an opportunity whose start has passed; edit its dates.")
    record = await one(
        tx,
        TRANSITION,
        id=opportunity_id,
        status=status,
        reason=reason if action == "reject" else None,
    )
    await audit.record(
        tx, actor_id, action, audit.TargetKind.OPPORTUNITY, opportunity_id, reason or ""
    )
    opportunity = opportunity_from_record(record["opportunity"], record["organisation"])
    if action in ("publish", "reject"):
        await outbox.record(
            tx,
            outbox.Kind.OPPORTUNITY_PUBLISHED
            if action == "publish"
            else outbox.Kind.OPPORTUNITY_REJECTED,
            outbox.Audience.ORGANISATION_ADMINS,
            [opportunity.organisation.id],
            {"opportunityId": opportunity.id, "title": opportunity.title, "reason": reason},
        )
    if action == "publish":
        # Published happens once per opportunity, so each watcher hears of it once; thousands
        # may watch, so a worker tells them after this commits.
        await fan_out.record(
            tx, opportunity.id, {"opportunityId": opportunity.id, "title": opportunity.title}
        )
    return opportunity

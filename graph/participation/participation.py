"""Learners applying to opportunities, and organisations deciding on their applications.

An application holds one of the opportunity's places from the moment it is made until it
is rejected or withdrawn; capacity therefore bounds open applications, so a learner who
sees a free place can really apply for it.

Applications close when the opportunity starts, with no grace period: the organisation
must be able to accept or reject before the learner turns up, and a place taken once the
activity is under way is one nobody can plan for. Applications made in time may still be
decided, marked and withdrawn after the start.
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
from graph.core.state_machines import APPLICATION, HOLDS_A_PLACE, OPPORTUNITY
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ApplicationStatus
from graph.notifications import outbox


@dataclass(frozen=True)
class Application:
    id: str
    status: ApplicationStatus
    motivation: str
    reason: str | None
    created_at: datetime
    decided_at: datetime | None
    learner_id: str
    learner_name: str
    opportunity_id: str
    opportunity_title: str
    attended_at: datetime | None = None  # checked in with the event's code (graph.presence)


@dataclass(frozen=True)
class ApplicationView:
    application: Application
    standing: Standing


APPLICATION_FIELDS = """
a { .id, .status, .motivation, .reason, .createdAt, .decidedAt, .attendedAt } AS application,
learner { .id, .name } AS learner, o { .id, .title } AS opportunity
"""


def application_from(record: Any) -> Application:
    a = record["application"]
    decided = a.get("decidedAt")
    attended = a.get("attendedAt")
    return Application(
        id=a["id"],
        status=ApplicationStatus(a["status"]),
        motivation=a.get("motivation") or "",
        reason=a.get("reason"),
        created_at=a["createdAt"].to_native(),
        decided_at=decided.to_native() if decided is not None else None,
        learner_id=record["learner"]["id"],
        learner_name=record["learner"]["name"],
        opportunity_id=record["opportunity"]["id"],
        opportunity_title=record["opportunity"]["title"],
        attended_at=attended.to_native() if attended is not None else None,
    )


# Locking the opportunity serialises every change to its places.
APPLY_FACTS = (
    """
MATCH (o:Opportunity {id: $opportunity})-[:OFFERED_BY]->(org:Organisation)
      -[:PARTNER_OF]->(uni:University)
SET o.version = coalesce(o.version, 0) + 1
WITH o, org, uni
"""
    + STANDING
    + """
CALL (o, actor) {
  OPTIONAL MATCH (actor)-[:APPLIED]->(a:Application)-[:FOR]->(o)
  WHERE a.status <> $withdrawn
  RETURN a.status AS existing LIMIT 1
}
RETURN o.status AS status, o.startsAt AS startsAt, o.endsAt AS endsAt, o.capacity AS capacity,
       org.id AS orgId, coalesce(o.placesTaken, 0) AS placesTaken, existing, """
    + STANDING_FIELDS
)

APPLY = (
    """
MATCH (o:Opportunity {id: $opportunity})
MATCH (learner:Person {id: $actor})
CREATE (learner)-[:APPLIED]->(a:Application {
  id: randomUUID(), status: $pending, motivation: $motivation, createdAt: datetime()
})-[:FOR]->(o)
SET o.placesTaken = coalesce(o.placesTaken, 0) + 1
RETURN """
    + APPLICATION_FIELDS
)


@writes
async def apply(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, opportunity_id: str, motivation: str
) -> Application:
    """Apply to a published opportunity that has not started and has a free place (one
    open application per learner and opportunity)."""
    facts = await single(
        tx,
        APPLY_FACTS,
        opportunity=opportunity_id,
        actor=actor_id,
        withdrawn=ApplicationStatus.WITHDRAWN.value,
    )
    if facts is None:
        raise NotFound("No such opportunity.", field="opportunityId")
    guard(standing_from(facts, actor_id))
    OPPORTUNITY.next("apply to", facts["status"])
    now = datetime.now(UTC)
    if facts["endsAt"].to_native() <= now:
        raise Conflict("This opportunity has ended.")
    if facts["startsAt"].to_native() <= now:
        raise Conflict(
            "Applications closed when this opportunity started; "
            "contact the organisation if you still want to take part."
        )
    if facts["existing"] is not None:
        raise Conflict(f"You already applied to this opportunity ({facts['existing']}).")
    if facts["placesTaken"] >= facts["capacity"]:
        raise Conflict("This opportunity has no free places left.")
    record = await one(
        tx,
        APPLY,
        opportunity=opportunity_id,
        actor=actor_id,
        pending=ApplicationStatus.PENDING.value,
        motivation=motivation,
    )
    application = application_from(record)
    await audit.record(tx, actor_id, "apply", audit.TargetKind.APPLICATION, application.id)
    await outbox.record(
        tx,
        outbox.Kind.APPLICATION_RECEIVED,
        outbox.Audience.ORGANISATION_STAFF,
        [facts["orgId"]],
        {"applicationId": application.id, "opportunityTitle": application.opportunity_title},
    )
    return application


# One row per application found among $ids, each opportunity locked: a single decision
# passes one id, a bulk one a chunk of them (graph.participation.bulk).
DECIDE_FACTS = (
    """
UNWIND $ids AS id
MATCH (learner:Person)-[:APPLIED]->(a:Application {id: id})-[:FOR]->(o:Opportunity)
      -[:OFFERED_BY]->(org:Organisation)-[:PARTNER_OF]->(uni:University)
SET o.version = coalesce(o.version, 0) + 1
WITH id, a, o, org, uni, learner
"""
    + STANDING
    + """
RETURN id, a.status AS status, o.startsAt AS startsAt, learner.id AS learnerId, """
    + STANDING_FIELDS
)

DECIDE = (
    """
UNWIND $changes AS change
MATCH (learner:Person)-[:APPLIED]->(a:Application {id: change.id})-[:FOR]->(o:Opportunity)
SET a.status = change.status, a.reason = coalesce($reason, a.reason), a.decidedAt = datetime(),
    o.placesTaken = coalesce(o.placesTaken, 0) - change.released
RETURN """
    + APPLICATION_FIELDS
)

ACTIONS = frozenset({"accept", "reject", "complete", "mark_no_show", "withdraw"})
ATTENDANCE = frozenset({"complete", "mark_no_show"})
# Who hears of a decision: the learner, for these.
TOLD = {
    "accept": outbox.Kind.APPLICATION_ACCEPTED,
    "reject": outbox.Kind.APPLICATION_REJECTED,
    "complete": outbox.Kind.APPLICATION_COMPLETED,
}


@dataclass(frozen=True)
class Verdict:
    """An allowed decision on one application, not yet written."""

    application_id: str
    status: str  # the ApplicationStatus it moves to
    released: int  # 1 when it gives its place back


async def decision_facts(
    tx: AsyncManagedTransaction, actor_id: str, application_ids: list[str]
) -> dict[str, Any]:
    """The facts of each application found, by id, its opportunity locked."""
    found = await rows(tx, DECIDE_FACTS, ids=application_ids, actor=actor_id)
    return {r["id"]: r for r in found}


def judge(facts: Any, actor_id: str, guard: Guard, action: str, now: datetime) -> Verdict:
    """The decision the rules allow on these facts; raises the KringError that says why not."""
    guard(standing_from(facts, actor_id, is_owner=facts["learnerId"] == actor_id))
    current = facts["status"]
    status = APPLICATION.next(action, current)
    if action in ATTENDANCE and facts["startsAt"].to_native() > now:
        raise Conflict("The opportunity has not started yet; mark attendance once it has.")
    released = 1 if current in HOLDS_A_PLACE and status not in HOLDS_A_PLACE else 0
    return Verdict(facts["id"], status, released)


async def record_decisions(
    tx: AsyncManagedTransaction,
    actor_id: str,
    action: str,
    verdicts: list[Verdict],
    reason: str | None = None,
) -> list[Application]:
    """Write the decisions, their audit events and the learners' notifications."""
    changed = await rows(
        tx,
        DECIDE,
        changes=[
            {"id": v.application_id, "status": v.status, "released": v.released} for v in verdicts
        ],
        reason=reason,
    )
    applications = [application_from(r) for r in changed]
    await audit.record_many(
        tx,
        actor_id,
        action,
        audit.TargetKind.APPLICATION,
        [(v.application_id, reason or "") for v in verdicts],
    )
    told = TOLD.get(action)
    if told is not None:
        await outbox.record_each(
            tx,
            told,
            [
                (
                    a.learner_id,
                    {
                        "applicationId": a.id,
                        "opportunityTitle": a.opportunity_title,
                        "reason": reason,
                    },
                )
                for a in applications
            ],
        )
    return applications


@writes
async def decide(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    application_id: str,
    action: str,
    reason: str | None = None,
) -> Application:
    """Accept, reject (with a reason), complete, mark no-show, or withdraw an application."""
    assert action in ACTIONS
    if action == "reject" and not (reason and reason.strip()):
        raise BadUserInput("A rejection needs a reason.", field="reason")
    facts = (await decision_facts(tx, actor_id, [application_id])).get(application_id)
    if facts is None:
        raise NotFound("No such application.", field="id")
    verdict = judge(facts, actor_id, guard, action, datetime.now(UTC))
    (application,) = await record_decisions(tx, actor_id, action, [verdict], reason)
    return application


BY_ID = (
    """
MATCH (learner:Person)-[:APPLIED]->(a:Application {id: $id})-[:FOR]->(o:Opportunity)
      -[:OFFERED_BY]->(org:Organisation)-[:PARTNER_OF]->(uni:University)
"""
    + STANDING
    + "RETURN "
    + APPLICATION_FIELDS
    + ", "
    + STANDING_FIELDS
)

OF_LEARNER = (
    """
MATCH (learner:Person {id: $learner})-[:APPLIED]->(a:Application)-[:FOR]->(o:Opportunity)
RETURN """
    + APPLICATION_FIELDS
    + """
ORDER BY a.createdAt DESC, a.id
LIMIT $limit
"""
)

OF_OPPORTUNITY = (
    """
MATCH (learner:Person)-[:APPLIED]->(a:Application)-[:FOR]->(o:Opportunity {id: $opportunity})
WHERE $statuses IS NULL OR a.status IN $statuses
RETURN """
    + APPLICATION_FIELDS
    + """
ORDER BY a.createdAt, a.id
LIMIT $limit
"""
)


@reads
async def application_by_id(
    tx: AsyncManagedTransaction, application_id: str, actor_id: str | None
) -> ApplicationView | None:
    record = await single(tx, BY_ID, id=application_id, actor=actor_id)
    if record is None:
        return None
    application = application_from(record)
    return ApplicationView(
        application,
        standing_from(record, actor_id, is_owner=application.learner_id == actor_id),
    )


@reads
async def applications_of_learner(
    tx: AsyncManagedTransaction, learner_id: str, limit: int = 200
) -> list[Application]:
    return [
        application_from(r) for r in await rows(tx, OF_LEARNER, learner=learner_id, limit=limit)
    ]


@reads
async def applications_of_opportunity(
    tx: AsyncManagedTransaction,
    opportunity_id: str,
    statuses: tuple[ApplicationStatus, ...] | None = None,
    limit: int = 10_000,
) -> list[Application]:
    wanted = [s.value for s in statuses] if statuses else None
    result = await rows(
        tx, OF_OPPORTUNITY, opportunity=opportunity_id, statuses=wanted, limit=limit
    )
    return [application_from(r) for r in result]

"""Mutations for applying and deciding: one state machine, checked in the graph transaction."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.participation import bulk, participation
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.participation.types import Application, BulkReport, ParticipationOutcome


async def _decide(
    info: Info, id: str, action: str, permission: Permission, reason: str | None = None
) -> Application:
    actor = info.context.require_caller().person_id
    changed = await participation.decide(
        info.context.graph, actor, require(permission), check.entity_id(id), action, reason
    )
    return Application.from_model(changed)


@strawberry.type
class ParticipationMutations:
    @strawberry.mutation(description="Apply to a published opportunity with a free place.")
    async def apply_to_opportunity(
        self, info: Info, opportunity_id: strawberry.ID, motivation: str
    ) -> Application:
        actor = info.context.require_caller().person_id
        created = await participation.apply(
            info.context.graph,
            actor,
            require(Permission.APPLICATION_CREATE),
            check.entity_id(opportunity_id, "opportunityId"),
            check.text(motivation, "motivation", max_length=2000),
        )
        return Application.from_model(created)

    @strawberry.mutation(description="The organisation accepts a pending application.")
    async def accept_application(self, info: Info, id: strawberry.ID) -> Application:
        return await _decide(info, id, "accept", Permission.APPLICATION_DECIDE)

    @strawberry.mutation(description="The organisation rejects a pending application, saying why.")
    async def reject_application(self, info: Info, id: strawberry.ID, reason: str) -> Application:
        reason = check.text(reason, "reason", max_length=2000)
        return await _decide(info, id, "reject", Permission.APPLICATION_DECIDE, reason)

    @strawberry.mutation(description="The organisation marks an accepted learner as completed.")
    async def complete_application(self, info: Info, id: strawberry.ID) -> Application:
        return await _decide(info, id, "complete", Permission.APPLICATION_DECIDE)

    @strawberry.mutation(description="The organisation marks an accepted learner as a no-show.")
    async def mark_no_show(self, info: Info, id: strawberry.ID) -> Application:
        return await _decide(info, id, "mark_no_show", Permission.APPLICATION_DECIDE)

    @strawberry.mutation(description="The learner withdraws a pending or accepted application.")
    async def withdraw_application(self, info: Info, id: strawberry.ID) -> Application:
        return await _decide(info, id, "withdraw", Permission.APPLICATION_WITHDRAW)

    @strawberry.mutation(
        description="The organisation marks up to 1,000 accepted learners completed or no-show "
        "at once, chunk by chunk, each chunk all or nothing; the report says what became of "
        "each. `requestId` is a UUID the client makes per request: sending the same request "
        "again returns the same report and changes nothing."
    )
    async def complete_applications(
        self,
        info: Info,
        ids: list[strawberry.ID],
        outcome: ParticipationOutcome,
        request_id: strawberry.ID,
    ) -> BulkReport:
        actor = info.context.require_caller().person_id
        report = await bulk.complete_applications(
            info.context.graph,
            actor,
            require(Permission.APPLICATION_DECIDE),
            check.uuid_text(request_id, "requestId"),
            check.distinct_ids(list(ids), "ids", max_items=bulk.MAX_IDS),
            outcome,
        )
        return BulkReport.from_model(report)

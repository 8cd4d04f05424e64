"""Mutations for applying and deciding: one state machine, checked in the graph transaction."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.participation import participation
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.participation.types import Application


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

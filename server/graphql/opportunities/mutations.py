"""Mutations along an opportunity's life: draft, edit, submit, publish/reject, close, archive."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.opportunities import lifecycle
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.opportunities.inputs import DraftOpportunityInput, UpdateOpportunityInput
from server.graphql.opportunities.types import Opportunity


async def _transition(
    info: Info, id: str, action: str, permission: Permission, reason: str | None = None
) -> Opportunity:
    actor = info.context.require_caller().person_id
    changed = await lifecycle.transition(
        info.context.graph, actor, require(permission), check.entity_id(id), action, reason
    )
    return Opportunity.from_model(changed)


@strawberry.type
class OpportunityMutations:
    @strawberry.mutation(description="An approved organisation's ADMIN drafts an opportunity.")
    async def draft_opportunity(self, info: Info, input: DraftOpportunityInput) -> Opportunity:
        actor = info.context.require_caller().person_id
        created = await lifecycle.draft(
            info.context.graph,
            actor,
            require(Permission.OPPORTUNITY_MANAGE),
            check.entity_id(input.organisation_id, "organisationId"),
            input.to_model(),
            info.context.embedder,
        )
        return Opportunity.from_model(created)

    @strawberry.mutation(
        description="Edit a draft or rejected opportunity freely; once published only "
        "synopsis, description, capacity, contactEmail, website and imageUrl."
    )
    async def update_opportunity(
        self, info: Info, id: strawberry.ID, input: UpdateOpportunityInput
    ) -> Opportunity:
        actor = info.context.require_caller().person_id
        changed = await lifecycle.edit(
            info.context.graph,
            actor,
            require(Permission.OPPORTUNITY_MANAGE),
            check.entity_id(id),
            input.to_model(),
            info.context.embedder,
        )
        return Opportunity.from_model(changed)

    @strawberry.mutation(description="Send a draft to the university's moderators.")
    async def submit_opportunity(self, info: Info, id: strawberry.ID) -> Opportunity:
        return await _transition(info, id, "submit", Permission.OPPORTUNITY_MANAGE)

    @strawberry.mutation(description="A moderator publishes a submitted opportunity.")
    async def publish_opportunity(self, info: Info, id: strawberry.ID) -> Opportunity:
        return await _transition(info, id, "publish", Permission.OPPORTUNITY_REVIEW)

    @strawberry.mutation(description="A moderator rejects a submitted opportunity, saying why.")
    async def reject_opportunity(self, info: Info, id: strawberry.ID, reason: str) -> Opportunity:
        reason = check.text(reason, "reason", max_length=2000)
        return await _transition(info, id, "reject", Permission.OPPORTUNITY_REVIEW, reason)

    @strawberry.mutation(description="Stop taking applications for a published opportunity.")
    async def close_opportunity(self, info: Info, id: strawberry.ID) -> Opportunity:
        return await _transition(info, id, "close", Permission.OPPORTUNITY_MANAGE)

    @strawberry.mutation(description="Put away a draft, rejected or closed opportunity.")
    async def archive_opportunity(self, info: Info, id: strawberry.ID) -> Opportunity:
        return await _transition(info, id, "archive", Permission.OPPORTUNITY_MANAGE)

"""Mutations for badge classes."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.badge_classes import badge_classes as model
from graph.badge_classes.fields import Issuance
from server.graphql import validation as check
from server.graphql.badge_classes.inputs import CreateBadgeClassInput, UpdateBadgeClassInput
from server.graphql.badge_classes.types import BadgeClass
from server.graphql.context import Info


@strawberry.type
class BadgeClassMutations:
    @strawberry.mutation(
        description="An approved organisation's ADMIN, or a university MODERATOR or CURATOR, "
        "creates a badge class."
    )
    async def create_badge_class(self, info: Info, input: CreateBadgeClassInput) -> BadgeClass:
        actor = info.context.require_caller().person_id
        created = await model.create(
            info.context.graph,
            actor,
            require(Permission.BADGE_CLASS_CREATE),
            input.to_model(),
            info.context.embedder,
        )
        return BadgeClass.from_model(created)

    @strawberry.mutation(
        description="The issuer's ADMIN (an organisation's), or MODERATOR or CURATOR (a "
        "university's), edits a badge class. Once badges were issued on it, what they state "
        "is frozen (FIELD_FROZEN, naming the field); see UpdateBadgeClassInput."
    )
    async def update_badge_class(
        self, info: Info, id: strawberry.ID, input: UpdateBadgeClassInput
    ) -> BadgeClass:
        actor = info.context.require_caller().person_id
        changed = await model.update(
            info.context.graph,
            actor,
            require(Permission.BADGE_CLASS_MANAGE),
            check.entity_id(id),
            input.to_model(),
            info.context.embedder,
        )
        return BadgeClass.from_model(changed)

    @strawberry.mutation(
        description="The issuer records (or takes back) its consent to issue without reviewing "
        "each claim; badges already issued keep the consent they were issued under."
    )
    async def set_badge_class_issuance(
        self,
        info: Info,
        id: strawberry.ID,
        auto_issue_participations: bool,
        auto_issue_on_completion: bool,
    ) -> BadgeClass:
        actor = info.context.require_caller().person_id
        changed = await model.set_issuance(
            info.context.graph,
            actor,
            require(Permission.BADGE_CLASS_MANAGE),
            check.entity_id(id),
            Issuance(
                auto_participations=auto_issue_participations,
                auto_on_completion=auto_issue_on_completion,
            ),
        )
        return BadgeClass.from_model(changed)

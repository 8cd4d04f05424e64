"""Mutations for badge classes."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph import badge_classes as model
from server.graphql.badge_classes.inputs import CreateBadgeClassInput
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
            info.context.graph, actor, require(Permission.BADGE_CLASS_CREATE), input.to_model()
        )
        return BadgeClass.from_model(created)

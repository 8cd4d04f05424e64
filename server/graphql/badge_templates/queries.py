"""Queries for badge templates."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.badge_templates import templates as model
from server.graphql import validation as check
from server.graphql.badge_templates.types import BadgeTemplate
from server.graphql.context import Info


@strawberry.type
class BadgeTemplateQueries:
    @strawberry.field(
        description="A university's badge templates by name, for its staff and for the "
        "admins and supervisors of its approved partner organisations."
    )
    async def badge_templates(
        self, info: Info, university_id: strawberry.ID, include_archived: bool = False
    ) -> list[BadgeTemplate]:
        actor = info.context.require_caller().person_id
        found = await model.templates_of_university(
            info.context.graph,
            actor,
            require(Permission.BADGE_TEMPLATE_READ),
            check.entity_id(university_id, "universityId"),
            include_archived,
        )
        return [BadgeTemplate.from_model(t) for t in found]

"""Mutations for badge templates and issuing on the spot."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.badge_templates import on_the_spot as issuing
from graph.badge_templates import templates as model
from server.graphql import validation as check
from server.graphql.badge_templates.inputs import BadgeTemplateInput, IssueOnTheSpotInput
from server.graphql.badge_templates.types import BadgeTemplate, OnTheSpotReport
from server.graphql.context import Info


@strawberry.type
class BadgeTemplateMutations:
    @strawberry.mutation(description="A university's MODERATOR or CURATOR adds a template.")
    async def create_badge_template(
        self, info: Info, university_id: strawberry.ID, input: BadgeTemplateInput
    ) -> BadgeTemplate:
        actor = info.context.require_caller().person_id
        created = await model.create(
            info.context.graph,
            actor,
            require(Permission.BADGE_TEMPLATE_MANAGE),
            check.entity_id(university_id, "universityId"),
            input.to_model(),
        )
        return BadgeTemplate.from_model(created)

    @strawberry.mutation(
        description="The university's MODERATOR or CURATOR replaces a template's text and "
        "rubric; badges already issued from it keep what they were issued with."
    )
    async def update_badge_template(
        self, info: Info, id: strawberry.ID, input: BadgeTemplateInput
    ) -> BadgeTemplate:
        actor = info.context.require_caller().person_id
        changed = await model.update(
            info.context.graph,
            actor,
            require(Permission.BADGE_TEMPLATE_MANAGE),
            check.entity_id(id),
            input.to_model(),
        )
        return BadgeTemplate.from_model(changed)

    @strawberry.mutation(
        description="Archive a template (no more badges from it), or bring it back (false)."
    )
    async def archive_badge_template(
        self, info: Info, id: strawberry.ID, archived: bool = True
    ) -> BadgeTemplate:
        actor = info.context.require_caller().person_id
        changed = await model.archive(
            info.context.graph,
            actor,
            require(Permission.BADGE_TEMPLATE_MANAGE),
            check.entity_id(id),
            archived,
        )
        return BadgeTemplate.from_model(changed)

    @strawberry.mutation(
        description="A TEACHER of the template's university, or an ADMIN or SUPERVISOR of one "
        "of its approved partner organisations, makes a community badge class from the "
        "template and issues it at once to every learner named (all or none), with their "
        "observation as the first endorsement. An address not on Kring is NOT_FOUND naming "
        "each; after 3 such refusals in a row a person waits, from a minute doubling up to an "
        "hour (CONFLICT, reason TOO_MANY_ATTEMPTS); at most 60 badges on the spot a day per "
        "person (CONFLICT)."
    )
    async def issue_on_the_spot(self, info: Info, input: IssueOnTheSpotInput) -> OnTheSpotReport:
        actor = info.context.require_caller().person_id
        report = await issuing.issue_on_the_spot(
            info.context.graph,
            actor,
            require(Permission.BADGE_TEMPLATE_ISSUE),
            input.to_model(),
            info.context.embedder,
        )
        return OnTheSpotReport.from_model(report)

"""Queries about applications: learners see their own, organisations their opportunities'."""

from __future__ import annotations

import dataclasses

import strawberry

from auth.permissions import Permission, allows
from graph.core.errors import Forbidden, NotFound
from graph.opportunities import discovery as opportunities
from graph.participation import endorsable, participation
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.enums import ApplicationStatus
from server.graphql.participation.types import Application, EndorsableParticipant


@strawberry.type
class ParticipationQueries:
    @strawberry.field(description="Your own applications, newest first.")
    async def my_applications(self, info: Info) -> list[Application]:
        learner = info.context.require_caller().person_id
        found = await participation.applications_of_learner(info.context.graph, learner)
        return [Application.from_model(a) for a in found]

    @strawberry.field(description="One application: for its learner and the organisation.")
    async def application(self, info: Info, id: strawberry.ID) -> Application | None:
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        view = await participation.application_by_id(info.context.graph, key, info.context.actor_id)
        if view is None or not allows(Permission.APPLICATION_READ, view.standing):
            return None
        return Application.from_model(view.application)

    @strawberry.field(
        description="Applications to an opportunity, for its organisation (by default the "
        "PENDING and ACCEPTED ones, oldest first)."
    )
    async def applications_for_opportunity(
        self,
        info: Info,
        opportunity_id: strawberry.ID,
        statuses: list[ApplicationStatus] | None = None,
    ) -> list[Application]:
        info.context.require_caller()
        view = await opportunities.opportunity_by_id(
            info.context.graph,
            check.entity_id(opportunity_id, "opportunityId"),
            info.context.actor_id,
        )
        if view is None:
            raise NotFound("No such opportunity.", field="opportunityId")
        # Staff who applied themselves still see the list (they just cannot decide on theirs).
        staff = dataclasses.replace(view.standing, is_owner=False)
        if not allows(Permission.APPLICATION_DECIDE, staff):
            raise Forbidden("Only the organisation's admins and supervisors see applications.")
        wanted = tuple(statuses or (ApplicationStatus.PENDING, ApplicationStatus.ACCEPTED))
        found = await participation.applications_of_opportunity(
            info.context.graph, view.opportunity.id, wanted
        )
        return [Application.from_model(a) for a in found]

    @strawberry.field(
        description="Completed participants of an opportunity whose claims you were asked to "
        "endorse (by name or by an invitation you accepted), by name."
    )
    async def endorsable_participants(
        self, info: Info, opportunity_id: strawberry.ID
    ) -> list[EndorsableParticipant]:
        actor = info.context.require_caller().person_id
        found = await endorsable.endorsable_participants(
            info.context.graph, check.entity_id(opportunity_id, "opportunityId"), actor
        )
        return [EndorsableParticipant.from_model(p) for p in found]

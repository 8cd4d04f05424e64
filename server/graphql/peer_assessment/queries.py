"""Queries for peer assessment: mine as learner and reviewer, and the staff's disputes."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, require
from graph.core.errors import NotFound
from graph.peer_assessment import configuration as settings_model
from graph.peer_assessment import reviews as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.peer_assessment.types import (
    PeerAssessmentConfiguration,
    PeerAssignment,
    PeerSubmission,
)


@strawberry.type
class PeerAssessmentQueries:
    @strawberry.field(description="Badge classes that take peer-assessed portfolios now.")
    async def peer_assessed_badge_classes(self, info: Info) -> list[PeerAssessmentConfiguration]:
        found = await settings_model.enabled_classes(info.context.graph)
        return [PeerAssessmentConfiguration.from_model(c) for c in found]

    @strawberry.field(description="A badge class's peer-assessment settings (public).")
    async def peer_assessment_configuration(
        self, info: Info, badge_class_id: strawberry.ID
    ) -> PeerAssessmentConfiguration | None:
        try:
            key = check.entity_id(badge_class_id, "badgeClassId")
            found = await settings_model.read_configuration(info.context.graph, key)
        except NotFound:
            return None
        return PeerAssessmentConfiguration.from_model(found)

    @strawberry.field(
        description="My portfolios submitted for peer assessment, newest first, with the "
        "reviews received (anonymous ones without a name)."
    )
    async def my_peer_submissions(self, info: Info) -> list[PeerSubmission]:
        actor = info.context.require_caller().person_id
        found = await model.my_submissions(info.context.graph, actor)
        return [PeerSubmission.from_model(s) for s in found]

    @strawberry.field(
        description="Portfolios given to me to review: open ones first, then those I reviewed."
    )
    async def my_peer_assignments(self, info: Info) -> list[PeerAssignment]:
        actor = info.context.require_caller().person_id
        found = await model.my_assignments(info.context.graph, actor)
        return [PeerAssignment.from_model(a) for a in found]

    @strawberry.field(description="One of my review assignments (anyone else's: null).")
    async def peer_assignment(self, info: Info, id: strawberry.ID) -> PeerAssignment | None:
        actor = info.context.require_caller().person_id
        try:
            found = await model.read_assignment(info.context.graph, check.entity_id(id), actor)
        except NotFound:
            return None
        return PeerAssignment.from_model(found)

    @strawberry.field(
        description="Disputed peer-assessed submissions on an issuer's classes, longest waiting "
        "first, reviewers named; the issuer's deciders (peer_assessment:decide) only."
    )
    async def peer_disputes(self, info: Info, issuer_id: strawberry.ID) -> list[PeerSubmission]:
        actor = info.context.require_caller().person_id
        found = await model.disputes(
            info.context.graph,
            actor,
            require(Permission.PEER_ASSESSMENT_DECIDE),
            check.entity_id(issuer_id, "issuerId"),
        )
        return [PeerSubmission.from_model(s) for s in found]

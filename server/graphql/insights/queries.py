"""Insights: only an organisation's members, or a university's staff, read them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from auth.permissions import Permission, allows
from graph.core.access import standing_at_university
from graph.core.errors import BadUserInput, Forbidden, NotFound
from graph.insights import insights
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.insights.types import Bucket, OrganisationInsights, UniversityInsights


def _range(begin: datetime, end: datetime) -> tuple[datetime, datetime]:
    start = check.aware(begin, "from")
    stop = check.aware(end, "to")
    assert start is not None
    assert stop is not None
    if stop <= start:
        raise BadUserInput("to must come after from.", field="to")
    if stop - start > insights.MAX_RANGE:
        raise BadUserInput("The range may span at most three years.", field="to")
    return start, stop


@strawberry.type
class InsightQueries:
    @strawberry.field(
        description="An organisation's members: people reached, hours of participation, "
        "completions, badges by tier and competencies recognised, per period of [from, to) "
        "(at most three years)."
    )
    async def organisation_insights(
        self,
        info: Info,
        organisation_id: strawberry.ID,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
        bucket: Bucket = Bucket.MONTH,
    ) -> OrganisationInsights:
        actor = info.context.require_caller().person_id
        key = check.entity_id(organisation_id, "organisationId")
        begin, end = _range(from_, to)
        standing = await insights.standing_at_organisation(info.context.graph, key, actor)
        if standing is None:
            raise NotFound("No such organisation.", field="organisationId")
        if not allows(Permission.INSIGHTS_READ_ORGANISATION, standing):
            raise Forbidden("Only the organisation's members see its insights.")
        found = await insights.organisation_insights(info.context.graph, key, begin, end, bucket)
        return OrganisationInsights.from_model(key, begin, end, bucket, found)

    @strawberry.field(
        description="A university's staff: badges issued under its brand by domain and level, "
        "validated or not, the most active organisations and endorsers in [from, to) (at most "
        "three years), and the open endorsement flags."
    )
    async def university_insights(
        self,
        info: Info,
        university_id: strawberry.ID,
        from_: Annotated[datetime, strawberry.argument(name="from")],
        to: datetime,
    ) -> UniversityInsights:
        actor = info.context.require_caller().person_id
        key = check.entity_id(university_id, "universityId")
        begin, end = _range(from_, to)
        standing = await standing_at_university(info.context.graph, key, actor)
        if standing is None:
            raise NotFound("No such university.", field="universityId")
        if not allows(Permission.INSIGHTS_READ_UNIVERSITY, standing):
            raise Forbidden("Only the university's staff see its insights.")
        found = await insights.university_insights(info.context.graph, key, begin, end)
        return UniversityInsights.from_model(key, begin, end, found)

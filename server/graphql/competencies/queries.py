"""Frameworks are public; a self-assessment is only ever its learner's."""

from __future__ import annotations

import strawberry

from graph.competencies import frameworks, self_assessment
from server.graphql import validation as check
from server.graphql.competencies.types import (
    CompetencyFramework,
    SelfAssessmentEntry,
    SelfAssessmentItem,
)
from server.graphql.context import Info


@strawberry.type
class CompetencyQueries:
    @strawberry.field(description="Competency frameworks, of every university or of one.")
    async def competency_frameworks(
        self, info: Info, university_id: strawberry.ID | None = None
    ) -> list[CompetencyFramework]:
        key = None if university_id is None else check.entity_id(university_id, "universityId")
        found = await frameworks.frameworks(info.context.graph, key)
        return [CompetencyFramework.from_model(f) for f in found]

    @strawberry.field(description="One competency framework.")
    async def competency_framework(
        self, info: Info, id: strawberry.ID
    ) -> CompetencyFramework | None:
        found = await frameworks.framework(info.context.graph, check.entity_id(id))
        return CompetencyFramework.from_model(found) if found else None

    @strawberry.field(
        description="Your self-assessment against a framework: every competency in its order, "
        "your level, whether you want to develop it, and your badges beside it. Only you see it."
    )
    async def my_self_assessment(
        self, info: Info, framework_id: strawberry.ID
    ) -> list[SelfAssessmentItem]:
        person = info.context.require_caller().person_id
        key = check.entity_id(framework_id, "frameworkId")
        items = await self_assessment.mine(info.context.graph, person, key)
        return [SelfAssessmentItem.from_model(i) for i in items]

    @strawberry.field(description="Your changes to one competency's rating, newest first.")
    async def my_self_assessment_history(
        self, info: Info, competency_id: strawberry.ID
    ) -> list[SelfAssessmentEntry]:
        person = info.context.require_caller().person_id
        key = check.entity_id(competency_id, "competencyId")
        entries = await self_assessment.history(info.context.graph, person, key)
        return [
            SelfAssessmentEntry(level=e.level, want_to_develop=e.want_to_develop, at=e.at)
            for e in entries
        ]

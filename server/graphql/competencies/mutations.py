"""Importing a university's framework; rating yourself against it."""

from __future__ import annotations

import strawberry

from auth.permissions import Permission, allows
from graph.competencies import case, frameworks, self_assessment
from graph.core.access import standing_at_university
from graph.core.errors import BadUserInput, Forbidden, NotFound
from graph.core.vocabulary import Domain
from server.graphql import validation as check
from server.graphql.competencies.types import (
    CaseDomainInput,
    CompetencyFramework,
    SelfAssessmentItem,
    SelfRatingInput,
)
from server.graphql.context import Info


@strawberry.type
class CompetencyMutations:
    @strawberry.mutation(
        description="Import a 1EdTech CASE CFPackage (JSON) as the university's framework: its "
        "leaf items are the competencies, their level descriptors come from the package's "
        "rubrics. Each competency takes the domain mapped to its code or the nearest item above "
        "it, else `domain`."
    )
    async def import_competency_framework(
        self,
        info: Info,
        university_id: strawberry.ID,
        package: str,
        domains: list[CaseDomainInput] | None = None,
        domain: Domain | None = None,
    ) -> CompetencyFramework:
        actor = info.context.require_caller().person_id
        key = check.entity_id(university_id, "universityId")
        mapping = {m.code: m.domain for m in domains or []}
        if len(mapping) > case.MAX_ITEMS:
            raise BadUserInput(f"At most {case.MAX_ITEMS} domain mappings.", field="domains")
        standing = await standing_at_university(info.context.graph, key, actor)
        if standing is None:
            raise NotFound("No such university.", field="universityId")
        if not allows(Permission.COMPETENCY_FRAMEWORK_IMPORT, standing):
            raise Forbidden("Only the university's moderators and curators import frameworks.")
        try:
            parsed = case.parse(package)
        except case.CaseError as exc:
            raise BadUserInput(str(exc), field="package") from None
        found = await frameworks.import_case(info.context.graph, key, parsed, mapping, domain)
        return CompetencyFramework.from_model(found)

    @strawberry.mutation(
        description="Rate yourself on some of a framework's competencies (0 not yet to 3) and "
        "mark those you want to develop; every change is kept in your history."
    )
    async def assess_myself(
        self, info: Info, framework_id: strawberry.ID, ratings: list[SelfRatingInput]
    ) -> list[SelfAssessmentItem]:
        person = info.context.require_caller().person_id
        key = check.entity_id(framework_id, "frameworkId")
        ids = check.distinct_ids(
            [r.competency_id for r in ratings], "ratings", max_items=self_assessment.MAX_RATINGS
        )
        parsed = [
            self_assessment.Rating(
                competency_id=competency,
                level=check.whole(r.level, f"ratings.{i}.level", 0, 3),
                want_to_develop=r.want_to_develop,
            )
            for i, (competency, r) in enumerate(zip(ids, ratings, strict=True))
        ]
        items = await self_assessment.assess(info.context.graph, person, key, parsed)
        return [SelfAssessmentItem.from_model(i) for i in items]

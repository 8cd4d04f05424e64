"""GraphQL types for competency frameworks and self-assessment."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.competencies import frameworks, self_assessment
from server.graphql.common import mirror
from server.graphql.enums import Domain


@strawberry.type(description="One competency of a framework, with what each level means.")
class FrameworkCompetency:
    id: strawberry.ID
    code: str
    name: str
    domain: Domain
    levels: list[str] = strawberry.field(
        description="Descriptors of levels 1 to 3, level 1 first (empty: no descriptors)."
    )

    @classmethod
    def from_model(cls, k: frameworks.FrameworkCompetency) -> FrameworkCompetency:
        return mirror(cls, k, id=strawberry.ID(k.id), levels=list(k.levels))


@strawberry.type(
    description="A university's competency framework. Its name is the `framework` of the "
    "badge-class alignments that show its competencies."
)
class CompetencyFramework:
    id: strawberry.ID
    name: str
    description: str
    university_id: strawberry.ID
    university_name: str
    competencies: list[FrameworkCompetency]

    @classmethod
    def from_model(cls, f: frameworks.Framework) -> CompetencyFramework:
        return mirror(
            cls,
            f,
            id=strawberry.ID(f.id),
            university_id=strawberry.ID(f.university_id),
            competencies=[FrameworkCompetency.from_model(k) for k in f.competencies],
        )


@strawberry.type(description="One of your badges aligned to a competency.")
class ShownBy:
    badge_class_id: strawberry.ID
    name: str
    level: int


@strawberry.type(description="Your own view of one competency beside what your badges show.")
class SelfAssessmentItem:
    competency: FrameworkCompetency
    level: int | None = strawberry.field(
        description="Your own level: 0 (not yet) to 3; null if you never rated it."
    )
    want_to_develop: bool
    assessed_at: datetime | None
    shown_by: list[ShownBy] = strawberry.field(
        description="Your badges aligned to it (not revoked), highest level first."
    )
    shown_level: int = strawberry.field(description="The highest level your badges show (0: none).")
    gap: int | None = strawberry.field(
        description="Your level minus the level your badges show: above 0, learning not yet "
        "recognised; below 0, more than you give yourself credit for."
    )

    @classmethod
    def from_model(cls, item: self_assessment.Item) -> SelfAssessmentItem:
        return cls(
            competency=FrameworkCompetency.from_model(item.competency),
            level=item.level,
            want_to_develop=item.want_to_develop,
            assessed_at=item.assessed_at,
            shown_by=[
                ShownBy(badge_class_id=strawberry.ID(s.badge_class_id), name=s.name, level=s.level)
                for s in item.shown_by
            ],
            shown_level=item.shown_level,
            gap=item.gap,
        )


@strawberry.type(description="One change to your rating of a competency.")
class SelfAssessmentEntry:
    level: int
    want_to_develop: bool
    at: datetime


@strawberry.input(description="Your level of one competency, and whether you want to develop it.")
class SelfRatingInput:
    competency_id: strawberry.ID
    level: int = strawberry.field(description="0 (not yet) to 3.")
    want_to_develop: bool = False


@strawberry.input(description="Which Kring domain a CASE item (and every item below it) is in.")
class CaseDomainInput:
    code: str = strawberry.field(description="The item's humanCodingScheme or identifier.")
    domain: Domain

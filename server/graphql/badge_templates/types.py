"""GraphQL types for badge templates and what issuing on the spot answers."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.badge_templates import on_the_spot as issuing
from graph.badge_templates import templates as model
from server.graphql.badge_classes.types import RubricCriterion
from server.graphql.enums import Domain, Level


@strawberry.type(
    description="A community badge a university provides, which its teachers and the "
    "supervisors of its approved partner organisations issue on the spot."
)
class BadgeTemplate:
    id: strawberry.ID
    university_id: strawberry.ID
    university_name: str
    name: str
    description: str
    criteria: str = strawberry.field(description="What a learner shows, in words.")
    domain: Domain
    level: Level
    rubric: list[RubricCriterion] = strawberry.field(
        description="2 to 5 criteria the issuer gives a level on (or none)."
    )
    archived: bool = strawberry.field(description="No more badges are issued from it.")
    created_at: datetime
    updated_at: datetime | None

    @classmethod
    def from_model(cls, t: model.BadgeTemplate) -> BadgeTemplate:
        return cls(
            id=strawberry.ID(t.id),
            university_id=strawberry.ID(t.university_id),
            university_name=t.university_name,
            name=t.name,
            description=t.description,
            criteria=t.criteria,
            domain=t.domain,
            level=t.level,
            rubric=[RubricCriterion.from_model(k) for k in t.rubric],
            archived=t.archived,
            created_at=t.created_at,
            updated_at=t.updated_at,
        )


@strawberry.type(description="A badge issued on the spot: to whom, and the badge's id.")
class IssuedOnTheSpot:
    email: str
    learner_id: strawberry.ID
    learner_name: str
    assertion_id: strawberry.ID


@strawberry.type(description="What a request to issue on the spot made: one class, its badges.")
class OnTheSpotReport:
    request_id: strawberry.ID
    badge_class_id: strawberry.ID = strawberry.field(
        description="The community badge class made from the template for this request."
    )
    badges: list[IssuedOnTheSpot]

    @classmethod
    def from_model(cls, r: issuing.OnTheSpotReport) -> OnTheSpotReport:
        return cls(
            request_id=strawberry.ID(r.request_id),
            badge_class_id=strawberry.ID(r.badge_class_id),
            badges=[
                IssuedOnTheSpot(
                    email=b.email,
                    learner_id=strawberry.ID(b.learner_id),
                    learner_name=b.learner_name,
                    assertion_id=strawberry.ID(b.assertion_id),
                )
                for b in r.badges
            ],
        )

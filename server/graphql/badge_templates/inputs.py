"""Inputs for badge templates and for issuing on the spot, checked before anything is written."""

from __future__ import annotations

import strawberry

from graph.badge_templates import on_the_spot as issuing
from graph.badge_templates import templates as model
from graph.core.errors import BadUserInput
from graph.recognition.claims import Assessment
from server.graphql import validation as check
from server.graphql.badge_classes.inputs import RubricCriterionInput, rubric_model
from server.graphql.enums import Domain, Level


@strawberry.input(description="A badge template: its text, domain, level and rubric.")
class BadgeTemplateInput:
    name: str
    description: str
    criteria: str = strawberry.field(description="What a learner shows, in words.")
    domain: Domain
    level: Level
    rubric: list[RubricCriterionInput] = strawberry.field(
        default_factory=list, description="2 to 5 criteria, each with 2 to 5 levels (or none)."
    )

    def to_model(self) -> model.TemplateFields:
        low, high = model.RUBRIC_CRITERIA
        if self.rubric and not low <= len(self.rubric) <= high:
            raise BadUserInput(f"A template's rubric has {low} to {high} criteria.", field="rubric")
        return model.TemplateFields(
            name=check.text(self.name, "name", max_length=200),
            description=check.text(self.description, "description", max_length=5000),
            criteria=check.text(self.criteria, "criteria", max_length=5000),
            domain=self.domain,
            level=self.level,
            rubric=rubric_model(self.rubric),
        )


@strawberry.input(description="The level the learner reached on one of the template's criteria.")
class OnTheSpotLevelInput:
    criterion_id: strawberry.ID = strawberry.field(description="A criterion of the template.")
    level: int


@strawberry.input(
    description="Issue a community badge from a template, at once, to learners on Kring."
)
class IssueOnTheSpotInput:
    request_id: strawberry.ID = strawberry.field(
        description="A UUID the client makes per request: the same request again answers "
        "with the same badges and issues nothing more."
    )
    template_id: strawberry.ID
    issuer_id: strawberry.ID = strawberry.field(
        description="Your university (as its TEACHER), or the approved partner organisation "
        "you supervise or administer."
    )
    learners: list[str] = strawberry.field(description="1 to 30 e-mail addresses on Kring.")
    observation: str = strawberry.field(
        description="What you saw the learner do: the badge's first endorsement."
    )
    name: str | None = strawberry.field(
        default=None, description="A more specific name than the template's."
    )
    context: str | None = strawberry.field(default=None, description="One line: where, when.")
    assessment: list[OnTheSpotLevelInput] = strawberry.field(
        default_factory=list, description="A level for every criterion of the template's rubric."
    )

    def to_model(self) -> issuing.OnTheSpotRequest:
        if not self.learners:
            raise BadUserInput("Name at least one learner.", field="learners")
        if len(self.learners) > issuing.MAX_LEARNERS:
            raise BadUserInput(
                f"At most {issuing.MAX_LEARNERS} learners at once.", field="learners"
            )
        emails = [check.email(e, f"learners[{i}]") for i, e in enumerate(self.learners)]
        if len(self.assessment) > 10:
            raise BadUserInput("At most 10 levels.", field="assessment")
        return issuing.OnTheSpotRequest(
            request_id=check.uuid_text(self.request_id, "requestId"),
            template_id=check.entity_id(self.template_id, "templateId"),
            issuer_id=check.entity_id(self.issuer_id, "issuerId"),
            learner_emails=tuple(dict.fromkeys(emails)),
            observation=check.text(self.observation, "observation", max_length=2000),
            name=check.optional_text(self.name, "name", max_length=200),
            context=check.optional_text(self.context, "context", max_length=300),
            assessment=tuple(
                Assessment(check.entity_id(a.criterion_id, f"assessment[{i}].criterionId"), a.level)
                for i, a in enumerate(self.assessment)
            ),
        )

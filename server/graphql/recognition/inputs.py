"""Inputs for claims and endorsements, checked before anything is written."""

from __future__ import annotations

import strawberry

from graph.badge_classes.fields import EndorsementPolicy
from graph.core.errors import BadUserInput
from graph.recognition import claims as model
from graph.recognition import community_policy
from server.graphql import validation as check
from server.graphql.enums import Domain, Relationship

MAX_EVIDENCE = 20


@strawberry.input(description="A link to evidence: a portfolio page, a video, a report.")
class EvidenceLinkInput:
    url: str
    name: str
    description: str = ""

    def to_model(self, index: int) -> model.NewEvidence:
        at = f"evidence[{index}]"
        url = check.url(self.url, f"{at}.url")
        if url is None:
            raise BadUserInput("A link needs a URL.", field=f"{at}.url")
        return model.NewEvidence(
            name=check.text(self.name, f"{at}.name", max_length=200),
            url=url,
            description=check.text(
                self.description, f"{at}.description", max_length=2000, required=False
            ),
        )


def evidence_links(items: list[EvidenceLinkInput]) -> tuple[model.NewEvidence, ...]:
    if len(items) > MAX_EVIDENCE:
        raise BadUserInput(f"At most {MAX_EVIDENCE} pieces of evidence.", field="evidence")
    return tuple(item.to_model(i) for i, item in enumerate(items))


@strawberry.input(description="Competency by framework and code, as in badge alignments.")
class ClaimCompetencyInput:
    framework: str
    code: str


@strawberry.input(description="Learning that happened anywhere, in your own words.")
class SelfAssertInput:
    title: str
    narrative: str
    evidence: list[EvidenceLinkInput] = strawberry.field(default_factory=list)
    badge_class_id: strawberry.ID | None = None
    university_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Whose community recognises it (needed without a badge class).",
    )
    domain: Domain | None = None
    competencies: list[ClaimCompetencyInput] = strawberry.field(default_factory=list)

    def to_model(self) -> model.SelfAssertion:
        if len(self.competencies) > MAX_EVIDENCE:
            raise BadUserInput("Too many competencies.", field="competencies")
        return model.SelfAssertion(
            title=check.text(self.title, "title", max_length=200),
            narrative=check.text(self.narrative, "narrative", max_length=10_000),
            evidence=evidence_links(self.evidence),
            badge_class_id=check.entity_id(self.badge_class_id, "badgeClassId")
            if self.badge_class_id
            else None,
            university_id=check.entity_id(self.university_id, "universityId")
            if self.university_id
            else None,
            domain=self.domain,
            competency_keys=tuple(
                f"{check.text(c.framework, 'competencies', max_length=100)}|"
                f"{check.text(c.code, 'competencies', max_length=200)}"
                for c in self.competencies
            ),
        )


@strawberry.input(description="A level reached on one criterion of the badge class's rubric.")
class CriterionAssessmentInput:
    criterion_id: strawberry.ID
    level: int
    comment: str = ""


def parse_assessment(items: list[CriterionAssessmentInput] | None) -> tuple[model.Assessment, ...]:
    """Shape only; graph.claims.check_assessment holds it against the rubric."""
    if not items:
        return ()
    if len(items) > 6:
        raise BadUserInput("A rubric has at most 6 criteria.", field="assessment")
    return tuple(
        model.Assessment(
            criterion_id=check.entity_id(a.criterion_id, f"assessment[{i}].criterionId"),
            level=check.whole(a.level, f"assessment[{i}].level", 1, 5),
            comment=check.text(
                a.comment, f"assessment[{i}].comment", max_length=2000, required=False
            ),
        )
        for i, a in enumerate(items)
    )


@strawberry.input(
    description="A university's community policy: how many endorsements, from whom, issue a "
    "learner's own one-off claim under its key."
)
class CommunityPolicyInput:
    minimum: int = strawberry.field(
        description=f"1 to {community_policy.MAX_MINIMUM}: a community policy always needs "
        "endorsements."
    )
    relationships: list[Relationship] = strawberry.field(
        description="Whose endorsements count (at least one)."
    )
    require_one_of: list[Relationship] = strawberry.field(
        default_factory=list,
        description="At least one counting endorsement must come from one of these "
        "(a subset of relationships; empty: any).",
    )

    def to_model(self) -> EndorsementPolicy:
        # Checked once, by graph.recognition.community_policy.set_policy, before it reads.
        return EndorsementPolicy(
            minimum=self.minimum,
            relationships=tuple(self.relationships),
            require_one_of=tuple(self.require_one_of),
        )

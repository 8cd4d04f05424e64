"""Inputs for creating and editing badge classes, checked before anything is written."""

from __future__ import annotations

import strawberry

from badges.images import decode_png_data_url
from graph.badge_classes import fields as model
from graph.core.errors import BadUserInput
from server.graphql import validation as check
from server.graphql.enums import Domain, Level, Relationship

MAX_ALIGNMENTS = 20
MAX_REQUIRES = 10
RUBRIC_CRITERIA = (2, 6)
RUBRIC_LEVELS = (2, 5)


@strawberry.input
class AlignmentInput:
    framework: str
    code: str
    name: str
    url: str | None = None

    def to_model(self, index: int) -> model.Alignment:
        at = f"alignments[{index}]"
        return model.Alignment(
            framework=check.text(self.framework, f"{at}.framework", max_length=100),
            code=check.text(self.code, f"{at}.code", max_length=200),
            name=check.text(self.name, f"{at}.name", max_length=300),
            url=check.url(self.url, f"{at}.url"),
        )


@strawberry.input(
    description="How many endorsements a claim on the class needs, and from whom, before it "
    "moves on. Endorsements never issue a badge by themselves: a claim that meets the policy "
    "goes to the issuer's review, or is issued at once only where the class consented in "
    "advance (`setBadgeClassIssuance`)."
)
class EndorsementPolicyInput:
    minimum: int = strawberry.field(
        description="0 to 10. 0 means no endorsements are needed: a claim goes straight to "
        "the issuer's review queue, or, where the class consented in advance to issue its "
        "organisation's own completed participations (`autoIssueParticipations`), such a "
        "participation is issued at once. Self-asserted claims are always reviewed."
    )
    relationships: list[Relationship] = strawberry.field(
        description="Whose endorsements count (needed when minimum is above 0)."
    )
    require_one_of: list[Relationship] = strawberry.field(
        default_factory=list,
        description="At least one counting endorsement must come from one of these.",
    )

    def to_model(self) -> model.EndorsementPolicy:
        check.whole(self.minimum, "endorsementPolicy.minimum", 0, 10)
        if self.minimum > 0 and not self.relationships:
            raise BadUserInput(
                "Say which relationships count.", field="endorsementPolicy.relationships"
            )
        if not set(self.require_one_of) <= set(self.relationships):
            raise BadUserInput(
                "requireOneOf may only name relationships that count.",
                field="endorsementPolicy.requireOneOf",
            )
        return model.EndorsementPolicy(
            minimum=self.minimum,
            relationships=tuple(dict.fromkeys(self.relationships)),
            require_one_of=tuple(dict.fromkeys(self.require_one_of)),
        )


@strawberry.input(description="One rubric criterion: what is judged and each level's descriptor.")
class RubricCriterionInput:
    name: str
    description: str = ""
    levels: list[str] = strawberry.field(description="2 to 5 level descriptors, level 1 first.")
    minimum_level: int | None = strawberry.field(
        default=None, description="Approve only at this level or above."
    )

    def to_model(self, index: int) -> model.NewCriterion:
        at = f"rubric[{index}]"
        low, high = RUBRIC_LEVELS
        if not low <= len(self.levels) <= high:
            raise BadUserInput(f"A criterion has {low} to {high} levels.", field=f"{at}.levels")
        if self.minimum_level is not None:
            check.whole(self.minimum_level, f"{at}.minimumLevel", 1, len(self.levels))
        return model.NewCriterion(
            name=check.text(self.name, f"{at}.name", max_length=200),
            description=check.text(
                self.description, f"{at}.description", max_length=2000, required=False
            ),
            levels=tuple(
                check.text(level, f"{at}.levels[{n}]", max_length=1000)
                for n, level in enumerate(self.levels)
            ),
            minimum_level=self.minimum_level,
        )


def rubric_model(criteria: list[RubricCriterionInput]) -> tuple[model.NewCriterion, ...]:
    if not criteria:
        return ()
    low, high = RUBRIC_CRITERIA
    if not low <= len(criteria) <= high:
        raise BadUserInput(f"A rubric has {low} to {high} criteria.", field="rubric")
    rubric = tuple(k.to_model(i) for i, k in enumerate(criteria))
    if len({k.name for k in rubric}) != len(rubric):
        raise BadUserInput("Give each criterion its own name.", field="rubric")
    return rubric


@strawberry.input
class CreateBadgeClassInput:
    issuer_id: strawberry.ID = strawberry.field(
        description="The approved organisation or the university that issues it."
    )
    name: str
    description: str
    criteria: str = strawberry.field(description="What a learner must do to earn it.")
    domain: Domain
    level: Level
    alignments: list[AlignmentInput] = strawberry.field(default_factory=list)
    image: str | None = strawberry.field(
        default=None, description="A PNG as a data: URL; without one an SVG is generated."
    )
    expires_after_days: int | None = None
    endorsement_policy: EndorsementPolicyInput | None = None
    requires: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Badge classes this one stacks on."
    )
    rubric: list[RubricCriterionInput] = strawberry.field(
        default_factory=list, description="2 to 6 criteria reviewers assess (or none)."
    )
    auto_issue_participations: bool = strawberry.field(
        default=False,
        description="Consent in advance: issue claims from participations this organisation "
        "completed once they meet the policy, without review.",
    )
    auto_issue_on_completion: bool = strawberry.field(
        default=False,
        description="Consent in advance: issue it to every learner who holds all it requires.",
    )

    def to_model(self) -> model.BadgeClassFields:
        if len(self.alignments) > MAX_ALIGNMENTS:
            raise BadUserInput(f"At most {MAX_ALIGNMENTS} alignments.", field="alignments")
        if len(self.requires) > MAX_REQUIRES:
            raise BadUserInput(f"At most {MAX_REQUIRES} required badges.", field="requires")
        return check.by_table(
            self,
            model.BadgeClassFields,
            alignments=lambda: tuple(a.to_model(i) for i, a in enumerate(self.alignments)),
            image_png=lambda: decode_png_data_url(self.image) if self.image else None,
            policy=lambda: (
                self.endorsement_policy.to_model()
                if self.endorsement_policy
                else model.DEFAULT_POLICY
            ),
            requires=lambda: tuple(
                dict.fromkeys(check.entity_id(r, "requires") for r in self.requires)
            ),
            rubric=lambda: rubric_model(self.rubric),
            issuance=lambda: model.Issuance(
                auto_participations=self.auto_issue_participations,
                auto_on_completion=self.auto_issue_on_completion,
            ),
        )


@strawberry.input(
    description="What to change on a badge class; a part left out stays as it is, and a part "
    "sent as it already is changes nothing. Once a badge was issued on the class, name, "
    "description, criteria, domain, level, alignments and image are frozen (issued badges "
    "state them); once it was claimed, the rubric. Changing them is `FIELD_FROZEN`. Expiry "
    "(for badges issued from now on), the endorsement policy, prerequisites and the consent "
    "to issue without review may always change."
)
class UpdateBadgeClassInput:
    name: str | None = None
    description: str | None = None
    criteria: str | None = None
    domain: Domain | None = None
    level: Level | None = None
    alignments: list[AlignmentInput] | None = None
    image: str | None = strawberry.field(
        default=None, description="A new PNG as a data: URL (the same checks as on creation)."
    )
    expires_after_days: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Days a badge stays valid once issued; null: never expires (left out: "
        "unchanged). Badges already issued keep their expiry.",
    )
    endorsement_policy: EndorsementPolicyInput | None = None
    requires: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The full new list of badge classes this one stacks on."
    )
    rubric: list[RubricCriterionInput] | None = strawberry.field(
        default=None, description="The full new rubric: 2 to 6 criteria, or [] for none."
    )
    auto_issue_participations: bool | None = None
    auto_issue_on_completion: bool | None = strawberry.field(
        default=None, description="Give both consents together, or neither."
    )

    def to_model(self) -> model.BadgeClassChanges:
        if self.alignments is not None and len(self.alignments) > MAX_ALIGNMENTS:
            raise BadUserInput(f"At most {MAX_ALIGNMENTS} alignments.", field="alignments")
        if self.requires is not None and len(self.requires) > MAX_REQUIRES:
            raise BadUserInput(f"At most {MAX_REQUIRES} required badges.", field="requires")
        if (self.auto_issue_participations is None) != (self.auto_issue_on_completion is None):
            raise BadUserInput(
                "Give autoIssueParticipations and autoIssueOnCompletion together.",
                field="autoIssueParticipations",
            )
        expiry = self.expires_after_days
        return check.by_table(
            self,
            model.BadgeClassChanges,
            expires_after_days=lambda: (
                check.whole(expiry, "expiresAfterDays", 1, model.MAX_EXPIRY_DAYS)
                if isinstance(expiry, int)
                else None
            ),
            clear_expiry=lambda: expiry is None,
            alignments=lambda: (
                None
                if self.alignments is None
                else tuple(a.to_model(i) for i, a in enumerate(self.alignments))
            ),
            image_png=lambda: decode_png_data_url(self.image) if self.image else None,
            policy=lambda: self.endorsement_policy.to_model() if self.endorsement_policy else None,
            requires=lambda: (
                None
                if self.requires is None
                else tuple(dict.fromkeys(check.entity_id(r, "requires") for r in self.requires))
            ),
            rubric=lambda: None if self.rubric is None else rubric_model(self.rubric),
            issuance=lambda: (
                None
                if self.auto_issue_participations is None or self.auto_issue_on_completion is None
                else model.Issuance(
                    auto_participations=self.auto_issue_participations,
                    auto_on_completion=self.auto_issue_on_completion,
                )
            ),
        )

"""Inputs for creating badge classes, checked before anything is written."""

from __future__ import annotations

import strawberry

from badges.images import decode_png_data_url
from graph import badge_classes as model
from graph.errors import BadUserInput
from server.graphql import validation as check
from server.graphql.enums import Domain, Level, Relationship

MAX_ALIGNMENTS = 20
MAX_REQUIRES = 10


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


@strawberry.input
class EndorsementPolicyInput:
    minimum: int
    relationships: list[Relationship]
    require_one_of: list[Relationship] = strawberry.field(default_factory=list)

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

    def to_model(self) -> model.NewBadgeClass:
        if len(self.alignments) > MAX_ALIGNMENTS:
            raise BadUserInput(f"At most {MAX_ALIGNMENTS} alignments.", field="alignments")
        if len(self.requires) > MAX_REQUIRES:
            raise BadUserInput(f"At most {MAX_REQUIRES} required badges.", field="requires")
        if self.expires_after_days is not None:
            check.whole(self.expires_after_days, "expiresAfterDays", 1, 3650)
        return model.NewBadgeClass(
            issuer_id=check.entity_id(self.issuer_id, "issuerId"),
            name=check.text(self.name, "name", max_length=200),
            description=check.text(self.description, "description", max_length=5000),
            criteria=check.text(self.criteria, "criteria", max_length=5000),
            domain=self.domain,
            level=self.level,
            alignments=tuple(a.to_model(i) for i, a in enumerate(self.alignments)),
            image_png=decode_png_data_url(self.image) if self.image else None,
            expires_after_days=self.expires_after_days,
            policy=self.endorsement_policy.to_model()
            if self.endorsement_policy
            else model.DEFAULT_POLICY,
            requires=tuple(dict.fromkeys(check.entity_id(r, "requires") for r in self.requires)),
        )

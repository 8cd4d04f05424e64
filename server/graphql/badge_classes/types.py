"""GraphQL types for badge classes, their alignments, policy and pathway."""

from __future__ import annotations

import strawberry

from graph.badge_classes import fields as model
from graph.core.records import camel
from server.graphql.common import mirror
from server.graphql.context import Info
from server.graphql.enums import Domain, Level, Relationship
from server.graphql.micro_credentials.types import MicroCredential


@strawberry.type(description="A competency the badge class aligns to (e.g. an ESCO skill).")
class Alignment:
    framework: str
    code: str
    name: str
    url: str | None


@strawberry.type(description="How many endorsements, of which relationships, a claim needs.")
class EndorsementPolicy:
    minimum: int
    relationships: list[Relationship]
    require_one_of: list[Relationship] = strawberry.field(
        description="At least one endorsement must come from one of these (empty: any)."
    )


@strawberry.type(description="One row of a rubric: what is judged, with a descriptor per level.")
class RubricCriterion:
    id: strawberry.ID
    name: str
    description: str
    levels: list[str] = strawberry.field(description="Level descriptors, level 1 first.")
    minimum_level: int | None = strawberry.field(
        description="A claim is approved only at this level or above (null: any level)."
    )

    @classmethod
    def from_model(cls, k: model.RubricCriterion) -> RubricCriterion:
        return mirror(cls, k, levels=list(k.levels))


@strawberry.type(
    description="Consent the issuer gave in advance to issue without reviewing each claim."
)
class Issuance:
    auto_issue_participations: bool = strawberry.field(
        description="Claims from participations its own organisation completed are issued "
        "once they meet the policy."
    )
    auto_issue_on_completion: bool = strawberry.field(
        description="Issued to every learner who holds all the badges it requires."
    )


@strawberry.type
class BadgeClassRef:
    id: strawberry.ID
    name: str


@strawberry.type
class Issuer:
    id: strawberry.ID
    name: str
    kind: str = strawberry.field(description="`Organisation` or `University`.")


@strawberry.type
class BadgeClass:
    id: strawberry.ID
    name: str
    description: str
    criteria: str
    domain: Domain
    level: Level
    alignments: list[Alignment]
    expires_after_days: int | None
    endorsement_policy: EndorsementPolicy
    requires: list[BadgeClassRef] = strawberry.field(
        description="Badge classes this one stacks on (a pathway)."
    )
    issuer: Issuer
    brand_university: str = strawberry.field(description="Whose letterhead the badge carries.")
    officially_validated: bool = strawberry.field(
        description="Validated by that university's curators: its badges are OFFICIAL."
    )
    one_off: bool = strawberry.field(
        description="A learner's own one-off class, made for one self-asserted claim."
    )
    helping_hand: bool = strawberry.field(
        description="One of a university's Helping hand classes: earned by completed quests only."
    )
    peer_assessed: bool = strawberry.field(
        description="Peer assessment is on: its issuer consents to issue on passing peer reviews."
    )
    rubric: list[RubricCriterion] = strawberry.field(
        description="What reviewers (and, if they like, endorsers) assess, criterion by "
        "criterion (empty: no rubric)."
    )
    issuance: Issuance
    has_uploaded_image: bool = strawberry.field(
        description="Its image is an uploaded PNG rather than the generated SVG."
    )
    badges_issued: bool = strawberry.field(
        description="At least one badge was issued on it (revoked ones count)."
    )
    micro_credential: MicroCredential | None = strawberry.field(
        description="The EU micro-credential elements its university stated when validating "
        "it; null when none were stated or the class is not OFFICIAL."
    )
    frozen_fields: list[str] = strawberry.field(
        description="Input fields of updateBadgeClass that may no longer change (`name`, "
        "`description`, `criteria`, `domain`, `level`, `alignments`, `image` once badges were "
        "issued; `rubric` once it was claimed)."
    )

    @strawberry.field(description="PNG if one was uploaded, else an SVG in the university brand.")
    def image_url(self, info: Info) -> str:
        return f"{info.context.settings.public_url}/badge-classes/{self.id}/image"

    @classmethod
    def from_model(cls, b: model.BadgeClass) -> BadgeClass:
        return mirror(
            cls,
            b,
            alignments=[mirror(Alignment, a) for a in b.alignments],
            endorsement_policy=EndorsementPolicy(
                minimum=b.policy.minimum,
                relationships=list(b.policy.relationships),
                require_one_of=list(b.policy.require_one_of),
            ),
            requires=[mirror(BadgeClassRef, r) for r in b.requires],
            issuer=Issuer(id=strawberry.ID(b.issuer_id), name=b.issuer_name, kind=b.issuer_kind),
            brand_university=b.brand.university_name,
            officially_validated=b.validated,
            one_off=b.ad_hoc,
            helping_hand=b.helping_hand is not None,
            peer_assessed=b.peer_review,
            rubric=[RubricCriterion.from_model(k) for k in b.rubric],
            issuance=Issuance(
                auto_issue_participations=b.issuance.auto_participations,
                auto_issue_on_completion=b.issuance.auto_on_completion,
            ),
            micro_credential=(
                MicroCredential.from_model(b.micro_credential)
                if b.validated and b.micro_credential
                else None
            ),
            frozen_fields=[FIELD_NAMES.get(f, camel(f)) for f in model.frozen_fields(b)],
        )


# The input's names where they differ from the model's.
FIELD_NAMES = {"image_png": "image"}

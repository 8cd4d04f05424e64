"""GraphQL types for claims, evidence, endorsements, badges (assertions) and curation."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import assertions as assertion_model
from graph import claims as claim_model
from graph import curation as curation_model
from server.graphql.enums import ClaimKind, Domain, Relationship, Tier, Visibility


@strawberry.type
class Evidence:
    id: strawberry.ID
    kind: str = strawberry.field(description="`URL` or `FILE` (download at /evidence/{id}).")
    name: str
    url: str | None
    media_type: str | None
    size: int | None
    sha256: str | None
    description: str


@strawberry.type(description="What the graph says about an endorser, shown with the endorsement.")
class TrustSignals:
    holds_same_badge: bool
    supervises_host: bool = strawberry.field(
        description="A supervisor or admin of the organisation that ran the opportunity."
    )
    is_teacher: bool
    reciprocal: bool = strawberry.field(
        description="The learner also endorsed this endorser: worth a second look."
    )


@strawberry.type
class Endorsement:
    id: strawberry.ID
    endorser_id: strawberry.ID | None
    endorser_name: str
    relationship: Relationship
    testimonial: str
    observed: str
    status: str
    created_at: datetime
    trust: TrustSignals

    @classmethod
    def from_model(cls, e: claim_model.Endorsement) -> Endorsement:
        return cls(
            id=strawberry.ID(e.id),
            endorser_id=strawberry.ID(e.endorser_id) if e.endorser_id else None,
            endorser_name=e.endorser_name,
            relationship=e.relationship,
            testimonial=e.testimonial,
            observed=e.observed,
            status=e.status,
            created_at=e.created_at,
            trust=TrustSignals(
                holds_same_badge=e.signals.holds_same_badge,
                supervises_host=e.signals.supervises_host,
                is_teacher=e.signals.is_teacher,
                reciprocal=e.signals.reciprocal,
            ),
        )


@strawberry.type
class Claim:
    id: strawberry.ID
    kind: ClaimKind
    title: str
    narrative: str
    status: str = strawberry.field(description="`OPEN` until its badge is issued, then `ISSUED`.")
    tier: Tier
    visibility: Visibility
    share_token: str | None = strawberry.field(
        description="The secret of its share link (only its learner sees it)."
    )
    learner_name: str
    badge_class_id: strawberry.ID
    badge_class_name: str
    university_name: str = strawberry.field(description="Whose community brand it carries.")
    opportunity_title: str | None
    domain: Domain | None
    created_at: datetime
    assertion_id: strawberry.ID | None
    evidence: list[Evidence]
    endorsements: list[Endorsement]

    @classmethod
    def from_model(cls, c: claim_model.Claim, *, owner: bool) -> Claim:
        return cls(
            id=strawberry.ID(c.id),
            kind=c.kind,
            title=c.title,
            narrative=c.narrative,
            status=c.status,
            tier=c.tier,
            visibility=c.visibility,
            share_token=c.share_token if owner else None,
            learner_name=c.learner_name,
            badge_class_id=strawberry.ID(c.badge_class_id),
            badge_class_name=c.badge_class_name,
            university_name=c.university_name,
            opportunity_title=c.opportunity_title,
            domain=c.domain,
            created_at=c.created_at,
            assertion_id=strawberry.ID(c.assertion_id) if c.assertion_id else None,
            evidence=[
                Evidence(
                    id=strawberry.ID(e.id),
                    kind=e.kind,
                    name=e.name,
                    url=e.url,
                    media_type=e.media_type,
                    size=e.size,
                    sha256=e.sha256,
                    description=e.description,
                )
                for e in c.evidence
            ],
            endorsements=[Endorsement.from_model(e) for e in c.endorsements],
        )


@strawberry.type(description="An issued badge: a university-branded community or official badge.")
class Assertion:
    id: strawberry.ID
    claim_id: strawberry.ID
    learner_name: str
    badge_class_id: strawberry.ID
    badge_class_name: str
    university_name: str
    tier: Tier
    status: str = strawberry.field(description="`ACTIVE`, `EXPIRED` or `REVOKED`.")
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    visibility: Visibility
    endorsement_count: int

    @classmethod
    def from_model(cls, a: assertion_model.Assertion) -> Assertion:
        return cls(
            id=strawberry.ID(a.id),
            claim_id=strawberry.ID(a.claim_id),
            learner_name=a.learner_name,
            badge_class_id=strawberry.ID(a.badge_class_id),
            badge_class_name=a.badge_class_name,
            university_name=a.university_name,
            tier=a.tier,
            status=a.status,
            issued_at=a.issued_at,
            expires_at=a.expires_at,
            revoked_at=a.revoked_at,
            revocation_reason=a.revocation_reason,
            visibility=a.visibility,
            endorsement_count=a.endorsement_count,
        )


@strawberry.type
class EndorsementRequest:
    id: strawberry.ID
    email: str | None
    person_id: strawberry.ID | None
    expires_at: datetime
    link: str | None = strawberry.field(
        description="For an e-mail invitation: the single-use link to send (shown once)."
    )


@strawberry.type
class PublicProfile:
    name: str
    assertions: list[Assertion]
    claims: list[Claim]


@strawberry.type
class CurationItem:
    badge_class_id: strawberry.ID
    badge_class_name: str
    assertions: int
    endorsements: int
    shared_evidence: list[str]

    @classmethod
    def from_model(cls, q: curation_model.QueueItem) -> CurationItem:
        return cls(
            badge_class_id=strawberry.ID(q.badge_class_id),
            badge_class_name=q.badge_class_name,
            assertions=q.assertions,
            endorsements=q.endorsements,
            shared_evidence=list(q.evidence),
        )


@strawberry.type
class EndorsementFlag:
    kind: str = strawberry.field(description="`RECIPROCAL` or `CYCLE`.")
    people: list[str]


@strawberry.type
class ValidationEvent:
    action: str
    note: str
    at: datetime
    curator_name: str

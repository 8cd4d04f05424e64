"""GraphQL types for universities, organisations, their members and audit trails."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.organisations import fields as model
from graph.organisations import organisations
from server.graphql.common import GeoPoint, mirror
from server.graphql.enums import OrganisationStatus, Relationship, Role


@strawberry.type(
    description="A university's consent, recorded in advance by its curators or moderators: a "
    "learner's own one-off claim carrying its brand is issued under its key once its active "
    "endorsements meet this. A TEACHER endorsement counts only from a teacher of this university."
)
class CommunityPolicy:
    minimum: int = strawberry.field(description="How many endorsements (1 to 10).")
    relationships: list[Relationship] = strawberry.field(description="Whose endorsements count.")
    require_one_of: list[Relationship] = strawberry.field(
        description="At least one counting endorsement must come from one of these (empty: any)."
    )
    consented_at: datetime

    @classmethod
    def from_model(cls, p: model.CommunityPolicy) -> CommunityPolicy:
        return mirror(
            cls,
            p,
            relationships=[Relationship(r.value) for r in p.relationships],
            require_one_of=[Relationship(r.value) for r in p.require_one_of],
        )


@strawberry.type
class University:
    id: strawberry.ID
    name: str
    website: str | None
    brand_primary: str
    brand_secondary: str
    community_policy: CommunityPolicy | None = strawberry.field(
        description="Its community policy, public so a learner knows what it recognises; null: "
        "it has not consented, and a learner's own one-off claim goes to its claim reviewers "
        "once endorsed (two endorsements, one from a TEACHER or SUPERVISOR)."
    )
    helping_hand_at: datetime | None = strawberry.field(
        description="Since when it consents to recognise quests with its Helping hand badges "
        "(enableHelpingHand); null: not enabled, and no quest can be posted in its network."
    )

    @classmethod
    def from_model(cls, u: model.University) -> University:
        policy = u.community_policy
        return mirror(
            cls, u, community_policy=CommunityPolicy.from_model(policy) if policy else None
        )


@strawberry.type
class UniversityRef:
    id: strawberry.ID
    name: str


@strawberry.type
class Organisation:
    id: strawberry.ID
    name: str
    description: str
    website: str | None
    contact_email: str | None
    contact_phone: str | None
    address: str
    location: GeoPoint
    status: OrganisationStatus
    rejection_reason: str | None = strawberry.field(
        description="Why a moderator rejected it; only its members and moderators see it."
    )
    university: UniversityRef
    created_at: datetime | None
    logo_url: str | None = strawberry.field(
        description="Its logo (a PNG), for whoever may see the organisation; null: none."
    )

    @classmethod
    def from_model(cls, o: model.Organisation) -> Organisation:
        changed = o.logo_updated_at
        return mirror(
            cls,
            o,
            location=GeoPoint(latitude=o.location.latitude, longitude=o.location.longitude),
            university=UniversityRef(id=strawberry.ID(o.university_id), name=o.university_name),
            # The time in the address: a new logo is a new URL, so the old one may be cached.
            logo_url=f"/organisations/{o.id}/logo.png?v={int(changed.timestamp())}"
            if changed
            else None,
        )


@strawberry.type
class Member:
    person_id: strawberry.ID
    email: str
    name: str
    role: Role
    reviews_claims: bool = strawberry.field(
        description="A SUPERVISOR the admins let review claims (admins always may)."
    )
    invited: bool = strawberry.field(
        description="Added by e-mail address before having a Kring account, and still "
        "without one: the role applies once they register with that address."
    )

    @classmethod
    def from_model(cls, m: organisations.Member) -> Member:
        return mirror(cls, m)

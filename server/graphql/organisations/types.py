"""GraphQL types for universities, organisations, their members and audit trails."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.organisations import organisations as model
from server.graphql.common import GeoPoint
from server.graphql.enums import OrganisationStatus, Role


@strawberry.type
class University:
    id: strawberry.ID
    name: str
    website: str | None
    brand_primary: str
    brand_secondary: str

    @classmethod
    def from_model(cls, u: model.University) -> University:
        return cls(
            id=strawberry.ID(u.id),
            name=u.name,
            website=u.website,
            brand_primary=u.brand_primary,
            brand_secondary=u.brand_secondary,
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

    @classmethod
    def from_model(cls, o: model.Organisation) -> Organisation:
        return cls(
            id=strawberry.ID(o.id),
            name=o.name,
            description=o.description,
            website=o.website,
            contact_email=o.contact_email,
            contact_phone=o.contact_phone,
            address=o.address,
            location=GeoPoint(latitude=o.location.latitude, longitude=o.location.longitude),
            status=o.status,
            rejection_reason=o.rejection_reason,
            university=UniversityRef(id=strawberry.ID(o.university_id), name=o.university_name),
            created_at=o.created_at,
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

    @classmethod
    def from_model(cls, m: model.Member) -> Member:
        return cls(
            person_id=strawberry.ID(m.person_id),
            email=m.email,
            name=m.name,
            role=m.role,
            reviews_claims=m.reviews_claims,
        )

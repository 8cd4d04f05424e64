"""GraphQL types for people and their memberships."""

from __future__ import annotations

import strawberry

from graph.people import people as model
from server.graphql.enums import OrganisationStatus, Role


@strawberry.type
class Membership:
    role: Role
    body_id: strawberry.ID = strawberry.field(description="The organisation or university.")
    body_name: str
    body_kind: str = strawberry.field(description="`Organisation` or `University`.")
    body_status: OrganisationStatus | None = strawberry.field(
        default=None, description="An organisation's state (null for a university)."
    )
    reviews_claims: bool = strawberry.field(
        default=False,
        description="A supervisor its organisation allowed to review claims (and so decide "
        "disputed peer reviews); an admin always may.",
    )


@strawberry.type(
    description="The signed-in person (only ever `me`: others appear as members, authors and "
    "so on, never as a Person)."
)
class Person:
    id: strawberry.ID
    name: str
    email: str
    memberships: list[Membership]
    platform_admin: bool = strawberry.field(
        description="You may add universities (createUniversity) and appoint anyone at any "
        "university; granted only by an operator (`kring platform-admin`)."
    )

    @classmethod
    def from_model(cls, p: model.Person) -> Person:
        return cls(
            id=strawberry.ID(p.id),
            name=p.name,
            email=p.email,
            memberships=[
                Membership(
                    role=m.role,
                    body_id=strawberry.ID(m.body_id),
                    body_name=m.body_name,
                    body_kind=m.body_kind,
                    body_status=OrganisationStatus(m.body_status) if m.body_status else None,
                    reviews_claims=m.reviews_claims,
                )
                for m in p.memberships
            ],
            platform_admin=p.platform_admin,
        )

"""GraphQL types for opportunities and the organisations that offer them."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import opportunities as model
from server.graphql.enums import Domain, Level
from server.graphql.pagination import PageInfo


@strawberry.type
class GeoPoint:
    latitude: float
    longitude: float


@strawberry.type
class OrganisationRef:
    id: strawberry.ID
    name: str
    website: str | None


@strawberry.type
class Opportunity:
    id: strawberry.ID
    title: str
    synopsis: str
    description: str
    domain: Domain
    level: Level
    starts_at: datetime
    ends_at: datetime
    capacity: int
    address: str
    location: GeoPoint
    organisation: OrganisationRef

    @classmethod
    def from_model(cls, o: model.Opportunity) -> Opportunity:
        return cls(
            id=strawberry.ID(o.id),
            title=o.title,
            synopsis=o.synopsis,
            description=o.description,
            domain=o.domain,
            level=o.level,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            capacity=o.capacity,
            address=o.address,
            location=GeoPoint(latitude=o.location.latitude, longitude=o.location.longitude),
            organisation=OrganisationRef(
                id=strawberry.ID(o.organisation.id),
                name=o.organisation.name,
                website=o.organisation.website,
            ),
        )


@strawberry.type
class NearbyOpportunityEdge:
    cursor: str
    node: Opportunity
    distance_km: float = strawberry.field(description="Great-circle distance from the point.")


@strawberry.type
class NearbyOpportunityConnection:
    edges: list[NearbyOpportunityEdge]
    page_info: PageInfo

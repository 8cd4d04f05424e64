"""Opportunity reads: the published ones near a point, nearest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.database import Graph
from graph.vocabulary import Domain, Level, OpportunityStatus


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class OrganisationSummary:
    id: str
    name: str
    website: str | None


@dataclass(frozen=True)
class Opportunity:
    id: str
    title: str
    synopsis: str
    description: str
    domain: Domain
    level: Level
    status: OpportunityStatus
    starts_at: datetime
    ends_at: datetime
    capacity: int
    address: str
    location: GeoPoint
    organisation: OrganisationSummary


@dataclass(frozen=True)
class NearPosition:
    """Where a page of `near` results ended: keyset pagination on (distance, id)."""

    distance_m: float
    id: str


@dataclass(frozen=True)
class NearbyOpportunity:
    opportunity: Opportunity
    distance_m: float

    @property
    def position(self) -> NearPosition:
        return NearPosition(self.distance_m, self.opportunity.id)


# The hint pins the point index: at scale it is the selective predicate, and the
# planner must never fall back to scanning every published opportunity.
NEAR_QUERY = """
MATCH (o:Opportunity)
USING INDEX o:Opportunity(location)
WHERE point.distance(o.location, point({latitude: $latitude, longitude: $longitude})) <= $radius
  AND o.status = $status
WITH o, point.distance(o.location, point({latitude: $latitude, longitude: $longitude}))
     AS distance
WHERE $after_distance IS NULL
   OR distance > $after_distance
   OR (distance = $after_distance AND o.id > $after_id)
WITH o, distance
ORDER BY distance, o.id
LIMIT $limit
MATCH (o)-[:OFFERED_BY]->(org:Organisation)
RETURN o {
         .id, .title, .synopsis, .description, .domain, .level, .status,
         .startsAt, .endsAt, .capacity, .address, .location
       } AS opportunity,
       org { .id, .name, .website } AS organisation,
       distance
ORDER BY distance, opportunity.id
"""


def opportunity_from_record(o: dict[str, Any], org: dict[str, Any]) -> Opportunity:
    location = o["location"]
    return Opportunity(
        id=o["id"],
        title=o["title"],
        synopsis=o.get("synopsis") or "",
        description=o.get("description") or "",
        domain=Domain(o["domain"]),
        level=Level(o["level"]),
        status=OpportunityStatus(o["status"]),
        starts_at=o["startsAt"].to_native(),
        ends_at=o["endsAt"].to_native(),
        capacity=o["capacity"],
        address=o.get("address") or "",
        location=GeoPoint(latitude=location.latitude, longitude=location.longitude),
        organisation=OrganisationSummary(
            id=org["id"], name=org["name"], website=org.get("website")
        ),
    )


def near_parameters(
    center: GeoPoint, radius_m: float, limit: int, after: NearPosition | None
) -> dict[str, Any]:
    return {
        "latitude": center.latitude,
        "longitude": center.longitude,
        "radius": radius_m,
        "status": OpportunityStatus.PUBLISHED.value,
        "after_distance": after.distance_m if after else None,
        "after_id": after.id if after else None,
        "limit": limit,
    }


async def _near(tx: AsyncManagedTransaction, params: dict[str, Any]) -> list[NearbyOpportunity]:
    result = await tx.run(NEAR_QUERY, params)
    return [
        NearbyOpportunity(
            opportunity_from_record(r["opportunity"], r["organisation"]),
            distance_m=r["distance"],
        )
        async for r in result
    ]


async def published_near(
    graph: Graph,
    center: GeoPoint,
    radius_m: float,
    limit: int,
    after: NearPosition | None = None,
) -> list[NearbyOpportunity]:
    """Published opportunities within `radius_m` of `center`, nearest first, after `after`."""
    return await graph.read(_near, near_parameters(center, radius_m, limit, after))

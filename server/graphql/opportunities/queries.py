"""Queries for discovering opportunities."""

from __future__ import annotations

import strawberry

from graph import opportunities as model
from graph.errors import BadUserInput
from server.graphql.context import Info
from server.graphql.opportunities.inputs import NearInput
from server.graphql.opportunities.types import (
    NearbyOpportunityConnection,
    NearbyOpportunityEdge,
    Opportunity,
)
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor

NEAR_CURSOR = "near"


def _near_cursor(near: NearInput, position: model.NearPosition) -> str:
    # The circle is part of the cursor so a cursor cannot be replayed against another query.
    return encode_cursor(
        NEAR_CURSOR,
        [near.latitude, near.longitude, near.radius_km, position.distance_m, position.id],
    )


def _near_position(near: NearInput, cursor: str) -> model.NearPosition:
    lat, lon, radius, distance, opportunity_id = decode_cursor(NEAR_CURSOR, cursor, 5)
    if [lat, lon, radius] != [near.latitude, near.longitude, near.radius_km]:
        raise BadUserInput("The cursor belongs to a different search area.", field="after")
    if not isinstance(distance, int | float) or not isinstance(opportunity_id, str):
        raise BadUserInput(
            "The cursor is malformed; use one returned by this query.", field="after"
        )
    return model.NearPosition(float(distance), opportunity_id)


@strawberry.type
class OpportunityQueries:
    @strawberry.field(
        description="Published opportunities within a circle, nearest first (Relay paginated)."
    )
    async def opportunities_near(
        self, info: Info, near: NearInput, first: int = 20, after: str | None = None
    ) -> NearbyOpportunityConnection:
        center, radius_m = near.center(), near.radius_m()
        check_page_size(first)
        position = _near_position(near, after) if after is not None else None
        rows = await model.published_near(
            info.context.graph, center, radius_m, limit=first + 1, after=position
        )
        page = rows[:first]
        edges = [
            NearbyOpportunityEdge(
                cursor=_near_cursor(near, row.position),
                node=Opportunity.from_model(row.opportunity),
                distance_km=row.distance_m / 1000.0,
            )
            for row in page
        ]
        return NearbyOpportunityConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > first,
                has_previous_page=position is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

"""The near-me query: the right opportunities, in the right order, through the point index."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest

from graph.core.database import Graph
from graph.core.geo import GeoPoint
from graph.core.vocabulary import Domain, Level, OpportunityStatus
from graph.opportunities.discovery import (
    Circle,
    Filters,
    discovery_parameters,
    discovery_statement,
    published_near,
)
from tests.factories import make_opportunity, make_organisation, make_university
from tests.helpers import error_codes, gql, plan_operators, scans

# Korenmarkt, Ghent.
CENTER = GeoPoint(51.0545, 3.7217)
# One degree of latitude is ~111.2 km, so these sit ~0.1, 0.5, 1.1, 2.2 and 5.6 km north.
NORTH_OFFSETS = {"A": 0.0009, "B": 0.0045, "C": 0.0100, "D": 0.0200, "E": 0.0500}

NEAR = """
query Near($near: NearInput!, $first: Int!, $after: String) {
  opportunitiesNear(near: $near, first: $first, after: $after) {
    edges {
      cursor
      distanceKm
      node { id title domain level organisation { name } location { latitude longitude } }
    }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def haversine_km(a: GeoPoint, b: GeoPoint) -> float:
    r = 6378.14  # Neo4j's WGS-84 sphere radius in km
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


@pytest.fixture
async def ghent(clean_graph: Graph) -> dict[str, str]:
    """Five published opportunities due north of the centre, plus ones that must never show."""
    uni = await make_university(clean_graph)
    org = await make_organisation(clean_graph, uni, name="Buurtwerk Test")
    ids = {}
    for title, offset in NORTH_OFFSETS.items():
        ids[title] = await make_opportunity(
            clean_graph,
            org,
            title,
            CENTER.latitude + offset,
            CENTER.longitude,
            domain=Domain.RESEARCH,
            level=Level.EXPERT,
        )
    for status in (OpportunityStatus.DRAFT, OpportunityStatus.SUBMITTED, OpportunityStatus.CLOSED):
        await make_opportunity(
            clean_graph, org, f"hidden {status}", CENTER.latitude, CENTER.longitude, status=status
        )
    return ids


def variables(radius_km: float, first: int = 20, after: str | None = None) -> dict[str, Any]:
    return {
        "near": {"latitude": CENTER.latitude, "longitude": CENTER.longitude, "radiusKm": radius_km},
        "first": first,
        "after": after,
    }


async def test_returns_published_opportunities_within_radius_nearest_first(
    client: httpx.AsyncClient, ghent: dict[str, str]
) -> None:
    body = await gql(client, NEAR, variables(radius_km=3))
    edges = body["data"]["opportunitiesNear"]["edges"]
    assert [e["node"]["title"] for e in edges] == ["A", "B", "C", "D"]
    for edge in edges:
        loc = edge["node"]["location"]
        expected = haversine_km(CENTER, GeoPoint(loc["latitude"], loc["longitude"]))
        assert edge["distanceKm"] == pytest.approx(expected, rel=1e-3)
        assert edge["node"]["organisation"]["name"] == "Buurtwerk Test"
        assert edge["node"]["domain"] == "RESEARCH"
        assert edge["node"]["level"] == "EXPERT"
    assert body["data"]["opportunitiesNear"]["pageInfo"]["hasNextPage"] is False


async def test_small_radius_excludes_farther_opportunities(
    client: httpx.AsyncClient, ghent: dict[str, str]
) -> None:
    body = await gql(client, NEAR, variables(radius_km=0.6))
    assert [e["node"]["title"] for e in body["data"]["opportunitiesNear"]["edges"]] == ["A", "B"]


async def test_cursor_pagination_walks_every_result_once(
    client: httpx.AsyncClient, ghent: dict[str, str]
) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        body = await gql(client, NEAR, variables(radius_km=10, first=2, after=after))
        conn = body["data"]["opportunitiesNear"]
        seen += [e["node"]["title"] for e in conn["edges"]]
        pages += 1
        assert conn["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert seen == ["A", "B", "C", "D", "E"]
    assert pages == 3


async def test_ties_at_one_location_paginate_without_gaps(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    uni = await make_university(clean_graph)
    org = await make_organisation(clean_graph, uni)
    created = {
        await make_opportunity(clean_graph, org, f"same spot {n}", 51.06, 3.72) for n in range(5)
    }
    seen: list[str] = []
    after = None
    for _ in range(5):
        body = await gql(client, NEAR, variables(radius_km=5, first=2, after=after))
        conn = body["data"]["opportunitiesNear"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        after = conn["pageInfo"]["endCursor"]
        if not conn["pageInfo"]["hasNextPage"]:
            break
    assert sorted(seen) == sorted(created)
    assert len(seen) == len(set(seen)) == 5


async def test_pages_in_and_beyond_the_nearest_ring_follow_distance_exactly(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    # Discovery reads a ring near the centre first (PROBE_M) and the whole circle only when
    # the ring cannot fill the page: a crowded centre and a sparse edge take both paths.
    uni = await make_university(clean_graph)
    org = await make_organisation(clean_graph, uni)
    offsets = [0.0002 * n for n in range(1, 13)] + [0.006 + 0.0012 * n for n in range(14)]
    spots = {
        await make_opportunity(
            clean_graph, org, f"spot {n}", CENTER.latitude + dy, CENTER.longitude + dy / 3
        ): GeoPoint(CENTER.latitude + dy, CENTER.longitude + dy / 3)
        for n, dy in enumerate(offsets)
    }
    expected = sorted(spots, key=lambda id_: haversine_km(CENTER, spots[id_]))
    seen: list[str] = []
    after = None
    for _ in range(10):
        body = await gql(client, NEAR, variables(radius_km=3, first=5, after=after))
        conn = body["data"]["opportunitiesNear"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        after = conn["pageInfo"]["endCursor"]
        if not conn["pageInfo"]["hasNextPage"]:
            break
    assert seen == expected


async def test_plan_uses_the_point_index(graph: Graph) -> None:
    filters = Filters(circle=Circle(CENTER, 2000.0))
    params = discovery_parameters(filters, 21, None)

    operators = await plan_operators(graph, discovery_statement(filters), params)
    seeks = [op for op in operators if "opportunity_location" in op or "location" in op]
    assert any(op.startswith("NodeIndexSeekByRange") for op in seeks), operators
    assert scans(operators) == [], operators


async def test_graph_function_reports_distance_in_metres(
    clean_graph: Graph, ghent: dict[str, str]
) -> None:
    rows = await published_near(clean_graph, CENTER, 600.0, limit=10)
    assert [r.opportunity.title for r in rows] == ["A", "B"]
    assert rows[0].distance_m == pytest.approx(0.0009 * 111_319, rel=0.01)


@pytest.mark.parametrize(
    ("near", "field"),
    [
        ({"latitude": 51.05, "longitude": 3.72, "radiusKm": 0}, "near.radiusKm"),
        ({"latitude": 51.05, "longitude": 3.72, "radiusKm": -1}, "near.radiusKm"),
        ({"latitude": 51.05, "longitude": 3.72, "radiusKm": 200.5}, "near.radiusKm"),
        ({"latitude": 90.5, "longitude": 3.72, "radiusKm": 5}, "near.latitude"),
        ({"latitude": -91, "longitude": 3.72, "radiusKm": 5}, "near.latitude"),
        ({"latitude": 51.05, "longitude": 180.01, "radiusKm": 5}, "near.longitude"),
    ],
)
async def test_out_of_range_search_area_is_bad_user_input(
    client: httpx.AsyncClient, near: dict[str, float], field: str
) -> None:
    body = await gql(client, NEAR, {"near": near, "first": 5})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field
    assert body["data"] is None


async def test_largest_allowed_radius_is_accepted(client: httpx.AsyncClient) -> None:
    body = await gql(client, NEAR, variables(radius_km=200))
    assert "errors" not in body
    assert isinstance(body["data"]["opportunitiesNear"]["edges"], list)


@pytest.mark.parametrize("first", [0, -3, 101])
async def test_page_size_out_of_range_is_bad_user_input(
    client: httpx.AsyncClient, first: int
) -> None:
    body = await gql(client, NEAR, variables(radius_km=5, first=first))
    assert error_codes(body) == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "", "W10", "eyJhIjoxfQ", "WyJuZWFyIiwxLDIsMyw0XQ", "%%%", "x" * 600],
)
async def test_malformed_cursor_is_bad_user_input(client: httpx.AsyncClient, cursor: str) -> None:
    body = await gql(client, NEAR, variables(radius_km=5, after=cursor))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "cursor" in body["errors"][0]["message"]


async def test_cursor_from_another_search_area_is_refused(
    client: httpx.AsyncClient, ghent: dict[str, str]
) -> None:
    first_page = await gql(client, NEAR, variables(radius_km=10, first=1))
    cursor = first_page["data"]["opportunitiesNear"]["pageInfo"]["endCursor"]
    body = await gql(client, NEAR, variables(radius_km=9, first=1, after=cursor))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "different search" in body["errors"][0]["message"]

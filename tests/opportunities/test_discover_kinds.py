"""Discovery lists opportunities and quests together (the `kinds` filter): one order across
both, keyset pages through both, quests placed by their public area and only while open; the
statements use their indexes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from graph.core.geo import GeoPoint
from graph.core.vocabulary import Domain
from graph.opportunities import discovery
from tests.factories import make_opportunity, make_organisation
from tests.helpers import error_codes, gql, plan_operators, scans
from tests.quests.world import CLOSE, call, make_quest_world, post

Tokens = Callable[[str], str]
DISCOVER = """
query($f: OpportunityFilter, $k: [DiscoveryKind!], $first: Int! = 20, $after: String) {
  discover(filter: $f, kinds: $k, first: $first, after: $after) {
    edges { cursor distanceKm node {
      __typename
      ... on Opportunity { id title organisation { name } }
      ... on Quest { id title areaName address giverName }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
STATION = {"latitude": 51.0357, "longitude": 3.7101}  # Sint-Pieters; the quests' door: Dampoort
NEAR_STATION = {"near": {**STATION, "radiusKm": 10}}


def listed(body: dict[str, Any]) -> list[tuple[str, str]]:
    assert "errors" not in body, body
    return [
        (e["node"]["__typename"], e["node"]["title"]) for e in body["data"]["discover"]["edges"]
    ]


async def test_opportunities_and_quests_in_one_nearest_first_listing(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    org = await make_organisation(clean_graph, world.university, "Buurtwerk")
    await make_opportunity(clean_graph, org, "Repair café at the station", 51.0360, 3.7105)
    await make_opportunity(clean_graph, org, "Garden at Dampoort", 51.0575, 3.7415)
    await make_opportunity(
        clean_graph, org, "Coding club", 51.0450, 3.7250, domain=Domain.DIGITAL_LITERACY
    )
    await post(client, world, "giver", title="Laptop near the station", **STATION)
    await post(client, world, "giver2", title="Laptop at Dampoort")
    closed = await post(client, world, "giver3", title="Closed laptop quest", **STATION)
    assert "errors" not in await call(client, world, "giver3", CLOSE, q=closed["id"])

    everything = await gql(client, DISCOVER, {"f": NEAR_STATION})
    edges = everything["data"]["discover"]["edges"]
    assert listed(everything) == [
        ("Opportunity", "Repair café at the station"),
        ("Quest", "Laptop near the station"),
        ("Opportunity", "Coding club"),
        ("Quest", "Laptop at Dampoort"),
        ("Opportunity", "Garden at Dampoort"),
    ]
    distances = [e["distanceKm"] for e in edges]
    assert distances == sorted(distances)
    # Nobody but the accepted helper learns a quest's exact place from a listing.
    quest = next(e["node"] for e in edges if e["node"]["__typename"] == "Quest")
    assert quest["address"] is None
    assert quest["giverName"]

    only_quests = await gql(client, DISCOVER, {"f": NEAR_STATION, "k": ["QUEST"]})
    assert listed(only_quests) == [
        ("Quest", "Laptop near the station"),
        ("Quest", "Laptop at Dampoort"),
    ]
    only_opportunities = await gql(client, DISCOVER, {"f": NEAR_STATION, "k": ["OPPORTUNITY"]})
    assert [k for k, _ in listed(only_opportunities)] == ["Opportunity"] * 3

    words = await gql(client, DISCOVER, {"f": {**NEAR_STATION, "text": "laptop"}})
    assert {t for _, t in listed(words)} == {"Laptop near the station", "Laptop at Dampoort"}
    digital = await gql(client, DISCOVER, {"f": {**NEAR_STATION, "domains": ["DIGITAL_LITERACY"]}})
    assert {t for _, t in listed(digital)} == {
        "Coding club",
        "Laptop near the station",
        "Laptop at Dampoort",
    }
    # A quest has no level: a filter on levels lists opportunities alone.
    levelled = await gql(client, DISCOVER, {"f": {**NEAR_STATION, "levels": ["BEGINNER"]}})
    assert {k for k, _ in listed(levelled)} == {"Opportunity"}
    nothing = await gql(client, DISCOVER, {"f": {"levels": ["BEGINNER"]}, "k": ["QUEST"]})
    assert listed(nothing) == []

    # Page by page, one at a time, the same listing in every order the filters allow.
    for filters in (NEAR_STATION, {}, {"text": "laptop"}, {**NEAR_STATION, "text": "laptop"}):
        seen: list[tuple[str, str]] = []
        after = None
        while True:
            page = await gql(client, DISCOVER, {"f": filters, "first": 1, "after": after})
            seen += listed(page)
            info = page["data"]["discover"]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        assert seen == listed(await gql(client, DISCOVER, {"f": filters})), filters
    # A cursor belongs to its search: the same filters with other kinds are another search.
    replayed = await gql(client, DISCOVER, {"f": NEAR_STATION, "k": ["QUEST"], "after": after})
    assert error_codes(replayed) == ["BAD_USER_INPUT"]
    empty = await gql(client, DISCOVER, {"f": NEAR_STATION, "k": []})
    assert error_codes(empty) == ["BAD_USER_INPUT"]


async def test_mixed_listing_statements_use_their_indexes(clean_graph: Graph) -> None:
    both = (discovery.Kind.OPPORTUNITY, discovery.Kind.QUEST)
    circle = discovery.Circle(GeoPoint(51.05, 3.72), 2000.0)
    cases = [
        (discovery.Filters(circle=circle, kinds=both), ["Opportunity(location)", "Quest(area)"]),
        (discovery.Filters(text="laptop", kinds=both), ["queryNodes"]),
        (discovery.Filters(kinds=(discovery.Kind.QUEST,)), ["Quest(status, createdAt)"]),
    ]
    for filters, indexes in cases:
        shape = discovery.shape_of(filters)
        params = discovery.discovery_parameters(filters, 21, None, None, "someone")
        operators = await plan_operators(clean_graph, discovery.statement(shape), params)
        for index in indexes:
            assert any(index in op for op in operators), (filters, operators)
        assert scans(operators) == [], (filters, operators)

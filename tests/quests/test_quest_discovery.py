"""Finding quests: near a point, by words, by domain, paged; the plans use their indexes; a
new quest tells its saved-area watchers exactly once (never its giver)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx

from graph.core.database import Graph
from graph.core.geo import GeoPoint
from graph.notifications import fan_out
from graph.quests import discovery
from tests.helpers import error_codes, gql, plan_operators, run, scans
from tests.quests.world import QUESTS, make_quest_world, post

Tokens = Callable[[str], str]
# Around Ghent: Dampoort (the world's default), Sint-Pieters station, Brussels.
STATION = {"latitude": 51.0357, "longitude": 3.7101}
BRUSSELS = {"latitude": 50.8467, "longitude": 4.3525}


async def test_nearest_first_by_words_and_domain_with_keyset_pages(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    await post(client, world, "giver", title="Laptop at Dampoort")
    await post(client, world, "giver", title="Laptop near the station", **STATION)
    await post(
        client,
        world,
        "giver2",
        title="Garden near the station",
        description="Weeding the vegetable beds.",
        domain="SUSTAINABILITY",
        **STATION,
    )
    await post(client, world, "giver2", title="Laptop in Brussels", **BRUSSELS)

    def titles(body: dict[str, object]) -> list[str]:
        edges = body["data"]["quests"]["edges"]  # type: ignore[index]
        return [e["node"]["title"] for e in edges]

    near_station = {"near": {**STATION, "radiusKm": 5}}
    nearest = await gql(client, QUESTS, {"f": near_station})
    assert titles(nearest)[2] == "Laptop at Dampoort"
    assert set(titles(nearest)[:2]) == {"Laptop near the station", "Garden near the station"}
    distances = [e["distanceKm"] for e in nearest["data"]["quests"]["edges"]]
    assert distances == sorted(distances)
    assert distances[2] > 2
    words = await gql(client, QUESTS, {"f": {**near_station, "text": "laptop"}})
    assert titles(words) == ["Laptop near the station", "Laptop at Dampoort"]
    everywhere = await gql(client, QUESTS, {"f": {"text": "laptop"}})
    assert titles(everywhere) == [
        "Laptop in Brussels",
        "Laptop near the station",
        "Laptop at Dampoort",
    ]
    garden = await gql(client, QUESTS, {"f": {"domains": ["SUSTAINABILITY"]}})
    assert titles(garden) == ["Garden near the station"]

    for filters in ({}, near_station, {"text": "laptop"}):
        seen: list[str] = []
        after = None
        while True:
            page = await gql(client, QUESTS, {"f": filters, "first": 1, "after": after})
            seen += titles(page)
            info = page["data"]["quests"]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        whole = await gql(client, QUESTS, {"f": filters})
        assert seen == titles(whole), filters
    replayed = await gql(client, QUESTS, {"f": {"text": "garden"}, "after": after})
    assert error_codes(replayed) == ["BAD_USER_INPUT"]
    wide = await gql(client, QUESTS, {"f": {"near": {**STATION, "radiusKm": 500}}})
    assert error_codes(wide) == ["BAD_USER_INPUT"]


async def test_the_listing_statements_use_their_indexes(clean_graph: Graph) -> None:
    centre = GeoPoint(51.05, 3.72)
    cases = [
        (discovery.QuestFilters(centre=centre, radius_m=2000.0), "POINT INDEX q:Quest(area)"),
        (discovery.QuestFilters(), "RANGE INDEX q:Quest(status, createdAt)"),
        (discovery.QuestFilters(text="laptop"), "db.index.fulltext.queryNodes"),
        (
            discovery.QuestFilters(centre=centre, radius_m=2000.0, text="laptop"),
            "db.index.fulltext.queryNodes",
        ),
    ]
    for filters, index in cases:
        params = discovery.parameters(filters, "someone", 21)
        operators = await plan_operators(clean_graph, discovery.statement(filters), params)
        assert any(index in op for op in operators), (filters, operators)
        assert scans(operators) == [], (filters, operators)


WATCHERS = """
UNWIND $watchers AS w
MATCH (p:Person {id: w.id})
UNWIND w.areas AS a
CREATE (p)-[:WATCHES]->(:SavedArea {id: randomUUID(), name: 'Area', radiusKm: a.radiusKm,
        domains: a.domains, location: point({latitude: a.lat, longitude: a.lon}),
        createdAt: datetime()})
"""


async def test_a_new_quest_tells_its_saved_area_watchers_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    here = {"lat": 51.057, "lon": 3.741, "radiusKm": 2.0, "domains": []}
    wide = {"lat": 51.06, "lon": 3.70, "radiusKm": 10.0, "domains": ["DIGITAL_LITERACY"]}
    other_domain = {"lat": 51.057, "lon": 3.741, "radiusKm": 2.0, "domains": ["RESEARCH"]}
    far = {"lat": 50.85, "lon": 4.35, "radiusKm": 5.0, "domains": []}
    p = world.people
    await run(
        clean_graph,
        WATCHERS,
        watchers=[
            {"id": p["helper"], "areas": [here, wide]},  # two areas hold it: told once
            {"id": p["helper2"], "areas": [wide]},
            {"id": p["stranger"], "areas": [other_domain, far]},
            {"id": p["giver"], "areas": [here]},  # never told of their own quest
        ],
    )
    quest = await post(client, world)
    [fan] = await fan_out.due(clean_graph, 10)
    # A worker carries its fan-out on under its lease: plan, then one batch.
    steps = [await fan_out.expand(clean_graph, fan, "test-worker", 100, 30.0) for _ in range(3)]
    assert [s.state if s else None for s in steps] == ["PENDING", "DONE", None]
    told = await run(
        clean_graph,
        "MATCH (n:Notification {kind: 'QUEST_NEARBY'})-[:TO]->(p:Person) "
        "RETURN p.id AS person, n.data AS data",
    )
    assert Counter(t["person"] for t in told) == Counter({p["helper"]: 1, p["helper2"]: 1})
    assert all(quest["id"] in t["data"] for t in told)
    [state] = await run(clean_graph, "MATCH (f:FanOut) RETURN f.state AS state")
    assert state["state"] == "DONE"

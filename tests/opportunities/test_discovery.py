"""Discovery for learners: every filter, each ordering, pagination, and next steps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from graph.core.database import Graph
from tests.factories import make_person, new_id
from tests.helpers import error_codes, gql

SEARCH = """
query($f: OpportunityFilter, $first: Int!, $after: String) {
  opportunities(filter: $f, first: $first, after: $after) {
    edges { cursor distanceKm score node { title freePlaces } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NOW = datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Row:
    title: str
    org: str
    domain: str
    level: int
    days: int
    lat: float
    status: str = "PUBLISHED"
    capacity: int = 5
    taken: int = 0
    badge: str = "a"


ROWS = (
    Row("Bike repair at the market", "north", "SUSTAINABILITY", 1, 3, 51.060),
    Row("Bike repair coaching", "south", "SUSTAINABILITY", 2, 5, 51.040),
    Row("Coding club for kids", "north", "DIGITAL_LITERACY", 1, 7, 51.061),
    Row("Full bike workshop", "north", "SUSTAINABILITY", 1, 9, 51.062, capacity=2, taken=2),
    Row("Research on green roofs", "south", "RESEARCH", 3, 11, 51.041, badge="b"),
    Row("Draft bike thing", "north", "SUSTAINABILITY", 1, 4, 51.060, status="DRAFT"),
    Row("Closed bike thing", "north", "SUSTAINABILITY", 1, 4, 51.060, status="CLOSED"),
)

SEED = """
CREATE (u:University {id: randomUUID(), name: 'U'})
CREATE (north:Organisation {id: $north, name: 'North', status: 'APPROVED',
        location: point({latitude: 51.06, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (south:Organisation {id: $south, name: 'South', status: 'APPROVED',
        location: point({latitude: 51.04, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (a:BadgeClass {id: $badgeA, name: 'Bike basics', domain: 'SUSTAINABILITY', level: 1})
       -[:ISSUED_BY]->(north)
CREATE (b:BadgeClass {id: $badgeB, name: 'Roof research', domain: 'RESEARCH', level: 3})
       -[:ISSUED_BY]->(south)
CREATE (pathway:BadgeClass {id: randomUUID(), name: 'Green citizen', domain: 'SUSTAINABILITY',
        level: 2})-[:ISSUED_BY]->(u)
CREATE (pathway)-[:REQUIRES]->(a), (pathway)-[:REQUIRES]->(b)
CREATE (b)-[:ALIGNED_TO]->(:Competency {key: 'ESCO|S1.2', framework: 'ESCO', code: 'S1.2',
        name: 'conduct research'})
WITH *
UNWIND $rows AS row
CREATE (o:Opportunity {id: randomUUID(), title: row.title, synopsis: row.title,
        description: row.title, domain: row.domain, level: row.level, status: row.status,
        startsAt: row.starts, endsAt: row.starts + duration('PT2H'), capacity: row.capacity,
        placesTaken: row.taken, address: 'Gent',
        location: point({latitude: row.lat, longitude: 3.72})})
WITH o, row, CASE row.org WHEN 'north' THEN north ELSE south END AS org,
     CASE row.badge WHEN 'a' THEN a ELSE b END AS badge
CREATE (o)-[:OFFERED_BY]->(org)
CREATE (o)-[:LEADS_TO]->(badge)
"""


@pytest.fixture
async def city(clean_graph: Graph) -> dict[str, str]:
    ids = {"north": new_id(), "south": new_id(), "badgeA": new_id(), "badgeB": new_id()}

    async def work(tx: Any) -> None:
        rows = [{**vars(r), "starts": NOW + timedelta(days=r.days)} for r in ROWS]
        await (await tx.run(SEED, rows=rows, **ids)).consume()

    await clean_graph.write(work)
    return ids


async def titles(client: httpx.AsyncClient, f: dict[str, Any], first: int = 50) -> list[str]:
    body = await gql(client, SEARCH, {"f": f, "first": first})
    assert "errors" not in body, body
    return [e["node"]["title"] for e in body["data"]["opportunities"]["edges"]]


async def test_without_filters_soonest_first_and_only_published(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    assert await titles(client, {}) == [
        "Bike repair at the market",
        "Bike repair coaching",
        "Coding club for kids",
        "Full bike workshop",
        "Research on green roofs",
    ]


async def test_text_search_ranks_matches_and_hides_drafts(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    found = await titles(client, {"text": "bike repair"})
    assert set(found) == {"Bike repair at the market", "Bike repair coaching"}
    body = await gql(client, SEARCH, {"f": {"text": "bike"}, "first": 10})
    scores = [e["score"] for e in body["data"]["opportunities"]["edges"]]
    assert scores == sorted(scores, reverse=True)
    assert len(scores) == 3  # the draft and the closed one are never shown


@pytest.mark.parametrize("text", ["bike (repair", 'a:b "c', "+-&&||!{}[]^~*?\\/", "   "])
async def test_text_with_search_syntax_never_breaks(
    client: httpx.AsyncClient, city: dict[str, str], text: str
) -> None:
    body = await gql(client, SEARCH, {"f": {"text": text}, "first": 10})
    assert "errors" not in body or error_codes(body) == ["BAD_USER_INPUT"], body


async def test_filters_combine(client: httpx.AsyncClient, city: dict[str, str]) -> None:
    assert await titles(client, {"domains": ["SUSTAINABILITY"], "levels": ["BEGINNER"]}) == [
        "Bike repair at the market",
        "Full bike workshop",
    ]
    assert await titles(
        client, {"domains": ["SUSTAINABILITY"], "levels": ["BEGINNER"], "hasFreePlaces": True}
    ) == ["Bike repair at the market"]
    window = {
        "startsAfter": (NOW + timedelta(days=4)).isoformat(),
        "startsBefore": (NOW + timedelta(days=8)).isoformat(),
    }
    assert await titles(client, window) == ["Bike repair coaching", "Coding club for kids"]
    assert await titles(client, {"organisationId": city["south"]}) == [
        "Bike repair coaching",
        "Research on green roofs",
    ]
    assert await titles(client, {"competency": {"framework": "ESCO", "code": "S1.2"}}) == [
        "Research on green roofs"
    ]


async def test_text_and_circle_sorts_by_distance_when_asked(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    near_south = {"latitude": 51.0405, "longitude": 3.72, "radiusKm": 5}
    f = {"text": "bike", "near": near_south, "sort": "DISTANCE"}
    body = await gql(client, SEARCH, {"f": f, "first": 10})
    edges = body["data"]["opportunities"]["edges"]
    assert edges[0]["node"]["title"] == "Bike repair coaching"
    distances = [e["distanceKm"] for e in edges]
    assert distances == sorted(distances)
    small = {"latitude": 51.0405, "longitude": 3.72, "radiusKm": 0.5}
    assert await titles(client, {"text": "bike", "near": small}) == ["Bike repair coaching"]


async def test_an_explicit_sort_overrides_the_default_within_the_same_results(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    near_south = {"latitude": 51.0405, "longitude": 3.72, "radiusKm": 5}
    by_distance = await titles(client, {"text": "bike", "near": near_south, "sort": "DISTANCE"})
    by_start = await titles(client, {"text": "bike", "near": near_south, "sort": "START"})
    assert by_start == ["Bike repair at the market", "Bike repair coaching", "Full bike workshop"]
    assert sorted(by_start) == sorted(by_distance)
    assert by_start != by_distance
    body = await gql(
        client, SEARCH, {"f": {"text": "bike", "near": near_south, "sort": "RELEVANCE"}, "first": 9}
    )
    edges = body["data"]["opportunities"]["edges"]
    assert [e["score"] for e in edges] == sorted((e["score"] for e in edges), reverse=True)
    assert all(e["distanceKm"] is not None for e in edges)  # still told how far each is
    small = {"latitude": 51.0405, "longitude": 3.72, "radiusKm": 0.5}
    assert await titles(client, {"near": small, "sort": "START"}) == [
        "Bike repair coaching",
        "Research on green roofs",
    ]


@pytest.mark.parametrize(
    ("f", "says"),
    [({"sort": "DISTANCE"}, "distance"), ({"sort": "RELEVANCE"}, "relevance")],
)
async def test_a_sort_without_what_it_needs_is_bad_user_input(
    client: httpx.AsyncClient, f: dict[str, Any], says: str
) -> None:
    body = await gql(client, SEARCH, {"f": f, "first": 5})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert says in body["errors"][0]["message"]


@pytest.mark.parametrize(
    "f",
    [
        {},
        {"text": "bike"},
        {"near": {"latitude": 51.05, "longitude": 3.72, "radiusKm": 9}},
        {"text": "bike", "sort": "START"},
        {"near": {"latitude": 51.05, "longitude": 3.72, "radiusKm": 9}, "sort": "START"},
        {
            "text": "bike",
            "near": {"latitude": 51.05, "longitude": 3.72, "radiusKm": 9},
            "sort": "RELEVANCE",
        },
    ],
)
async def test_every_ordering_paginates_without_gaps_or_repeats(
    client: httpx.AsyncClient, city: dict[str, str], f: dict[str, Any]
) -> None:
    everything = await titles(client, f)
    seen: list[str] = []
    after = None
    while True:
        body = await gql(client, SEARCH, {"f": f, "first": 2, "after": after})
        page = body["data"]["opportunities"]
        seen += [e["node"]["title"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == everything


async def test_cursor_of_one_search_is_refused_by_another(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    first = await gql(client, SEARCH, {"f": {"text": "bike"}, "first": 1})
    cursor = first["data"]["opportunities"]["pageInfo"]["endCursor"]
    body = await gql(client, SEARCH, {"f": {"text": "repair"}, "first": 1, "after": cursor})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_next_steps_continue_a_started_pathway(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    city: dict[str, str],
    token_for: Callable[[str], str],
) -> None:
    learner = await make_person(clean_graph, "walker@x.example", "Walker")
    other = await make_person(clean_graph, "idle@x.example", "Idle")

    async def complete(tx: Any) -> None:
        await (
            await tx.run(
                "MATCH (p:Person {id: $p}) "
                "MATCH (o:Opportunity {title: 'Bike repair at the market'}) "
                "CREATE (p)-[:APPLIED]->(:Application {id: randomUUID(), status: 'COMPLETED', "
                "createdAt: datetime()})-[:FOR]->(o)",
                p=learner,
            )
        ).consume()

    await clean_graph.write(complete)
    query = "{ nextSteps { pathway opportunity { title } } }"
    steps = await gql(client, query, token=token_for(learner))
    assert steps["data"]["nextSteps"] == [
        {"pathway": "Green citizen", "opportunity": {"title": "Research on green roofs"}}
    ]
    none = await gql(client, query, token=token_for(other))
    assert none["data"]["nextSteps"] == []
    assert error_codes(await gql(client, query)) == ["UNAUTHENTICATED"]

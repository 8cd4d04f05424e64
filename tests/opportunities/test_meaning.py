"""Discovery by meaning: words that share nothing with the answer still find it, in Dutch and
English; filters, radius and paging hold; vectors follow their text and their model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import embeddings
from graph.badge_classes.meaning import BADGE_CLASS
from graph.core import meaning as core_meaning
from graph.core.database import Graph
from graph.opportunities import meaning
from tests.factories import World, make_world, new_id
from tests.helpers import error_codes, gql, run

SEARCH = """
query($f: OpportunityFilter, $first: Int!, $after: String) {
  opportunities(filter: $f, first: $first, after: $after) {
    edges { cursor distanceKm score node { id title domain } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NOW = datetime.now(UTC).replace(microsecond=0)
CENTRE = {"latitude": 51.054, "longitude": 3.720}

# (title, synopsis, domain, latitude): a small city whose texts say different things.
LISTINGS = (
    (
        "Digital literacy café for seniors",
        "Volunteers sit with older neighbours and explain tablets, smartphones and video calls.",
        "DIGITAL_LITERACY",
        51.055,
    ),
    (
        "Fietsherstelplaats in de Brugse Poort",
        "Samen met buren lekke banden plakken en remmen afstellen.",
        "SUSTAINABILITY",
        51.056,
    ),
    (
        "Huiswerkbegeleiding voor nieuwkomers",
        "Kinderen die pas in België zijn helpen met hun schoolwerk.",
        "GLOBAL_CITIZENSHIP",
        51.053,
    ),
    (
        "Citizen science: counting birds in the park",
        "Record which birds visit the Citadelpark for the university's survey.",
        "RESEARCH",
        51.052,
    ),
    (
        "Pitch coaching for young founders",
        "Help starting entrepreneurs rehearse the story of their company.",
        "ENTREPRENEURIAL_SPIRIT",
        51.100,  # about 5 km north of the centre
    ),
    (
        "Community garden on the Muide",
        "Grow vegetables with the neighbourhood and share the harvest.",
        "SUSTAINABILITY",
        51.070,
    ),
    (
        "Repair café Sluizeken",
        "Bring broken lamps, toasters and clothes: volunteers fix them with you.",
        "SUSTAINABILITY",
        51.060,
    ),
    (
        "Naaiatelier: kleren herstellen",
        "Samen versleten kleding herstellen in plaats van weggooien.",
        "SUSTAINABILITY",
        51.061,
    ),
)
SEED = """
CREATE (u:University {id: randomUUID(), name: 'U'})
CREATE (org:Organisation {id: $org, name: 'Buurtwerk', status: 'APPROVED',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
WITH org
UNWIND $rows AS row
CREATE (o:Opportunity {id: row.id, title: row.title, synopsis: row.synopsis,
        description: '', domain: row.domain, level: 1, status: 'PUBLISHED',
        startsAt: datetime($starts), endsAt: datetime($starts) + duration('PT2H'),
        capacity: 5, placesTaken: 0, address: 'Gent',
        location: point({latitude: row.latitude, longitude: 3.720})})
CREATE (o)-[:OFFERED_BY]->(org)
"""


@pytest.fixture(scope="session")
def encoder() -> embeddings.Encoder:
    return embeddings.load()


@pytest.fixture
async def city(clean_graph: Graph, encoder: embeddings.Encoder) -> dict[str, str]:
    """Title -> id of the listings, each embedded by the default model."""
    ids = {title: new_id() for title, *_ in LISTINGS}
    rows = [
        {"id": ids[title], "title": title, "synopsis": synopsis, "domain": domain, "latitude": lat}
        for title, synopsis, domain, lat in LISTINGS
    ]
    await run(
        clean_graph,
        SEED,
        rows=rows,
        org=new_id(),
        starts=(NOW + timedelta(days=3)).isoformat(),
    )
    done = await meaning.reembed_all(clean_graph, encoder, encoder.dimensions, lambda *_: None)
    assert done == len(LISTINGS)
    return ids


async def search(
    client: httpx.AsyncClient, f: dict[str, Any], first: int = 5, after: str | None = None
) -> dict[str, Any]:
    body = await gql(client, SEARCH, {"f": f, "first": first, "after": after})
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["opportunities"]
    return found


async def titles(client: httpx.AsyncClient, f: dict[str, Any], first: int = 5) -> list[str]:
    return [e["node"]["title"] for e in (await search(client, f, first))["edges"]]


@pytest.mark.parametrize(
    ("words", "answer"),
    [
        # The issue's own example: not one word in common with the answer.
        ("help older people with their phones", "Digital literacy café for seniors"),
        # Dutch finds English ...
        ("ouderen helpen met hun smartphone", "Digital literacy café for seniors"),
        ("vogels tellen voor de wetenschap", "Citizen science: counting birds in the park"),
        # ... and English finds Dutch.
        ("fix bicycles with the neighbours", "Fietsherstelplaats in de Brugse Poort"),
        ("tutoring refugee children", "Huiswerkbegeleiding voor nieuwkomers"),
    ],
)
async def test_words_find_what_they_mean_in_either_language(
    client: httpx.AsyncClient, city: dict[str, str], words: str, answer: str
) -> None:
    found = await titles(client, {"text": words})
    assert found[0] == answer, found


async def test_what_is_about_something_else_is_left_out(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    # Every listing is some distance away in meaning; only those about the same thing count.
    assert await titles(client, {"text": "help older people with their phones"}, first=10) == [
        "Digital literacy café for seniors"
    ]


async def test_filters_and_radius_still_hold(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    sustainable = await search(
        client, {"text": "outdoor work with neighbours", "domains": ["SUSTAINABILITY"]}
    )
    assert {e["node"]["domain"] for e in sustainable["edges"]} == {"SUSTAINABILITY"}
    near = {**CENTRE, "radiusKm": 2}
    inside = await search(client, {"text": "coach a start-up", "near": near}, first=10)
    assert "Pitch coaching for young founders" not in [e["node"]["title"] for e in inside["edges"]]
    assert all(e["distanceKm"] <= 2 for e in inside["edges"])
    wider = await titles(client, {"text": "coach a start-up", "near": {**near, "radiusKm": 8}})
    assert "Pitch coaching for young founders" in wider


async def test_paging_is_stable_and_never_repeats(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    f = {"text": "repair broken things", "near": {**CENTRE, "radiusKm": 10}}
    whole = [e["node"]["id"] for e in (await search(client, f, first=20))["edges"]]
    paged: list[str] = []
    after = None
    while True:
        page = await search(client, f, first=1, after=after)
        paged += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == whole
    assert len(set(paged)) == len(paged)
    assert len(paged) >= 2


async def test_a_vector_of_another_model_is_never_served(
    client: httpx.AsyncClient, clean_graph: Graph, city: dict[str, str], encoder: embeddings.Encoder
) -> None:
    seniors = city["Digital literacy café for seniors"]
    await run(
        clean_graph,
        "MATCH (o:Opportunity) SET o.embeddingModel = 'retired-model@1'",
    )
    # Its vector is still there, but from a model the queries are not encoded with: the
    # meaning alone no longer finds it; its own words still do.
    assert "Digital literacy café for seniors" not in await titles(
        client, {"text": "help older people with their phones"}
    )
    assert await titles(client, {"text": "literacy café"}) == ["Digital literacy café for seniors"]
    stale = await core_meaning.count_stale(clean_graph, meaning.OPPORTUNITY, encoder.model)
    assert stale == len(LISTINGS)
    seen: list[tuple[int, int]] = []
    done = await meaning.reembed_all(
        clean_graph, encoder, encoder.dimensions, lambda d, t: seen.append((d, t))
    )
    assert done == len(LISTINGS)
    assert seen[0] == (0, len(LISTINGS))
    assert seen[-1] == (len(LISTINGS), len(LISTINGS))
    stored = await run(
        clean_graph, "MATCH (o:Opportunity {id: $id}) RETURN o.embeddingModel AS m", id=seniors
    )
    assert stored == [{"m": encoder.model}]
    found = await titles(client, {"text": "help older people with their phones"})
    assert found[0] == "Digital literacy café for seniors"


DRAFT = """
mutation($i: DraftOpportunityInput!) { draftOpportunity(input: $i) { id } }
"""
EDIT = """
mutation($id: ID!, $i: UpdateOpportunityInput!) { updateOpportunity(id: $id, input: $i) { id } }
"""


async def test_a_draft_and_an_edit_are_embedded_in_their_own_transaction(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    encoder: embeddings.Encoder,
) -> None:
    world: World = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    starts = NOW + timedelta(days=5)
    body = await gql(
        client,
        DRAFT,
        {
            "i": {
                "organisationId": world.organisation,
                "badgeClassId": world.badge_class,
                "title": "Repair café",
                "synopsis": "Fix toasters and lamps together.",
                "description": "Every second Saturday.",
                "startsAt": starts.isoformat(),
                "endsAt": (starts + timedelta(hours=2)).isoformat(),
                "capacity": 8,
                "address": "Gent",
                "latitude": 51.05,
                "longitude": 3.72,
            }
        },
        token=admin,
    )
    assert "errors" not in body, body
    opportunity = body["data"]["draftOpportunity"]["id"]
    read = "MATCH (o:Opportunity {id: $id}) RETURN o.embedding AS v, o.embeddingModel AS m"
    [drafted] = await run(clean_graph, read, id=opportunity)
    assert drafted["m"] == encoder.model
    assert len(drafted["v"]) == encoder.dimensions
    # Its badge class's name and criteria are part of what it means ('Test Badge', 'c').
    text = "Repair café\nFix toasters and lamps together.\nTest Badge\nc\nEvery second Saturday."
    assert drafted["v"] == pytest.approx((await encoder.passages([text]))[0], abs=1e-5)
    edited = await gql(
        client,
        EDIT,
        {"id": opportunity, "i": {"synopsis": "Leer fietsen herstellen met de buren."}},
        token=admin,
    )
    assert "errors" not in edited, edited
    [after] = await run(clean_graph, read, id=opportunity)
    assert after["v"] != drafted["v"]
    capacity = await gql(client, EDIT, {"id": opportunity, "i": {"capacity": 9}}, token=admin)
    assert "errors" not in capacity, capacity
    [unchanged] = await run(clean_graph, read, id=opportunity)
    assert unchanged["v"] == after["v"]  # a new capacity means nothing new


@pytest.mark.parametrize("text", ["", "   ", "x" * 201, "x" * 10_000])
async def test_an_empty_or_overlong_query_is_refused_clearly(
    client: httpx.AsyncClient, city: dict[str, str], text: str
) -> None:
    body = await gql(client, SEARCH, {"f": {"text": text}, "first": 5})
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "filter.text" in body["errors"][0]["message"]


SIMILAR = """
query($id: ID!, $first: Int!) { similarOpportunities(opportunityId: $id, first: $first) { title } }
"""


async def similar(client: httpx.AsyncClient, opportunity: str, first: int = 3) -> list[str]:
    body = await gql(client, SIMILAR, {"id": opportunity, "first": first})
    assert "errors" not in body, body
    return [o["title"] for o in body["data"]["similarOpportunities"]]


async def test_similar_opportunities_are_about_the_same_thing_and_published(
    client: httpx.AsyncClient, clean_graph: Graph, city: dict[str, str]
) -> None:
    repair = city["Repair café Sluizeken"]
    found = await similar(client, repair)
    # The sewing workshop says it in Dutch; never the opportunity itself.
    assert found[0] == "Naaiatelier: kleren herstellen"
    assert "Repair café Sluizeken" not in found
    assert "Citizen science: counting birds in the park" not in found  # about something else
    await run(
        clean_graph,
        "MATCH (o:Opportunity {id: $id}) SET o.status = 'DRAFT'",
        id=city["Naaiatelier: kleren herstellen"],
    )
    assert "Naaiatelier: kleren herstellen" not in await similar(client, repair)
    # A draft has nothing similar to show, to anyone; nor has an id that is no opportunity.
    assert await similar(client, city["Naaiatelier: kleren herstellen"]) == []
    assert await similar(client, "not-an-id") == []


SUGGEST = """
query($f: OpportunityFilter) {
  opportunities(filter: $f, first: 5) { edges { node { title } } suggestions(first: 2) { title } }
}
"""


async def test_a_search_that_finds_nothing_suggests_the_nearest_in_meaning(
    client: httpx.AsyncClient, city: dict[str, str]
) -> None:
    far_away = {"latitude": 50.85, "longitude": 4.35, "radiusKm": 1}  # Brussels: none of ours
    f = {"text": "ouderen helpen met hun smartphone", "near": far_away}
    body = await gql(client, SUGGEST, {"f": f})
    assert "errors" not in body, body
    assert body["data"]["opportunities"]["edges"] == []
    suggested = [o["title"] for o in body["data"]["opportunities"]["suggestions"]]
    assert suggested[0] == "Digital literacy café for seniors"
    # A search that found something suggests nothing.
    found = await gql(client, SUGGEST, {"f": {"text": "ouderen helpen met hun smartphone"}})
    assert found["data"]["opportunities"]["edges"]
    assert found["data"]["opportunities"]["suggestions"] == []


async def test_a_badge_class_is_embedded_when_created_and_by_reembed_but_not_a_one_off(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    encoder: embeddings.Encoder,
) -> None:
    world = await make_world(clean_graph)
    created = await gql(
        client,
        CREATE_BADGE_CLASS,
        {
            "input": {
                "issuerId": world.organisation,
                "name": "Bike Doctor",
                "description": "Repairs bicycles with neighbours",
                "criteria": "Repair three bicycles under supervision",
                "domain": "SUSTAINABILITY",
                "level": "INTERMEDIATE",
            }
        },
        token=token_for(world.people["org_admin"]),
    )
    assert "errors" not in created, created
    bike = created["data"]["createBadgeClass"]["id"]
    read = "MATCH (b:BadgeClass {id: $id}) RETURN b.embeddingModel AS m, b.embedding AS v"
    [made] = await run(clean_graph, read, id=bike)
    assert made["m"] == encoder.model
    text = "Bike Doctor\nRepair three bicycles under supervision\nRepairs bicycles with neighbours"
    assert made["v"] == pytest.approx((await encoder.passages([text]))[0], abs=1e-5)
    # After a model change every class is embedded again, a learner's one-off class never.
    await run(clean_graph, "MATCH (b:BadgeClass) SET b.embeddingModel = 'retired-model@1'")
    await run(
        clean_graph,
        "CREATE (:BadgeClass {id: $id, name: 'My own thing', adHoc: true})",
        id=new_id(),
    )
    stale = await core_meaning.count_stale(clean_graph, BADGE_CLASS, encoder.model)
    classes = await run(
        clean_graph, "MATCH (b:BadgeClass) WHERE NOT coalesce(b.adHoc, false) RETURN count(b) AS n"
    )
    assert stale == classes[0]["n"]
    await meaning.reembed_all(clean_graph, encoder, encoder.dimensions, lambda *_: None)
    models = await run(
        clean_graph,
        "MATCH (b:BadgeClass) RETURN coalesce(b.adHoc, false) AS adHoc, b.embeddingModel AS m",
    )
    assert {(r["adHoc"], r["m"]) for r in models} == {(False, encoder.model), (True, None)}


CREATE_BADGE_CLASS = """
mutation($input: CreateBadgeClassInput!) { createBadgeClass(input: $input) { id } }
"""


async def test_a_repeated_search_is_encoded_once() -> None:
    model = embeddings.load()
    asked: list[list[str]] = []

    def counting(texts: list[str]) -> Any:
        asked.append(texts)
        return model.encode(texts)

    encoder = embeddings.Encoder("counted", model.dimensions, counting, model.related)
    first = await encoder.query("fietsen herstellen")
    again = await encoder.query("fietsen herstellen")
    other = await encoder.query("repair bicycles")
    assert asked == [["fietsen herstellen"], ["repair bicycles"]]
    assert again == first
    assert other != first
    assert abs(sum(x * x for x in first) - 1.0) < 1e-4  # still a unit vector

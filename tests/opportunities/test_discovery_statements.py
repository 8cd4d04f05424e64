"""Discovery's statements, one per shape of the question: each uses its index, none scans a
label, no value is ever written into the text, and a query reads only what it selects."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import httpx
import pytest

from graph.core.database import Graph
from graph.core.geo import GeoPoint
from graph.core.vocabulary import Domain, Level
from graph.opportunities.discovery import (
    EVERY_FIELD,
    Circle,
    Filters,
    Meaning,
    Order,
    Position,
    discovery_parameters,
    discovery_statement,
)
from tests.factories import make_opportunity, make_organisation, make_university
from tests.helpers import gql, plan_operators, scans

CENTER = GeoPoint(51.0545, 3.7217)
EVERY_FILTER = Filters(
    domains=(Domain.SUSTAINABILITY,),
    levels=(Level.BEGINNER,),
    starts_after=datetime(2030, 1, 1, tzinfo=UTC),
    starts_before=datetime(2031, 1, 1, tzinfo=UTC),
    organisation_id="org-that-is-not-in-the-text",
    competency_key="framework|code-that-is-not-in-the-text",
    free_places_only=True,
)


def _shapes() -> list[tuple[Filters, Position | None, frozenset[str]]]:
    shapes = []
    for order, circle, text, every, paged, fields in itertools.product(
        Order,
        (False, True),
        (False, True),
        (False, True),
        (False, True),
        (EVERY_FIELD, frozenset({"title"})),
    ):
        if (order is Order.DISTANCE and not circle) or (order is Order.RELEVANCE and not text):
            continue
        base = EVERY_FILTER if every else Filters()
        filters = Filters(
            **{
                **base.__dict__,
                "sort": order,
                "text": "garden" if text else None,
                "circle": Circle(CENTER, 2000.0) if circle else None,
            },
        )
        key = "2030-05-01T10:00:00Z" if order is Order.START else 12.5
        shapes.append((filters, Position(key, "after-id") if paged else None, fields))
    return shapes


SHAPES = _shapes()


def _name(shape: tuple[Filters, Position | None, frozenset[str]]) -> str:
    filters, after, fields = shape
    return (
        f"{filters.order.value}-{'circle' if filters.circle else 'nocircle'}-"
        f"{'text' if filters.text else 'notext'}-{'filtered' if filters.domains else 'plain'}-"
        f"{'paged' if after else 'first'}-{'all' if fields == EVERY_FIELD else 'title'}"
    )


@pytest.mark.parametrize("shape", SHAPES, ids=[_name(s) for s in SHAPES])
async def test_every_statement_shape_uses_its_index_and_holds_no_values(
    graph: Graph, shape: tuple[Filters, Position | None, frozenset[str]]
) -> None:
    filters, after, fields = shape
    statement = discovery_statement(filters, after, fields)
    for value in ("garden", "org-that-is-not-in-the-text", "code-that-is-not", "after-id"):
        assert value not in statement
    operators = await plan_operators(graph, statement, discovery_parameters(filters, 21, after))
    assert scans(operators) == [], operators
    if filters.text:
        assert any("fulltext.queryNodes" in op for op in operators), operators
    elif filters.circle:
        assert any(op.startswith("NodeIndexSeekByRange") for op in operators), operators
    # Only the filters given are tested: no row pays for the others.
    assert ("$domains" in statement) == bool(filters.domains)
    assert ("$competency" in statement) == bool(filters.competency_key)
    assert ("$afterId" in statement) == (after is not None)
    assert (".description" in statement) == ("description" in fields)
    assert ("OFFERED_BY]->(org" in statement) == ("organisation" in fields)


UNIT = (1 / 512**0.5,) * 512
HYBRID = [s for s in SHAPES if s[0].text]


@pytest.mark.parametrize("shape", HYBRID, ids=[_name(s) for s in HYBRID])
async def test_every_hybrid_shape_asks_both_indexes_and_holds_no_values(
    graph: Graph, shape: tuple[Filters, Position | None, frozenset[str]]
) -> None:
    filters, after, fields = shape
    meaning = Meaning(UNIT, "a-model@1")
    statement = discovery_statement(filters, after, fields, meaning)
    for value in ("garden", "a-model", "org-that-is-not-in-the-text", "after-id"):
        assert value not in statement
    params = discovery_parameters(filters, 21, after, meaning)
    operators = await plan_operators(graph, statement, params)
    assert scans(operators) == [], operators
    assert any("vector.queryNodes" in op for op in operators), operators
    assert any("fulltext.queryNodes" in op for op in operators), operators
    # Only the filters given are tested, as in every other shape.
    assert ("$domains" in statement) == bool(filters.domains)
    assert ("$afterId" in statement) == (after is not None)


DISCOVER_WITH_FRAGMENTS = """
query($f: OpportunityFilter) {
  opportunities(filter: $f, first: 5) {
    edges { distanceKm node { ...Card heading: title } }
  }
}
fragment Card on Opportunity {
  id
  freePlaces
  startsAt
  location { latitude }
  organisation { name }
  ... on Opportunity { synopsis }
}
"""
EVERYTHING = """
query($f: OpportunityFilter) {
  opportunities(filter: $f, first: 5) {
    edges { distanceKm node {
      id title synopsis description freePlaces capacity startsAt endsAt address domain level
      status location { latitude longitude } organisation { name website } contactEmail website
    } }
  }
}
"""


async def test_a_query_gets_what_it_selects_through_fragments_and_aliases(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    uni = await make_university(clean_graph)
    org = await make_organisation(clean_graph, uni)
    for n, north in enumerate((0.001, 0.004, 0.009)):
        await make_opportunity(clean_graph, org, f"Spot {n}", CENTER.latitude + north, 3.7217)
    near = {"near": {"latitude": CENTER.latitude, "longitude": 3.7217, "radiusKm": 5}}

    picked = await gql(client, DISCOVER_WITH_FRAGMENTS, {"f": near})
    full = await gql(client, EVERYTHING, {"f": near})
    assert "errors" not in picked, picked
    assert "errors" not in full, full
    everything = [e["node"] for e in full["data"]["opportunities"]["edges"]]
    chosen = picked["data"]["opportunities"]["edges"]
    assert [e["node"]["heading"] for e in chosen] == ["Spot 0", "Spot 1", "Spot 2"]
    for edge, whole in zip(chosen, everything, strict=True):
        node = edge["node"]
        assert node["id"] == whole["id"]
        assert node["freePlaces"] == whole["freePlaces"] == 5
        assert node["startsAt"] == whole["startsAt"]
        assert node["synopsis"] == whole["synopsis"] == whole["title"]
        assert node["location"]["latitude"] == whole["location"]["latitude"]
        assert node["organisation"]["name"] == whole["organisation"]["name"]
        assert edge["distanceKm"] is not None

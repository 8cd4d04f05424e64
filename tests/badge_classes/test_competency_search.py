"""The designer's helpers: competencies found by search, and the live preview of the image."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import httpx

from graph.badge_classes.badge_classes import SEARCH_COMPETENCIES, lucene_prefixes
from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, run, scans

SEARCH = (
    "query($s: String!, $n: Int) { competencies(search: $s, first: $n) { framework code name } }"
)


async def _vocabulary(graph: Graph) -> None:
    await run(
        graph,
        "UNWIND $rows AS r CREATE (:Competency {key: r[0] + '|' + r[1], framework: r[0], "
        "code: r[1], name: r[2]})",
        rows=[
            ["ESCO", "S6.4.1", "repairing bicycles"],
            ["ESCO", "S1.2", "repairing furniture"],
            ["DigComp 2.2", "1.1", "browsing, searching and filtering data"],
            ["DigComp 2.2", "2.1", "interacting through digital technologies"],
        ],
    )


async def _found(client: httpx.AsyncClient, text: str, first: int = 10) -> list[str]:
    body = await gql(client, SEARCH, {"s": text, "n": first})
    assert "errors" not in body, body
    return [f"{c['framework']} {c['code']}" for c in body["data"]["competencies"]]


async def test_competencies_are_found_by_name_code_or_framework(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await _vocabulary(clean_graph)
    assert sorted(await _found(client, "repair")) == ["ESCO S1.2", "ESCO S6.4.1"]
    # Every word must match, the last one as it is being typed.
    assert await _found(client, "repairing bicy") == ["ESCO S6.4.1"]
    assert sorted(await _found(client, "digcomp")) == ["DigComp 2.2 1.1", "DigComp 2.2 2.1"]
    assert await _found(client, "digital interact") == ["DigComp 2.2 2.1"]
    assert await _found(client, "repair", first=1) in (["ESCO S1.2"], ["ESCO S6.4.1"])
    # Search syntax is the searcher's text, not Lucene's: nothing breaks, nothing leaks.
    for odd in ('repair"', "(bike", "*", "a:b", "S6.4.1 OR x", "   "):
        body = await gql(client, SEARCH, {"s": odd})
        assert "errors" not in body, (odd, body)
    refused = await gql(client, SEARCH, {"s": "x", "n": 26})
    assert error_codes(refused) == ["BAD_USER_INPUT"]
    too_long = await gql(client, SEARCH, {"s": "x" * 201})
    assert error_codes(too_long) == ["BAD_USER_INPUT"]


def test_the_search_text_becomes_required_prefix_terms() -> None:
    assert lucene_prefixes("Repair  Bi") == "+repair +bi*"
    assert lucene_prefixes("a:b (c") == r"+a\:b +\(c*"
    assert lucene_prefixes("  ") == ""


async def test_the_search_reads_the_full_text_index(graph: Graph) -> None:
    operators = await plan_operators(graph, SEARCH_COMPETENCIES, {"text": "+bike*", "limit": 10})
    assert scans(operators) == [], operators
    assert any("fulltext.queryNodes" in op for op in operators), operators
    assert "'competency_text'" in SEARCH_COMPETENCIES
    [index] = await run(
        graph,
        "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties "
        "WHERE name = 'competency_text' RETURN labelsOrTypes, properties",
    )
    assert index == {
        "labelsOrTypes": ["Competency"],
        "properties": ["framework", "code", "name"],
    }


async def test_the_preview_draws_the_issuers_brand(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    answer = await client.get(
        "/badge-classes/preview.svg",
        params={
            "issuer": world.organisation,
            "name": "<Bike & Co>",
            "domain": "SUSTAINABILITY",
            "level": "2",
        },
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    root = ET.fromstring(answer.text)  # noqa: S314 (well-formed: the name was escaped)
    assert root.get("aria-label") == "<Bike & Co>"
    assert "#123456" in answer.text.upper()  # the partner university's colour

    for params, status in (
        ({"issuer": world.organisation, "domain": "SUSTAINABILITY", "level": "4"}, 400),
        ({"issuer": world.organisation, "domain": "COOKING", "level": "1"}, 400),
        ({"issuer": "not-an-id", "domain": "RESEARCH", "level": "1"}, 400),
        (
            {"issuer": world.organisation, "name": "x" * 201, "domain": "RESEARCH", "level": "1"},
            400,
        ),
        (
            {
                "issuer": "00000000-0000-4000-8000-000000000000",
                "domain": "RESEARCH",
                "level": "1",
            },
            404,
        ),
    ):
        refused = await client.get("/badge-classes/preview.svg", params=params)
        assert refused.status_code == status, (params, refused.text)

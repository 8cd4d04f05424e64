"""Alignments without a URL of their own point to a real competency page (OB 2.0 and 3.0)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from badges.ob3 import competency_url
from graph.core.database import Graph
from tests.factories import World, make_world
from tests.helpers import run

# A framework with a space and a code with a '/': both must survive as one segment each.
FRAMEWORK, CODE = "DigComp 2.2", "1.1/a"


async def _aligned_world(graph: Graph, name: str = "Browsing & searching") -> World:
    """The world's badge class aligned to a competency with no URL, and to one elsewhere with
    the same code in another framework (the code alone is ambiguous)."""
    world = await make_world(graph)
    await run(
        graph,
        "MATCH (b:BadgeClass {id: $b}) "
        "CREATE (b)-[:ALIGNED_TO]->(:Competency {key: $f + '|' + $c, framework: $f, code: $c, "
        "name: $name}) "
        "CREATE (b)-[:ALIGNED_TO]->(:Competency {key: 'ESCO|' + $c, framework: 'ESCO', "
        "code: $c, name: 'something else'})",
        b=world.badge_class,
        f=FRAMEWORK,
        c=CODE,
        name=name,
    )
    return world


def _ours(alignments: list[dict[str, Any]]) -> dict[str, Any]:
    [found] = [a for a in alignments if a["targetFramework"] == FRAMEWORK]
    return found


async def _target_urls(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> tuple[str, str]:
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    credential = (await client.get(f"/credentials/{world.assertion}", headers=owner)).json()
    ob3_url = _ours(credential["credentialSubject"]["achievement"]["alignment"])["targetUrl"]
    badge_class = (await client.get(f"/ob2/badge-classes/{world.badge_class}")).json()
    ob2_url = _ours(badge_class["alignment"])["targetUrl"]
    return ob3_url, ob2_url


async def test_an_alignment_without_a_url_points_to_a_real_competency_page(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await _aligned_world(clean_graph)
    ob3_url, ob2_url = await _target_urls(client, world, token_for)
    assert ob3_url == ob2_url == "http://testserver/competencies/DigComp%202.2/1.1%2Fa"
    assert ob3_url == competency_url("http://testserver", FRAMEWORK, CODE)

    machine = await client.get(ob3_url)
    assert machine.status_code == 200, machine.text
    assert machine.headers["content-type"].startswith("application/ld+json")
    term = machine.json()
    assert (term["@type"], term["@id"], term["name"], term["termCode"]) == (
        "DefinedTerm",
        ob3_url,
        "Browsing & searching",
        CODE,
    )
    assert term["inDefinedTermSet"]["name"] == FRAMEWORK

    page = await client.get(ob2_url, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Browsing &amp; searching</h1>" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]

    # The same code in another framework is another competency, at another address.
    other = await client.get(competency_url("http://testserver", "ESCO", CODE))
    assert other.json()["name"] == "something else"


async def test_unknown_competencies_are_404(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    await _aligned_world(clean_graph)
    for path in (
        "/competencies/DigComp%202.2/nope",
        "/competencies/Nope/1.1%2Fa",
        "/competencies/DigComp%202.2/1.1/a",  # the '/' split differently: not the same one
        "/competencies/1.1%2Fa",  # the code alone is ambiguous
        "/competencies/DigComp%202.2/%FF",  # not UTF-8
        "/competencies/",
    ):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert (await client.get(path, headers={"accept": "text/html"})).status_code == 404


async def test_a_hostile_competency_name_is_escaped_in_html(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    world = await _aligned_world(clean_graph, name=hostile)
    ob3_url, _ = await _target_urls(client, world, token_for)
    page = await client.get(ob3_url, headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "<script>" not in page.text
    assert "<img" not in page.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text
    assert page.headers["x-content-type-options"] == "nosniff"
    assert (await client.get(ob3_url)).json()["name"] == hostile

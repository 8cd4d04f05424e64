"""Open Graph tags on a shared portfolio page, over plain HTTP against the in-process app
(a wiped graph, as tests/recognition/test_badge_pages.py explains)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.core.database import Graph, Neo4jTarget
from server.settings import Settings
from tests.factories import make_world, new_id
from tests.helpers import run
from tests.recognition.test_badge_pages import previews_of
from tests.web.serving import app_with, make_dist

SECRET = "Page_secret-0123456789abcdefghij"


async def test_a_shared_page_carries_its_preview_and_a_private_one_none(
    tmp_path: Path,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    clean_graph: Graph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = await make_world(clean_graph)
    page_id = new_id()
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) CREATE (p)-[:COMPOSED]->(:PortfolioPage {id: $id, "
        "title: 'Fix <it> & \"share\"', narrative: 'Line one.\\n\\nLine two.', "
        "visibility: 'PRIVATE', createdAt: datetime(), updatedAt: datetime(), version: 0})",
        p=world.people["owner"],
        id=page_id,
    )
    path = f"/portfolios/{page_id}"
    dist = make_dist(tmp_path)
    routes = dist / "routes.json"
    routes.write_text(json.dumps([*json.loads(routes.read_text()), "/portfolios/{id:uuid}"]))
    async with app_with(settings, neo4j_target, dist, monkeypatch) as client:
        assert previews_of((await client.get(path)).text) == {}
        await run(
            clean_graph,
            "MATCH (p:PortfolioPage {id: $id}) SET p.visibility = 'LINK', p.shareToken = $t",
            id=page_id,
            t=SECRET,
        )
        assert previews_of((await client.get(path)).text) == {}
        assert previews_of((await client.get(path, params={"token": "nope"})).text) == {}
        shared = await client.get(path, params={"token": SECRET})
        assert previews_of(shared.text) == {
            "og:type": "website",
            "og:site_name": "Kring",
            "og:title": 'Fix <it> & "share"',
            "og:description": "The learning story of owner. Line one. Line two.",
            "og:url": f"http://testserver{path}?token={SECRET}",
            "twitter:card": "summary",
        }
        assert "<it>" not in shared.text
        await run(
            clean_graph,
            "MATCH (p:PortfolioPage {id: $id}) SET p.visibility = 'PUBLIC'",
            id=page_id,
        )
        dutch = previews_of((await client.get(path, headers={"accept-language": "nl"})).text)
        assert dutch["og:url"] == f"http://testserver{path}"
        assert dutch["og:description"].startswith("Het leerverhaal van owner.")

"""Open Graph tags on a shared badge's page, over plain HTTP against the in-process app.

Here rather than in tests/web: it starts from a wiped graph, which must happen before the
browser tests' server seeds the demo it reads."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from graph.core.database import Graph, Neo4jTarget
from server.settings import Settings
from tests.factories import make_world
from tests.helpers import run
from tests.web.serving import UUID, app_with, make_dist


def previews_of(page: str) -> dict[str, str]:
    """The page's Open Graph and Twitter card tags, unescaped."""
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">', page)
    return {key: html.unescape(value) for key, value in found}


async def test_a_shared_badge_page_carries_its_link_preview_and_a_private_one_none(
    tmp_path: Path,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    clean_graph: Graph,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}) SET b.name = 'Fix <it> & \"share\"'",
        b=world.badge_class,
    )
    page = f"/badges/{world.assertion}"
    secret = "Link_secret-0123456789abcdefghij"
    async with app_with(settings, neo4j_target, make_dist(tmp_path), monkeypatch) as client:
        private = await client.get(page)
        assert private.status_code == 200
        assert previews_of(private.text) == {}
        assert "Fix" not in private.text

        await run(
            clean_graph,
            "MATCH (a:Assertion {id: $a}) SET a.visibility = 'LINK', a.shareToken = $t",
            a=world.assertion,
            t=secret,
        )
        for wrong in ({}, {"token": "not-the-secret"}, {"token": "<script>"}):
            assert previews_of((await client.get(page, params=wrong)).text) == {}, wrong
        shared = await client.get(page, params={"token": secret})
        tags = previews_of(shared.text)
        assert tags == {
            "og:type": "website",
            "og:site_name": "Kring",
            "og:title": 'Fix <it> & "share"',
            "og:description": "owner earned this badge from Buurtwerk Test. Tier: community. "
            "Status: valid.",
            "og:url": f"http://testserver{page}?token={secret}",
            "og:image": f"http://testserver/assertions/{world.assertion}/image.png?token={secret}",
            "og:image:alt": 'Fix <it> & "share"',
            "twitter:card": "summary",
        }
        # Escaped in the head, before the app's script.
        assert "<it>" not in shared.text
        assert shared.text.index('property="og:title"') < shared.text.index("</head>")
        image = await client.get(tags["og:image"])
        assert image.status_code == 200
        assert image.headers["content-type"] == "image/png"

        await run(
            clean_graph,
            "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PUBLIC', a.shareToken = null",
            a=world.assertion,
        )
        dutch = previews_of((await client.get(page, headers={"accept-language": "nl"})).text)
        assert dutch["og:url"] == f"http://testserver{page}"
        assert dutch["og:description"] == (
            "owner behaalde deze badge bij Buurtwerk Test. Niveau: gemeenschap. Status: geldig."
        )
        assert previews_of((await client.get(f"/badges/{UUID}")).text) == {}

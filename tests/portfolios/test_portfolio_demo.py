"""The demo's portfolio page: public, two badges and a claim; loading twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from deploy.demo import PORTFOLIO_LEARNER, demo_id, seed_demo
from graph.core.database import Graph
from tests.helpers import gql

PAGE = """query($id: ID!) { portfolioPage(id: $id) {
  title visibility items { kind name status caption } } }"""


async def test_the_demo_has_a_public_page_of_two_badges_and_a_claim(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    today = datetime.now(UTC).date()
    for _ in range(2):
        await seed_demo(clean_graph, today)
    body = await gql(client, PAGE, {"id": demo_id("portfolio", PORTFOLIO_LEARNER)})
    page = body["data"]["portfolioPage"]
    assert (page["title"], page["visibility"]) == ("Fixing things together", "PUBLIC")
    assert [(i["kind"], i["name"], i["status"]) for i in page["items"]] == [
        ("BADGE", "Helped at the repair café", "ACTIVE"),
        ("BADGE", "Presented to the group", "ACTIVE"),
        ("CLAIM", "Helped at the repair café", "ISSUED"),
    ]

"""The demo's quests: Helping hand enabled by the demo university, open quests around Ghent,
one done whose helper holds the badge; loading twice changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from deploy.demo import seed_demo
from graph.core.database import Graph
from tests.helpers import gql, run
from tests.quests.world import QUESTS


async def test_the_demo_has_quests_and_a_recognised_helper(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    today = datetime.now(UTC).date()
    for _ in range(2):
        await seed_demo(clean_graph, today)
    listed = await gql(
        client, QUESTS, {"f": {"near": {"latitude": 51.054, "longitude": 3.725, "radiusKm": 5}}}
    )
    edges = listed["data"]["quests"]["edges"]
    assert len(edges) == 3
    assert all(e["node"]["address"] is None for e in edges)
    assert {e["node"]["universityName"] for e in edges} == {"Hogeschool Portus Ganda"}
    [done] = await run(
        clean_graph,
        "MATCH (q:Quest {status: 'DONE'})<-[:FROM]-(c:Claim)<-[:CLAIMED]-(helper:Person) "
        "MATCH (c)-[:ISSUED_AS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass) "
        "RETURN helper.email AS helper, b.name AS badge, a.consent AS consent",
    )
    assert done == {
        "helper": "learner27@demo.kring.example",
        "badge": "Helping hand — digital literacy",
        "consent": "HELPING_HAND",
    }
    [classes] = await run(
        clean_graph,
        "MATCH (b:BadgeClass) WHERE b.helpingHand IS NOT NULL RETURN count(b) AS n",
    )
    assert classes["n"] == 7

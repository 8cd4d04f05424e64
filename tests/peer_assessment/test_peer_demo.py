"""The demo's peer assessment: a class with peer assessment on, portfolios waiting, and a
reviewer with an assignment; loading twice changes nothing."""

from __future__ import annotations

import httpx

from deploy.demo import PEER_CLASS_ID, demo_id, seed_demo
from graph.core.database import Graph
from tests.helpers import gql, run
from tests.peer_assessment.world import ASSIGNMENTS, Tokens


async def test_the_demo_has_a_waiting_portfolio_and_a_reviewer(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    await seed_demo(clean_graph)
    await seed_demo(clean_graph)
    found = await run(
        clean_graph,
        "MATCH (p:Person)-[:CLAIMED]->(c:Claim {peerReview: true})-[:FOR_BADGE]->(b) "
        "RETURN p.email AS who, c.peerState AS state, b.peerReview AS on ORDER BY who",
    )
    assert [(r["who"], r["state"], r["on"]) for r in found] == [
        ("peer01@demo.kring.example", "WAITING", True),
        ("peer02@demo.kring.example", "WAITING", True),
    ]
    body = await gql(client, ASSIGNMENTS, token=token_for(demo_id("person", "peer01")))
    [given] = body["data"]["myPeerAssignments"]
    assert given["status"] == "OPEN"
    assert given["submission"]["badgeClassName"] == "Research III: reflexive portfolio"
    assert len(given["submission"]["rubric"]) == 3
    classes = await gql(client, "{ peerAssessedBadgeClasses { badgeClassId reviewers } }")
    assert classes["data"]["peerAssessedBadgeClasses"] == [
        {"badgeClassId": PEER_CLASS_ID, "reviewers": 3}
    ]

"""The Ghent demo: complete, at real places, and safe to load twice."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from deploy.demo import ATTENDEES, PEER_PEOPLE, VISITORS, seed_demo
from graph.core.database import Graph
from tests.helpers import gql, run

COUNTS = """
MATCH (n)
WHERE n:University OR n:Organisation OR n:Opportunity OR n:Person OR n:BadgeClass
   OR n:SavedArea
RETURN labels(n)[0] AS label, count(*) AS n
"""


async def _read(graph: Graph, query: str) -> list[dict[str, Any]]:
    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(query)]

    return await graph.read(work)


async def _counts(graph: Graph) -> dict[str, int]:
    return {r["label"]: r["n"] for r in await _read(graph, COUNTS)}


async def test_demo_has_everything_the_issue_asks_for(clean_graph: Graph) -> None:
    counts = await seed_demo(clean_graph, date(2026, 11, 24))
    assert counts.organisations >= 8
    assert counts.opportunities >= 40
    stored = await _counts(clean_graph)
    assert stored["University"] == 1
    assert stored["SavedArea"] == 2  # so publishing near them shows "new opportunity near you"
    assert stored["Organisation"] == counts.organisations
    published = await _read(
        clean_graph, "MATCH (o:Opportunity {status: 'PUBLISHED'}) RETURN count(o) AS n"
    )
    assert published[0]["n"] == counts.opportunities
    combos = await _read(
        clean_graph,
        "MATCH (o:Opportunity {status: 'PUBLISHED'}) "
        "RETURN DISTINCT o.domain AS domain, o.level AS level",
    )
    assert len(combos) == 15  # five domains x three levels
    roles = await _read(
        clean_graph,
        "MATCH (p:Person)-[m:MEMBER_OF]->(b) RETURN m.role AS role, count(DISTINCT b) AS bodies",
    )
    by_role = {r["role"]: r["bodies"] for r in roles}
    assert by_role["SUPERVISOR"] == counts.organisations  # one per organisation
    assert by_role["ADMIN"] == counts.organisations
    assert by_role["TEACHER"] == 1
    assert by_role["CURATOR"] == 1
    learners = await _read(
        clean_graph,
        "MATCH (p:Person) WHERE NOT (p)-[:MEMBER_OF]->() AND NOT coalesce(p.platformAdmin, false) "
        "RETURN count(p) AS n",
    )
    # Proof of presence's own people, and peer assessment's.
    assert learners[0]["n"] == 50 + ATTENDEES + VISITORS + len(PEER_PEOPLE)
    brand = await _read(
        clean_graph, "MATCH (u:University) RETURN u.brandPrimary AS c, u.logoSvg AS logo"
    )
    assert brand[0]["c"].startswith("#")
    assert brand[0]["logo"].startswith("<svg")


async def test_loading_twice_duplicates_nothing(clean_graph: Graph) -> None:
    await seed_demo(clean_graph, date(2026, 11, 24))
    first = await _counts(clean_graph)
    await seed_demo(clean_graph, date(2026, 11, 25))
    assert await _counts(clean_graph) == first


async def test_demo_opportunities_are_found_near_the_korenmarkt(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await seed_demo(clean_graph)
    body = await gql(
        client,
        "{ opportunitiesNear(near: {latitude: 51.0545, longitude: 3.7217, radiusKm: 1}, "
        "first: 100) { edges { distanceKm node { organisation { name } } } } }",
    )
    edges = body["data"]["opportunitiesNear"]["edges"]
    names = {e["node"]["organisation"]["name"] for e in edges}
    assert {"Digidak De Krook", "Repair Café Vrijdagmarkt"} <= names
    assert all(e["distanceKm"] <= 1 for e in edges)
    assert [e["distanceKm"] for e in edges] == sorted(e["distanceKm"] for e in edges)


async def test_the_demo_badge_is_public_and_verifies(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    from deploy.demo import demo_id

    await seed_demo(clean_graph)
    await seed_demo(clean_graph)  # twice: the badge keeps its status-list number
    learner = demo_id("person", "learner01")
    profile = await gql(
        client,
        "query($p: ID!) { profile(personId: $p) { "
        "assertions { totalCount edges { node { id tier endorsementCount } } } } }",
        {"p": learner},
    )
    assert profile["data"]["profile"]["assertions"]["totalCount"] == 1
    [badge] = [e["node"] for e in profile["data"]["profile"]["assertions"]["edges"]]
    assert (badge["tier"], badge["endorsementCount"]) == ("COMMUNITY", 2)
    credential = (await client.get(f"/credentials/{badge['id']}")).json()
    assert credential["credentialStatus"]["statusListIndex"] == "0"
    report = (await client.post("/verify", json=credential)).json()
    assert report["verified"] is True, report
    assert [e["valid"] for e in report["endorsements"]] == [True, True]
    # Recorded in the transparency log once, however often the demo was loaded.
    logged = report["transparency_log"]
    assert isinstance(logged["index"], int)
    assert logged["same_as_recorded"] is True
    leaves = await run(
        clean_graph, "MATCH (l:LogLeaf {subjectId: $a}) RETURN count(l) AS n", a=badge["id"]
    )
    assert leaves == [{"n": 1}]


async def test_the_demo_shows_every_step_of_a_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Any
) -> None:
    from deploy.demo import demo_id

    await seed_demo(clean_graph)
    await seed_demo(clean_graph)
    states = await _read(
        clean_graph,
        "MATCH (c:Claim) RETURN c.status AS status, count(c) AS n ORDER BY status",
    )
    assert {r["status"] for r in states} == {
        "OPEN",
        "IN_REVIEW",
        "RETURNED",
        "ISSUED",
        "DECLINED",
        "WITHDRAWN",
    }
    # Every badge says how its issuer agreed to it.
    consents = await _read(clean_graph, "MATCH (a:Assertion) RETURN collect(a.consent) AS c")
    # ON_THE_SPOT: the demo teacher's badges on the spot (the second one for the portfolio
    # page); HELPING_HAND: the demo's done quest; the second REVIEWED: peer01's level-2
    # research badge, which lets peer01 review portfolios.
    assert sorted(consents[0]["c"]) == [
        "HELPING_HAND",
        "ON_THE_SPOT",
        "ON_THE_SPOT",
        "OWN_PARTICIPATION",
        "REVIEWED",
        "REVIEWED",
    ]

    krook = demo_id("organisation", "digidak-krook")
    admin = token_for(demo_id("person", "admin-digidak-krook"))
    queue = await gql(
        client,
        "query($o: ID!) { reviewQueue(issuerId: $o) { edges { node { title "
        "endorsements { counts } } } } }",
        {"o": krook},
        token=admin,
    )
    [waiting] = queue["data"]["reviewQueue"]["edges"]
    assert waiting["node"]["title"] == "Helped neighbours set up video calls"
    # The allowed supervisor sees the same queue.
    supervisor = token_for(demo_id("person", "supervisor-digidak-krook"))
    same = await gql(
        client,
        "query($o: ID!) { reviewQueue(issuerId: $o) { totalCount } }",
        {"o": krook},
        token=supervisor,
    )
    assert same["data"]["reviewQueue"]["totalCount"] == 1
    returned = await gql(
        client,
        "query($c: ID!) { claim(id: $c) { status conversation { kind body } } }",
        {"c": demo_id("claim", "learner05:phone-clinic")},
        token=token_for(demo_id("person", "learner05")),
    )
    assert returned["data"]["claim"]["status"] == "RETURNED"
    assert returned["data"]["claim"]["conversation"][0]["kind"] == "RETURNED"
    curator = token_for(demo_id("person", "curator"))
    held = await gql(
        client,
        "query($u: ID!) { heldEndorsements(universityId: $u) { learnerName flag } }",
        {"u": demo_id("university", "portus-ganda")},
        token=curator,
    )
    assert [h["flag"] for h in held["data"]["heldEndorsements"]] == ["RECIPROCAL", "RECIPROCAL"]

    learner = {"authorization": f"Bearer {token_for(demo_id('person', 'learner08'))}"}
    approved = demo_id("assertion", "learner08:ai-cafe")
    credential = (await client.get(f"/credentials/{approved}", headers=learner)).json()
    levels = [
        r["achievedLevel"].rsplit("/", 1)[1] for r in credential["credentialSubject"]["result"]
    ]
    assert levels == ["3", "2"]
    report = (await client.post("/verify", json=credential)).json()
    assert report["verified"] is True, report

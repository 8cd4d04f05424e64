"""The saved-area fan-out happens after publication, in the worker: each watcher exactly once,
also with two workers at once, a worker dying half-way, or several areas holding the spot."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Graph, Neo4jTarget
from graph.notifications import fan_out
from notifications.worker import Worker
from server.app import create_app
from server.settings import PushWorker, Settings
from tests.factories import World
from tests.helpers import gql, inbox, plan_operators, run, scans
from tests.push_service import PushService
from tests.push_world import fanning_out, fast, push_world, register, worker

PUBLISH = "mutation($id: ID!) { publishOpportunity(id: $id) { status } }"
CLOSE = "mutation($id: ID!) { closeOpportunity(id: $id) { status } }"
# The world's submitted opportunity sits at 51.05, 3.72 (Ghent) in SUSTAINABILITY.
WATCHERS = """
UNWIND $watchers AS w
CREATE (p:Person {id: w.id, name: w.id, email: w.id + '@watchers.example',
                  emailOff: ['OPPORTUNITY_NEARBY']})
WITH p, w
UNWIND w.areas AS a
CREATE (p)-[:WATCHES]->(:SavedArea {id: randomUUID(), name: 'Area', radiusKm: a.radiusKm,
        domains: a.domains, location: point({latitude: a.lat, longitude: a.lon}),
        createdAt: datetime()})
"""
HOLDING = {"lat": 51.051, "lon": 3.721, "radiusKm": 2.0, "domains": []}
WIDE = {"lat": 51.06, "lon": 3.70, "radiusKm": 10.0, "domains": ["SUSTAINABILITY"]}
ELSEWHERE = {"lat": 50.85, "lon": 4.35, "radiusKm": 5.0, "domains": []}
OTHER_DOMAIN = {"lat": 51.05, "lon": 3.72, "radiusKm": 5.0, "domains": ["RESEARCH"]}


async def make_watchers(graph: Graph, count: int) -> set[str]:
    """`count` people with saved areas, in five kinds; the ids of those whose area holds the
    world's submitted opportunity (one, two or three areas each)."""
    rows: list[dict[str, Any]] = []
    told: set[str] = set()
    for n in range(count):
        person = f"w{n:04d}-{uuid.uuid4()}"
        areas = [
            [HOLDING],
            [HOLDING, WIDE],
            [WIDE, HOLDING, {**HOLDING, "radiusKm": 3.0}],
            [ELSEWHERE],
            [OTHER_DOMAIN, ELSEWHERE],
        ][n % 5]
        if n % 5 < 3:
            told.add(person)
        rows.append({"id": person, "areas": areas})
    await run(graph, WATCHERS, watchers=rows)
    return told


async def told_about(graph: Graph, opportunity: str) -> Counter[str]:
    """How many times each person was told about the opportunity."""
    found = await run(
        graph,
        "MATCH (n:Notification {kind: 'OPPORTUNITY_NEARBY'})-[:TO]->(p:Person) "
        "WHERE n.data CONTAINS $opportunity RETURN p.id AS person, count(n) AS times",
        opportunity=opportunity,
    )
    return Counter({r["person"]: r["times"] for r in found})


async def fan_outs(graph: Graph) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (f:FanOut)-[:ABOUT]->(o:Opportunity) RETURN o.id AS opportunity, "
        "f.state AS state, f.watchers AS watchers, "
        "COUNT { (f)-[:TELLS]->() } AS waiting",
    )


async def publish(client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]) -> None:
    body = await gql(
        client,
        PUBLISH,
        {"id": world.submitted_opportunity},
        token=token_for(world.people["uni_moderator"]),
    )
    assert body["data"]["publishOpportunity"]["status"] == "PUBLISHED", body


async def expand_all(w: Worker, graph: Graph) -> int:
    """Run the worker's rounds until no fan-out is pending; the watchers its batches told."""
    reached = 0
    for _ in range(1000):
        if not await fanning_out(graph):
            return reached
        expanded = (await w.run_once()).expanded
        reached += expanded.told if expanded else 0
    raise AssertionError("the fan-out never finished")


async def quiet_world(graph: Graph) -> World:
    """The test world without the owner's device on a dead port (no push attempts)."""
    world = await push_world(graph)
    await run(graph, "MATCH (s:PushSubscription) DETACH DELETE s")
    return world


async def test_publishing_records_one_fan_out_and_the_worker_tells_the_watchers(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await quiet_world(clean_graph)
    told = await make_watchers(clean_graph, 40)

    await publish(client, world, token_for)
    # The moderator's transaction told its admins, and left the watchers to the worker.
    admin = await inbox(client, token_for(world.people["org_admin"]))
    assert "OPPORTUNITY_PUBLISHED" in [n["kind"] for n in admin]
    assert await told_about(clean_graph, world.submitted_opportunity) == Counter()
    assert await fan_outs(clean_graph) == [
        {
            "opportunity": world.submitted_opportunity,
            "state": "PENDING",
            "watchers": None,
            "waiting": 0,
        }
    ]

    async with worker(clean_graph, settings, fan_out_batch=10) as w:
        planned = (await w.run_once()).expanded
        # One seek found them all (the world's owner watches the spot too) and told nobody.
        assert planned == fan_out.Expanded("PENDING", len(told) + 1, 0, 0)
        assert await told_about(clean_graph, world.submitted_opportunity) == Counter()
        [links] = await fan_outs(clean_graph)
        assert links["waiting"] == len(told) + 1
        rounds = [(await w.run_once()).expanded for _ in range(4)]
    # One worker carries its fan-out on, batch after batch, under its own lease.
    assert [(r.state, r.told) if r else None for r in rounds] == [
        ("PENDING", 10),
        ("PENDING", 10),
        ("DONE", len(told) + 1 - 20),
        None,
    ]
    counted = await told_about(clean_graph, world.submitted_opportunity)
    # The world's owner watches the spot too (one area of 2 km around it).
    assert counted == Counter(dict.fromkeys([*told, world.people["owner"]], 1))
    assert await fan_outs(clean_graph) == [
        {
            "opportunity": world.submitted_opportunity,
            "state": "DONE",
            "watchers": len(told) + 1,
            "waiting": 0,
        }
    ]


async def test_two_workers_at_once_tell_every_watcher_exactly_once(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await quiet_world(clean_graph)
    told = await make_watchers(clean_graph, 250) | {world.people["owner"]}
    await publish(client, world, token_for)

    # No lease at all: both workers expand the same fan-out, batch after batch, so they
    # meet on its lock all along instead of one of them skipping it.
    async with (
        worker(clean_graph, settings, fan_out_batch=7, fan_out_lease_seconds=0) as a,
        worker(clean_graph, settings, fan_out_batch=7, fan_out_lease_seconds=0) as b,
    ):
        reached = await asyncio.gather(expand_all(a, clean_graph), expand_all(b, clean_graph))

    assert await told_about(clean_graph, world.submitted_opportunity) == Counter(
        dict.fromkeys(told, 1)
    )
    # Both did part of it, and together went through each watcher once.
    assert all(r > 0 for r in reached), reached
    assert sum(reached) == len(told)


async def test_a_fan_out_whose_worker_died_midway_is_finished_by_another_exactly_once(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await quiet_world(clean_graph)
    told = await make_watchers(clean_graph, 60) | {world.people["owner"]}
    await publish(client, world, token_for)
    opportunity = world.submitted_opportunity

    async with (
        worker(clean_graph, settings, fan_out_batch=10, fan_out_lease_seconds=60) as first,
        worker(clean_graph, settings, fan_out_batch=10, fan_out_lease_seconds=60) as second,
    ):
        # The first worker finds the watchers, tells one batch, then dies: its lease keeps
        # the second away...
        await first.run_once()
        expanded = (await first.run_once()).expanded
        assert expanded is not None
        assert expanded.told == 10
        assert (await second.run_once()).expanded is None
        assert sum((await told_about(clean_graph, opportunity)).values()) == 10

        # ...until it lapses (a minute on, here at once). A batch that dies half-way
        # through its statement leaves nothing.
        await run(clean_graph, "MATCH (f:FanOut) SET f.dueAt = datetime() - duration('PT1S')")
        [fan_out_id] = await fan_out.due(clean_graph, 8)

        class Died(Exception):
            pass

        async def dies_midway(tx: Any) -> None:
            assert await fan_out.expand.within(tx, fan_out_id, "doomed", 10, 60) is not None
            raise Died

        with pytest.raises(Died):
            await clean_graph.write(dies_midway)
        assert sum((await told_about(clean_graph, opportunity)).values()) == 10

        reached = await expand_all(second, clean_graph)
    assert reached == len(told) - 10
    assert await told_about(clean_graph, opportunity) == Counter(dict.fromkeys(told, 1))


async def test_an_opportunity_closed_before_its_fan_out_ran_tells_nobody(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await quiet_world(clean_graph)
    await make_watchers(clean_graph, 20)
    await publish(client, world, token_for)
    closed = await gql(
        client,
        CLOSE,
        {"id": world.submitted_opportunity},
        token=token_for(world.people["org_admin"]),
    )
    assert closed["data"]["closeOpportunity"]["status"] == "CLOSED", closed

    async with worker(clean_graph, settings) as w:
        assert await expand_all(w, clean_graph) == 0
    assert await told_about(clean_graph, world.submitted_opportunity) == Counter()
    assert [(f["state"], f["waiting"]) for f in await fan_outs(clean_graph)] == [("DROPPED", 0)]


async def test_the_serving_app_tells_watchers_in_the_app_and_by_push_as_they_chose(
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    neo4j_target: Neo4jTarget,
    push: PushService,
) -> None:
    world = await quiet_world(clean_graph)
    learner, teacher = token_for(world.people["learner"]), token_for(world.people["teacher"])
    save = (
        'mutation { saveArea(input: {name: "Here", latitude: 51.05, longitude: 3.72, '
        "radiusKm: 2, domains: []}) { id } }"
    )
    mute_in_app = (
        "mutation { updateNotificationPreferences(preferences: "
        "[{kind: OPPORTUNITY_NEARBY, inApp: false}]) { kind } }"
    )
    app = create_app(fast(settings, push_worker=PushWorker.EMBEDDED), neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            device = push.device()
            assert "errors" not in await register(c, learner, device)
            for token in (learner, teacher):
                assert "errors" not in await gql(c, save, token=token)
            assert "errors" not in await gql(c, mute_in_app, token=teacher)
            await publish(c, world, token_for)
            # The server's own worker expands the fan-out and pushes it, unprompted.
            await push.wait_for(1, timeout=20)
            learner_sees = await inbox(c, learner)
            teacher_sees = await inbox(c, teacher)

    [message] = push.for_device(device)
    assert message.payload["kind"] == "OPPORTUNITY_NEARBY"
    assert message.payload["data"] == {
        "opportunityId": world.submitted_opportunity,
        "title": "submitted_opportunity",
    }
    assert message.payload["id"] in [n["id"] for n in learner_sees]
    assert "OPPORTUNITY_NEARBY" not in [n["kind"] for n in teacher_sees]


async def test_a_fan_out_seeks_the_point_index_once_and_is_found_by_index(
    graph: Graph,
) -> None:
    params = {
        "id": "x",
        "worker": "w",
        "batch": 10,
        "leaseMs": 1000,
        "kind": "OPPORTUNITY_NEARBY",
        "data": "{}",
        "emailByDefault": False,
    }
    lease = {"id": "x", "worker": "w", "leaseMs": 1000}
    operators = await plan_operators(graph, fan_out.PLAN, lease)
    assert any(
        op.startswith("NodeIndexSeekByRange") and "POINT INDEX area:SavedArea(location)" in op
        for op in operators
    ), operators
    assert scans(operators) == [], operators
    operators = await plan_operators(graph, fan_out.BATCH, params)
    assert any("UNIQUE f:FanOut(id)" in op for op in operators), operators
    assert scans(operators) == [], operators

    operators = await plan_operators(graph, fan_out.CANDIDATES, {"limit": 8})
    assert any("RANGE INDEX f:FanOut(state, dueAt)" in op for op in operators), operators
    assert not any(op.startswith(("Sort", "Top")) for op in operators), operators
    assert scans(operators) == [], operators


# Who wants to develop the world's competency, which its badge class (the one the submitted
# opportunity leads to) is made to show here.
WANTERS = """
MATCH (c:Competency {id: $competency}), (b:BadgeClass {id: $badgeClass})
MERGE (b)-[:ALIGNED_TO]->(c)
WITH c, b
UNWIND $people AS w
CREATE (p:Person {id: w.id, name: w.id, email: w.id + '@wanters.example'})
CREATE (p)-[:ASSESSES {level: 1, wantToDevelop: w.wants, at: datetime()}]->(c)
FOREACH (_ IN CASE WHEN w.holds THEN [1] ELSE [] END |
  CREATE (p)-[:HOLDS]->(:Assertion {id: randomUUID(), issuedAt: datetime()})-[:OF_BADGE]->(b))
FOREACH (_ IN CASE WHEN w.watches THEN [1] ELSE [] END |
  CREATE (p)-[:WATCHES]->(:SavedArea {id: randomUUID(), name: 'Home', radiusKm: 2.0,
          domains: [], location: point({latitude: 51.051, longitude: 3.721}),
          createdAt: datetime()}))
"""


async def test_who_wants_to_develop_what_it_leads_to_is_told_once(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await quiet_world(clean_graph)
    people = [
        {"id": "wants", "wants": True, "holds": False, "watches": False},
        {"id": "wants-and-watches", "wants": True, "holds": False, "watches": True},
        {"id": "wants-but-holds", "wants": True, "holds": True, "watches": False},
        {"id": "rated-only", "wants": False, "holds": False, "watches": False},
    ]
    await run(
        clean_graph,
        WANTERS,
        competency=world.competency,
        badgeClass=world.badge_class,
        people=people,
    )
    await publish(client, world, token_for)
    async with worker(clean_graph, settings, fan_out_batch=10) as w:
        await expand_all(w, clean_graph)
    found = await run(
        clean_graph,
        "MATCH (n:Notification)-[:TO]->(p:Person) WHERE n.data CONTAINS $opportunity "
        "AND n.kind IN ['OPPORTUNITY_NEARBY', 'OPPORTUNITY_FOR_GOAL'] "
        "RETURN p.id AS person, collect(n.kind) AS kinds",
        opportunity=world.submitted_opportunity,
    )
    told = {r["person"]: r["kinds"] for r in found}
    # The one watching the spot hears it is near, not twice; nobody holding its badge already,
    # nor anyone who only rated themselves, is told.
    assert told == {
        "wants": ["OPPORTUNITY_FOR_GOAL"],
        "wants-and-watches": ["OPPORTUNITY_NEARBY"],
        world.people["owner"]: ["OPPORTUNITY_NEARBY"],
    }


async def test_no_goal_fan_out_is_queued_when_nobody_wants_what_it_leads_to(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await quiet_world(clean_graph)
    await publish(client, world, token_for)
    kinds = await run(clean_graph, "MATCH (f:FanOut) RETURN collect(f.kind) AS kinds")
    assert kinds[0]["kinds"] == ["OPPORTUNITY_NEARBY"]

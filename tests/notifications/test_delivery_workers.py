"""The delivery worker: leases shared by several workers, stopping, running embedded or as
`kring worker`, and the plans of its queue queries."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Graph, Neo4jTarget
from graph.notifications import deliveries
from server.app import create_app
from server.settings import PushWorker, Settings
from tests.helpers import plan_operators, run, scans, seeks_on
from tests.processes import environ, session_env
from tests.push_service import PushService, Respond
from tests.push_world import (
    Subscribed,
    delivery_rows,
    drain,
    fast,
    notify,
    push_world,
    register,
    worker,
)


async def test_two_workers_deliver_each_notification_once_to_its_recipient_only(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    people = [world.people[r] for r in ("learner", "teacher", "accepted_learner")]
    owner_of: dict[str, str] = {}
    for person in people:
        for _ in range(2):
            device = push.device()
            owner_of[device.token] = person
            await register(client, token_for(person), device)
    for n in range(15):
        for person in people:
            await notify(clean_graph, person, f"{person}-{n}")
    expected = 15 * len(people) * 2

    s = fast(settings)
    stop = asyncio.Event()
    async with worker(clean_graph, s, batch=4) as a, worker(clean_graph, s, batch=4) as b:
        tasks = [asyncio.create_task(w.run(stop)) for w in (a, b)]
        await push.wait_for(expected, timeout=60)
        await asyncio.sleep(0.3)  # room for any duplicate to show up
        stop.set()
        await asyncio.gather(*tasks)

    seen = Counter((r.token, r.payload["id"]) for r in push.received)
    assert len(seen) == expected
    assert set(seen.values()) == {1}
    recipients = {
        r["id"]: r["person"]
        for r in await run(
            clean_graph, "MATCH (n:Notification)-[:TO]->(p) RETURN n.id AS id, p.id AS person"
        )
    }
    for received in push.received:
        assert recipients[received.payload["id"]] == owner_of[received.token]
        assert received.payload["recipient"] == owner_of[received.token]
        assert received.payload["data"]["title"].startswith(owner_of[received.token])
    states = Counter(r["state"] for r in await delivery_rows(clean_graph))
    assert states == {"DELIVERED": expected}


async def test_a_lapsed_lease_is_taken_over_and_the_late_worker_changes_nothing(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    await notify(clean_graph, world.people["learner"])

    # A worker claims and then stalls (or dies) past its lease.
    stalled = (await deliveries.claim(clean_graph, "stalled-worker", 10, 0.2, 5)).claimed
    assert len(stalled) == 1
    async with worker(clean_graph, fast(settings)) as w:
        assert (await w.run_once()).claimed == []  # leased: nobody else may send it
        await asyncio.sleep(0.3)
        await drain(w, clean_graph)
    assert len(push.for_device(device)) == 1
    # Its late report is ignored: the delivery stays delivered, not re-queued.
    late = deliveries.Settled(stalled[0].id, stalled[0].attempt, "PENDING", retry_in_ms=0)
    await deliveries.settle(clean_graph, "stalled-worker", [late])
    assert [r["state"] for r in await delivery_rows(clean_graph)] == ["DELIVERED"]


async def test_stopping_a_worker_finishes_the_delivery_in_flight(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    push.script(device, Respond(201, delay=0.8))
    await notify(clean_graph, world.people["learner"])

    stop = asyncio.Event()
    async with worker(clean_graph, fast(settings)) as w:
        task = asyncio.create_task(w.run(stop))
        deadline = time.monotonic() + 10
        while (await deliveries.queue_counts(clean_graph)).get("SENDING") != 1:
            assert time.monotonic() < deadline, "the worker never started sending"
            await asyncio.sleep(0.02)
        stop.set()
        await task
    assert len(push.for_device(device)) == 1
    assert [r["state"] for r in await delivery_rows(clean_graph)] == ["DELIVERED"]


async def test_the_server_delivers_by_itself_with_the_embedded_worker(
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    neo4j_target: Neo4jTarget,
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    app = create_app(fast(settings, push_worker=PushWorker.EMBEDDED), neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            device = push.device()
            await register(c, token_for(world.people["learner"]), device)
            await notify(clean_graph, world.people["learner"], "while serving")
            await push.wait_for(1)
    assert [r.payload["data"]["title"] for r in push.for_device(device)] == ["while serving"]


async def test_kring_worker_delivers_and_stops_cleanly_on_sigterm(
    clean_graph: Graph,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    env = environ(
        **session_env(settings, neo4j_target, "development"), KRING_PUSH_SERVICES="127.0.0.1"
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "server.cli",
        "worker",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        started = await asyncio.wait_for(process.stdout.readline(), timeout=60)
        assert b"delivering" in started
        await notify(clean_graph, world.people["learner"], "from the worker process")
        await push.wait_for(1, timeout=20)
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, err.decode()
    assert b"Delivery worker stopped" in out
    assert [r.payload["data"]["title"] for r in push.for_device(device)] == [
        "from the worker process"
    ]


async def test_the_claim_reads_due_deliveries_in_index_order(graph: Graph) -> None:
    params = {"state": "PENDING", "limit": 50}
    operators = await plan_operators(graph, deliveries.CANDIDATES, params)
    assert any("RANGE INDEX d:Delivery(state, dueAt)" in op for op in operators), operators
    assert scans(operators) == [], operators
    # The index gives the order: the backlog is not read and sorted on each poll.
    assert not any(op.startswith(("Sort", "Top")) for op in operators), operators


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        (deliveries.LOCK, {"ids": ["a", "b"]}),
        (deliveries.READ, {"ids": ["a", "b"]}),
        (deliveries.LEASE, {"ids": ["a"], "worker": "w", "leaseMs": 1000}),
        (deliveries.SETTLE, {"outcomes": [{"id": "a", "attempt": 1}], "worker": "w"}),
        (deliveries.FORGET, {"outcomes": [{"id": "a", "attempt": 1}], "worker": "w"}),
    ],
)
async def test_claiming_and_settling_seek_each_delivery_by_id(
    graph: Graph, statement: str, params: dict[str, Any]
) -> None:
    operators = await plan_operators(graph, statement, params)
    assert seeks_on(operators, "d:Delivery(id)"), "\n".join(operators)
    # Neither a label scan nor a full read of the id index per row.
    assert scans(operators) == [], operators
    assert not any(op.startswith("NodeIndexScan") for op in operators), operators

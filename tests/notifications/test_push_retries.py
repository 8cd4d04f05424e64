"""When the push service fails: retries, Retry-After, timeouts, gone and refusing devices,
and the dead letters an operator sends again."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable

import httpx

from graph.core.database import Graph, Neo4jTarget
from graph.notifications import deliveries
from server.settings import Settings
from tests.helpers import gql, inbox, run
from tests.processes import kring, session_env
from tests.push_service import PushService, Respond
from tests.push_world import (
    DEVICES,
    Subscribed,
    delivery_rows,
    drain,
    fast,
    notify,
    push_world,
    register,
    worker,
)


async def test_a_server_error_is_retried_until_delivered(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    push.script(device, Respond(500))
    await notify(clean_graph, world.people["learner"])

    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    assert [a.status for a in push.attempts] == [500, 201]
    assert len(push.for_device(device)) == 1
    assert await delivery_rows(clean_graph) == [
        {"state": "DELIVERED", "attempts": 2, "lastStatus": 201}
    ]


async def test_too_many_requests_waits_as_long_as_the_service_asks(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    push.script(device, Respond(429, {"Retry-After": "1"}))
    await notify(clean_graph, world.people["learner"])

    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    first, second = push.attempts
    assert (first.status, second.status) == (429, 201)
    # Backoff alone would have retried within 0.05 s.
    assert second.at - first.at >= 0.95


async def test_a_gone_subscription_is_forgotten(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, token, device = subscribed.world, subscribed.token, subscribed.device
    push.script(device, Respond(410))
    await notify(clean_graph, world.people["learner"], "one")
    await notify(clean_graph, world.people["learner"], "two")

    async with worker(clean_graph, fast(settings), batch=1) as w:
        await drain(w, clean_graph)
    # The first answer removed the device and what was still queued for it.
    assert [a.status for a in push.attempts] == [410]
    assert (await gql(client, DEVICES, token=token))["data"]["pushSubscriptions"] == []
    assert await delivery_rows(clean_graph) == []
    await notify(clean_graph, world.people["learner"], "three")
    assert await delivery_rows(clean_graph) == []
    # The in-app notifications are all still there.
    assert len([n for n in await inbox(client, token) if n["kind"] == "BADGE_ISSUED"]) == 3


async def test_a_slow_push_service_times_out_and_is_tried_again(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    push.script(device, Respond(201, delay=1.5))
    await notify(clean_graph, world.people["learner"])

    async with worker(clean_graph, fast(settings, push_timeout_seconds=0.3)) as w:
        await drain(w, clean_graph)
        await push.wait_for_attempts(2)
    in_order = sorted(push.attempts, key=lambda a: a.at)
    assert [a.abandoned for a in in_order] == [True, False]
    assert len(push.for_device(device)) == 1
    assert (await delivery_rows(clean_graph))[0]["attempts"] == 2


async def test_failures_end_in_the_dead_letters(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    flaky, refusing = push.device(), push.device()
    await register(client, token_for(world.people["learner"]), flaky)
    await register(client, token_for(world.people["teacher"]), refusing)
    push.script(flaky, *[Respond(503)] * 10)
    # A refusal that sending again cannot fix is dead-lettered at once.
    push.script(refusing, Respond(400))
    # A redirect is not followed: the endpoint was checked, its target was not.
    redirecting, elsewhere = push.device(), push.device()
    await register(client, token_for(world.people["accepted_learner"]), redirecting)
    push.script(redirecting, Respond(307, {"Location": elsewhere.endpoint}))
    await notify(clean_graph, world.people["learner"])
    await notify(clean_graph, world.people["teacher"])
    await notify(clean_graph, world.people["accepted_learner"])

    async with worker(clean_graph, fast(settings, push_max_attempts=3)) as w:
        await drain(w, clean_graph)
        await asyncio.sleep(0.3)
        assert (await w.run_once()).claimed == []
    statuses = Counter((a.token, a.status) for a in push.attempts)
    assert statuses == {
        (flaky.token, 503): 3,
        (refusing.token, 400): 1,
        (redirecting.token, 307): 1,
    }
    rows = sorted(
        (r["attempts"], r["lastStatus"], r["state"]) for r in await delivery_rows(clean_graph)
    )
    assert rows == [(1, 307, "DEAD"), (1, 400, "DEAD"), (3, 503, "DEAD")]
    assert (await deliveries.queue_counts(clean_graph)).get("DEAD") == 3


async def test_an_operator_sees_the_dead_letters_and_sends_them_again(
    clean_graph: Graph,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    push.script(device, Respond(503))
    await notify(clean_graph, world.people["learner"], "after the outage")
    async with worker(clean_graph, fast(settings, push_max_attempts=1)) as w:
        await drain(w, clean_graph)
    assert push.received == []

    env = session_env(settings, neo4j_target, "development")
    done = await asyncio.to_thread(kring, "deliveries", "--requeue-dead", **env)
    assert done.returncode == 0, done.stderr
    assert "requeued 1 dead letters" in done.stdout
    assert "dead: 0" in done.stdout
    assert "pending: 1" in done.stdout
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    assert [r.payload["data"]["title"] for r in push.for_device(device)] == ["after the outage"]


async def test_a_device_that_keeps_refusing_is_retired(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, token, device = subscribed.world, subscribed.token, subscribed.device
    push.script(device, *[Respond(403)] * 10)
    for n in range(deliveries.MAX_DEVICE_FAILURES + 2):
        await notify(clean_graph, world.people["learner"], f"refused {n}")

    async with worker(clean_graph, fast(settings), batch=1) as w:
        await drain(w, clean_graph)
    # Retired after MAX_DEVICE_FAILURES dead letters in a row; the rest were never sent.
    assert len(push.attempts) == deliveries.MAX_DEVICE_FAILURES
    assert (await gql(client, DEVICES, token=token))["data"]["pushSubscriptions"] == []


async def test_a_delivery_whose_lease_lapses_on_every_attempt_is_dead_lettered(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world = subscribed.world
    await notify(clean_graph, world.people["learner"])
    # Each worker that took it died (say it crashed them): the last allowed attempt lapsed.
    stalled = (await deliveries.claim(clean_graph, "crashed", 10, 0.1, 1)).claimed
    assert [c.attempt for c in stalled] == [1]
    await asyncio.sleep(0.2)
    async with worker(clean_graph, fast(settings, push_max_attempts=1)) as w:
        assert (await w.run_once()).claimed == []
    assert push.attempts == []
    assert [r["state"] for r in await delivery_rows(clean_graph)] == ["DEAD"]


async def test_one_delivery_that_cannot_be_sent_does_not_hold_back_its_batch(
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, device = subscribed.world, subscribed.device
    await notify(clean_graph, world.people["learner"], "fine")
    await notify(clean_graph, world.people["learner"], "broken")
    # A kind this version does not know (written by a newer one, say).
    await run(
        clean_graph,
        "MATCH (n:Notification) WHERE n.data CONTAINS 'broken' SET n.kind = 'FROM_THE_FUTURE'",
    )
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    assert [r.payload["data"]["title"] for r in push.for_device(device)] == ["fine"]
    assert sorted(r["state"] for r in await delivery_rows(clean_graph)) == ["DEAD", "DELIVERED"]

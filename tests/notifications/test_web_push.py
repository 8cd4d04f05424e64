"""Web Push end to end: devices, the delivery worker and a real push service on loopback."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Graph, Neo4jTarget
from graph.notifications import deliveries, outbox
from notifications.mail import LogMailSender
from notifications.vapid import application_server_key, load_vapid
from notifications.worker import Worker
from server.app import create_app
from server.delivery import worker_config
from server.settings import PushWorker, Settings
from tests.factories import World, make_world
from tests.helpers import error_codes, gql, inbox, plan_operators, run, scans
from tests.processes import environ, kring, session_env
from tests.push_service import Device, PushService, Respond

REGISTER = """
mutation($i: PushSubscriptionInput!) {
  registerPushSubscription(input: $i) { id endpoint lastDeliveredAt }
}
"""
DEVICES = "{ pushSubscriptions { id endpoint lastDeliveredAt } }"


async def push_world(graph: Graph) -> World:
    """The test world, everyone in it having turned e-mail off: these tests watch the push
    queue (e-mail deliveries share it and are tested in test_mail_delivery)."""
    world = await make_world(graph)
    await run(
        graph, "MATCH (p:Person) SET p.emailOff = $kinds", kinds=[k.value for k in outbox.Kind]
    )
    return world


@pytest.fixture
async def push(settings: Settings) -> AsyncIterator[PushService]:
    key = application_server_key(load_vapid(settings.key_dir))
    async with PushService(expected_key=key) as service:
        yield service
    # Every request the worker made was a well-formed, correctly signed Web Push message.
    assert service.rejections == []


def fast(settings: Settings, **overrides: Any) -> Settings:
    """Settings with retries quick enough for a test."""
    values: dict[str, Any] = {
        "push_timeout_seconds": 2.0,
        "push_backoff_seconds": 0.05,
        "push_backoff_cap_seconds": 0.2,
        "push_max_attempts": 5,
    }
    values.update(overrides)
    return dataclasses.replace(settings, **values)


def worker(graph: Graph, settings: Settings, *, batch: int = 50) -> Worker:
    config = dataclasses.replace(worker_config(settings), poll_seconds=0.02, batch=batch)
    return Worker(graph, load_vapid(settings.key_dir), LogMailSender(), config)


@dataclass(frozen=True)
class Subscribed:
    """A world whose learner has registered one device with the push service."""

    world: World
    token: str  # the learner's
    device: Device


@pytest.fixture
async def subscribed(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    push: PushService,
) -> Subscribed:
    world = await push_world(clean_graph)
    token = token_for(world.people["learner"])
    device = push.device()
    body = await register(client, token, device)
    assert "errors" not in body, body
    return Subscribed(world, token, device)


async def register(
    client: httpx.AsyncClient, token: str, device: Device | dict[str, str]
) -> dict[str, Any]:
    subscription = device.subscription() if isinstance(device, Device) else device
    return await gql(client, REGISTER, {"i": subscription}, token=token)


async def notify(graph: Graph, person_id: str, title: str = "A badge") -> None:
    """An event for one person, through the outbox as the app writes it."""

    async def write(tx: Any) -> None:
        await outbox.record(
            tx,
            outbox.Kind.BADGE_ISSUED,
            outbox.Audience.PEOPLE,
            [person_id],
            {"assertionId": f"a-{title}", "title": title},
        )

    await graph.write(write)


async def drain(w: Worker, graph: Graph, within: float = 15.0) -> None:
    """Run the worker until nothing is waiting or being sent."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        await w.run_once()
        counts = await deliveries.queue_counts(graph)
        if not counts.get("PENDING") and not counts.get("SENDING"):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"deliveries still queued: {await deliveries.queue_counts(graph)}")


async def delivery_rows(graph: Graph) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (d:Delivery) RETURN d.state AS state, d.attempts AS attempts, "
        "d.lastStatus AS lastStatus ORDER BY d.createdAt",
    )


async def test_an_event_reaches_the_learners_device_encrypted_signed_and_minimal(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    owner = token_for(world.people["owner"])
    device = push.device()
    registered = await register(client, owner, device)
    assert registered["data"]["registerPushSubscription"]["endpoint"] == device.endpoint

    accepted = await gql(
        client,
        "mutation($id: ID!) { acceptApplication(id: $id) { status } }",
        {"id": world.pending_application},
        token=token_for(world.people["org_admin"]),
    )
    assert "errors" not in accepted
    revoked = await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "copied work") { status } }',
        {"id": world.assertion},
        token=token_for(world.people["curator"]),
    )
    assert "errors" not in revoked

    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    await push.wait_for(2)

    in_app = {n["id"]: n for n in await inbox(client, owner)}
    by_kind = {r.payload["kind"]: r for r in push.for_device(device)}
    assert set(by_kind) == {"APPLICATION_ACCEPTED", "BADGE_REVOKED"}
    message = by_kind["APPLICATION_ACCEPTED"]
    assert message.payload["id"] in in_app
    assert message.payload["data"] == {
        "applicationId": world.pending_application,
        "opportunityTitle": "live_opportunity",
    }
    # The free-text reason stays in the app; the push carries ids only.
    revocation = by_kind["BADGE_REVOKED"]
    assert revocation.payload["data"] == {"assertionId": world.assertion}
    assert in_app[revocation.payload["id"]]["data"]["reason"] == "copied work"
    assert "owner@world.example" not in str([r.payload for r in push.received])

    public_key = (await gql(client, "{ webPushPublicKey }"))["data"]["webPushPublicKey"]
    assert message.vapid_key == public_key
    assert message.payload["recipient"] == world.people["owner"]
    assert message.vapid_claims["sub"] == settings.vapid_subject
    assert message.vapid_claims["aud"] == push.base_url
    assert message.headers["ttl"] == str(7 * 86_400)
    assert message.headers["urgency"] == "normal"
    assert message.headers["topic"] == message.payload["id"].replace("-", "")
    listed = await gql(client, DEVICES, token=owner)
    assert listed["data"]["pushSubscriptions"][0]["lastDeliveredAt"] is not None


async def test_devices_are_checked_refreshed_and_removed_only_by_their_owner(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    learner = token_for(world.people["learner"])
    good = push.device().subscription()
    bad = {
        "input.endpoint": {**good, "endpoint": "https://attacker.example/push/x"},
        "input.p256dh": {**good, "p256dh": "AAAA"},
        "input.auth": {**good, "auth": "c2hvcnQ"},
    }
    for field, subscription in bad.items():
        body = await register(client, learner, subscription)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
        assert body["errors"][0]["extensions"]["field"] == field
    assert (await gql(client, DEVICES, token=learner))["data"]["pushSubscriptions"] == []

    # Registering the same browser again refreshes it instead of adding a second device.
    first = await register(client, learner, good)
    again = await register(client, learner, good)
    assert (
        first["data"]["registerPushSubscription"]["id"]
        == again["data"]["registerPushSubscription"]["id"]
    )
    assert len((await gql(client, DEVICES, token=learner))["data"]["pushSubscriptions"]) == 1

    remove = "mutation($e: String!) { removePushSubscription(endpoint: $e) }"
    other = token_for(world.people["teacher"])
    assert error_codes(await gql(client, remove, {"e": good["endpoint"]}, token=other)) == [
        "NOT_FOUND"
    ]
    assert (await gql(client, remove, {"e": good["endpoint"]}, token=learner))["data"] == {
        "removePushSubscription": True
    }
    assert (await gql(client, DEVICES, token=learner))["data"]["pushSubscriptions"] == []


async def test_a_browser_that_changes_hands_never_gets_the_previous_persons_news(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    push: PushService,
) -> None:
    world = await push_world(clean_graph)
    learner, teacher = world.people["learner"], world.people["teacher"]
    device = push.device()
    first = await register(client, token_for(learner), device)
    # One of the learner's notifications was refused (a dead letter), one is still queued.
    push.script(device, Respond(400))
    await notify(clean_graph, learner, "dead for the learner")
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    await notify(clean_graph, learner, "queued for the learner")

    # Same browser, now signed in as the teacher, before the worker ran again.
    second = await register(client, token_for(teacher), device)
    assert (
        second["data"]["registerPushSubscription"]["id"]
        != first["data"]["registerPushSubscription"]["id"]
    )
    assert second["data"]["registerPushSubscription"]["lastDeliveredAt"] is None
    learners_devices = await gql(client, DEVICES, token=token_for(learner))
    assert learners_devices["data"]["pushSubscriptions"] == []
    await notify(clean_graph, teacher, "for the teacher")
    # Even an operator re-sending dead letters cannot route the learner's news there.
    await deliveries.requeue_dead(clean_graph)

    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    delivered = push.for_device(device)
    assert [r.payload["data"]["title"] for r in delivered] == ["for the teacher"]
    assert [r.payload["recipient"] for r in delivered] == [teacher]


async def test_a_delivery_racing_the_removal_of_its_device_is_dropped(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, token, device = subscribed.world, subscribed.token, subscribed.device
    await notify(clean_graph, world.people["learner"])
    removed = await gql(
        client,
        "mutation($e: String!) { removePushSubscription(endpoint: $e) }",
        {"e": device.endpoint},
        token=token,
    )
    assert removed["data"] == {"removePushSubscription": True}
    # What an outbox write that read the device's link just before the removal leaves.
    await run(
        clean_graph,
        "MATCH (n:Notification)-[:TO]->(:Person {id: $p}), (s:PushSubscription) "
        "WHERE s.retiredAt IS NOT NULL "
        "CREATE (d:Delivery {id: randomUUID(), state: 'PENDING', attempts: 0, "
        "dueAt: datetime(), createdAt: datetime()})-[:OF]->(n), (d)-[:VIA]->(s)",
        p=world.people["learner"],
    )

    assert (await deliveries.queue_counts(clean_graph)).get("PENDING") == 1
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    assert push.attempts == []
    assert await delivery_rows(clean_graph) == []


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


async def test_preferences_choose_the_channels_per_kind(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, token, device = subscribed.world, subscribed.token, subscribed.device

    prefs = await gql(client, "{ notificationPreferences { kind inApp push } }", token=token)
    rows = prefs["data"]["notificationPreferences"]
    assert len(rows) == len(outbox.Kind)
    assert all(r["inApp"] and r["push"] for r in rows)

    update = """
    mutation($p: [NotificationPreferenceInput!]!) {
      updateNotificationPreferences(preferences: $p) { kind inApp push }
    }"""
    changes = [
        {"kind": "BADGE_ISSUED", "push": False},
        {"kind": "ENDORSEMENT_RECEIVED", "inApp": False},
        {"kind": "BADGE_REVOKED", "inApp": False, "push": False},
    ]
    body = await gql(client, update, {"p": changes}, token=token)
    after = {
        r["kind"]: (r["inApp"], r["push"]) for r in body["data"]["updateNotificationPreferences"]
    }
    assert after["BADGE_ISSUED"] == (True, False)
    assert after["ENDORSEMENT_RECEIVED"] == (False, True)
    assert after["BADGE_REVOKED"] == (False, False)
    assert after["APPLICATION_ACCEPTED"] == (True, True)
    # Changing one channel leaves the other as it was.
    body = await gql(client, update, {"p": [{"kind": "BADGE_ISSUED", "inApp": True}]}, token=token)
    kept = {r["kind"]: r for r in body["data"]["updateNotificationPreferences"]}
    assert kept["BADGE_ISSUED"]["push"] is False

    person = world.people["learner"]

    async def write(tx: Any) -> None:
        for kind in ("BADGE_ISSUED", "ENDORSEMENT_RECEIVED", "BADGE_REVOKED"):
            await outbox.record(
                tx, outbox.Kind(kind), outbox.Audience.PEOPLE, [person], {"title": kind}
            )

    await clean_graph.write(write)
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
    assert [r.payload["kind"] for r in push.for_device(device)] == ["ENDORSEMENT_RECEIVED"]
    shown = [n["kind"] for n in await inbox(client, token)]
    assert "BADGE_ISSUED" in shown
    assert "ENDORSEMENT_RECEIVED" not in shown
    assert "BADGE_REVOKED" not in shown
    muted = await run(
        clean_graph, "MATCH (n:Notification {kind: 'BADGE_REVOKED'}) RETURN count(n) AS n"
    )
    assert muted == [{"n": 0}]

    for wrong in ([], [{"kind": "BADGE_ISSUED"}, {"kind": "BADGE_ISSUED", "push": True}]):
        assert error_codes(await gql(client, update, {"p": wrong}, token=token)) == [
            "BAD_USER_INPUT"
        ]
    assert error_codes(await gql(client, "{ notificationPreferences { kind } }")) == [
        "UNAUTHENTICATED"
    ]


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


async def test_export_lists_devices_areas_and_preferences_and_deletion_erases_them(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    push: PushService,
    subscribed: Subscribed,
) -> None:
    world, token, device = subscribed.world, subscribed.token, subscribed.device
    await gql(
        client,
        'mutation { saveArea(input: {name: "Campus", latitude: 51.05, longitude: 3.72, '
        "radiusKm: 3, domains: [RESEARCH]}) { id } }",
        token=token,
    )
    await gql(
        client,
        "mutation { updateNotificationPreferences(preferences: "
        "[{kind: OPPORTUNITY_NEARBY, push: false}]) { kind } }",
        token=token,
    )
    await notify(clean_graph, world.people["learner"])

    data = (await gql(client, "{ exportMyData }", token=token))["data"]["exportMyData"]
    assert [d["endpoint"] for d in data["pushSubscriptions"]] == [device.endpoint]
    assert [(a["name"], a["radiusKm"], a["domains"]) for a in data["savedAreas"]] == [
        ("Campus", 3.0, ["RESEARCH"])
    ]
    assert data["person"]["mutedPush"] == ["OPPORTUNITY_NEARBY"]

    body = await gql(
        client,
        "mutation($e: String!) { deleteMyAccount(confirmEmail: $e) }",
        {"e": "learner@world.example"},
        token=token,
    )
    assert "errors" not in body, body
    left = await run(
        clean_graph,
        "OPTIONAL MATCH (s:PushSubscription {endpoint: $e}) "
        "OPTIONAL MATCH (a:SavedArea {name: 'Campus'}) "
        "OPTIONAL MATCH (d:Delivery) "
        "RETURN count(s) AS devices, count(a) AS areas, count(d) AS deliveries",
        e=device.endpoint,
    )
    assert left == [{"devices": 0, "areas": 0, "deliveries": 0}]


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
    assert any("UNIQUE d:Delivery(id)" in op for op in operators), operators
    # Neither a label scan nor a full read of the id index per row.
    assert scans(operators) == [], operators
    assert not any(op.startswith("NodeIndexScan") for op in operators), operators

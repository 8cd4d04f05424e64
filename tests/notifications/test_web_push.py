"""Web Push end to end against a real push service on loopback: devices, what reaches them
(and what never does), per-kind preferences, and devices in the learner's export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from graph.notifications import deliveries, outbox
from server.settings import Settings
from tests.helpers import error_codes, gql, inbox, run
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

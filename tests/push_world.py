"""Web Push tests' world: a push-only world, a worker quick enough for a test, and
registering devices, notifying and draining the queue."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from dataclasses import dataclass
from typing import Any

import httpx

from graph.core.database import Graph
from graph.notifications import deliveries, outbox
from notifications.mail import LogMailSender
from notifications.vapid import load_vapid
from notifications.worker import Worker
from server.delivery import worker_config
from server.settings import Settings
from tests.factories import World, make_world
from tests.helpers import gql, run
from tests.push_service import Device

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


def worker(graph: Graph, settings: Settings, *, batch: int = 50, **config: Any) -> Worker:
    """A worker polling every 20 ms; `config` overrides other WorkerConfig fields."""
    quick = dataclasses.replace(worker_config(settings), poll_seconds=0.02, batch=batch, **config)
    return Worker(graph, load_vapid(settings.key_dir), LogMailSender(), quick)


@dataclass(frozen=True)
class Subscribed:
    """A world whose learner has registered one device with the push service."""

    world: World
    token: str  # the learner's
    device: Device


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


async def fanning_out(graph: Graph) -> int:
    """How many saved-area fan-outs are still to be expanded."""
    found = await run(graph, "MATCH (f:FanOut {state: 'PENDING'}) RETURN count(f) AS n")
    return int(found[0]["n"])


async def drain(w: Worker, graph: Graph, within: float = 15.0) -> None:
    """Run the worker until no fan-out is pending and nothing is waiting or being sent."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        await w.run_once()
        counts = await deliveries.queue_counts(graph)
        if not counts.get("PENDING") and not counts.get("SENDING") and not await fanning_out(graph):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"deliveries still queued: {await deliveries.queue_counts(graph)}")


async def delivery_rows(graph: Graph) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (d:Delivery) RETURN d.state AS state, d.attempts AS attempts, "
        "d.lastStatus AS lastStatus ORDER BY d.createdAt",
    )

"""The delivery worker's measures for /metrics: outcomes by channel, and the queue's depth."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from prometheus_client import REGISTRY

from graph.core.database import Graph
from server.settings import Settings
from tests.push_service import PushService
from tests.push_world import drain, fast, notify, push_world, register, worker


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_deliveries_and_queue_depth_are_measured(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
    push: PushService,
) -> None:
    learner = (await push_world(clean_graph)).people["learner"]
    await register(client, token_for(learner), push.device())
    delivered = {"channel": "PUSH", "outcome": "DELIVERED"}
    before = _sample("kring_deliveries_total", **delivered)
    for title in ("first", "second"):
        await notify(clean_graph, learner, title)
    async with worker(clean_graph, fast(settings)) as w:
        await drain(w, clean_graph)
        assert _sample("kring_deliveries_total", **delivered) - before == 2
        await notify(clean_graph, learner, "third")  # queued, not yet sent
        await w.measure_queue()
    assert _sample("kring_delivery_queue_depth", state="PENDING") == 1
    assert _sample("kring_delivery_queue_depth", state="SENDING") == 0

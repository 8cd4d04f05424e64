"""Fixtures of the notification tests: a push service on loopback and a subscribed learner."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest

from graph.core.database import Graph
from notifications.vapid import application_server_key, load_vapid
from server.settings import Settings
from tests.push_service import PushService
from tests.push_world import Subscribed, push_world, register


@pytest.fixture
async def push(settings: Settings) -> AsyncIterator[PushService]:
    key = application_server_key(load_vapid(settings.key_dir))
    async with PushService(expected_key=key) as service:
        yield service
    # Every request the worker made was a well-formed, correctly signed Web Push message.
    assert service.rejections == []


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

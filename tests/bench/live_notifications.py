"""Benchmark: 1,000 open `notificationAdded` subscriptions on one replica.

A real server (uvicorn, in this process, on loopback) and 1,000 graphql-transport-ws clients,
each a different person. For WINDOW seconds a notification is made for a random subscriber
every INTERVAL seconds (through the outbox, as any feature does). Reported: the graph
statements the subscriptions cost per second (the replica's live feed, notifications.live,
counted at graph.notifications.outbox.arrived) and how long each event took from its commit
to its subscriber's socket. Goals (issue 21): at most 2 statements a second, every event
within 2 s.
"""

from __future__ import annotations

import asyncio
import json
import random
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import uvicorn
import websockets

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from graph.notifications import outbox
from server.app import create_app
from server.settings import Environment, PushWorker, Settings
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j

SUBSCRIBERS = 1_000
WINDOW = 20.0
INTERVAL = 0.25
GOAL_READS_PER_SECOND = 2.0
GOAL_ARRIVAL_SECONDS = 2.0
SUBSCRIBE = "subscription { notificationAdded { data } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _client(
    url: str, token: str, ready: asyncio.Event, arrived: dict[str, float], count: list[int]
) -> None:
    async with websockets.connect(
        url, subprotocols=[websockets.Subprotocol("graphql-transport-ws")], max_queue=None
    ) as ws:
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
        )
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIBE}}))
        count[0] += 1
        if count[0] == SUBSCRIBERS:
            ready.set()
        async for message in ws:
            body = json.loads(message)
            if body.get("type") == "next":
                data = body["payload"]["data"]["notificationAdded"]["data"]
                arrived[data["marker"]] = time.perf_counter()


async def measure_async(target: Neo4jTarget, report: Report) -> None:
    graph = Graph.connect(target)
    await migrate(graph)
    people = [str(uuid.uuid4()) for _ in range(SUBSCRIBERS)]

    async def make(tx: Any) -> None:
        await tx.run(
            "UNWIND $ids AS id CREATE (:Person {id: id, email: id + '@live.bench', name: id})",
            ids=people,
        )

    await graph.write(make)
    reads = [0]
    arrived_for = outbox.arrived

    async def counted(*args: Any, **kwargs: Any) -> list[outbox.Arrived]:
        reads[0] += 1
        return await arrived_for(*args, **kwargs)

    outbox.arrived = counted  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            env=Environment.DEVELOPMENT,
            data_dir=Path(data_dir),
            public_url="http://bench.kring.test",
            push_worker=PushWorker.OFF,
        )
        key = load_or_create_signing_key(settings.key_dir)
        token_settings = TokenSettings(
            settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
        )
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(settings, target), host="127.0.0.1", port=port, log_level="warning"
            )
        )
        serving = asyncio.create_task(server.serve())
        clients: list[asyncio.Task[None]] = []
        try:
            # uvicorn offers no event to wait on.
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            ready, count = asyncio.Event(), [0]
            arrived: dict[str, float] = {}
            url = f"ws://127.0.0.1:{port}/graphql"
            for person in people:
                token = issue_access_token(key, token_settings, person)
                clients.append(asyncio.create_task(_client(url, token, ready, arrived, count)))
                await asyncio.sleep(0)  # connect gradually, not 1,000 at one instant
            await asyncio.wait_for(ready.wait(), timeout=120)
            await asyncio.sleep(2)  # every subscription has taken its starting point
            sent: dict[str, float] = {}
            rng = random.Random(21)
            reads_before, began = reads[0], time.perf_counter()
            while time.perf_counter() - began < WINDOW:
                marker = uuid.uuid4().hex

                async def notify(tx: Any, who: str = rng.choice(people), m: str = marker) -> None:
                    await outbox.record_each(tx, outbox.Kind.BADGE_ISSUED, [(who, {"marker": m})])

                await graph.write(notify)
                sent[marker] = time.perf_counter()
                await asyncio.sleep(INTERVAL)
            elapsed = time.perf_counter() - began
            per_second = (reads[0] - reads_before) / elapsed
            await asyncio.sleep(GOAL_ARRIVAL_SECONDS + 1)
            delays = [arrived[m] - t for m, t in sent.items() if m in arrived]
            lost = len(sent) - len(delays)
        finally:
            outbox.arrived = arrived_for
            for client in clients:
                client.cancel()
            await asyncio.gather(*clients, return_exceptions=True)
            server.should_exit = True
            await serving
            await graph.close()
    if not delays:
        raise RuntimeError(f"none of {len(sent)} events reached its subscriber")
    slowest = max(delays)
    print(
        f"{SUBSCRIBERS:,} subscriptions: {per_second:.2f} statements/s; "
        f"{len(sent)} events, p95 {percentile(delays, 95):.2f} s, max {slowest:.2f} s, "
        f"lost {lost}",
        flush=True,
    )
    report.add(
        Figure(
            "live notifications",
            f"{SUBSCRIBERS:,} open subscriptions, graph statements per second",
            per_second,
            "statements/s",
            goal=f"≤ {GOAL_READS_PER_SECOND:g}",
            met=per_second <= GOAL_READS_PER_SECOND,
        ),
        Figure(
            "live notifications",
            "commit to subscriber's socket, slowest event",
            slowest,
            "s",
            goal=f"≤ {GOAL_ARRIVAL_SECONDS:g} s, none lost",
            met=slowest <= GOAL_ARRIVAL_SECONDS and lost == 0,
            note=f"{len(sent)} events; p50 {percentile(delays, 50):.2f} s; lost {lost}",
        ),
    )


def measure(report: Report) -> None:
    with scratch_neo4j() as target:
        asyncio.run(measure_async(target, report))

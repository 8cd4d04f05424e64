"""Benchmark: "new opportunity near you" fan-out and the push queue at Ghent scale.

75k learners each watch one saved area (most a few km, some a whole district); a third
have a device. Reports the publication fan-out (one write transaction, as in
publishOpportunity) and how fast workers can claim and settle deliveries in the graph
(the HTTP side scales with the number of workers, not with the graph).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from typing import Any

from graph.core.database import Graph
from graph.core.migrations import migrate
from graph.notifications import deliveries, outbox
from tests.bench.ghent import DOMAINS, LAT_RANGE, LON_RANGE
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j

LOAD = """
UNWIND $rows AS row
CREATE (p:Person {id: row.id, name: row.id, email: row.id + '@bench.example'})
CREATE (p)-[:WATCHES]->(:SavedArea {id: row.areaId, name: 'Home', radiusKm: row.radiusKm,
        domains: row.domains, location: point({latitude: row.lat, longitude: row.lon}),
        createdAt: datetime()})
WITH p, row WHERE row.device
CREATE (:PushSubscription {id: row.areaId, endpoint: 'https://fcm.googleapis.com/' + row.id,
        p256dh: 'k', auth: 'a', createdAt: datetime(), updatedAt: datetime()})-[:OF]->(p)
"""
OPPORTUNITY = """
CREATE (:Opportunity {id: $id, title: 'Bench', domain: $domain, status: 'PUBLISHED',
        location: point({latitude: $lat, longitude: $lon})})
"""


def _radius(rng: random.Random) -> float:
    roll = rng.random()
    if roll < 0.6:
        return rng.uniform(1, 2)
    if roll < 0.9:
        return rng.uniform(2, 5)
    return rng.uniform(5, 15)


async def load(graph: Graph, learners: int, rng: random.Random) -> None:
    async def write(tx: Any, rows: list[dict[str, Any]]) -> None:
        await (await tx.run(LOAD, rows=rows)).consume()

    rows: list[dict[str, Any]] = []
    for n in range(learners):
        rows.append(
            {
                "id": f"learner-{n}",
                "areaId": str(uuid.uuid4()),
                "lat": rng.uniform(*LAT_RANGE),
                "lon": rng.uniform(*LON_RANGE),
                "radiusKm": _radius(rng),
                # Half watch every domain, the rest one or two.
                "domains": [] if rng.random() < 0.5 else rng.sample(DOMAINS, rng.randint(1, 2)),
                "device": rng.random() < 1 / 3,
            }
        )
        if len(rows) == 5_000:
            await graph.write(write, rows)
            rows = []
    if rows:
        await graph.write(write, rows)


async def publish(graph: Graph, rng: random.Random) -> tuple[float, int]:
    """Write one opportunity, then time the fan-out transaction; (ms, recipients)."""
    opportunity = str(uuid.uuid4())

    async def create(tx: Any) -> None:
        await (
            await tx.run(
                OPPORTUNITY,
                id=opportunity,
                domain=rng.choice(DOMAINS),
                lat=rng.uniform(*LAT_RANGE),
                lon=rng.uniform(*LON_RANGE),
            )
        ).consume()

    async def fan_out(tx: Any) -> None:
        await outbox.record(
            tx,
            outbox.Kind.OPPORTUNITY_NEARBY,
            outbox.Audience.AREA_WATCHERS,
            [opportunity],
            {"opportunityId": opportunity, "title": "Bench"},
        )

    async def notifications(tx: Any) -> int:
        # Answered from the count store, not by reading nodes.
        record = await (await tx.run("MATCH (n:Notification) RETURN count(n) AS n")).single()
        return int(record["n"]) if record else 0

    await graph.write(create)
    before = await graph.read(notifications)
    began = time.perf_counter()
    await graph.write(fan_out)
    elapsed = (time.perf_counter() - began) * 1000
    return elapsed, await graph.read(notifications) - before


async def drain(graph: Graph, batch: int, limit: int) -> tuple[int, float]:
    """Claim and settle (as delivered) up to `limit` deliveries; (count, seconds)."""
    done = 0
    began = time.perf_counter()
    while done < limit:
        claimed = (await deliveries.claim(graph, "bench", batch, 60, max_attempts=8)).claimed
        if not claimed:
            break
        settled = [deliveries.Settled(c.id, c.attempt, "DELIVERED", status=201) for c in claimed]
        await deliveries.settle(graph, "bench", settled)
        done += len(claimed)
    return done, time.perf_counter() - began


async def run(target: Any, args: argparse.Namespace, report: Report) -> None:
    graph = Graph.connect(target)
    rng = random.Random(7)
    try:
        await migrate(graph)
        began = time.perf_counter()
        await load(graph, args.learners, rng)
        seconds = time.perf_counter() - began
        print(f"loaded {args.learners} learners with saved areas in {seconds:.1f} s")
        await publish(graph, rng)  # warm the plan cache
        timings, reached = [], []
        for _ in range(args.publications):
            ms, recipients = await publish(graph, rng)
            timings.append(ms)
            reached.append(recipients)
        report.add(
            Figure(
                "notifications",
                "saved-area fan-out on publication, p95",
                percentile(timings, 95),
                "ms",
                note=f"{statistics.mean(reached):.0f} recipients",
            )
        )
        print(
            f"fan-out on publication, {args.publications} opportunities: "
            f"p50 {statistics.median(timings):.0f} ms, p95 {percentile(timings, 95):.0f} ms; "
            f"recipients per opportunity: mean {statistics.mean(reached):.0f}, "
            f"max {max(reached)}"
        )
        count, seconds = await drain(graph, args.batch, args.deliveries)
        report.add(
            Figure("notifications", "push deliveries claimed and settled", count / seconds, "/s")
        )
        print(
            f"push queue: claimed and settled {count} deliveries in batches of {args.batch}: "
            f"{count / seconds:.0f} per second for one worker's graph work"
        )
    finally:
        await graph.close()


def measure(report: Report) -> None:
    args = argparse.Namespace(learners=75_000, publications=30, batch=50, deliveries=20_000)
    with scratch_neo4j() as target:
        asyncio.run(run(target, args, report))

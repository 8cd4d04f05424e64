"""Benchmark: publishing an opportunity 6,500 learners' saved areas hold, at Ghent scale.

75k learners each watch one saved area (most a few km, some a whole district); 6,500 of those
areas hold the Korenmarkt, and a third of the learners have a device. Reports the publishing
mutation (`publishOpportunity` over GraphQL, in process) at a spot nobody watches and at the
Korenmarkt, interleaved; the time from the mutation until the worker's fan-out has told every
watcher, and that each was told exactly once; and how fast a worker claims and settles the
push deliveries that queued (graph work only: the HTTP side scales with the workers).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from graph.notifications import deliveries, fan_out
from notifications.worker import FAN_OUT_BATCH, FAN_OUT_LEASE_SECONDS
from server.app import create_app
from server.settings import Environment, PushWorker, Settings
from tests.bench.ghent import LAT_RANGE, LON_RANGE, watch_radius
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j

# Greater Ghent, and the Korenmarkt in it.
KORENMARKT = (51.0545, 3.7217)
# Liège: further than any saved area reaches from Ghent.
NOBODY_WATCHES = (50.6326, 5.5797)
DOMAIN = "SUSTAINABILITY"
OTHER_DOMAINS = ("DIGITAL_LITERACY", "ENTREPRENEURIAL_SPIRIT", "RESEARCH", "GLOBAL_CITIZENSHIP")
KM_PER_DEGREE = 111.195  # along a meridian, on Neo4j's sphere

WORLD = """
CREATE (u:University {id: $university, name: 'Bench University'})
CREATE (org:Organisation {id: $organisation, name: 'Bench Org', status: 'APPROVED',
        description: 'Bench', address: 'Gent',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (b:BadgeClass {id: $badgeClass, name: 'Bench Badge', description: 'd', criteria: 'c',
        domain: $domain, level: 1})-[:ISSUED_BY]->(org)
CREATE (:Person {id: $moderator, name: 'Moderator', email: 'moderator@bench.example'})
       -[:MEMBER_OF {role: 'MODERATOR'}]->(u)
CREATE (:Person {id: $admin, name: 'Admin', email: 'admin@bench.example'})
       -[:MEMBER_OF {role: 'ADMIN'}]->(org)
WITH org, b
UNWIND $opportunities AS row
CREATE (o:Opportunity {id: row.id, title: row.title, synopsis: row.title,
        description: row.title, domain: $domain, level: 1, status: 'SUBMITTED',
        startsAt: $startsAt, endsAt: $endsAt, capacity: 10, placesTaken: 0, version: 0,
        address: 'Gent', location: point({latitude: row.lat, longitude: row.lon})})
CREATE (o)-[:OFFERED_BY]->(org), (o)-[:LEADS_TO]->(b)
"""
LEARNERS = """
UNWIND $rows AS row
CREATE (p:Person {id: row.id, name: row.id, email: row.id + '@bench.example'})
CREATE (p)-[:WATCHES]->(:SavedArea {id: row.areaId, name: 'Home', radiusKm: row.radiusKm,
        domains: row.domains, location: point({latitude: row.lat, longitude: row.lon}),
        createdAt: datetime()})
WITH p, row WHERE row.device
CREATE (:PushSubscription {id: row.areaId, endpoint: 'https://fcm.googleapis.com/' + row.id,
        p256dh: 'k', auth: 'a', createdAt: datetime(), updatedAt: datetime()})-[:OF]->(p)
"""
PUBLISH = "mutation($id: ID!) { publishOpportunity(id: $id) { status } }"
# Who was told about each of these opportunities, once per notification.
TOLD = """
UNWIND $opportunities AS opportunity
MATCH (n:Notification {kind: 'OPPORTUNITY_NEARBY'})-[:TO]->(p:Person)
WHERE n.data CONTAINS opportunity
RETURN opportunity, collect(p.id) AS told
"""


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance on Neo4j's sphere."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6378.14 * math.asin(math.sqrt(h))


def _learner(n: int, watcher: bool, rng: random.Random) -> dict[str, Any]:
    radius = watch_radius(rng)
    if watcher:
        # An area around a point well inside its radius from the Korenmarkt.
        distance, bearing = rng.uniform(0, 0.9) * radius, rng.uniform(0, 2 * math.pi)
        lat = KORENMARKT[0] + distance * math.cos(bearing) / KM_PER_DEGREE
        lon = KORENMARKT[1] + distance * math.sin(bearing) / (
            KM_PER_DEGREE * math.cos(math.radians(KORENMARKT[0]))
        )
        domains = [] if rng.random() < 0.5 else sorted({DOMAIN, rng.choice(OTHER_DOMAINS)})
    else:
        lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
        domains = [] if rng.random() < 0.5 else rng.sample([DOMAIN, *OTHER_DOMAINS], 2)
        if _km((lat, lon), KORENMARKT) <= radius * 1.1 + 0.1:
            # Near enough to hold it: another interest only.
            domains = rng.sample(OTHER_DOMAINS, rng.randint(1, 2))
    return {
        "id": f"learner-{n:05d}",
        "areaId": str(uuid.uuid4()),
        "lat": lat,
        "lon": lon,
        "radiusKm": radius,
        "domains": domains,
        "device": rng.random() < 1 / 3,
    }


async def _write(graph: Graph, statement: str, **params: Any) -> list[dict[str, Any]]:
    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(statement, params)]

    return await graph.write(work)


@dataclass(frozen=True)
class World:
    moderator: str
    quiet: list[str]  # opportunities nobody watches, to publish
    watched: list[str]  # opportunities at the Korenmarkt, to publish
    watchers: list[str]  # ids of the learners whose area holds the Korenmarkt


async def load(graph: Graph, args: argparse.Namespace, rng: random.Random) -> World:
    now = datetime.now(UTC)
    quiet = [str(uuid.uuid4()) for _ in range(args.publications + args.warm_up)]
    watched = [str(uuid.uuid4()) for _ in range(args.publications + args.warm_up + 1 + args.timed)]
    moderator = str(uuid.uuid4())
    await _write(
        graph,
        WORLD,
        university=str(uuid.uuid4()),
        organisation=str(uuid.uuid4()),
        badgeClass=str(uuid.uuid4()),
        moderator=moderator,
        admin=str(uuid.uuid4()),
        domain=DOMAIN,
        startsAt=now + timedelta(days=30),
        endsAt=now + timedelta(days=30, hours=2),
        opportunities=[
            {"id": i, "title": "Quiet", "lat": NOBODY_WATCHES[0], "lon": NOBODY_WATCHES[1]}
            for i in quiet
        ]
        + [
            {"id": i, "title": "Watched", "lat": KORENMARKT[0], "lon": KORENMARKT[1]}
            for i in watched
        ],
    )
    chosen = set(rng.sample(range(args.learners), args.watchers))
    rows: list[dict[str, Any]] = []
    watchers: list[str] = []
    for n in range(args.learners):
        rows.append(_learner(n, n in chosen, rng))
        if n in chosen:
            watchers.append(rows[-1]["id"])
        if len(rows) == 5_000:
            await _write(graph, LEARNERS, rows=rows)
            rows = []
    if rows:
        await _write(graph, LEARNERS, rows=rows)
    return World(moderator, quiet, watched, watchers)


def _settings(data_dir: Path) -> Settings:
    # The worker stays off while the mutation is timed: fan-outs wait, as under a busy worker.
    return Settings(
        env=Environment.DEVELOPMENT,
        data_dir=data_dir,
        public_url="http://bench.kring.test",
        push_worker=PushWorker.OFF,
    )


def _publisher(
    http: httpx.AsyncClient, settings: Settings, moderator: str
) -> Callable[[str], Awaitable[float]]:
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    token = issue_access_token(key, token_settings, moderator)

    async def publish(opportunity: str) -> float:
        """Publish it as the moderator; the mutation's latency in ms."""
        began = time.perf_counter()
        answer = await http.post(
            "/graphql",
            json={"query": PUBLISH, "variables": {"id": opportunity}},
            headers={"authorization": f"Bearer {token}"},
        )
        elapsed = (time.perf_counter() - began) * 1000
        body = answer.json()
        if body.get("errors") or body["data"]["publishOpportunity"]["status"] != "PUBLISHED":
            raise RuntimeError(f"publishing failed: {body}")
        return elapsed

    return publish


async def tell_everyone(graph: Graph) -> int:
    """Expand every pending fan-out as one worker does (its batch and lease); steps taken."""
    steps = 0
    while due := await fan_out.due(graph, 8):
        for chosen in due:
            while True:
                expanded = await fan_out.expand(
                    graph, chosen, "bench", FAN_OUT_BATCH, FAN_OUT_LEASE_SECONDS
                )
                steps += 1
                if expanded is None or expanded.state != "PENDING":
                    break
    return steps


async def drain(graph: Graph, batch: int) -> tuple[int, float]:
    """Claim and settle (as delivered) every due delivery; (count, seconds)."""
    done = 0
    began = time.perf_counter()
    while True:
        claimed = (await deliveries.claim(graph, "bench", batch, 60, max_attempts=8)).claimed
        if not claimed:
            break
        settled = [deliveries.Settled(c.id, c.attempt, "DELIVERED", status=201) for c in claimed]
        await deliveries.settle(graph, "bench", settled)
        done += len(claimed)
    return done, time.perf_counter() - began


def _goal_figures(quiet: list[float], watched: list[float], watchers: int) -> list[Figure]:
    base, loaded = percentile(quiet, 95), percentile(watched, 95)
    bound = 1.2 * base + 2.0
    return [
        Figure(
            "notifications",
            "publishOpportunity p95, 0 watchers",
            base,
            "ms",
            note=f"p50 {statistics.median(quiet):.1f} ms, {len(quiet)} publications",
        ),
        Figure(
            "notifications",
            f"publishOpportunity p95, {watchers:,} watchers",
            loaded,
            "ms",
            goal="unaffected by watchers: ≤ 1.2x p95(0 watchers) + 2 ms",
            met=loaded <= bound,
            reference="p95 with 0 watchers",
            ratio=loaded / base,
            note=f"p50 {statistics.median(watched):.1f} ms; bound {bound:.1f} ms",
        ),
    ]


async def measure_async(target: Neo4jTarget, args: argparse.Namespace, report: Report) -> None:
    graph = Graph.connect(target)
    rng = random.Random(7)
    try:
        await migrate(graph)
        began = time.perf_counter()
        world = await load(graph, args, rng)
        print(
            f"loaded {args.learners:,} learners with saved areas ({len(world.watchers):,} "
            f"holding the Korenmarkt) in {time.perf_counter() - began:.1f} s",
            flush=True,
        )
        with tempfile.TemporaryDirectory(prefix="kring-bench-data-") as data:
            settings = _settings(Path(data))
            app = create_app(settings, target)
            async with (
                LifespanManager(app) as manager,
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=manager.app),
                    base_url=settings.public_url,
                    timeout=60,
                ) as http,
            ):
                publish = _publisher(http, settings, world.moderator)
                quiet, watched = iter(world.quiet), iter(world.watched)
                for _ in range(args.warm_up):
                    await publish(next(quiet))
                    await publish(next(watched))
                # Interleaved, so drift in the machine's load falls on both alike.
                timings: dict[str, list[float]] = {"0 watchers": [], "watched": []}
                for _ in range(args.publications):
                    timings["0 watchers"].append(await publish(next(quiet)))
                    timings["watched"].append(await publish(next(watched)))
                report.add(*_goal_figures(timings["0 watchers"], timings["watched"], args.watchers))
                report.latencies["publishOpportunity"] = {
                    "0 watchers": timings["0 watchers"],
                    f"{args.watchers:,} watchers": timings["watched"],
                }
                print(
                    "publishOpportunity p95: "
                    f"{percentile(timings['0 watchers'], 95):.1f} ms with 0 watchers, "
                    f"{percentile(timings['watched'], 95):.1f} ms with {args.watchers:,}",
                    flush=True,
                )
                # Those publications' fan-outs are not the question: only the timed ones run.
                await _write(graph, "MATCH (f:FanOut) DETACH DELETE f")

                # One untimed first, so the fan-out's statement is planned and cached.
                warm, *timed = watched
                await publish(warm)
                await tell_everyone(graph)
                until_told: list[float] = []
                steps = 0
                for opportunity in timed:
                    began = time.perf_counter()
                    await publish(opportunity)
                    steps += await tell_everyone(graph)
                    until_told.append(time.perf_counter() - began)
        told = {r["opportunity"]: r["told"] for r in await _write(graph, TOLD, opportunities=timed)}
        watchers = set(world.watchers)
        # Per publication: watchers told exactly once, and any other notification (a repeat,
        # or someone who does not watch the spot).
        once, extra = [], 0
        for opportunity in timed:
            times = Counter(told.get(opportunity, []))
            once.append(sum(1 for w in watchers if times[w] == 1))
            extra += sum(times.values()) - once[-1]
        report.add(
            Figure(
                "notifications",
                f"publication until all {args.watchers:,} watchers are notified, slowest",
                max(until_told),
                "s",
                note=f"one worker, batches of {FAN_OUT_BATCH}, without its idle poll (≤ 1 s); "
                f"{len(timed)} publications, "
                f"{steps} steps; mean {statistics.mean(until_told):.2f} s",
            ),
            Figure(
                "notifications",
                "watchers notified exactly once, fewest of the publications",
                min(once),
                "people",
                goal=f"every one of the {args.watchers:,}, once, and nobody else",
                met=min(once) == len(watchers) and extra == 0,
                note=f"{len(timed)} publications; {extra} other notifications",
            ),
        )
        print(
            f"until every watcher is notified: {', '.join(f'{s:.2f}' for s in until_told)} s; "
            f"watchers told exactly once: {once}; other notifications: {extra}",
            flush=True,
        )

        count, seconds = await drain(graph, args.batch)
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
    args = argparse.Namespace(
        learners=75_000, watchers=6_500, publications=60, warm_up=5, timed=3, batch=50
    )
    with scratch_neo4j() as target:
        asyncio.run(measure_async(target, args, report))

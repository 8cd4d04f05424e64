"""Benchmark: near me at Ghent scale, Kring beside what a Neo4j team would stand up instead.

Over one Ghent graph (tests/bench/ghent.py) four contenders answer the discover list's
question: published opportunities within 2 km of a learner's home, nearest first, the first
20, with the fields the web app's list shows.

- Kring: `kring serve`, sent the web app's own Discover document over HTTP;
- Kring's Cypher: `discovery_statement`/`discovery_parameters` through the raw Python driver, its
  nearest ring first and then the whole circle, as `discover` does;
- the peer: @neo4j/graphql 7 on Apollo Server (tests/bench/peer_graphql.py) over HTTP;
- the peer's Cypher: the statement the peer generated (from its debug log), same driver.

16 concurrent clients, then one, for a fixed time each; three rounds, the contenders' order
turned every round; ratios are taken within a round and their medians reported.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import aiohttp

from graph.core.database import Graph, Neo4jTarget
from graph.core.geo import GeoPoint
from graph.opportunities.discovery import (
    Circle,
    Filters,
    discovery_parameters,
    discovery_statement,
    probe_radius,
)
from server.settings import REPO_ROOT
from tests.bench import peer_graphql
from tests.bench.ghent import GHENT, Scale, ghent_graph, learner_home
from tests.bench.report import Figure, Report, percentile, write
from tests.opportunities.relevance.judge import load_queries
from tests.processes import serving
from tests.round_robin import RoundRobin

RADIUS_KM = 2.0
FIRST = 20
CLIENTS = (16, 1)
GOAL_THROUGHPUT = 1.5  # Kring's throughput over the peer's, 16 clients
GOAL_OVERHEAD = 1.3  # Kring's p95 over the raw driver's with Kring's Cypher, 16 clients
GOAL_CYPHER = 1.0  # Kring's Cypher's throughput over the peer's Cypher's, same driver
GOAL_ONE_CLIENT_P95_MS = 15.0
GOAL_HYBRID = 1.5  # Kring's p95 with words (meaning, words and place) over near me alone

KRING = "Kring (HTTP)"
KRING_CYPHER = "Kring's Cypher (Python driver)"
PEER = "@neo4j/graphql 7 + Apollo (HTTP)"
PEER_CYPHER = "peer's Cypher (Python driver)"
CONTENDERS = (KRING, KRING_CYPHER, PEER, PEER_CYPHER)
# Not a contender (no peer searches by meaning): the same question with a learner's words,
# measured beside Kring's plain one in every round.
HYBRID = "Kring with words (HTTP)"
# Issue 21: the same question through a round-robin proxy over two `kring serve` replicas on
# the same Neo4j, beside one replica (KRING), in every round.
TWO_REPLICAS = "Kring, two replicas behind a proxy (HTTP)"

DISCOVER_SOURCE = REPO_ROOT / "web" / "src" / "opportunities" / "Discover.tsx"
JSON = {"content-type": "application/json"}

Point = tuple[float, float]
Call = Callable[[Point], Awaitable[list[str]]]  # the ids answered, in order


@dataclass(frozen=True)
class Settings:
    scale: Scale = GHENT
    rounds: int = 3
    seconds: float = 15.0  # measured, per contender and number of clients
    warmup: float = 3.0
    points: int = 500  # learners' homes the questions are asked at, in turn


def web_document() -> str:
    """The Discover document exactly as the web app's list sends it."""
    found = re.search(r"const DISCOVER = graphql\(`(.*?)`\);", DISCOVER_SOURCE.read_text(), re.S)
    if found is None:
        raise RuntimeError(f"no DISCOVER document in {DISCOVER_SOURCE}")
    return found[1]


def query_points(settings: Settings) -> list[Point]:
    """Learners' homes, in a fixed order: where the question is asked."""
    rng = random.Random(settings.scale.seed + 1)
    chosen = rng.sample(range(settings.scale.learners), settings.points)
    return [learner_home(settings.scale, n) for n in chosen]


# --- the contenders -------------------------------------------------------------------------


async def _records(tx: Any, statement: str, params: dict[str, Any]) -> list[Any]:
    result = await tx.run(statement, params)
    return [record async for record in result]


# The opportunity fields the web app's Discover document selects: what Kring's resolver reads.
LIST_FIELDS = frozenset(
    {"id", "title", "synopsis", "starts_at", "capacity", "places_taken", "domain", "level",
     "address", "location", "organisation"}
)  # fmt: skip


def _circle(point: Point) -> Filters:
    return Filters(circle=Circle(GeoPoint(*point), RADIUS_KM * 1000))


def kring_attempts(point: Point) -> list[dict[str, Any]]:
    """The parameters Kring's `discover` tries in turn: its nearest ring, then the circle."""
    filters = _circle(point)
    params = discovery_parameters(filters, FIRST + 1, None)
    probe = probe_radius(filters, None)
    return ([{**params, "radius": probe}] if probe is not None else []) + [params]


def kring_cypher(graph: Graph) -> Call:
    statement = discovery_statement(_circle((0.0, 0.0)), None, LIST_FIELDS)

    async def work(tx: Any, point: Point) -> list[Any]:
        # As Kring's resolver does: one more than a page, to know whether another follows.
        for params in kring_attempts(point):
            records = await _records(tx, statement, params)
            if len(records) > FIRST:
                break
        return records

    async def call(point: Point) -> list[str]:
        records = await graph.read(work, point)
        return [r["opportunity"]["id"] for r in records][:FIRST]

    return call


def peer_cypher(graph: Graph, statement: str, params: dict[str, Any], captured: Point) -> Call:
    async def call(point: Point) -> list[str]:
        records = await graph.read(
            _records, statement, peer_graphql.with_point(params, captured, point)
        )
        return [edge["node"]["id"] for edge in records[0]["this"]["edges"]]

    return call


def _graphql(
    session: aiohttp.ClientSession,
    url: str,
    document: str,
    variables: Callable[[Point], dict[str, Any]],
    field_name: str,
) -> Call:
    async def call(point: Point) -> list[str]:
        body = json.dumps({"query": document, "variables": variables(point)})
        async with session.post(url, data=body, headers=JSON) as response:
            payload = await response.read()
        answer = json.loads(payload) if response.status == 200 else {}
        if "errors" in answer or "data" not in answer:
            raise RuntimeError(f"{url} answered {response.status}: {payload[:500]!r}")
        return [edge["node"]["id"] for edge in answer["data"][field_name]["edges"]]

    return call


def kring_http(session: aiohttp.ClientSession, url: str) -> Call:
    def variables(point: Point) -> dict[str, Any]:
        near = {"latitude": point[0], "longitude": point[1], "radiusKm": RADIUS_KM}
        filter_ = {"hasFreePlaces": False, "near": near}
        return {"filter": filter_, "kinds": ["OPPORTUNITY"], "first": FIRST, "after": None}

    return _graphql(session, f"{url}/graphql", web_document(), variables, "discover")


def hybrid_http(session: aiohttp.ClientSession, url: str, words: list[str]) -> Call:
    """Kring's Discover with a learner's words as well: meaning, words and place fused."""
    asked = itertools.count()

    def variables(point: Point) -> dict[str, Any]:
        near = {"latitude": point[0], "longitude": point[1], "radiusKm": RADIUS_KM}
        text = words[next(asked) % len(words)]
        filter_ = {"hasFreePlaces": False, "near": near, "text": text}
        return {"filter": filter_, "kinds": ["OPPORTUNITY"], "first": FIRST, "after": None}

    return _graphql(session, f"{url}/graphql", web_document(), variables, "discover")


def peer_http(session: aiohttp.ClientSession, url: str) -> Call:
    def variables(point: Point) -> dict[str, Any]:
        return peer_graphql.near_me_variables(point[0], point[1], RADIUS_KM, FIRST)

    return _graphql(session, url, peer_graphql.NEAR_ME, variables, "opportunitiesConnection")


# --- driving them ---------------------------------------------------------------------------


@dataclass
class Run:
    latencies: list[float]  # ms
    seconds: float

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95)


async def drive(call: Call, points: list[Point], clients: int, settings: Settings) -> Run:
    """`clients` asking one after another (closed loop) for `settings.seconds`, after a warm-up."""
    turn = itertools.count()
    latencies: list[float] = []

    async def client(until: float, keep: bool) -> None:
        while time.perf_counter() < until:
            point = points[next(turn) % len(points)]
            began = time.perf_counter()
            await call(point)
            if keep:
                latencies.append((time.perf_counter() - began) * 1000)

    warm = time.perf_counter() + settings.warmup
    await asyncio.gather(*(client(warm, keep=False) for _ in range(clients)))
    began = time.perf_counter()
    await asyncio.gather(*(client(began + settings.seconds, keep=True) for _ in range(clients)))
    return Run(latencies, time.perf_counter() - began)


async def check_answers(calls: dict[str, Call], points: list[Point]) -> None:
    """Every contender answers the same opportunities, nearest first, before any is timed."""
    for point in points:
        answers = {name: await call(point) for name, call in calls.items()}
        kring = answers[KRING]
        for name, ids in answers.items():
            if set(ids) != set(kring) or len(ids) != len(kring):
                raise AssertionError(
                    f"at {point} {name} answered {len(ids)} opportunities and {KRING} "
                    f"{len(kring)}; they differ in {sorted(set(ids) ^ set(kring))[:5]}"
                )


@dataclass
class Profiled:
    db_hits: list[int] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)


def _hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_hits(c) for c in plan.get("children", []))


async def profile(graph: Graph, statement: str, attempts: list[list[dict[str, Any]]]) -> Profiled:
    """PROFILE's db hits and the server's time (until the last row is consumed) per point,
    summed over the parameters tried for it until one filled the page."""
    profiled = Profiled()
    prefix, _, body = statement.partition("\n") if statement.startswith("CYPHER") else ("", "", "")
    text = f"{prefix}\nPROFILE {body}" if prefix else f"PROFILE {statement}"

    async def work(tx: Any, tried: list[dict[str, Any]]) -> tuple[int, float]:
        hits, ms = 0, 0.0
        for p in tried:
            result = await tx.run(text, p)
            found = len([record async for record in result])
            summary = await result.consume()
            hits += _hits(summary.profile)
            ms += summary.result_available_after + summary.result_consumed_after
            if found > FIRST:
                break
        return hits, ms

    for tried in attempts:
        hits, ms = await graph.read(work, tried)
        profiled.db_hits.append(hits)
        profiled.server_ms.append(ms)
    return profiled


CANDIDATES = """
MATCH (o:Opportunity)
WHERE point.distance(o.location, point({latitude: $latitude, longitude: $longitude})) <= $radius
  AND o.status = 'PUBLISHED'
RETURN count(o) AS n
"""


async def candidates(graph: Graph, points: list[Point]) -> list[int]:
    """How many published opportunities each circle holds (what nearest-first must sort)."""

    async def work(tx: Any, point: Point) -> int:
        record = await (
            await tx.run(CANDIDATES, latitude=point[0], longitude=point[1], radius=RADIUS_KM * 1000)
        ).single()
        return int(record["n"]) if record else 0

    return [await graph.read(work, point) for point in points]


# --- the benchmark --------------------------------------------------------------------------


@dataclass
class Measured:
    rounds: list[dict[int, dict[str, Run]]] = field(default_factory=list)
    load: list[tuple[float, float, float]] = field(default_factory=list)  # at one client
    kring_profile: Profiled = field(default_factory=Profiled)
    peer_profile: Profiled = field(default_factory=Profiled)
    candidates: list[int] = field(default_factory=list)
    peer_statement: str = ""

    def ratios(self, clients: int, value: Callable[[Run], float], of: str, to: str) -> float:
        """The median over rounds of value(of) / value(to), each taken within its round."""
        return statistics.median(value(r[clients][of]) / value(r[clients][to]) for r in self.rounds)

    def median(self, clients: int, value: Callable[[Run], float], name: str) -> float:
        return statistics.median(value(r[clients][name]) for r in self.rounds)

    def samples(self, clients: int, name: str) -> list[float]:
        return [ms for r in self.rounds for ms in r[clients][name].latencies]


async def _capture_peer(target: Neo4jTarget, point: Point) -> tuple[str, dict[str, Any]]:
    """The Cypher the peer runs for the question, from one request with its debug log on."""
    with peer_graphql.peer_server(target, debug=True) as peer:
        async with aiohttp.ClientSession() as session:
            await peer_http(session, peer.url)(point)
        return peer_graphql.last_statement(peer.log())


async def measure_all(
    target: Neo4jTarget,
    kring_url: str,
    peer_url: str,
    settings: Settings,
    peer_statement: tuple[str, dict[str, Any]],
    captured: Point,
    second_url: str,
) -> Measured:
    points = query_points(settings)
    measured = Measured(peer_statement=peer_statement[0])
    graph = Graph.connect(target)
    connector = aiohttp.TCPConnector(limit=64)
    proxy = RoundRobin([int(u.rsplit(":", 1)[1]) for u in (kring_url, second_url)])
    proxy_url = await proxy.start()
    try:
        async with aiohttp.ClientSession(connector=connector) as session:
            calls = {
                KRING: kring_http(session, kring_url),
                KRING_CYPHER: kring_cypher(graph),
                PEER: peer_http(session, peer_url),
                PEER_CYPHER: peer_cypher(graph, *peer_statement, captured),
            }
            # The labelled set's queries: Dutch and English, as learners type them.
            hybrid = hybrid_http(session, kring_url, [q.text for q in load_queries()])
            await check_answers(calls, points[:25])
            measured.candidates = await candidates(graph, points[:100])
            kring_statement = discovery_statement(_circle(points[0]), None, LIST_FIELDS)
            measured.kring_profile = await profile(
                graph,
                kring_statement,
                [kring_attempts(p) for p in points[:30]],
            )
            measured.peer_profile = await profile(
                graph,
                peer_statement[0],
                [[peer_graphql.with_point(peer_statement[1], captured, p)] for p in points[:30]],
            )
            for round_ in range(settings.rounds):
                order = CONTENDERS[round_ % 4 :] + CONTENDERS[: round_ % 4]
                runs: dict[int, dict[str, Run]] = {}
                for clients in CLIENTS:
                    runs[clients] = {}
                    for name in order:
                        run = await drive(calls[name], points, clients, settings)
                        runs[clients][name] = run
                        if clients == 1 and name == KRING:
                            measured.load.append(os.getloadavg())
                        print(
                            f"round {round_ + 1}, {clients:>2} clients, {name:<34} "
                            f"{run.throughput:7.1f}/s  p50 {run.p50:7.2f} ms  "
                            f"p95 {run.p95:7.2f} ms",
                            flush=True,
                        )
                many = CLIENTS[0]
                runs[many][HYBRID] = run = await drive(hybrid, points, many, settings)
                print(
                    f"round {round_ + 1}, {many:>2} clients, {HYBRID:<34} "
                    f"{run.throughput:7.1f}/s  p50 {run.p50:7.2f} ms  p95 {run.p95:7.2f} ms",
                    flush=True,
                )
                two = kring_http(session, proxy_url)
                runs[many][TWO_REPLICAS] = run = await drive(two, points, many, settings)
                print(
                    f"round {round_ + 1}, {many:>2} clients, {TWO_REPLICAS:<34} "
                    f"{run.throughput:7.1f}/s  p50 {run.p50:7.2f} ms  p95 {run.p95:7.2f} ms "
                    f"(served: {dict(proxy.served)})",
                    flush=True,
                )
                measured.rounds.append(runs)
    finally:
        await proxy.stop()
        await graph.close()
    return measured


def run(settings: Settings) -> Measured:
    with ghent_graph(settings.scale, plugins=peer_graphql.apoc_jars()) as target:
        captured = query_points(settings)[0]
        statement = asyncio.run(_capture_peer(target, captured))
        neo4j = {"NEO4J_URI": target.uri, "NEO4J_USER": target.user}
        neo4j["NEO4J_PASSWORD"] = target.password
        with (
            tempfile.TemporaryDirectory(prefix="kring-near-me-") as data,
            serving(Path(data) / "one", ready_timeout=300, **neo4j) as kring,
            serving(Path(data) / "two", ready_timeout=300, **neo4j) as second,
            peer_graphql.peer_server(target) as peer,
        ):
            return asyncio.run(
                measure_all(target, kring.url, peer.url, settings, statement, captured, second.url)
            )


def figures(m: Measured, report: Report) -> None:
    tput: Callable[[Run], float] = attrgetter("throughput")
    p95: Callable[[Run], float] = attrgetter("p95")
    p50: Callable[[Run], float] = attrgetter("p50")
    many, one = CLIENTS
    question = f"{RADIUS_KM:g} km, first {FIRST}, nearest first"
    ratio = m.ratios(many, tput, KRING, PEER)
    overhead = m.ratios(many, p95, KRING, KRING_CYPHER)
    cypher = m.ratios(many, tput, KRING_CYPHER, PEER_CYPHER)
    one_p95 = m.median(one, p95, KRING)
    load = statistics.median(x[0] for x in m.load)
    report.add(
        Figure(
            "near-me",
            f"{many} clients: Kring throughput ({question})",
            m.median(many, tput, KRING),
            "req/s",
            goal=f"≥ {GOAL_THROUGHPUT:g}x the peer",
            met=ratio >= GOAL_THROUGHPUT,
            reference=f"{PEER}, {m.median(many, tput, PEER):.0f} req/s",
            ratio=ratio,
        ),
        Figure(
            "near-me",
            f"{many} clients: Kring p95",
            m.median(many, p95, KRING),
            "ms",
            goal=f"≤ {GOAL_OVERHEAD:g}x the raw driver",
            met=overhead <= GOAL_OVERHEAD,
            reference=f"{KRING_CYPHER}, p95 {m.median(many, p95, KRING_CYPHER):.1f} ms",
            ratio=overhead,
        ),
        Figure(
            "near-me",
            f"{many} clients: Kring's Cypher throughput, Python driver",
            m.median(many, tput, KRING_CYPHER),
            "req/s",
            goal=f"≥ {GOAL_CYPHER:g}x the peer's Cypher",
            met=cypher >= GOAL_CYPHER,
            reference=f"{PEER_CYPHER}, {m.median(many, tput, PEER_CYPHER):.0f} req/s",
            ratio=cypher,
        ),
        Figure(
            "near-me",
            "one client: Kring p95",
            one_p95,
            "ms",
            goal=f"≤ {GOAL_ONE_CLIENT_P95_MS:g} ms on a quiet machine",
            met=one_p95 <= GOAL_ONE_CLIENT_P95_MS,
            note=f"1-minute load average {load:.1f} on {os.cpu_count()} CPUs",
        ),
    )
    hybrid = m.ratios(many, p95, HYBRID, KRING)
    report.add(
        Figure(
            "near-me",
            f"{many} clients: Kring p95 with words (meaning, words and place)",
            m.median(many, p95, HYBRID),
            "ms",
            goal=f"≤ {GOAL_HYBRID:g}x near me without words",
            met=hybrid <= GOAL_HYBRID,
            reference=f"{KRING}, p95 {m.median(many, p95, KRING):.1f} ms",
            ratio=hybrid,
            note=f"{m.median(many, tput, HYBRID):.0f} req/s; the labelled set's 96 queries",
        )
    )
    replicas = m.ratios(many, tput, TWO_REPLICAS, KRING)
    report.add(
        Figure(
            "near-me",
            f"{many} clients: two replicas on the same Neo4j, throughput",
            m.median(many, tput, TWO_REPLICAS),
            "req/s",
            reference=f"{KRING} (one replica), {m.median(many, tput, KRING):.0f} req/s",
            ratio=replicas,
            note=f"{os.cpu_count()} CPUs shared by Neo4j, both replicas and the clients",
        )
    )
    kring_hits = statistics.median(m.kring_profile.db_hits)
    peer_hits = statistics.median(m.peer_profile.db_hits)
    report.add(
        Figure(
            "near-me",
            "PROFILE db hits, Kring's Cypher (median)",
            kring_hits,
            "hits",
            reference=f"the peer's Cypher, {peer_hits:,.0f} hits",
            ratio=kring_hits / peer_hits,
            note=f"server time {statistics.median(m.kring_profile.server_ms):.1f} ms",
        ),
        Figure(
            "near-me",
            "PROFILE db hits, the peer's Cypher (median)",
            peer_hits,
            "hits",
            note=f"server time {statistics.median(m.peer_profile.server_ms):.1f} ms",
        ),
        Figure(
            "near-me",
            f"published opportunities within {RADIUS_KM:g} km of the query points (median)",
            statistics.median(m.candidates),
            "",
            note=f"max {max(m.candidates)}",
        ),
    )
    for clients in CLIENTS:
        for name in CONTENDERS:
            report.add(
                Figure(
                    "near-me",
                    f"{clients} client{'s' if clients > 1 else ''}: {name}, p95",
                    m.median(clients, p95, name),
                    "ms",
                    note=f"p50 {m.median(clients, p50, name):.1f} ms, "
                    f"{m.median(clients, tput, name):.0f} req/s",
                )
            )
        group = f"near-me, {clients} client{'s' if clients > 1 else ''}"
        report.latencies[group] = {name: m.samples(clients, name) for name in CONTENDERS}


def measure(report: Report, settings: Settings | None = None) -> None:
    figures(run(settings or Settings()), report)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of Ghent scale")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    scale = GHENT if args.scale == 1 else GHENT.scaled(args.scale)
    started = datetime.now(UTC)
    report = Report()
    measure(report, Settings(scale=scale, rounds=args.rounds, seconds=args.seconds))
    print(write(report, started).read_text())


if __name__ == "__main__":
    main()

"""Benchmark: an organisation completes 100, 1,000 and 10,000 participations in bulk, and each
learner's badge is issued.

For each size: the `completeApplications` mutation (over GraphQL, in process; 10,000 are ten
requests of 1,000), then every learner's `claimParticipation`, which issues the badge at once
under the class's consent in advance (`autoIssueParticipations`, no endorsement needed).
Issuance happens inside that mutation, so timing it times the issuance; credentials are signed
only when fetched, and the e-mails go out with the delivery worker, which is not timed here.
Reports the per-item cost of each size; the goal: the 10,000 run costs at most 1.5x per item
what the 100 run does. Also sweeps the chunk size on 1,000 completions (graph work only) for
the choice of `graph.participation.bulk.CHUNK_SIZE`.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from auth.permissions import Permission, require
from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from graph.participation import bulk
from server.app import create_app
from server.settings import Environment, PushWorker, Settings
from tests.bench.report import Figure, Report
from tests.bench.store import scratch_neo4j

SIZES = (100, 1_000, 10_000)
SWEEP = (25, 50, 100, 250, 500, 1_000)  # chunk sizes tried on 1,000 completions
SWEEP_ITEMS = 1_000
WARM_UP = 200
# Learners claiming at the same time.
CLAIMERS = 4

WORLD = """
CREATE (u:University {id: $university, name: 'Bench University'})
CREATE (org:Organisation {id: $organisation, name: 'Bench Org', status: 'APPROVED',
        description: 'Bench', address: 'Gent',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (:BadgeClass {id: $badgeClass, name: 'Bench Badge', description: 'd', criteria: 'c',
        domain: 'SUSTAINABILITY', level: 1, policyMinimum: 0, policyRelationships: [],
        policyRequireOneOf: [], autoIssueParticipations: true})-[:ISSUED_BY]->(org)
CREATE (:Person {id: $admin, name: 'Admin', email: 'admin@bench.example'})
       -[:MEMBER_OF {role: 'ADMIN'}]->(org)
"""
# An event that started an hour ago, with `size($learners)` accepted participants.
EVENT = """
MATCH (org:Organisation {id: $organisation}), (b:BadgeClass {id: $badgeClass})
MERGE (o:Opportunity {id: $opportunity})
  ON CREATE SET o.title = $title, o.synopsis = $title, o.description = $title,
                o.domain = 'SUSTAINABILITY', o.level = 1, o.status = 'PUBLISHED',
                o.startsAt = datetime() - duration('PT1H'),
                o.endsAt = datetime() + duration('P1D'), o.capacity = $capacity,
                o.placesTaken = $capacity, o.version = 0, o.address = 'Gent',
                o.location = point({latitude: 51.05, longitude: 3.72})
MERGE (o)-[:OFFERED_BY]->(org)
MERGE (o)-[:LEADS_TO]->(b)
WITH o
UNWIND $learners AS row
CREATE (p:Person {id: row.person, name: row.person, email: row.person + '@bench.example'})
CREATE (p)-[:APPLIED]->(:Application {id: row.application, status: 'ACCEPTED',
        motivation: 'keen', createdAt: datetime()})-[:FOR]->(o)
"""
BULK = """
mutation($ids: [ID!]!, $r: ID!) {
  completeApplications(ids: $ids, outcome: COMPLETED, requestId: $r) { completed failed }
}
"""
CLAIM = "mutation($a: ID!) { claimParticipation(applicationId: $a) { status } }"
ISSUED = """
UNWIND $applications AS id
MATCH (:Application {id: id})<-[:FROM]-(:Claim)-[:ISSUED_AS]->(a:Assertion)
RETURN count(a) AS issued
"""


@dataclass(frozen=True)
class Event:
    opportunity: str
    learners: list[tuple[str, str]]  # (person, application)


async def _write(graph: Graph, statement: str, **params: Any) -> list[dict[str, Any]]:
    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(statement, params)]

    return await graph.write(work)


async def event(graph: Graph, world: dict[str, str], size: int, title: str) -> Event:
    """A started opportunity with `size` accepted learners."""
    opportunity = str(uuid.uuid4())
    learners = [(str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(size)]
    for start in range(0, size, 5_000):
        await _write(
            graph,
            EVENT,
            organisation=world["organisation"],
            badgeClass=world["badgeClass"],
            opportunity=opportunity,
            title=title,
            capacity=size,
            learners=[{"person": p, "application": a} for p, a in learners[start : start + 5_000]],
        )
    return Event(opportunity, learners)


class Client:
    """The organisation's admin and its learners, over GraphQL in process."""

    def __init__(self, http: httpx.AsyncClient, settings: Settings, admin: str) -> None:
        self.http = http
        self.key = load_or_create_signing_key(settings.key_dir)
        self.token_settings = TokenSettings(
            settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
        )
        self.admin = admin

    async def call(self, person: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        token = issue_access_token(self.key, self.token_settings, person)
        answer = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
        body: dict[str, Any] = answer.json()
        if body.get("errors"):
            raise RuntimeError(f"GraphQL call failed: {body['errors']}")
        data: dict[str, Any] = body["data"]
        return data

    async def complete(self, applications: list[str]) -> None:
        """completeApplications, a request per 1,000."""
        for start in range(0, len(applications), bulk.MAX_IDS):
            ids = applications[start : start + bulk.MAX_IDS]
            data = await self.call(self.admin, BULK, {"ids": ids, "r": str(uuid.uuid4())})
            report = data["completeApplications"]
            if report["completed"] != len(ids):
                raise RuntimeError(f"completeApplications left some undone: {report}")

    async def claim_all(self, learners: list[tuple[str, str]]) -> None:
        """Every learner claims their participation, CLAIMERS at a time; each is issued."""
        queue = iter(learners)

        async def claimer() -> None:
            for person, application in queue:
                data = await self.call(person, CLAIM, {"a": application})
                if data["claimParticipation"]["status"] != "ISSUED":
                    raise RuntimeError(f"not issued at once: {data}")

        await asyncio.gather(*(claimer() for _ in range(CLAIMERS)))


async def _timed(work: Awaitable[None]) -> float:
    began = time.perf_counter()
    await work
    return time.perf_counter() - began


async def sweep(graph: Graph, world: dict[str, str], report: Report) -> None:
    """1,000 completions per chunk size (graph work only): the cost per item."""
    guard = require(Permission.APPLICATION_DECIDE)
    results: dict[int, float] = {}
    for size in (SWEEP[0], *SWEEP):  # the first once more, untimed: plans warm
        made = await event(graph, world, SWEEP_ITEMS, f"Sweep {size}")
        ids = [a for _, a in made.learners]
        began = time.perf_counter()
        done = await bulk.complete_applications(
            graph,
            world["admin"],
            guard,
            str(uuid.uuid4()),
            ids,
            bulk.ParticipationOutcome.COMPLETED,
            chunk_size=size,
        )
        results[size] = (time.perf_counter() - began) * 1000 / SWEEP_ITEMS
        if done.completed != SWEEP_ITEMS:
            raise RuntimeError(f"sweep left some undone: {done.failed} failed")
    for size in SWEEP:
        chosen = " (chosen)" if size == bulk.CHUNK_SIZE else ""
        report.add(
            Figure(
                "bulk",
                f"completion per item, chunks of {size}{chosen}",
                results[size],
                "ms",
                note=f"{SWEEP_ITEMS:,} in one call, graph work only",
            )
        )
        print(f"chunks of {size}: {results[size]:.3f} ms per item", flush=True)


async def measure_async(target: Neo4jTarget, report: Report) -> None:
    graph = Graph.connect(target)
    try:
        await migrate(graph)
        world = {
            "university": str(uuid.uuid4()),
            "organisation": str(uuid.uuid4()),
            "badgeClass": str(uuid.uuid4()),
            "admin": str(uuid.uuid4()),
        }
        await _write(graph, WORLD, **world)
        await sweep(graph, world, report)
        began = time.perf_counter()
        warm = await event(graph, world, WARM_UP, "Warm-up")
        events = {size: await event(graph, world, size, f"Event of {size}") for size in SIZES}
        loaded = time.perf_counter() - began
        print(f"loaded {sum(SIZES) + WARM_UP:,} participants in {loaded:.1f} s", flush=True)
        with tempfile.TemporaryDirectory(prefix="kring-bench-data-") as data:
            settings = Settings(
                env=Environment.DEVELOPMENT,
                data_dir=Path(data),
                public_url="http://bench.kring.test",
                push_worker=PushWorker.OFF,
            )
            app = create_app(settings, target)
            async with (
                LifespanManager(app) as manager,
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=manager.app),
                    base_url=settings.public_url,
                    timeout=600,
                ) as http,
            ):
                client = Client(http, settings, world["admin"])
                await client.complete([a for _, a in warm.learners])
                await client.claim_all(warm.learners)
                per_item: dict[int, tuple[float, float]] = {}
                for size, made in events.items():
                    completing = await _timed(client.complete([a for _, a in made.learners]))
                    issuing = await _timed(client.claim_all(made.learners))
                    per_item[size] = (completing * 1000 / size, issuing * 1000 / size)
                    print(
                        f"{size:,}: completion {per_item[size][0]:.2f} ms, issuance "
                        f"{per_item[size][1]:.2f} ms per item",
                        flush=True,
                    )
        issued = await _write(
            graph,
            ISSUED,
            applications=[a for made in events.values() for _, a in made.learners],
        )
        _figures(report, per_item, issued[0]["issued"])
    finally:
        await graph.close()


def _figures(report: Report, per_item: dict[int, tuple[float, float]], issued: int) -> None:
    base = sum(per_item[SIZES[0]])
    for size in SIZES:
        completing, issuing = per_item[size]
        total = completing + issuing
        last = size == SIZES[-1]
        report.add(
            Figure(
                "bulk",
                f"completion + issuance per item, {size:,} participations",
                total,
                "ms",
                goal="≤ 1.5x the 100 run's per item" if last else None,
                met=total <= 1.5 * base if last else None,
                reference="per item, 100 participations" if size != SIZES[0] else None,
                ratio=total / base if size != SIZES[0] else None,
                note=f"completeApplications {completing:.2f} ms + claimParticipation (issued) "
                f"{issuing:.2f} ms, {CLAIMERS} learners at a time",
            )
        )
    expected = sum(SIZES)
    report.add(
        Figure(
            "bulk",
            "badges issued, one per participation",
            issued,
            "badges",
            goal=f"{expected:,}",
            met=issued == expected,
        )
    )


def measure(report: Report) -> None:
    with scratch_neo4j() as target:
        asyncio.run(measure_async(target, report))

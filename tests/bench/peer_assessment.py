"""Benchmark: assigning peer reviewers with 10,000 portfolios waiting.

One level-3 class with peer assessment on (3 reviewers each), 10,000 submissions waiting
for reviewers (their learners are no candidates: submitting makes no one a reviewer), 2,000
holders of the level-2 step whose claims its issuer reviewed (the candidates), and every 50th
learner endorsed before by a holder (so the exclusions have someone to exclude). Then SAMPLE
submissions are topped up one after another, each `graph.peer_assessment.assignment.top_up`
(the lock, the one ASSIGN statement, the state and the notifications, one transaction), as a
new submission or the sweep does.
Goal: p95 per assignment at most 250 ms on this machine, and the load stays balanced
(open assignments per reviewer differ by at most one among those chosen).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from graph.peer_assessment import assignment
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j

WAITING = 10_000
HOLDERS = 2_000
SAMPLE = 300
WARM_UP = 20
GOAL_P95_MS = 250.0

WORLD = """
CREATE (u:University {id: $university, name: 'Bench University'})
CREATE (other:University {id: randomUUID(), name: 'Other University'})
CREATE (b:BadgeClass {id: $badgeClass, name: 'Research III', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 3, createdAt: datetime(), peerReview: true,
        peerReviewers: 3, peerPassingScore: 5, peerDisagreement: 2, peerExpiryDays: 7})
        -[:ISSUED_BY]->(u)
CREATE (b)-[:HAS_CRITERION]->(:RubricCriterion {id: randomUUID(), position: 0, name: 'Depth',
        description: '', levels: ['1', '2', '3', '4']})
CREATE (:BadgeClass {id: $step, name: 'Research II', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 2, createdAt: datetime()})-[:ISSUED_BY]->(other)
"""
HOLDERS_BATCH = """
MATCH (step:BadgeClass {id: $step})
UNWIND $ids AS id
CREATE (p:Person {id: id, name: 'Holder', email: id + '@bench.example'})
CREATE (p)-[:HOLDS]->(:Assertion {id: randomUUID(), issuedAt: datetime(),
        visibility: 'PRIVATE', consent: 'REVIEWED'})-[:OF_BADGE]->(step)
"""
SUBMISSIONS_BATCH = """
MATCH (b:BadgeClass {id: $badgeClass}), (u:University {id: $university})
UNWIND $rows AS row
CREATE (p:Person {id: row.person, name: 'Learner', email: row.person + '@bench.example'})
CREATE (p)-[:CLAIMED]->(c:Claim {id: row.claim, kind: 'SELF_ASSERTED', title: b.name,
        narrative: 'portfolio', status: 'OPEN', visibility: 'PRIVATE', domain: 'RESEARCH',
        createdAt: datetime(), version: 0, peerReview: true, peerState: 'WAITING',
        peerSubmittedAt: datetime(), peerNeeded: 3, peerPassingScore: 5,
        peerDisagreement: 2, peerExpiryDays: 7})-[:FOR_BADGE]->(b)
CREATE (c)-[:BRANDED_BY]->(u)
"""
# A holder endorsed every 50th learner's earlier claim.
ENDORSEMENTS = """
MATCH (b:BadgeClass {id: $badgeClass})
UNWIND $pairs AS pair
MATCH (e:Person {id: pair[0]})
MATCH (l:Person {id: pair[1]})
CREATE (l)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'SELF_ASSERTED', title: 'Earlier',
        status: 'WITHDRAWN', visibility: 'PRIVATE', createdAt: datetime()})-[:FOR_BADGE]->(b)
CREATE (e)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER',
        status: 'ACTIVE', createdAt: datetime()})-[:OF]->(c)
"""
LOADS = """
MATCH (p:Person)-[:ASSIGNED]->(x:PeerAssignment {status: 'OPEN'})
WITH p, count(x) AS load
RETURN min(load) AS low, max(load) AS high, count(p) AS reviewers
"""


async def _write(graph: Graph, statement: str, **params: Any) -> list[dict[str, Any]]:
    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(statement, params)]

    return await graph.write(work)


async def _read(graph: Graph, statement: str, **params: Any) -> list[dict[str, Any]]:
    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(statement, params)]

    return await graph.read(work)


async def measure_async(target: Neo4jTarget, report: Report) -> None:
    graph = Graph.connect(target)
    try:
        await migrate(graph)
        world = {
            "university": str(uuid.uuid4()),
            "badgeClass": str(uuid.uuid4()),
            "step": str(uuid.uuid4()),
        }
        await _write(graph, WORLD, **world)
        began = time.perf_counter()
        holders = [str(uuid.uuid4()) for _ in range(HOLDERS)]
        for start in range(0, HOLDERS, 1_000):
            await _write(
                graph, HOLDERS_BATCH, step=world["step"], ids=holders[start : start + 1_000]
            )
        rows = [{"person": str(uuid.uuid4()), "claim": str(uuid.uuid4())} for _ in range(WAITING)]
        for start in range(0, WAITING, 2_000):
            await _write(
                graph,
                SUBMISSIONS_BATCH,
                badgeClass=world["badgeClass"],
                university=world["university"],
                rows=rows[start : start + 2_000],
            )
        pairs = [[holders[(i // 50) % HOLDERS], rows[i]["person"]] for i in range(0, WAITING, 50)]
        await _write(graph, ENDORSEMENTS, badgeClass=world["badgeClass"], pairs=pairs)
        print(
            f"loaded {WAITING:,} waiting submissions and {HOLDERS:,} holders in "
            f"{time.perf_counter() - began:.1f} s",
            flush=True,
        )
        for row in rows[:WARM_UP]:
            await assignment.top_up(graph, row["claim"])
        timings: list[float] = []
        for row in rows[WARM_UP : WARM_UP + SAMPLE]:
            started = time.perf_counter()
            made = await assignment.top_up(graph, row["claim"])
            timings.append((time.perf_counter() - started) * 1000)
            if len(made) != 3:
                raise RuntimeError(f"assigned {len(made)} reviewers, not 3")
        loads = (await _read(graph, LOADS))[0]
        p50, p95 = percentile(timings, 50), percentile(timings, 95)
        spread = int(loads["high"]) - int(loads["low"])
        print(f"p50 {p50:.1f} ms, p95 {p95:.1f} ms; loads {loads}", flush=True)
        report.add(
            Figure(
                "peer assessment",
                f"assigning 3 reviewers, {WAITING:,} waiting, p50",
                p50,
                "ms",
            ),
            Figure(
                "peer assessment",
                f"assigning 3 reviewers, {WAITING:,} waiting, p95",
                p95,
                "ms",
                goal=f"≤ {GOAL_P95_MS:.0f} ms",
                met=p95 <= GOAL_P95_MS,
            ),
            Figure(
                "peer assessment",
                "open assignments per reviewer, max - min",
                spread,
                "assignments",
                goal="≤ 1",
                met=spread <= 1,
                note=f"{loads['reviewers']} reviewers after {WARM_UP + SAMPLE} submissions",
            ),
        )
    finally:
        await graph.close()


def measure(report: Report) -> None:
    with scratch_neo4j() as target:
        asyncio.run(measure_async(target, report))

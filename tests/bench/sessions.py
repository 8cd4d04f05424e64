"""Benchmark: what checking a token's session costs on the request path, and per replica.

Every authenticated request verifies its token's signature and asks the session gate
whether the session stands (two dictionary lookups); each replica reads the feed of ended
sessions twice a second. Reports both with the gate holding as many ended sessions as a
busy quarter of an hour at Ghent scale could leave behind.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from auth.session_gate import SessionGate
from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings, issue_access_token, verify_access_token
from graph.core.database import Graph
from graph.core.migrations import migrate
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j

REVOCATIONS = """
UNWIND range(1, $n) AS i
CREATE (:Revocation {id: randomUUID(), at: datetime() - duration({seconds: i % 900}),
                     family: 'family-' + toString(i)})
"""


def _per_request(
    gate: SessionGate, keys: TokenKeys, settings: TokenSettings, rounds: int, report: Report
) -> None:
    token = issue_access_token(keys.signing_key(), settings, "someone", session="live-family")
    keyset = keys.verification_keys()
    for label, work in (
        ("verify signature only", lambda: verify_access_token(keyset, settings, token)),
        ("verify + session gate", lambda: gate.check(verify_access_token(keyset, settings, token))),
    ):
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1e6)
        p95 = percentile(samples, 95)
        print(f"{label:>24}: p50 {statistics.median(samples):7.1f} µs   p95 {p95:7.1f} µs")
        report.add(Figure("sessions", f"{label}, p95", p95, "µs"))


async def _feed(graph: Graph, ended: int, polls: int, report: Report) -> None:
    async def load(tx: object) -> None:
        await (await tx.run(REVOCATIONS, n=ended)).consume()  # type: ignore[attr-defined]

    await graph.write(load)
    gate = SessionGate(900)
    started = time.perf_counter()
    await gate.refresh(graph)
    first = time.perf_counter() - started
    print(f"first read of the feed ({len(gate.ended):,} ended sessions): {first * 1000:.0f} ms")
    samples = []
    for _ in range(polls):
        started = time.perf_counter()
        await gate.refresh(graph)
        samples.append((time.perf_counter() - started) * 1000)
    p95 = percentile(samples, 95)
    print(
        f"each later read (twice a second per replica): p50 {statistics.median(samples):.1f} ms"
        f"   p95 {p95:.1f} ms"
    )
    report.add(
        Figure(
            "sessions", f"first read of the feed, {len(gate.ended):,} ended", first * 1000, "ms"
        ),
        Figure("sessions", "each later read of the feed, p95", p95, "ms"),
    )


async def _measure(ended: int, rounds: int, report: Report) -> None:
    settings = TokenSettings("https://kring.example", "kring-api", 900)
    with TemporaryDirectory() as keydir:
        keys = TokenKeys(Path(keydir))
        gate = SessionGate(900)
        now = datetime.now(UTC)
        gate.ended = {f"family-{i}": now - timedelta(seconds=i % 900) for i in range(ended)}
        gate.fresh_at = time.monotonic() + 3600  # fresh for the whole run
        _per_request(gate, keys, settings, rounds, report)
    with scratch_neo4j() as target:
        graph = Graph.connect(target)
        try:
            await migrate(graph)
            await _feed(graph, ended, 40, report)
        finally:
            await graph.close()


def measure(report: Report, ended: int = 20_000, rounds: int = 5_000) -> None:
    asyncio.run(_measure(ended, rounds, report))

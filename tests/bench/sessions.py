"""Benchmark: what checking a token's session costs on the request path, and per replica.

Every authenticated request verifies its token's signature and asks the session gate
whether the session stands (two dictionary lookups); each replica reads the feed of ended
sessions twice a second. Reports both with the gate holding as many ended sessions as a
busy quarter of an hour at Ghent scale could leave behind.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from auth.session_gate import SessionGate
from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings, issue_access_token, verify_access_token
from graph.core.database import Graph
from graph.core.migrations import migrate
from tests.bench.store import RefusedTarget, scratch_neo4j

REVOCATIONS = """
UNWIND range(1, $n) AS i
CREATE (:Revocation {id: randomUUID(), at: datetime() - duration({seconds: i % 900}),
                     family: 'family-' + toString(i)})
"""


def _per_request(gate: SessionGate, keys: TokenKeys, settings: TokenSettings, rounds: int) -> None:
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
        samples.sort()
        print(
            f"{label:>24}: p50 {statistics.median(samples):7.1f} µs   "
            f"p95 {samples[int(len(samples) * 0.95)]:7.1f} µs"
        )


async def _feed(graph: Graph, ended: int, polls: int) -> None:
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
    samples.sort()
    print(
        f"each later read (twice a second per replica): p50 {statistics.median(samples):.1f} ms"
        f"   p95 {samples[int(len(samples) * 0.95)]:.1f} ms"
    )


async def main(ended: int, rounds: int) -> None:
    settings = TokenSettings("https://kring.example", "kring-api", 900)
    with TemporaryDirectory() as keydir:
        keys = TokenKeys(Path(keydir))
        gate = SessionGate(900)
        now = datetime.now(UTC)
        gate.ended = {f"family-{i}": now - timedelta(seconds=i % 900) for i in range(ended)}
        gate.fresh_at = time.monotonic() + 3600  # fresh for the whole run
        _per_request(gate, keys, settings, rounds)
    with scratch_neo4j() as target:
        graph = Graph.connect(target)
        try:
            await migrate(graph)
            await _feed(graph, ended, 40)
        finally:
            await graph.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ended", type=int, default=20_000, help="ended sessions to hold")
    parser.add_argument("--rounds", type=int, default=5_000)
    args = parser.parse_args()
    try:
        asyncio.run(main(args.ended, args.rounds))
    except RefusedTarget as exc:
        sys.exit(str(exc))

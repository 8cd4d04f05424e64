"""Benchmark: GraphQL's own overhead in the server, as the share of profile samples spent
parsing and validating documents while clients ask the web app's discovery query over HTTP
of a `kring serve --demo`; sampled from outside by py-spy, so the server runs unchanged.

Three contenders in one run: the document cache off (every request parsed and validated, as
before it existed), the query's text with the cache, and the persisted document's hash.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from server.routes.web import DIST
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j
from tests.processes import serving

# Around the Korenmarkt, where the demo's opportunities are.
VARIABLES = {
    "filter": {"near": {"latitude": 51.0545, "longitude": 3.7217, "radiusKm": 2.0}},
    "first": 20,
}
CLIENTS = 4
WARM_UP_SECONDS = 3.0
SAMPLE_SECONDS = 20
SAMPLE_RATE = 200  # per second
GOAL_VALIDATION_SHARE = 2.0  # % of samples, with the cache

# py-spy's raw format: one stack per line, frames "function (file:line)", then a count.
STAGES = {
    "validation": re.compile(r"(?:^|;)validate \([^)]*graphql/validation/validate\.py"),
    "parsing": re.compile(r"(?:^|;)parse \([^)]*graphql/language/parser\.py"),
}


@dataclass(frozen=True)
class Contender:
    name: str
    cache: str  # KRING_GRAPHQL_DOCUMENT_CACHE
    persisted: bool


CONTENDERS = (
    Contender("cache off", "0", persisted=False),
    Contender("text, cached", "256", persisted=False),
    Contender("persisted hash", "256", persisted=True),
)


def discover() -> tuple[str, str]:
    """The web app's discovery query (web/src/opportunities/Discover.tsx) from the build's
    manifest: its hash and its text."""
    manifest = DIST / "persisted-documents.json"
    if not manifest.is_file():
        raise RuntimeError("no web build: run `make web`")
    documents: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))
    return next(
        (h.removeprefix("sha256:"), text)
        for h, text in documents.items()
        if text.startswith("query Discover(")
    )


def body(contender: Contender, sha256: str, text: str) -> dict[str, Any]:
    if contender.persisted:
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256}}
        return {"variables": VARIABLES, "extensions": extensions}
    return {"query": text, "variables": VARIABLES}


class Load:
    """CLIENTS threads asking the query back to back until stopped; latencies in ms."""

    def __init__(self, url: str, payload: dict[str, Any]) -> None:
        self.url = url
        self.payload = payload
        self.stop = threading.Event()
        self.measuring = threading.Event()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.threads = [threading.Thread(target=self.client) for _ in range(CLIENTS)]

    def client(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as http:
            while not self.stop.is_set():
                started = time.perf_counter()
                answer = http.post("/graphql", json=self.payload)
                elapsed = (time.perf_counter() - started) * 1000
                result = answer.json()
                if answer.status_code != 200 or result.get("errors"):
                    self.errors.append(f"{answer.status_code} {answer.text[:200]}")
                    return
                if self.measuring.is_set():
                    self.latencies.append(elapsed)

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def shares(raw: str) -> tuple[int, dict[str, int]]:
    """All samples, and those inside each stage."""
    total = 0
    inside: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for stage, pattern in STAGES.items():
            if pattern.search(stack):
                inside[stage] += int(count)
    return total, dict(inside)


def profile(pid: int, output: Path) -> str:
    subprocess.run(
        [
            str(Path(sys.executable).with_name("py-spy")),
            "record",
            # `kring serve` in production runs a worker process per core under a supervisor.
            "--subprocesses",
            "--pid",
            str(pid),
            "--rate",
            str(SAMPLE_RATE),
            "--duration",
            str(SAMPLE_SECONDS),
            "--format",
            "raw",
            "--output",
            str(output),
        ],
        check=True,
        capture_output=True,
        timeout=SAMPLE_SECONDS + 60,
    )
    return output.read_text(encoding="utf-8")


def run(contender: Contender, target: Any, report: Report, baseline: float | None) -> float:
    """Measures one contender; its throughput, the ratio to `baseline` (cache off) beside."""
    with (
        tempfile.TemporaryDirectory(prefix="kring-bench-graphql-") as folder,
        serving(
            Path(folder),
            "--demo",
            NEO4J_URI=target.uri,
            NEO4J_USER=target.user,
            NEO4J_PASSWORD=target.password,
            KRING_GRAPHQL_DOCUMENT_CACHE=contender.cache,
        ) as served,
        Load(served.url, body(contender, *discover())) as load,
    ):
        time.sleep(WARM_UP_SECONDS)
        load.measuring.set()
        started = time.perf_counter()
        raw = profile(served.process.pid, Path(folder) / "profile.txt")
        elapsed = time.perf_counter() - started
        load.measuring.clear()
        if load.errors:
            raise RuntimeError(f"{contender.name}: {load.errors[0]}")
    total, inside = shares(raw)
    bench = "graphql overhead"
    for stage in STAGES:
        share = 100 * inside.get(stage, 0) / max(total, 1)
        goal = met = None
        if stage == "validation" and contender.name != "cache off":
            goal, met = f"<= {GOAL_VALIDATION_SHARE:g} %", share <= GOAL_VALIDATION_SHARE
        report.add(
            Figure(bench, f"{stage} share of samples, {contender.name}", share, "%", goal, met)
        )
        print(f"{contender.name}: {stage} {share:.1f} % of {total} samples", flush=True)
    count = len(load.latencies)
    report.add(
        Figure(
            bench,
            f"throughput, {CLIENTS} clients, {contender.name}",
            count / elapsed,
            "req/s",
            reference=None if baseline is None else "cache off",
            ratio=None if baseline is None else count / elapsed / baseline,
        ),
        Figure(
            bench, f"p95, {CLIENTS} clients, {contender.name}", percentile(load.latencies, 95), "ms"
        ),
    )
    report.latencies.setdefault(f"discovery over HTTP, {CLIENTS} clients", {})[contender.name] = (
        load.latencies
    )
    print(f"{contender.name}: {count / elapsed:.0f} req/s", flush=True)
    return count / elapsed


def measure(report: Report) -> None:
    discover()  # the build must be there
    with scratch_neo4j() as target:
        baseline = None
        for contender in CONTENDERS:
            throughput = run(contender, target, report, baseline)
            baseline = baseline or throughput


if __name__ == "__main__":
    measured = Report()
    measure(measured)
    for figure in measured.figures:
        print(figure)

"""`make bench` as a report: every benchmark runs, each figure beside its goal and reference."""

from __future__ import annotations

import json
import math
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from server.settings import REPO_ROOT

RESULTS = REPO_ROOT / "bench-results"


@dataclass(frozen=True)
class Figure:
    """One measured figure; `ratio` is value / reference when measured in the same run."""

    benchmark: str
    name: str
    value: float
    unit: str
    goal: str | None = None
    met: bool | None = None
    reference: str | None = None
    ratio: float | None = None
    note: str | None = None


@dataclass
class Report:
    figures: list[Figure] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    # Latency samples (ms) per contender, for the plot: {"near-me, 16 clients": {"Kring": [...]}}
    latencies: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)

    @property
    def missed(self) -> list[Figure]:
        return [f for f in self.figures if f.met is False]


def percentile(samples: list[float], p: float) -> float:
    """The nearest-rank percentile of `samples` (0 < p ≤ 100)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def markdown(report: Report, started: datetime) -> str:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"# Kring benchmarks, {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.python_implementation()} "
        f"{platform.python_version()}; load average at the end {load}.",
        "",
        "| benchmark | figure | value | goal | ratio | reference | met |",
        "|---|---|---:|---|---:|---|:---:|",
    ]
    for f in report.figures:
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else ""
        lines.append(
            f"| {f.benchmark} | {f.name}{f' ({f.note})' if f.note else ''} "
            f"| {_number(f.value)} {f.unit} | {f.goal or ''} | {ratio} | {f.reference or ''} "
            f"| {met} |"
        )
    for name, error in report.failures.items():
        lines.append(f"| {name} | did not finish: {error} | | | | | **no** |")
    return "\n".join(lines) + "\n"


def write(report: Report, started: datetime, folder: Path = RESULTS) -> Path:
    """Write report.md, report.json (and the latency plot) under `folder`; returns the .md."""
    folder.mkdir(parents=True, exist_ok=True)
    text = markdown(report, started)
    (folder / "report.md").write_text(text)
    (folder / "report.json").write_text(
        json.dumps(
            {
                "started": started.isoformat(),
                "finished": datetime.now(UTC).isoformat(),
                "cpus": os.cpu_count(),
                "load_average": os.getloadavg(),
                "figures": [asdict(f) for f in report.figures],
                "failures": report.failures,
            },
            indent=2,
        )
    )
    return folder / "report.md"

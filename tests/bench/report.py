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


PERCENTILES = (50.0, 75.0, 90.0, 95.0, 99.0, 99.9)


def plot(latencies: dict[str, dict[str, list[float]]], path: Path) -> None:
    """Latency percentiles per contender, one panel per group of contenders."""
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(latencies), figsize=(6.5 * len(latencies), 4.8), squeeze=False)
    ticks = range(len(PERCENTILES))
    for ax, (group, contenders) in zip(axes[0], latencies.items(), strict=True):
        for name, samples in contenders.items():
            if samples:
                values = [percentile(samples, p) for p in PERCENTILES]
                ax.plot(ticks, values, marker="o", label=f"{name} ({len(samples):,} requests)")
        ax.set_xticks(ticks, [f"p{p:g}" for p in PERCENTILES])
        ax.set_yscale("log")
        ax.set_ylabel("latency (ms, log scale)")
        ax.set_title(group)
        ax.grid(visible=True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(report: Report, started: datetime, folder: Path = RESULTS) -> Path:
    """Write report.md, report.json (and the latency plot) under `folder`; returns the .md."""
    folder.mkdir(parents=True, exist_ok=True)
    text = markdown(report, started)
    if report.latencies:
        plot(report.latencies, folder / "latency.png")
        text += "\n![Latency percentiles per contender](latency.png)\n"
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
                "latency_percentiles_ms": {
                    group: {
                        name: {f"p{p:g}": percentile(samples, p) for p in PERCENTILES}
                        for name, samples in contenders.items()
                        if samples
                    }
                    for group, contenders in report.latencies.items()
                },
            },
            indent=2,
        )
    )
    return folder / "report.md"

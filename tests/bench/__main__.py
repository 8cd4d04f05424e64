"""Runs every benchmark, even after one misses its goal or fails, and writes one report."""

from __future__ import annotations

import argparse
import importlib
import sys
import traceback
from datetime import UTC, datetime

from tests.bench.report import RESULTS, Report, write

# Each module's `measure(report)` adds its figures; order: cheapest first.
BENCHMARKS = (
    "sessions",
    "web",
    "graphql",
    "verification",
    "relevance",
    "near_me",
    "notifications",
    "live_notifications",
    "bulk",
    "peer_assessment",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("only", nargs="*", help="benchmark modules to run (default: all)")
    args = parser.parse_args()
    started = datetime.now(UTC)
    report = Report()
    for name in args.only or BENCHMARKS:
        print(f"\n== {name} ==", flush=True)
        try:
            importlib.import_module(f"tests.bench.{name}").measure(report)
        except Exception as exc:  # a broken benchmark must not hide the others' figures
            traceback.print_exc()
            report.failures[name] = f"{type(exc).__name__}: {exc}"
    path = write(report, started)
    print("\n" + path.read_text())
    print(f"written to {path} and {RESULTS / 'report.json'}")
    return 1 if report.missed or report.failures else 0


if __name__ == "__main__":
    sys.exit(main())

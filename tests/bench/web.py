"""Benchmark: the learner's first page. JavaScript shipped for it (gzipped, what index.html
loads before anything is shown; the map's Leaflet comes later and is reported apart) and the
time until the discover page lists opportunities on the demo with the CPU slowed 4x."""

from __future__ import annotations

import asyncio
import gzip
import re
import shutil
import tempfile
import time
from pathlib import Path

from playwright.async_api import async_playwright

from server.settings import REPO_ROOT
from tests.bench.report import Figure, Report
from tests.bench.store import scratch_neo4j
from tests.processes import serving

DIST = REPO_ROOT / "web" / "dist"
BUDGET_KB = 200.0
SLOWDOWN = 4


def _gzipped_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), 9)) / 1024


def shipped() -> tuple[float, float]:
    """KB of gzipped JavaScript the first page loads, and of what loads only with the map."""
    index = (DIST / "index.html").read_text(encoding="utf-8")
    first = {DIST / m for m in re.findall(r'src="/(assets/[^"]+\.js)"', index)}
    everything = set((DIST / "assets").glob("*.js"))
    return sum(map(_gzipped_kb, first)), sum(map(_gzipped_kb, everything - first))


async def time_to_list(url: str) -> float:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox"]
        )
        page = await browser.new_page(viewport={"width": 360, "height": 740})
        cdp = await page.context.new_cdp_session(page)
        await cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        await page.goto(url + "/discover")  # warms the server, not the measured load
        await page.wait_for_selector(".results h2")
        await page.context.clear_cookies()
        await cdp.send("Network.enable")
        await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        started = time.perf_counter()
        await page.goto(url + "/discover")
        await page.wait_for_selector(".results h2")
        elapsed = time.perf_counter() - started
        await browser.close()
        return elapsed


def measure(report: Report) -> None:
    if not (DIST / "index.html").is_file():
        raise RuntimeError("web/dist is missing: run `make web` first")
    first, later = shipped()
    report.add(
        Figure(
            "web",
            "first page JavaScript, gzipped",
            first,
            "KB",
            goal=f"≤ {BUDGET_KB:.0f} KB",
            met=first <= BUDGET_KB,
        ),
        Figure("web", "JavaScript loaded with the map only, gzipped", later, "KB"),
    )
    with (
        scratch_neo4j() as target,
        tempfile.TemporaryDirectory() as data,
        serving(
            Path(data),
            "--demo",
            KRING_ENV="development",
            NEO4J_URI=target.uri,
            NEO4J_USER=target.user,
            NEO4J_PASSWORD=target.password,
        ) as served,
    ):
        seconds = asyncio.run(time_to_list(served.url))
    report.add(
        Figure(
            "web",
            f"discover page lists opportunities, CPU {SLOWDOWN}x slower",
            seconds * 1000,
            "ms",
        )
    )

"""Browser tests: the real app and its web build, served over HTTP against the session's
Neo4j with the demo loaded, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from playwright.async_api import Browser, Page, Route, async_playwright, expect

from graph.core.database import Graph, Neo4jTarget
from graph.people.accounts import REGISTER_CLIENT
from tests.processes import serving
from tests.web.browser import (
    DESKTOP,
    MOBILE,
    RECORD_CSP_VIOLATIONS,
    TILE_ORIGIN,
    TILE_URL,
    WATCHES,
    WEB_DIST,
    WebServer,
    blank_tile,
    chromium_path,
    launch_args,
    watch,
)

ACTION_TIMEOUT_MS = 20_000


# Pages wait on a real server and Neo4j sharing two cores with the suite: a slow answer is
# not a failure, a missing one is.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def web_server(
    tmp_path_factory: pytest.TempPathFactory, neo4j_target: Neo4jTarget, graph: Graph
) -> Iterator[WebServer]:
    """`kring serve --demo` in development with the built web app; its own data dir (keys,
    runtime file) so that it does not stand in for the in-process app of other tests."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(
            "The web app is not built (web/dist/index.html is missing): run `make web`.",
            pytrace=False,
        )
    with serving(
        tmp_path_factory.mktemp("web-server"),
        "--demo",
        KRING_ENV="development",
        # Delivers e-mail (into its log, see WebServer.mails) as `make run` does.
        KRING_PUSH_WORKER="embedded",
        KRING_MAP_TILE_URL=TILE_URL,
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
    ) as served:
        server = WebServer(served)
        server.warm_up()
        yield server


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "No `chromium` on the PATH: run `make chromium` (Debian's package).", pytrace=False
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=executable, headless=True, args=launch_args()
        )
        yield launched
        await launched.close()


@pytest.fixture(params=[MOBILE, DESKTOP], ids=["mobile", "desktop"])
async def page(
    request: pytest.FixtureRequest, browser: Browser, web_server: WebServer
) -> AsyncIterator[Page]:
    """A fresh browser context (no cookies, no service worker) on the web server, once at
    360x740 and once at 1280x800; its console errors and CSP violations are recorded."""
    width, height = request.param
    context = await browser.new_context(
        base_url=web_server.url,
        viewport={"width": width, "height": height},
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    tile = blank_tile()

    async def answer_tile(route: Route) -> None:
        await route.fulfill(status=200, content_type="image/png", body=tile)

    await context.route(f"{TILE_ORIGIN}/**", answer_tile)
    await context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    opened = await context.new_page()
    watch(opened)
    try:
        yield opened
    finally:
        WATCHES.pop(id(opened), None)
        await context.close()


@pytest.fixture(autouse=True)
async def registrations_from_this_machine_allowed(graph: Graph) -> None:
    """Every browser test registers from 127.0.0.1, so the per-client registration throttle
    (ten an hour, tested in tests/people) would refuse the suite's later ones: each test
    starts with it forgotten."""

    async def forget(tx: Any) -> None:
        await (
            await tx.run(
                "MATCH (t:Throttle) WHERE t.key STARTS WITH $prefix DETACH DELETE t",
                prefix=f"{REGISTER_CLIENT.name}:",
            )
        ).consume()

    await graph.write(forget)

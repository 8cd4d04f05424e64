"""Helpers of the browser tests: the web server under test, watching a page, axe, screenshots."""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, quote, urlsplit

import httpx
from PIL import Image
from playwright.async_api import Browser, ConsoleMessage, Error, Page, expect

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph
from server.settings import REPO_ROOT
from tests.processes import Served

WEB_DIST: Final = REPO_ROOT / "web" / "dist"
AXE: Final = REPO_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS: Final = REPO_ROOT / "test-output" / "screenshots"

# The map's tiles come from this made-up origin, answered by the browser context itself: the
# tests never reach a real tile server (nor need one), and the CSP is exercised for it.
TILE_ORIGIN: Final = "http://tiles.kring.test"
TILE_URL: Final = TILE_ORIGIN + "/{z}/{x}/{y}.png"

NEAR_KORENMARKT: Final = {"latitude": 51.0545, "longitude": 3.7217, "radiusKm": 5}

# A verdict waits on proof checks in worker processes: seconds on a busy two-core machine.
VERDICT_TIMEOUT_MS: Final = 60_000

MOBILE: Final = (360, 740)
DESKTOP: Final = (1280, 800)


def blank_tile() -> bytes:
    """A plain light tile, so screenshots show a map-like ground rather than broken images."""
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 236, 232)).save(buffer, format="PNG")
    return buffer.getvalue()


def chromium_path() -> str | None:
    return shutil.which("chromium")


def launch_args() -> list[str]:
    # Chromium's sandbox refuses to start as root (CI and this machine run as root).
    return ["--no-sandbox"] if os.geteuid() == 0 else []


@dataclass
class WebServer:
    """`kring serve --demo` with the web build, in development, on a free port."""

    served: Served

    @property
    def url(self) -> str:
        return self.served.url

    def warm_up(self) -> None:
        """A first search, so that the first test does not wait on a cold database's plans
        and indexes (seconds on a small machine)."""
        for text in (None, "garden"):
            found = httpx.post(
                f"{self.url}/graphql",
                json={
                    "query": "query($f: OpportunityFilter) { opportunities(filter: $f, first: 5)"
                    " { edges { node { id title } } } }",
                    "variables": {"f": {"text": text, "near": NEAR_KORENMARKT}},
                },
                timeout=60,
            )
            assert found.status_code == 200, found.text
            assert "errors" not in found.json(), found.text

    def token_for(self, person_id: str) -> str:
        """An access token this server accepts, for API calls beside the browser."""
        key = load_or_create_signing_key(self.served.data_dir / "keys")
        return issue_access_token(key, TokenSettings(self.url, "kring-api", 900), person_id)

    def mails(self) -> list[dict[str, str]]:
        """The mail it would have sent, oldest first, as {to, subject, body}: with no relay
        it goes to the log, in full in development."""
        found = []
        for line in self.served.log().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and entry.get("message") == "mail (not sent)":
                found.append({k: str(entry.get(k, "")) for k in ("to", "subject", "body")})
        return found


async def mail_to(
    web_server: WebServer,
    address: str,
    about: str = "",
    within_seconds: float = 60,
    containing: str = "",
) -> dict[str, str]:
    """The newest mail to `address` whose subject contains `about` (and body `containing`),
    waiting for the delivery worker to send it (it polls the outbox)."""
    for _ in range(int(within_seconds * 4)):
        found = [
            m
            for m in web_server.mails()
            if m["to"].lower() == address.lower()
            and about in m["subject"]
            and containing in m["body"]
        ]
        if found:
            return found[-1]
        await asyncio.sleep(0.25)
    raise AssertionError(f"no mail to {address} about {about!r} within {within_seconds} s")


def link_in(mail: dict[str, str], path_prefix: str) -> str:
    """The path (and query) of the first link in the mail's body under `path_prefix`."""
    for url in re.findall(r"https?://\S+", mail["body"]):
        parts = urlsplit(str(url))
        if parts.path.startswith(path_prefix):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    raise AssertionError(f"no {path_prefix} link in {mail['body']!r}")


# The page's own session answers, as the app asks (cookies and the CSRF header).
AS_PAGE = """
async ([query, variables]) => {
  const csrf = document.cookie.split("; ").find((c) => c.startsWith("kring_csrf="));
  const r = await fetch("/graphql", {method: "POST",
    headers: {"content-type": "application/json", "x-csrf-token": csrf ? csrf.slice(11) : ""},
    body: JSON.stringify({query, variables})});
  return await r.json();
}
"""


async def as_page(page: Page, query: str, **variables: Any) -> dict[str, Any]:
    """`query` answered for the person signed in in `page`; fails on any error."""
    body: dict[str, Any] = await page.evaluate(AS_PAGE, [query, variables])
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def api_as(server: WebServer, email: str, query: str, **variables: Any) -> dict[str, Any]:
    """`query` as the demo person `email`, beside the browser; fails on any error."""
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as http:
        signed_in = await http.post("/auth/dev-login", json={"email": email})
        assert signed_in.status_code == 200, signed_in.text
        answer = await http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {signed_in.json()['access_token']}"},
        )
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def register_verified(web_server: WebServer, email: str, name: str, password: str) -> None:
    """A new local account, its address confirmed through the link mailed to it."""
    async with httpx.AsyncClient(base_url=web_server.url, timeout=30) as http:
        made = await http.post(
            "/auth/register", json={"email": email, "name": name, "password": password}
        )
        assert made.status_code == 202, made.text
        mail = await mail_to(web_server, email, "Confirm your e-mail address")
        # The link opens the web app's page, which confirms by POSTing its token, as here.
        link = urlsplit(link_in(mail, "/verify-email"))
        token = parse_qs(link.query)["token"][0]
        verified = await http.post("/auth/verify-email", json={"token": token})
        assert verified.json() == {"verified": True}, verified.text


async def endorse_from_email(
    page: Page,
    web_server: WebServer,
    to: str,
    *,
    testimonial: str,
    relationship: str = "Peer",
    observed: str = "",
    name: str = "Invited Endorser",
    demo_person: str | None = None,
    claim: str | None = None,
) -> str:
    """Someone invited by e-mail endorses, in `page` (a signed-out browser context): they
    follow the invitation mailed to `to`, sign in (a new local account for `to` with `name`,
    through the sign-in form, which comes back to the invitation; or `demo_person` by the
    development sign-in), and send the form. Returns the claim's id."""
    mail = await mail_to(web_server, to, "asked to endorse", containing=claim or "")
    if demo_person:
        # An address of a Kring member invites the member: the mail links to the claim itself.
        link = link_in(mail, "/claims/")
        await sign_in_as(page, demo_person)
        await page.goto(link)
    else:
        link = link_in(mail, "/endorse/")
        password = f"endorse {to} with care"
        await register_verified(web_server, to, name, password)
        await page.goto(link)
        await expect(page.get_by_role("heading", name="You are invited to endorse")).to_be_visible()
        await page.get_by_role("link", name="Sign in to endorse").click()
        await page.get_by_label("E-mail address").fill(to)
        await page.get_by_label("Password").fill(password)
        await page.get_by_role("button", name="Sign in", exact=True).click()
    # Accepting the invitation and reading the claim may be a cold server's first time.
    await expect(page).to_have_url(re.compile(r"/claims/[0-9a-f-]{36}$"), timeout=60_000)
    await expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Endorse "))
    await page.get_by_role("radio", name=relationship, exact=True).check()
    await page.get_by_label("Your testimonial").fill(testimonial)
    if observed:
        await page.get_by_label("What you observed (optional)").fill(observed)
    await page.get_by_role("button", name=re.compile("^Endorse ")).click()
    await expect(page.get_by_role("status").filter(has_text="Thank you")).to_be_visible()
    return page.url.rsplit("/", 1)[1]


async def assert_fits(page: Page) -> None:
    """Nothing sticks out sideways: no horizontal scrolling, at 360 px wide too. (Against
    clientWidth: a mobile browser widens innerWidth to fit content that sticks out.)"""
    wide = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert wide <= 0, f"{page.url} is {wide}px wider than the window"


async def sign_in_as(page: Page, email: str) -> None:
    """Signs the page's browser context in as a demo person (development sign-in, cookie
    session), as the app's own picker would; the next page load is signed in."""
    response = await page.request.post("/auth/dev-login", data={"email": email, "mode": "cookie"})
    assert response.ok, await response.text()


async def verify_in_page(page: Page, url: str) -> str:
    """Opens the verify page on `url` (an address of a badge, as the badge page's "Verify this
    badge" link does) and returns its verdict in words once it has one: "Valid", "Revoked",
    "Expired", "Tampered: the signature does not match", "Not a credential", …"""
    await page.goto(f"/verify?url={quote(url, safe='')}")
    verdict = page.locator("#verdict .verdict-word")
    await verdict.wait_for(state="visible", timeout=VERDICT_TIMEOUT_MS)
    return (await verdict.inner_text()).strip()


@dataclass
class Watch:
    """What went wrong in a page: console errors, uncaught exceptions, CSP violations."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")


# Recorded from the start of every document, before any of its own scripts (an init script
# is not subject to the page's CSP), and read with csp_violations(page).
RECORD_CSP_VIOLATIONS: Final = """
window.__kringCspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__kringCspViolations.push(
    `${e.effectiveDirective} refused ${e.blockedURI || "(inline)"}` +
      ` at ${e.sourceFile}:${e.lineNumber}`
  );
});
"""

WATCHES: dict[int, Watch] = {}


def watch(page: Page) -> Watch:
    """Starts recording the page's console errors and exceptions (the page fixture does)."""
    watched = Watch()
    page.on("console", watched.on_console)
    page.on("pageerror", watched.on_page_error)
    WATCHES[id(page)] = watched
    return watched


def watched(page: Page) -> Watch:
    return WATCHES[id(page)]


async def csp_violations(page: Page) -> list[str]:
    found: list[str] = await page.evaluate("window.__kringCspViolations || []")
    return found


async def assert_no_problems(page: Page) -> None:
    """No console error, uncaught exception or CSP violation in the page so far."""
    seen = watched(page)
    violations = await csp_violations(page)
    problems = [
        *(f"console: {m}" for m in seen.console_errors),
        *(f"exception: {m}" for m in seen.page_errors),
        *(f"CSP: {m}" for m in violations),
    ]
    assert not problems, f"{page.url} had problems:\n  " + "\n  ".join(problems)


def _describe(violation: dict[str, Any]) -> str:
    lines = [f"{violation['impact']}: {violation['id']}: {violation['help']}"]
    lines.append(f"  {violation['helpUrl']}")
    for node in violation["nodes"][:5]:
        target = " ".join(str(t) for t in node.get("target", []))
        summary = " ".join(str(node.get("failureSummary", "")).split())
        lines.append(f"  - {target}: {summary}")
    if len(violation["nodes"]) > 5:
        lines.append(f"  … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


async def check_accessibility(page: Page, *, exclude: tuple[str, ...] = ()) -> None:
    """axe-core (WCAG 2.x A/AA, best practices) on the page as it is: no serious or critical
    violation. `exclude`: CSS selectors of parts not to check."""
    if not await page.evaluate("typeof window.axe === 'object'"):
        # Evaluated through DevTools, so the page's CSP (no inline script) does not stop it,
        # where add_script_tag's inline <script> would be refused.
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    context: Any = {"exclude": [[s] for s in exclude]} if exclude else "document"
    options = {"resultTypes": ["violations"]}
    result: dict[str, Any] = await page.evaluate(
        "([context, options]) => window.axe.run(context === 'document' ? document : context,"
        " options)",
        [context, options],
    )
    serious = [v for v in result["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not serious, (
        f"axe found {len(serious)} serious or critical violation(s) on {page.url}:\n"
        + "\n".join(_describe(v) for v in serious)
    )


async def screenshot(page: Page, name: str) -> Path:
    """The whole page as test-output/screenshots/<name>-<w>x<h>.png (not committed)."""
    size = page.viewport_size or {"width": 0, "height": 0}
    path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(path), full_page=True)
    return path


@asynccontextmanager
async def signed_out(browser: Browser, web_server: WebServer, like: Page) -> AsyncIterator[Page]:
    """A second person's browser: a fresh context with no session, the size of `like`,
    watched like the page fixture's."""
    size = like.viewport_size or {"width": 1280, "height": 800}
    context = await browser.new_context(
        base_url=web_server.url,
        viewport=size,
        is_mobile=size["width"] < 600,
        has_touch=size["width"] < 600,
    )
    await context.add_init_script(RECORD_CSP_VIOLATIONS)
    opened = await context.new_page()
    watch(opened)
    try:
        yield opened
    finally:
        WATCHES.pop(id(opened), None)
        await context.close()


async def the_event_took_place(graph: Graph, opportunity_id: str) -> None:
    """Moves the opportunity into the past: the organisation can only mark attendance once it
    started, and the test cannot wait a week for it."""

    async def work(tx: Any) -> None:
        await (
            await tx.run(
                "MATCH (o:Opportunity {id: $id}) SET o.startsAt = datetime() - duration('PT3H'),"
                " o.endsAt = datetime() - duration('PT1H')",
                id=opportunity_id,
            )
        ).consume()

    await graph.write(work)

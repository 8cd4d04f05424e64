"""The built web app as a browser gets it: headers, configuration, routes, and a clean boot."""

from __future__ import annotations

import dataclasses
import json
from html.parser import HTMLParser

import httpx
import pytest
from asgi_lifespan import LifespanManager
from playwright.async_api import Page, expect

from deploy.demo import EMAIL_DOMAIN
from graph.core.database import Neo4jTarget
from server.app import create_app
from server.evidence_store import MAX_EVIDENCE_BYTES, SIGNATURES
from server.routes.web import content_security_policy
from server.settings import Environment, Settings
from tests.web.browser import (
    TILE_URL,
    WEB_DIST,
    WebServer,
    assert_no_problems,
    check_accessibility,
    screenshot,
    sign_in_as,
)


class Markup(HTMLParser):
    """The page's meta tags and scripts, as a browser finds them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name"):
            self.meta[str(found["name"])] = found.get("content") or ""
        if tag == "script":
            self.scripts.append(found)


def parse(page: str) -> Markup:
    markup = Markup()
    markup.feed(page)
    return markup


def test_index_is_served_uncached_with_a_strict_policy_and_its_config(
    web_server: WebServer,
) -> None:
    response = httpx.get(f"{web_server.url}/", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    policy = response.headers["content-security-policy"]
    assert policy == content_security_policy(TILE_URL)
    assert "script-src 'self';" in policy
    assert "unsafe" not in policy
    assert "img-src 'self' data: blob: http://tiles.kring.test;" in policy

    markup = parse(response.text)
    config = json.loads(markup.meta["kring-config"])
    assert set(config) == {
        "development",
        "tiles",
        "oidcProviders",
        "webPushPublicKey",
        "evidence",
    }
    assert config["development"] is True
    assert config["tiles"] == {"url": TILE_URL, "attribution": "© OpenStreetMap contributors"}
    assert config["oidcProviders"] == []
    assert isinstance(config["webPushPublicKey"], str)
    assert config["evidence"]["maxBytes"] == MAX_EVIDENCE_BYTES
    assert config["evidence"]["signatures"]["image/png"] == ["89504e470d0a1a0a"]
    assert set(config["evidence"]["signatures"]) == set(SIGNATURES)
    assert markup.scripts, "the page loads its app"
    assert all(s.get("src") for s in markup.scripts), "an inline script: the CSP refuses it"


def test_assets_are_immutable_and_the_other_files_short_lived(web_server: WebServer) -> None:
    with httpx.Client(base_url=web_server.url, timeout=10) as http:
        script = parse(http.get("/").text).scripts[0]["src"]
        assert script is not None
        assert script.startswith("/assets/")
        asset = http.get(script)
        assert asset.status_code == 200
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["content-type"] == "text/javascript; charset=utf-8"
        assert asset.headers["x-content-type-options"] == "nosniff"

        icon = http.get("/icon.svg")
        assert icon.status_code == 200
        assert icon.headers["content-type"] == "image/svg+xml"
        assert icon.headers["cache-control"] == "public, max-age=3600"


def test_every_client_route_gets_the_page(web_server: WebServer) -> None:
    routes = json.loads((WEB_DIST / "routes.json").read_text(encoding="utf-8"))
    assert "/" in routes
    with httpx.Client(base_url=web_server.url, timeout=10) as http:
        for pattern in routes:
            path = pattern.replace("{id:uuid}", "0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01")
            if "{" in path:
                continue  # a parameter of another kind: the page's own tests reach it
            page = http.get(path, headers={"accept": "text/html"})
            assert page.status_code == 200, path
            # A path the server answers itself for GET would keep its own page.
            server_page = "kring-config" not in page.text
            assert server_page or page.headers["cache-control"] == "no-cache", path


@pytest.mark.parametrize(
    "path",
    [
        "/opportunities/not-a-uuid",
        "/no-such-page",
        "/assets/no-such-file.js",
        "/assets/",
        "/index.html",
        "/routes.json",
        "/persisted-documents.json",
        "/discover/more",
    ],
)
def test_other_paths_stay_404(web_server: WebServer, path: str) -> None:
    response = httpx.get(f"{web_server.url}{path}", timeout=10)
    assert response.status_code == 404, path
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_the_app_boots_in_chromium_without_errors(page: Page, web_server: WebServer) -> None:
    response = await page.goto("/")
    assert response is not None
    assert response.status == 200
    await page.wait_for_function("document.getElementById('app')?.childElementCount > 0")
    await page.wait_for_load_state("networkidle")
    assert await page.evaluate("document.documentElement.lang") in {"en", "nl"}
    # Subscriptions (notificationAdded) go over a WebSocket to this origin: connect-src 'self'
    # must let it through.
    opened = await page.evaluate(
        """() => new Promise((resolve) => {
          const ws = new WebSocket(location.origin.replace(/^http/, "ws") + "/graphql",
                                   "graphql-transport-ws");
          ws.onopen = () => { ws.close(); resolve("open"); };
          ws.onerror = () => resolve("error");
        })"""
    )
    assert opened == "open"
    await assert_no_problems(page)
    await check_accessibility(page)
    await screenshot(page, "home")


async def test_privacy_and_terms_are_pages_the_discovery_document_names(
    page: Page, web_server: WebServer
) -> None:
    async with httpx.AsyncClient(base_url=web_server.url, timeout=30) as http:
        discovery = (await http.get("/ims/ob/v3p0/discovery")).json()
    privacy = discovery["info"]["x-imssf-privacyPolicyUrl"]
    terms = discovery["info"]["termsOfService"]
    await page.goto("/")
    await page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    await expect(page.get_by_role("heading", level=1, name="Privacy")).to_be_visible()
    assert page.url.endswith(privacy.rsplit("/", 1)[1])
    await expect(page.get_by_text("your self-assessment is never shown to anyone")).to_be_visible()
    await expect(page.get_by_role("link", name="Download or delete your data")).to_have_attribute(
        "href", "/account"
    )
    await check_accessibility(page)
    await page.get_by_role("contentinfo").get_by_role("link", name="Terms of use").click()
    await expect(page.get_by_role("heading", level=1, name="Terms of use")).to_be_visible()
    assert page.url.endswith(terms.rsplit("/", 1)[1])
    await check_accessibility(page)
    await assert_no_problems(page)


def test_dev_people_are_demo_people_who_can_sign_in(web_server: WebServer) -> None:
    with httpx.Client(base_url=web_server.url, timeout=10) as http:
        listed = http.get("/auth/dev-people")
        assert listed.status_code == 200
        people = listed.json()
        assert 5 <= len(people) <= 15
        roles = {role for person in people for role in person["roles"]}
        assert {"LEARNER", "ENDORSER", "ADMIN", "CURATOR", "MODERATOR"} <= roles
        assert people[0]["roles"] == ["LEARNER"]  # the learner app's first choice comes first
        for person in people:
            assert set(person) == {"email", "name", "roles"}
            assert person["email"].endswith(f"@{EMAIL_DOMAIN}")
            # Each one is in the loaded demo: the development sign-in takes them.
            signed_in = http.post("/auth/dev-login", json={"email": person["email"]})
            assert signed_in.status_code == 200, (person, signed_in.text)


async def test_a_demo_person_signs_the_browser_in(page: Page) -> None:
    await sign_in_as(page, f"learner01@{EMAIL_DOMAIN}")
    me = await page.request.get("/graphql", params={"query": "{ me { name } }"})
    assert me.ok, await me.text()
    assert (await me.json())["data"]["me"]["name"]
    cookies = {c["name"]: c for c in await page.context.cookies()}
    assert cookies["kring_access"]["httpOnly"]


async def test_dev_people_are_absent_in_production(
    settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    production = dataclasses.replace(settings, env=Environment.PRODUCTION)
    async with LifespanManager(create_app(production, neo4j_target)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get("/auth/dev-people")
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"

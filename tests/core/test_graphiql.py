"""The development GraphiQL page is served entirely from Kring: no CDN, no inline script."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Neo4jTarget
from server.app import create_app
from server.routes.graphiql import ASSET_PATH, ASSETS
from server.settings import Environment, Settings

HTML = {"accept": "text/html"}


class Page(HTMLParser):
    """The scripts, stylesheets and every URL-ish attribute of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str | None] = []
        self.stylesheets: list[str] = []
        self.urls: list[str] = []
        self.inline_script = ""
        self.inline_styles: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [v for k, v in attrs if v and k in {"src", "href", "action", "srcset"}]
        if "style" in values or tag == "style":
            self.inline_styles.append(tag)
        if any(k.startswith("on") for k in values):
            self.inline_script += f"<{tag} on…>"
        if tag == "script":
            self.scripts.append(values.get("src"))
            self._in_script = True
        elif tag == "link" and values.get("rel") == "stylesheet":
            self.stylesheets.append(values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_script += data.strip()


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def csp(response: httpx.Response) -> dict[str, list[str]]:
    directives = response.headers["content-security-policy"].split(";")
    return {d.split()[0]: d.split()[1:] for d in (d.strip() for d in directives) if d}


async def test_the_ide_page_references_only_kring(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = parse(response.text)
    assert page.scripts, "the page loads GraphiQL"
    assert None not in page.scripts, "no inline script"
    assert page.inline_script == ""
    assert page.inline_styles == []
    assert "https://" not in response.text
    assert "http://" not in response.text
    for url in page.urls:
        parts = urlsplit(url)
        assert not parts.scheme, url
        assert not parts.netloc, url
        assert parts.path.startswith(f"{ASSET_PATH}/"), url
    assert "graphiql" in response.text.lower()


async def test_every_asset_of_the_page_is_served(client: httpx.AsyncClient) -> None:
    page = parse((await client.get("/graphql", headers=HTML)).text)
    expected = {"script": "text/javascript", "stylesheet": "text/css"}
    references = [("script", s) for s in page.scripts if s] + [
        ("stylesheet", s) for s in page.stylesheets
    ]
    assert len(page.stylesheets) >= 2
    for kind, url in references:
        response = await client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-type"].split(";")[0] == expected[kind], url
        assert response.headers["x-content-type-options"] == "nosniff"
        assert len(response.content) > 0
        if kind == "stylesheet":
            # The stylesheets pull nothing from elsewhere either (GraphiQL's fonts are data:).
            assert "@import" not in response.text, url
            assert not re.search(r"url\(\s*['\"]?(https?:)?//", response.text), url
    react = (await client.get(f"{ASSET_PATH}/react.production.min.js")).text
    assert 'version="18.' in react
    graphiql = await client.get(f"{ASSET_PATH}/graphiql.min.js")
    assert "window.GraphiQL" in graphiql.text
    again = await client.get(
        f"{ASSET_PATH}/graphiql.min.js", headers={"if-none-match": graphiql.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


async def test_the_page_has_a_strict_content_security_policy(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers=HTML)
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    header = response.headers["content-security-policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        "/graphiql/assets/package.json",
        "/graphiql/assets/..%2Fpackage-lock.json",
        "/graphiql/assets/node_modules",
        "/graphiql/assets/react",
    ],
)
async def test_only_the_listed_assets_are_served(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404


async def test_graphql_still_answers_next_to_the_ide(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_no_ide_and_no_assets_in_production(
    settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    app = create_app(dataclasses.replace(settings, env=Environment.PRODUCTION), neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            page = await c.get("/graphql", headers=HTML)
            assets = [await c.get(f"{ASSET_PATH}/{name}") for name in ASSETS]
    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    assert [a.status_code for a in assets] == [404] * len(ASSETS)

"""Serving a web build, in process, from a small stand-in for web/dist (no npm build needed)."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest

from graph.core.database import Neo4jTarget
from server.settings import Environment, Settings
from tests.web.serving import INDEX, UUID, app_with, make_dist


def config_of(page: str) -> dict[str, object]:
    found = re.search(r'<meta name="kring-config" content="([^"]*)">', page)
    assert found, page
    config: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return config


async def test_pages_files_and_their_headers(
    tmp_path: Path, settings: Settings, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = make_dist(tmp_path)
    async with app_with(settings, neo4j_target, dist, monkeypatch) as client:
        for path in ("/", "/discover", f"/opportunities/{UUID}", "/wallet"):
            page = await client.get(path)
            assert page.status_code == 200, path
            assert page.headers["cache-control"] == "no-cache"
            assert config_of(page.text)["development"] is True
        assert page.headers["content-security-policy"] == (
            "default-src 'self'; script-src 'self'; style-src 'self'; "
            "img-src 'self' data: blob: https://tile.openstreetmap.org; connect-src 'self' https:; "
            "worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
        # The meta tag sits in the head, before the app's script; nothing else changed.
        assert page.text.index("kring-config") < page.text.index("</head>")
        assert re.sub(r'<meta name="kring-config"[^>]*>\n', "", page.text) == INDEX

        # Revalidation answers 304 while the page is unchanged.
        again = await client.get("/", headers={"if-none-match": page.headers["etag"]})
        assert again.status_code == 304

        # GET /verify is the app's page; POST /verify stays the server's API.
        verify = await client.get("/verify", headers={"accept": "text/html"})
        assert "kring-config" in verify.text
        api = await client.post("/verify", content=b"not a credential")
        assert api.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

        script = await client.get("/assets/index-abc123.js")
        assert script.status_code == 200
        assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert script.headers["content-type"] == "text/javascript; charset=utf-8"
        font = await client.get("/assets/fonts/inter-def456.woff2")
        assert font.headers["content-type"] == "font/woff2"

        manifest = await client.get("/manifest.webmanifest")
        assert manifest.headers["content-type"] == "application/manifest+json"
        assert manifest.headers["cache-control"] == "public, max-age=3600"
        worker = await client.get("/sw.js")
        assert worker.headers["cache-control"] == "no-cache"
        assert worker.headers["content-type"] == "text/javascript; charset=utf-8"
        assert (
            "connect-src 'self' https://tile.openstreetmap.org"
            in (worker.headers["content-security-policy"])
        )

        head = await client.head("/discover")
        assert head.status_code == 200
        posted = await client.post("/discover")
        assert posted.status_code == 405


NOT_SERVED = (
    "/opportunities/not-a-uuid",
    "/nope",
    "/index.html",
    "/routes.json",
    "/persisted-documents.json",
    "/assets",
    "/assets/",
    "/assets/missing.js",
    "/assets/%2e%2e/routes.json",
    "/assets/..%2f..%2fsecret.txt",
    "/assets/fonts",
    "/secret.txt",
)


async def test_nothing_else_is_served(
    tmp_path: Path, settings: Settings, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = make_dist(tmp_path)
    async with app_with(settings, neo4j_target, dist, monkeypatch) as client:
        for path in NOT_SERVED:
            response = await client.get(path)
            assert response.status_code == 404, path
            assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND", path


async def test_a_stale_session_cookie_does_not_stop_the_app_loading(
    tmp_path: Path, settings: Settings, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signed out elsewhere (or keys renewed): the page and its files still load, so the app
    can refresh or sign in; the API still refuses the cookie."""
    dist = make_dist(tmp_path)
    async with app_with(settings, neo4j_target, dist, monkeypatch) as client:
        client.cookies.set("kring_access", "not-a-token")
        assert (await client.get("/discover")).status_code == 200
        assert (await client.get("/assets/index-abc123.js")).status_code == 200
        assert (await client.get("/sw.js")).status_code == 200
        api = await client.get("/graphql", params={"query": "{ __typename }"})
        assert api.status_code == 401


async def test_configuration_follows_the_settings(
    tmp_path: Path, settings: Settings, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    configured = dataclasses.replace(
        settings,
        env=Environment.PRODUCTION,
        map_tile_url="https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png",
        map_tile_attribution='Tiles "Example" & friends',
    )
    async with app_with(configured, neo4j_target, make_dist(tmp_path), monkeypatch) as client:
        page = await client.get("/")
    assert (
        "img-src 'self' data: blob: https://*.tiles.example.org;"
        in (page.headers["content-security-policy"])
    )
    config = config_of(page.text)
    assert config["development"] is False
    assert config["tiles"] == {
        "url": "https://{s}.tiles.example.org/osm/{z}/{x}/{y}.png",
        "attribution": 'Tiles "Example" & friends',
    }


async def test_without_a_build_the_root_says_how_to_make_one(
    tmp_path: Path, settings: Settings, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_with(settings, neo4j_target, tmp_path / "no-dist", monkeypatch) as client:
        root = await client.get("/")
        page = await client.get("/", headers={"accept": "text/html"})
        other = await client.get("/discover")
        health = await client.get("/healthz")
    assert root.status_code == 503
    error = root.json()["errors"][0]
    assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "make web" in error["message"]
    assert "make run" in error["message"]
    assert page.status_code == 503
    assert "make web" in page.text
    assert other.status_code == 404
    assert health.status_code == 200

"""A fake web build and an app serving it in-process: for tests of how pages are served."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Neo4jTarget
from server.app import create_app
from server.routes import web
from server.routes.web import WebApp
from server.settings import Settings

UUID = "0b6c8a5e-3a4f-4c1e-9a0d-2f6b7c8d9e01"
INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kring</title>
<script type="module" src="/assets/index-abc123.js"></script></head>
<body><div id="app"></div></body></html>
"""


def make_dist(root: Path) -> Path:
    dist = root / "dist"
    (dist / "assets" / "fonts").mkdir(parents=True)
    (dist / "index.html").write_text(INDEX)
    (dist / "routes.json").write_text(
        json.dumps(
            [
                "/",
                "/discover",
                "/opportunities/{id:uuid}",
                "/verify",
                "/wallet",
                "/badges/{id:uuid}",
            ]
        )
    )
    (dist / "persisted-documents.json").write_text("{}")
    (dist / "assets" / "index-abc123.js").write_text("console.log('kring');\n")
    (dist / "assets" / "fonts" / "inter-def456.woff2").write_bytes(b"wOF2")
    (dist / "icon.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (dist / "manifest.webmanifest").write_text('{"name": "Kring"}')
    (dist / "sw.js").write_text("self.addEventListener('push', () => {});\n")
    (root / "secret.txt").write_text("outside the build")
    return dist


@asynccontextmanager
async def app_with(
    settings: Settings, target: Neo4jTarget, dist: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setattr(web, "routes", [WebApp(dist)])
    async with LifespanManager(create_app(settings, target)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c

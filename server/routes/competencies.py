"""/competencies/{framework}/{code}: the page an alignment without a URL of its own points to.

Public (a competency describes what can be earned), content-negotiated: JSON-LD (a
schema.org DefinedTerm) for machines, an HTML page for browsers. Framework and code are
one percent-encoded path segment each (badges.ob3.competency_url), so either may hold a
'/'; the path is split before it is decoded.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from badges.ob3 import competency_url
from graph.badge_classes.badge_classes import competency
from graph.badge_classes.fields import Alignment
from graph.core.errors import NotFound
from server.routes.support import JSON_LD, wants_html
from server.state import app_state

HEADERS = {"Vary": "Accept", "Cache-Control": "public, max-age=300"}
CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def _framework_and_code(request: Request) -> tuple[str, str] | None:
    """The two segments after /competencies/, decoded only once split."""
    rest: str = request.path_params["rest"]  # already decoded: a '%2F' is a '/' here
    raw = request.scope.get("raw_path")
    if isinstance(raw, bytes):
        segments = raw.split(b"?", 1)[0].decode("latin-1").split("/")
        if len(segments) < 2:
            return None
        framework, code = (unquote(s, errors="strict") for s in segments[-2:])
        # The raw path must be the very one the route matched, not some other shape.
        if f"{framework}/{code}" != rest:
            return None
    else:
        parts = rest.split("/")
        if len(parts) != 2:
            return None
        framework, code = parts
    if not framework or not code:
        return None
    return framework, code


def document(public_url: str, found: Alignment) -> dict[str, Any]:
    address = competency_url(public_url, found.framework, found.code)
    term: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "@id": address,
        "url": address,
        "name": found.name,
        "termCode": found.code,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": found.framework},
    }
    if found.url:
        term["sameAs"] = found.url
    return term


def _page(found: Alignment) -> HTMLResponse:
    name, framework, code = (
        html.escape(v, quote=True) for v in (found.name, found.framework, found.code)
    )
    link = ""
    if found.url and found.url.startswith(("https://", "http://")):
        link = f'<p><a href="{html.escape(found.url, quote=True)}" rel="noopener">More</a></p>'
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{name} · Kring</title>
<meta property="og:type" content="website"><meta property="og:title" content="{name}">
</head><body><main><h1>{name}</h1>
<p>Competency <strong>{code}</strong> in the framework <strong>{framework}</strong>.</p>
{link}<p><a href="/verify">Verify a badge</a></p></main></body></html>"""
    headers = {**HEADERS, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
    return HTMLResponse(body, headers=headers)


async def competency_page(request: Request) -> Response:
    state = app_state(request)
    try:
        wanted = _framework_and_code(request)
    except UnicodeDecodeError:
        wanted = None
    found = await competency(state.graph, *wanted) if wanted else None
    if found is None:
        raise NotFound("No such competency.")
    if wants_html(request):
        return _page(found)
    return JSONResponse(
        document(state.settings.public_url, found), media_type=JSON_LD, headers=HEADERS
    )


routes: list[BaseRoute] = [Route("/competencies/{rest:path}", competency_page, methods=["GET"])]

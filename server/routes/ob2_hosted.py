"""Open Badges 2.0 hosted objects, as JSON-LD for machines and HTML for people."""

from __future__ import annotations

import html
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from badges import baking, ob2
from badges.issuer_keys import IssuerKeys
from graph.badge_classes.badge_classes import badge_classes_by_ids, badge_image
from graph.core.errors import NotFound
from graph.credentials.contents import (
    assertion_carrying,
    assertion_status,
    credential_data,
    issuer_profile,
    public_endorser_name,
    revoked_assertions,
)
from server.routes.badge_images import badge_png, branded_svg
from server.routes.support import JSON_LD, wants_html
from server.state import app_state

# Not found and not allowed look the same: a private record does not leak.
NOT_FOUND = "Not found."


def _id(request: Request) -> str:
    return str(request.path_params["id"])


def _page(title: str, description: str, image: str, url: str) -> HTMLResponse:
    """A page for people, with Open Graph tags so shared links preview well."""
    t, d, i, u = (html.escape(v, quote=True) for v in (title, description, image, url))
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{t} · Kring</title>
<meta property="og:type" content="website"><meta property="og:title" content="{t}">
<meta property="og:description" content="{d}"><meta property="og:image" content="{i}">
<meta property="og:url" content="{u}"><meta name="twitter:card" content="summary">
</head><body><main><img src="{i}" alt="" width="200" height="200">
<h1>{t}</h1><p>{d}</p><p><a href="/verify">Verify a badge</a></p></main></body></html>"""
    return HTMLResponse(
        body,
        headers={
            "Content-Security-Policy": "default-src 'none'; img-src 'self'",
            "Vary": "Accept",
        },
    )


def _json(document: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(
        document, status_code=status, media_type=JSON_LD, headers={"Vary": "Accept"}
    )


async def issuer(request: Request) -> Response:
    state = app_state(request)
    issuer_id = _id(request)
    found = await issuer_profile(state.graph, issuer_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    body, parent = found
    keys = IssuerKeys(state.settings.key_dir).public_keys(issuer_id)
    document = ob2.profile(state.settings.public_url, body, keys, parent)
    if wants_html(request):
        return _page(body.name, document.get("description", ""), "", document["id"])
    return _json(document)


async def issuer_key(request: Request) -> Response:
    state = app_state(request)
    issuer_id = _id(request)
    for key in IssuerKeys(state.settings.key_dir).public_keys(issuer_id):
        if key.multibase == request.path_params["key"]:
            return _json(ob2.cryptographic_key(state.settings.public_url, issuer_id, key))
    raise NotFound(NOT_FOUND)


async def revocation_list(request: Request) -> Response:
    state = app_state(request)
    issuer_id = _id(request)
    if await issuer_profile(state.graph, issuer_id) is None:
        raise NotFound(NOT_FOUND)
    revoked = await revoked_assertions(state.graph, issuer_id)
    return _json(ob2.revocation_list(state.settings.public_url, issuer_id, revoked))


async def badge_class(request: Request) -> Response:
    state = app_state(request)
    badge_class_id = _id(request)
    found = (await badge_classes_by_ids(state.graph, [badge_class_id])).get(badge_class_id)
    if found is None:
        raise NotFound(NOT_FOUND)
    document = ob2.badge_class(state.settings.public_url, found)
    if wants_html(request):
        return _page(found.name, found.description, document["image"], document["id"])
    return _json(document)


async def assertion(request: Request) -> Response:
    """A hosted assertion, for PUBLIC badges and their learner; 410 once revoked.

    OB 2.0 hosted verification has no place for a secret, so a badge shared only by link
    is not hosted here: its OB 3.0 credential (with the link's token) is the way to share it.
    """
    state = app_state(request)
    public_url = state.settings.public_url
    assertion_id = _id(request)
    data = await credential_data(state.graph, assertion_id)
    user = session_caller(request.scope.get("user"))  # an app's token is not the learner
    owner = data is not None and user is not None and user.person_id == data.learner_id
    if data is None or not (owner or data.visibility == "PUBLIC"):
        raise NotFound(NOT_FOUND)
    status = await assertion_status(state.graph, assertion_id)
    if status is not None and status.revoked_at is not None:
        return _json(ob2.revoked_assertion(public_url, assertion_id, status.revocation_reason), 410)
    document = ob2.assertion(public_url, data)
    fmt = request.path_params.get("format")
    if fmt in ("png", "svg"):
        image = await badge_image(state.graph, data.badge_class.id)
        assert image is not None
        # badge.png is drawn from the very SVG that badge.svg serves, so the two look the same.
        svg = branded_svg(image, "OFFICIAL" if data.validated else "COMMUNITY")
        if fmt == "png":
            base = await badge_png(image, svg)
            baked_png = baking.bake_png(base, baking.OB2_PNG_KEY, document["id"])
            return Response(baked_png, media_type="image/png")
        baked = baking.bake_svg_ob2(svg, document["id"], json.dumps(document))
        return Response(baked, media_type="image/svg+xml")
    if fmt is not None:
        raise NotFound(NOT_FOUND)
    if wants_html(request):
        title = data.badge_class.name
        return _page(
            title, f"A badge issued by {data.issuer.name}.", document["image"], document["id"]
        )
    return _json(document)


async def endorsement(request: Request) -> Response:
    """A hosted OB 2.0 Endorsement; visible wherever the badge it endorses is."""
    state = app_state(request)
    endorsement_id = _id(request)
    assertion_id = await assertion_carrying(state.graph, endorsement_id)
    data = await credential_data(state.graph, assertion_id) if assertion_id else None
    if data is None or data.visibility != "PUBLIC":
        raise NotFound(NOT_FOUND)
    given = next(e for e in data.endorsements if e.id == endorsement_id)
    return _json(ob2.endorsement(state.settings.public_url, data, given))


async def person(request: Request) -> Response:
    """An endorser's OB 2.0 Profile: their name only, and only if they endorsed a shared badge."""
    state = app_state(request)
    person_id = _id(request)
    name = await public_endorser_name(state.graph, person_id)
    if name is None:
        raise NotFound(NOT_FOUND)
    return _json(ob2.person_profile(state.settings.public_url, person_id, name))


async def platform(request: Request) -> Response:
    return _json(ob2.person_profile(app_state(request).settings.public_url, None, "Kring"))


routes: list[BaseRoute] = [
    Route("/ob2/issuers/{id:uuid}", issuer, methods=["GET"]),
    Route("/ob2/issuers/{id:uuid}/keys/{key}", issuer_key, methods=["GET"]),
    Route("/ob2/issuers/{id:uuid}/revocations", revocation_list, methods=["GET"]),
    Route("/ob2/badge-classes/{id:uuid}", badge_class, methods=["GET"]),
    Route("/ob2/assertions/{id:uuid}", assertion, methods=["GET"]),
    Route("/ob2/assertions/{id:uuid}/badge.{format:str}", assertion, methods=["GET"]),
    Route("/ob2/endorsements/{id:uuid}", endorsement, methods=["GET"]),
    Route("/ob2/people/{id:uuid}", person, methods=["GET"]),
    Route("/ob2/platform", platform, methods=["GET"]),
]

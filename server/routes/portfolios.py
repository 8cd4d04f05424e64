"""A portfolio page's downloads: the page as a PDF and its badges as one CLR 2.0 record.

Both are served exactly as the page is (`portfolioPage`): its learner gets all of it, anyone
else a PUBLIC page, or a LINK page with its secret, without the items kept more private;
otherwise 404, like a page that does not exist.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from auth.permissions import can_see_badge
from badges import ob3
from badges.clr import MAX_CREDENTIALS, clr_credential
from badges.issuer_keys import IssuerKeys
from badges.portfolio_sheet import Entry, PortfolioSheet, render
from graph.core.errors import NotFound
from graph.credentials.contents import credentials_data
from graph.people.people import person_by_id
from graph.portfolios import pages
from server.routes.sharing import reader_lang, share_token
from server.state import app_state

NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")


async def _visible_page(request: Request) -> tuple[pages.Page, bool]:
    """The page as this reader may see it, and whether it is theirs; else 404."""
    token = share_token(request)
    page = await pages.page_by_id(app_state(request).graph, str(request.path_params["id"]))
    user = session_caller(request.scope.get("user"))  # an app's token is not the learner
    mine = page is not None and user is not None and user.person_id == page.learner_id
    if page is None or not can_see_badge(mine, page.visibility, page.share_token, token):
        raise NotFound("No such page.")
    return (page if mine else pages.as_visitor_sees(page)), mine


async def page_pdf(request: Request) -> Response:
    """GET /portfolios/{id}/page.pdf[?token=…][&lang=nl]: the page on paper."""
    page, _ = await _visible_page(request)
    state = app_state(request)
    secret = share_token(request)
    link = f"{state.settings.public_url}/portfolios/{page.id}"
    if page.visibility == "LINK" and secret:
        link += f"?token={secret}"
    sheet = PortfolioSheet(
        title=page.title,
        learner=page.learner_name,
        narrative=page.narrative,
        entries=tuple(
            Entry(
                kind=i.kind.value,
                name=i.name,
                issuer=i.issuer_name,
                status=i.status,
                at=i.at,
                caption=i.caption,
                detail=i.detail,
                url=i.url,
                revocation_reason=i.revocation_reason,
            )
            for i in page.items
        ),
        link=link,
        made_at=datetime.now(UTC),
    )
    lang = reader_lang(request)
    pdf = await run_in_threadpool(render, sheet, lang)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="kring-{page.id}.pdf"', **NO_STORE},
    )


def _ob3_document(text: str | None) -> dict[str, Any] | None:
    """An imported credential's own OB 3.0 JSON, embedded as it is; None for anything else
    (a VC-JWT or an OB 2.0 assertion is no OB 3.0 credential to embed)."""
    try:
        document = json.loads(text or "")
    except ValueError:
        return None
    if not isinstance(document, dict) or "proof" not in document:
        return None
    given = document.get("type")
    types = given if isinstance(given, list) else [given]
    return document if any(t in types for t in OB3_TYPES) else None


async def page_clr(request: Request) -> Response:
    """GET /portfolios/{id}/clr.json[?token=…]: the page's badges (and imported OB 3.0
    credentials) as one ClrCredential signed by the platform."""
    page, _ = await _visible_page(request)
    state = app_state(request)
    wanted = [i.id for i in page.items if i.kind == pages.ItemKind.BADGE][:MAX_CREDENTIALS]
    found = {d.assertion_id: d for d in await credentials_data(state.graph, wanted)}
    keys = IssuerKeys(state.settings.key_dir)
    public_url = state.settings.public_url
    credentials: list[dict[str, Any]] = [
        ob3.signed(found[i], public_url, keys)
        for i in wanted
        if i in found and found[i].learner_id == page.learner_id
    ]
    external = [i.id for i in page.items if i.kind == pages.ItemKind.EXTERNAL]
    if external:
        documents = await pages.external_documents(state.graph, page.learner_id, external)
        credentials += [d for d in map(_ob3_document, documents) if d is not None]
    credentials = credentials[:MAX_CREDENTIALS]
    if not credentials:
        raise NotFound("This page shows no badges to put in a record.")
    person = await person_by_id(state.graph, page.learner_id)
    email = person.email if person else ""
    record = clr_credential(
        public_url, keys, page.learner_name, email, credentials, datetime.now(UTC)
    )
    return JSONResponse(
        record,
        headers={
            "Content-Disposition": f'attachment; filename="kring-clr-{page.id}.json"',
            **NO_STORE,
        },
    )


routes: list[BaseRoute] = [
    Route("/portfolios/{id:uuid}/page.pdf", page_pdf, methods=["GET"]),
    Route("/portfolios/{id:uuid}/clr.json", page_clr, methods=["GET"]),
]

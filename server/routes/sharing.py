"""Sharing a badge beyond its page: the QR code of its address and its PDF certificate."""

from __future__ import annotations

import re
from typing import Final

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from auth.permissions import can_see_badge
from badges import baking
from badges.certificate import LANGS, Certificate, Lang, render
from badges.qr import qr_svg
from graph.badge_classes.badge_classes import badge_image
from graph.core.errors import BadUserInput, NotFound
from graph.recognition.badge_pages import badge_sheet
from server.routes.badge_images import branded_svg
from server.state import app_state

# A share link's secret as graph.recognition.claims makes it (token_urlsafe), with room to
# spare; anything else is refused before it reaches a QR code or the graph.
SHARE_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{1,64}")

QR_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    # Drawn from the address alone: the same request always draws the same code.
    "Cache-Control": "public, max-age=86400",
    "Vary": "Accept-Language",
}


def share_token(request: Request) -> str | None:
    """The `token` query parameter when it looks like a share link's secret; else a 400."""
    token = request.query_params.get("token")
    if not token:
        return None
    if SHARE_TOKEN.fullmatch(token) is None:
        raise BadUserInput("That is not a share link's token.", field="token")
    return token


def badge_page_url(public_url: str, assertion_id: str, token: str | None) -> str:
    """The badge's public page, with its link's secret when it is shared by link."""
    base = f"{public_url}/badges/{assertion_id}"
    return f"{base}?token={token}" if token else base


def reader_lang(request: Request) -> Lang:
    """`lang` when it is one Kring speaks, else the first of Accept-Language, else English."""
    asked = request.query_params.get("lang", "")
    if asked in LANGS:
        return "nl" if asked == "nl" else "en"
    for part in request.headers.get("accept-language", "").split(",")[:10]:
        base = part.split(";")[0].strip().lower().split("-")[0]
        if base in LANGS:
            return "nl" if base == "nl" else "en"
    return "en"


async def badge_qr(request: Request) -> Response:
    """GET /badges/{id}/qr.svg[?token=…]: the QR code of that badge's page address.

    It draws the address it is asked for and reads nothing, so it tells nobody anything they
    did not already know (not even whether the badge exists).
    """
    public_url = app_state(request).settings.public_url
    url = badge_page_url(public_url, str(request.path_params["id"]), share_token(request))
    words = {"en": "QR code of the badge's page", "nl": "QR-code van de pagina van de badge"}
    svg = qr_svg(url, title=words[reader_lang(request)])
    return Response(svg, media_type="image/svg+xml", headers=QR_HEADERS)


async def certificate(request: Request) -> Response:
    """GET /credentials/{id}/certificate.pdf[?token=…][&lang=nl]: the badge's certificate.

    Whoever may see the badge's page gets it (its learner always; anyone when public; with the
    link's secret when shared by link). A revoked badge's certificate says it is revoked.
    """
    state = app_state(request)
    token = share_token(request)
    sheet = await badge_sheet(state.graph, str(request.path_params["id"]))
    user = session_caller(request.scope.get("user"))  # an app's token is not the learner
    is_learner = (
        sheet is not None and user is not None and user.person_id == sheet.assertion.learner_id
    )
    if sheet is None or not can_see_badge(
        is_learner, sheet.assertion.visibility, sheet.assertion.share_token, token
    ):
        # Not found and not allowed look the same: a private record does not leak.
        raise NotFound("No such credential.")
    badge = sheet.assertion
    shared_by_link = badge.visibility == "LINK"
    link = badge_page_url(
        state.settings.public_url, badge.id, badge.share_token if shared_by_link else None
    )
    image = await badge_image(state.graph, badge.badge_class_id)
    png = (
        await run_in_threadpool(baking.render_png, branded_svg(image, badge.tier.value))
        if image is not None
        else None
    )
    cert = Certificate(
        recipient=badge.learner_name,
        badge_name=badge.badge_class_name,
        issuer=sheet.issuer_name,
        university=badge.university_name,
        tier=badge.tier.value,
        status=badge.status,
        issued_at=badge.issued_at,
        expires_at=badge.expires_at,
        revoked_at=badge.revoked_at,
        revocation_reason=badge.revocation_reason,
        criteria=sheet.criteria,
        link=link,
        qr_svg=qr_svg(link),
        private=badge.visibility == "PRIVATE",
        badge_png=png,
    )
    lang = reader_lang(request)
    pdf = await run_in_threadpool(render, cert, lang)
    name = "certificaat" if lang == "nl" else "certificate"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="kring-{name}-{badge.id}.pdf"',
            # Its status can change at any time (revoked): never kept anywhere.
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


routes: list[BaseRoute] = [
    Route("/badges/{id:uuid}/qr.svg", badge_qr, methods=["GET"]),
    Route("/credentials/{id:uuid}/certificate.pdf", certificate, methods=["GET"]),
]

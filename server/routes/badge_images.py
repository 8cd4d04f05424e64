"""Badge images: a class's uploaded PNG or branded SVG, and each issued badge with its tier."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from auth.permissions import can_see_assertion
from badges import baking
from badges.images import render_badge_svg
from graph.badge_classes.badge_classes import BadgeImage, badge_image, brand_of_issuer
from graph.core.errors import BadUserInput, NotFound
from graph.core.vocabulary import Domain, Level
from graph.recognition.assertions import assertion_by_id
from server.graphql import validation as check
from server.state import app_state

# Even a generated SVG is served as an inert image: no scripts, no external loads.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=300",
}


def branded_svg(image: BadgeImage, tier: str | None = None) -> str:
    """The badge drawn in its university's brand, with its tier when it is an issued badge."""
    return render_badge_svg(
        title=image.name,
        university_name=image.brand.university_name,
        brand_primary=image.brand.primary,
        brand_secondary=image.brand.secondary,
        domain=image.domain.value,
        level=int(image.level),
        tier=tier,
    )


async def badge_png(image: BadgeImage, svg: str) -> bytes:
    """The class's uploaded PNG as it is, or else `svg` (its branded SVG) drawn as a PNG.

    Drawing takes tens of milliseconds, so it runs off the event loop.
    """
    if image.png is not None:
        return image.png
    return await run_in_threadpool(baking.render_png, svg)


async def badge_class_image(request: Request) -> Response:
    image = await badge_image(app_state(request).graph, str(request.path_params["id"]))
    if image is None:
        raise NotFound("No such badge class.")
    if image.png is not None:
        return Response(image.png, media_type="image/png", headers=HEADERS)
    svg = branded_svg(image)
    return Response(svg, media_type="image/svg+xml", headers=HEADERS)


PREVIEW_NAME_MAX = 200


async def badge_class_preview(request: Request) -> Response:
    """GET /badge-classes/preview.svg?issuer=…&name=…&domain=…&level=…: the image a new class
    of that issuer would get, drawn as the designer types (nothing is stored or read but the
    issuer's brand)."""
    params = request.query_params
    name = params.get("name", "").strip()
    try:
        issuer = check.entity_id(params.get("issuer", ""), "issuer")
        domain = Domain(params.get("domain", ""))
        level = Level(int(params.get("level", "")))
    except (ValueError, NotFound):
        raise BadUserInput(
            "Give issuer (an id), domain (one of the domains) and level (1 to 3)."
        ) from None
    if len(name) > PREVIEW_NAME_MAX:
        raise BadUserInput(f"name is longer than {PREVIEW_NAME_MAX} characters.", field="name")
    brand = await brand_of_issuer(app_state(request).graph, issuer)
    if brand is None:
        raise NotFound("No such organisation or university.")
    image = BadgeImage(png=None, name=name or "…", domain=domain, level=level, brand=brand)
    svg = branded_svg(image)
    return Response(svg, media_type="image/svg+xml", headers=HEADERS)


async def assertion_image(request: Request) -> Response:
    """GET /assertions/{id}/image[.png][?token=…]: the badge in its brand, with its tier; the
    PNG is for the places that show no SVG (link previews, e-mail, other sites)."""
    state = app_state(request)
    user = session_caller(request.scope.get("user"))  # an app's token is not the learner
    actor = user.person_id if user is not None else None
    view = await assertion_by_id(state.graph, str(request.path_params["id"]), actor)
    if view is None:
        raise NotFound("No such badge.")
    token = request.query_params.get("token")
    assertion = view.assertion
    visible = can_see_assertion(view.standing, assertion.visibility, assertion.share_token, token)
    image = await badge_image(state.graph, assertion.badge_class_id) if visible else None
    if image is None:
        # Not found and not allowed look the same: a private record does not leak.
        raise NotFound("No such badge.")
    svg = branded_svg(image, assertion.tier.value)
    # Never cached: the badge may turn private, or change tier, at any time.
    headers = {**HEADERS, "Cache-Control": "no-store"}
    if request.url.path.endswith(".png"):
        png = await run_in_threadpool(baking.render_png, svg)
        return Response(png, media_type="image/png", headers=headers)
    return Response(svg, media_type="image/svg+xml", headers=headers)


routes: list[BaseRoute] = [
    Route("/badge-classes/{id:uuid}/image", badge_class_image, methods=["GET"]),
    Route("/badge-classes/preview.svg", badge_class_preview, methods=["GET"]),
    Route("/assertions/{id:uuid}/image", assertion_image, methods=["GET"]),
    Route("/assertions/{id:uuid}/image.png", assertion_image, methods=["GET"]),
]

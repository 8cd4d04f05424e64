"""Serves badge-class images: the uploaded PNG, or an SVG drawn in the university's brand."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response

from badges.images import render_badge_svg
from graph.badge_classes import badge_image
from server.state import app_state

# Even a generated SVG is served as an inert image: no scripts, no external loads.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=300",
}


async def badge_class_image(request: Request) -> Response:
    try:
        badge_class_id = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        return Response("No such badge class.", status_code=404, media_type="text/plain")
    image = await badge_image(app_state(request).graph, badge_class_id)
    if image is None:
        return Response("No such badge class.", status_code=404, media_type="text/plain")
    if image.png is not None:
        return Response(image.png, media_type="image/png", headers=HEADERS)
    svg = render_badge_svg(
        title=image.name,
        university_name=image.brand.university_name,
        brand_primary=image.brand.primary,
        brand_secondary=image.brand.secondary,
        domain=image.domain.value,
        level=int(image.level),
    )
    return Response(svg, media_type="image/svg+xml", headers=HEADERS)

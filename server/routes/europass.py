"""HTTP for the Europass export: an OFFICIAL badge as a signed European Digital Credential."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from badges import europass
from graph.badge_classes.badge_classes import badge_image
from graph.core.errors import Conflict, NotFound
from server.routes.badge_images import badge_png, branded_svg
from server.routes.credentials import issuer_keys, visible_credential
from server.routes.support import JSON_LD
from server.state import app_state


async def europass_credential(request: Request) -> Response:
    """/credentials/{id}/europass.jsonld: whoever may see the badge may download it; only an
    OFFICIAL badge is exported, signed by the university that validated its class."""
    state = app_state(request)
    data = await visible_credential(request)
    image = await badge_image(state.graph, data.badge_class.id)
    if image is None:  # its class went between the two reads
        raise NotFound("No such badge.")
    png = await badge_png(image, branded_svg(image, "OFFICIAL" if data.validated else "COMMUNITY"))
    try:
        document = europass.signed(data, state.settings.public_url, issuer_keys(request), png)
    except europass.NotExportable as exc:
        raise Conflict(str(exc)) from None
    filename = f"europass-{data.assertion_id}.jsonld"
    return JSONResponse(
        document,
        media_type=JSON_LD,
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


routes: list[BaseRoute] = [
    Route("/credentials/{id:uuid}/europass.jsonld", europass_credential, methods=["GET"]),
]

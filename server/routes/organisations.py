"""An organisation's logo, for whoever may see the organisation."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from auth.permissions import Permission, allows
from graph.core.errors import NotFound
from graph.core.vocabulary import OrganisationStatus
from graph.organisations.organisations import logo
from server.state import app_state

# A checked PNG, still served inert; `private`: a pending organisation's is for its people.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, max-age=300",
}


async def organisation_logo(request: Request) -> Response:
    """GET /organisations/{id}/logo.png: 404 alike for no logo, no organisation, or one the
    caller may not see (an unapproved one is private, as in GraphQL)."""
    user = session_caller(request.scope.get("user"))  # an app's token is not the person
    actor = user.person_id if user is not None else None
    found = await logo(app_state(request).graph, str(request.path_params["id"]), actor)
    visible = found is not None and (
        found.status == OrganisationStatus.APPROVED
        or allows(Permission.ORGANISATION_READ_PRIVATE, found.standing)
    )
    if found is None or found.png is None or not visible:
        raise NotFound("No such logo.")
    return Response(found.png, media_type="image/png", headers=HEADERS)


routes: list[BaseRoute] = [
    Route("/organisations/{id:uuid}/logo.png", organisation_logo, methods=["GET"]),
]

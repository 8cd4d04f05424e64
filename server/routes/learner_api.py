"""The Open Badges 3.0 API (read side): a learner's credentials and profile, by OAuth scope."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import Caller
from badges import ob3
from badges.did import person_did
from badges.issuer_keys import IssuerKeys
from badges.jsonld import CREDENTIALS_V2, OB_V3
from graph.credentials.contents import assertion_ids_of_learner, credentials_data
from graph.people.people import person_by_id
from server.state import app_state

BASE = "/ims/ob/v3p0"
SCOPE = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READ = SCOPE + "credential.readonly"
PROFILE_READ = SCOPE + "profile.readonly"
MAX_LIMIT = 100


def _status(description: str, status: int) -> JSONResponse:
    """The OB 3.0 API's error shape (imsx_StatusInfo): the standard's, not Kring's own."""
    return JSONResponse(
        {
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": description,
        },
        status_code=status,
        headers={"WWW-Authenticate": "Bearer"} if status == 401 else None,
    )


def _caller(request: Request, scope: str) -> Caller | JSONResponse:
    user = request.scope.get("user")
    if not isinstance(user, Caller):
        return _status("A bearer token is required.", 401)
    if scope not in user.scopes:
        return _status(f"The token lacks the scope {scope}.", 403)
    return user


async def discovery(request: Request) -> Response:
    """Where the API lives and which scopes it needs (public)."""
    public_url = app_state(request).settings.public_url
    return JSONResponse(
        {
            "openapi": "3.0.1",
            "info": {"title": "Kring Open Badges API", "version": "3.0"},
            "servers": [{"url": f"{public_url}{BASE}"}],
            "paths": {
                "/credentials": {"get": {"security": [{"OAuth2ACG": [CREDENTIAL_READ]}]}},
                "/profile": {"get": {"security": [{"OAuth2ACG": [PROFILE_READ]}]}},
            },
            "components": {
                "securitySchemes": {
                    "OAuth2ACG": {
                        "type": "oauth2",
                        "flows": {
                            "authorizationCode": {
                                "authorizationUrl": f"{public_url}/oauth/authorize",
                                "tokenUrl": f"{public_url}/oauth/token",
                                "scopes": {
                                    CREDENTIAL_READ: "Read your badges",
                                    PROFILE_READ: "Read your profile",
                                },
                            }
                        },
                    }
                }
            },
        }
    )


def _int(value: str | None, default: int, low: int, high: int) -> int | None:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


async def credentials(request: Request) -> Response:
    """GET /credentials?limit&offset: the caller's badges, with X-Total-Count and Link."""
    caller = _caller(request, CREDENTIAL_READ)
    if isinstance(caller, JSONResponse):
        return caller
    limit = _int(request.query_params.get("limit"), 20, 1, MAX_LIMIT)
    offset = _int(request.query_params.get("offset"), 0, 0, 10_000_000)
    if limit is None or offset is None:
        return _status(f"limit is 1..{MAX_LIMIT} and offset at least 0.", 400)
    state = app_state(request)
    ids, total = await assertion_ids_of_learner(state.graph, caller.person_id, limit, offset)
    found = {d.assertion_id: d for d in await credentials_data(state.graph, ids)}
    keys = IssuerKeys(state.settings.key_dir)
    public_url = state.settings.public_url
    signed = [ob3.signed(found[i], public_url, keys) for i in ids if i in found]
    return JSONResponse(
        {"credential": signed},
        headers={"X-Total-Count": str(total), "Link": _links(public_url, limit, offset, total)},
    )


def _links(public_url: str, limit: int, offset: int, total: int) -> str:
    def url(at: int) -> str:
        return f"{public_url}{BASE}/credentials?{urlencode({'limit': limit, 'offset': at})}"

    last = max((total - 1) // limit * limit, 0)
    links = [f'<{url(0)}>; rel="first"', f'<{url(last)}>; rel="last"']
    if offset + limit < total:
        links.append(f'<{url(offset + limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{url(max(offset - limit, 0))}>; rel="prev"')
    return ", ".join(links)


async def profile(request: Request) -> Response:
    caller = _caller(request, PROFILE_READ)
    if isinstance(caller, JSONResponse):
        return caller
    state = app_state(request)
    person = await person_by_id(state.graph, caller.person_id)
    if person is None:
        return _status("No such person.", 404)
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": person_did(state.settings.public_url, person.id),
        "type": ["Profile"],
        "name": person.name,
        "email": person.email,
    }
    return JSONResponse(document)


routes: list[BaseRoute] = [
    Route(f"{BASE}/discovery", discovery, methods=["GET"]),
    Route(f"{BASE}/credentials", credentials, methods=["GET"]),
    Route(f"{BASE}/profile", profile, methods=["GET"]),
]

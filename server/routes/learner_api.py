"""The Open Badges 3.0 API: a learner's credentials and profile, by OAuth scope.

Reading (`credential.readonly`, `profile.readonly`), a wallet or platform pushing a credential
into the learner's record (`credential.upsert`: verified like an import and kept as a
credential from elsewhere) and the learner's own name (`profile.update`). The tokens come
from Kring's OAuth server (auth.oauth, server/routes/oauth.py), or `kring dev-token`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import Caller
from auth.oauth import (
    CREDENTIAL_READ,
    CREDENTIAL_UPSERT,
    PROFILE_READ,
    PROFILE_UPDATE,
)
from badges import external, ob3
from badges.did import person_did
from badges.issuer_keys import IssuerKeys
from badges.jsonld import CREDENTIALS_V2, OB_V3
from graph.core.errors import Conflict
from graph.credentials.contents import assertion_ids_of_learner, credentials_data
from graph.external_credentials import external_credentials as externals
from graph.people.people import Person, person_by_id, rename
from server.routes import oauth
from server.routes.support import read_limited
from server.state import app_state

BASE = "/ims/ob/v3p0"
MAX_LIMIT = 100
MAX_CREDENTIAL_BYTES = external.MAX_TEXT_CHARS  # as much as an import takes
MAX_PROFILE_BYTES = 16 * 1024
MAX_NAME_CHARS = 200
SCOPE_WORDS = {
    CREDENTIAL_READ: "Permission to read AchievementCredentials for the authenticated entity.",
    CREDENTIAL_UPSERT: "Permission to create or update AchievementCredentials for the "
    "authenticated entity.",
    PROFILE_READ: "Permission to read the profile for the authenticated entity.",
    PROFILE_UPDATE: "Permission to update the profile for the authenticated entity.",
}


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


def _operation(summary: str, operation_id: str, scope: str | None) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": summary,
        "operationId": operation_id,
        "responses": {
            "200": {"description": "The request was successfully completed."},
            "default": {
                "description": "The request was invalid or cannot be served (Imsx_StatusInfo)."
            },
        },
    }
    if scope:
        operation["security"] = [{"OAuth2ACG": [scope]}]
    return operation


async def discovery(request: Request) -> Response:
    """The Service Description Document (OB 3.0 §6.3, B.4): an OpenAPI 3.0 document naming
    the API, its terms and privacy policy, and its OAuth 2.0 endpoints and scopes (public)."""
    settings = app_state(request).settings
    public_url = settings.public_url
    upsert_ = _operation("Create or update a credential", "upsertCredential", CREDENTIAL_UPSERT)
    upsert_["responses"]["201"] = {"description": "The credential was created."}
    return JSONResponse(
        {
            "openapi": "3.0.1",
            "info": {
                "title": "Kring Open Badges API",
                "version": "3.0",
                "termsOfService": settings.terms_of_service,
                "x-imssf-privacyPolicyUrl": settings.privacy_policy,
            },
            "servers": [{"url": f"{public_url}{BASE}"}],
            "tags": [
                {"name": "OpenBadgeCredentials"},
                {"name": "Profile"},
                {"name": "Discovery"},
            ],
            "paths": {
                "/credentials": {
                    "get": _operation("Get credentials", "getCredentials", CREDENTIAL_READ),
                    "post": upsert_,
                },
                "/profile": {
                    "get": _operation("Get the profile", "getProfile", PROFILE_READ),
                    "put": _operation("Update the profile", "putProfile", PROFILE_UPDATE),
                },
                "/discovery": {
                    "get": _operation(
                        "Get the service description document", "getServiceDescription", None
                    )
                },
            },
            "components": {
                "securitySchemes": {
                    "OAuth2ACG": {
                        "type": "oauth2",
                        "description": "OAuth 2.0 Authorization Code Grant authorization",
                        "x-imssf-name": "Kring",
                        "x-imssf-privacyPolicyUrl": settings.privacy_policy,
                        "x-imssf-registrationUrl": f"{public_url}{oauth.REGISTER}",
                        "x-imssf-termsOfServiceUrl": settings.terms_of_service,
                        "flows": {
                            "authorizationCode": {
                                "authorizationUrl": f"{public_url}{oauth.AUTHORIZE}",
                                "tokenUrl": f"{public_url}{oauth.TOKEN}",
                                "refreshUrl": f"{public_url}{oauth.TOKEN}",
                                "scopes": SCOPE_WORDS,
                            }
                        },
                    }
                },
                "schemas": {},
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


def _profile(person: Person, public_url: str) -> dict[str, Any]:
    return {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": person_did(public_url, person.id),
        "type": ["Profile"],
        "name": person.name,
        "email": person.email,
    }


async def profile(request: Request) -> Response:
    caller = _caller(request, PROFILE_READ)
    if isinstance(caller, JSONResponse):
        return caller
    state = app_state(request)
    person = await person_by_id(state.graph, caller.person_id)
    if person is None:
        return _status("No such person.", 404)
    return JSONResponse(_profile(person, state.settings.public_url))


async def update_profile(request: Request) -> Response:
    """PUT /profile: a Profile whose `name` becomes the learner's; Kring keeps no other
    profile field a client may change (the e-mail address changes only with its proof)."""
    caller = _caller(request, PROFILE_UPDATE)
    if isinstance(caller, JSONResponse):
        return caller
    body = await read_limited(request, MAX_PROFILE_BYTES)
    if body is None:
        return _status(f"A profile is at most {MAX_PROFILE_BYTES // 1024} KiB.", 413)
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return _status("The body is not JSON.", 400)
    name = document.get("name") if isinstance(document, dict) else None
    if not isinstance(name, str) or not 0 < len(name.strip()) <= MAX_NAME_CHARS:
        return _status(f"A Profile with a name of 1 to {MAX_NAME_CHARS} characters.", 400)
    state = app_state(request)
    person = await rename(state.graph, caller.person_id, name.strip())
    if person is None:
        return _status("No such person.", 404)
    return JSONResponse(_profile(person, state.settings.public_url))


async def upsert(request: Request) -> Response:
    """POST /credentials: a credential (JSON, or a VC-JWT as text/plain) for the learner's
    record, verified as an import is and kept as from elsewhere: 201 new, 200 replaced."""
    caller = _caller(request, CREDENTIAL_UPSERT)
    if isinstance(caller, JSONResponse):
        return caller
    body = await read_limited(request, MAX_CREDENTIAL_BYTES)
    if body is None:
        return _status(f"A credential is at most {MAX_CREDENTIAL_BYTES // 1024} KiB.", 413)
    try:
        text = body.decode("utf-8")
        source = external.read_source(None, text, None)
    except UnicodeDecodeError:
        return _status("The body is not UTF-8 text.", 400)
    except external.Refused as exc:
        return _status(exc.message, 400)
    state = app_state(request)
    try:
        await externals.throttle_check(state.graph, caller.person_id)
    except Conflict as exc:
        return _status(exc.message, 429)
    settings = state.settings
    verifier = await external.verifier_for(
        state.graph, settings.public_url, settings.key_dir, state.proofs, caller.person_id
    )
    try:
        checked = await external.check(source, verifier)
    except external.Refused as exc:
        return _status(exc.message, 400)
    if checked.status not in (external.Status.VALID, external.Status.EXPIRED):
        return _status(f"The credential was not accepted: {checked.message}", 400)
    try:
        _, created = await externals.upsert(
            state.graph, caller.person_id, external.to_keep(checked)
        )
    except Conflict as exc:
        return _status(exc.message, 409)
    status = 201 if created else 200
    if checked.format is external.Format.VC_JWT:
        return Response(checked.document, status_code=status, media_type="text/plain")
    return Response(checked.document, status_code=status, media_type="application/json")


routes: list[BaseRoute] = [
    Route(f"{BASE}/discovery", discovery, methods=["GET"]),
    Route(f"{BASE}/credentials", credentials, methods=["GET"]),
    Route(f"{BASE}/credentials", upsert, methods=["POST"]),
    Route(f"{BASE}/profile", profile, methods=["GET"]),
    Route(f"{BASE}/profile", update_profile, methods=["PUT"]),
]

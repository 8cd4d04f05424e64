"""Token endpoints: refresh (rotating), logout, the JWKS, and a development-only login."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from auth.tokens import issue_access_token
from graph import sessions
from graph.errors import Unauthenticated
from graph.people import person_by_email
from server.state import AppState, app_state

MAX_BODY = 8 * 1024


def _oauth_error(error: str, description: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


async def _fields(request: Request) -> dict[str, Any] | None:
    """A small JSON or form body as a dict, or None when it is neither."""
    body = await request.body()
    if len(body) > MAX_BODY:
        return None
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    if kind == "application/x-www-form-urlencoded":
        form = await request.form()
        return {k: v for k, v in form.items() if isinstance(v, str)}
    try:
        parsed = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def _tokens(state: AppState, issued: sessions.Issued) -> JSONResponse:
    access = issue_access_token(
        state.token_keys.signing_key(), state.token_settings, issued.person_id
    )
    return JSONResponse(
        {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": state.token_settings.ttl_seconds,
            "refresh_token": issued.refresh_token,
        },
        headers={"Cache-Control": "no-store"},
    )


async def jwks(request: Request) -> Response:
    """Public keys of Kring's access tokens, old ones included until they are retired."""
    return JSONResponse(app_state(request).token_keys.public_jwks())


async def token(request: Request) -> Response:
    """POST /auth/token, grant_type=refresh_token: a new access and refresh token."""
    state = app_state(request)
    fields = await _fields(request)
    if fields is None:
        return _oauth_error("invalid_request", "Send a small JSON or form body.")
    if fields.get("grant_type") != "refresh_token":
        return _oauth_error("unsupported_grant_type", "Only grant_type=refresh_token.")
    refresh = fields.get("refresh_token")
    if not isinstance(refresh, str) or not 20 <= len(refresh) <= 200:
        return _oauth_error("invalid_request", "refresh_token is missing or malformed.")
    try:
        issued = await sessions.rotate(state.graph, refresh)
    except Unauthenticated as exc:
        return _oauth_error("invalid_grant", exc.message)
    return _tokens(state, issued)


async def logout(request: Request) -> Response:
    """POST /auth/logout with the refresh token: every token of that session stops working."""
    fields = await _fields(request)
    refresh = fields.get("refresh_token") if fields else None
    if not isinstance(refresh, str) or len(refresh) > 200:
        return _oauth_error("invalid_request", "refresh_token is missing or malformed.")
    await sessions.end(app_state(request).graph, refresh)
    # The same answer whether or not the token existed: nothing to learn from it.
    return Response(status_code=204)


async def dev_login(request: Request) -> Response:
    """Development only: sign in as a demo person by e-mail. Absent in production."""
    state = app_state(request)
    if not state.settings.development:
        return Response("Not Found", status_code=404, media_type="text/plain")
    fields = await _fields(request)
    email = fields.get("email") if fields else None
    if not isinstance(email, str) or len(email) > 254:
        return _oauth_error("invalid_request", "Give the e-mail of a demo person.")
    person = await person_by_email(state.graph, email)
    if person is None:
        return _oauth_error("invalid_grant", "No person with that e-mail.", 400)
    issued = await sessions.start(state.graph, person.id)
    return _tokens(state, issued)

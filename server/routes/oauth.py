"""The OAuth 2.0 endpoints of the OB 3.0 API: registration, token, revocation, consent.

`GET /oauth/authorize` is the web app's consent screen (web/src/oauth); the learner's answer
comes back to `POST /oauth/authorize/decision` (their session, CSRF-checked) and is answered
with where to send the browser. Clients call the other three with their own credentials
(never a person's session), in RFC 6749's error shape.
"""

from __future__ import annotations

from functools import partial
from typing import Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth import oauth
from auth.identity import session_caller
from graph.core.errors import Conflict
from server.routes.auth import client_of
from server.state import app_state

REGISTER: Final = "/oauth/register"
TOKEN: Final = "/oauth/token"  # noqa: S105 - a path, not a secret
REVOKE: Final = "/oauth/revoke"
AUTHORIZE: Final = "/oauth/authorize"
DECISION: Final = "/oauth/authorize/decision"
# Called by clients with their own credentials: no person's session, so no CSRF to check.
CLIENT_PATHS: Final = frozenset({REGISTER, TOKEN, REVOKE})


def server_for(request: Request) -> oauth.KringAuthorizationServer:
    state = app_state(request)
    return oauth.KringAuthorizationServer(
        state.graph, state.token_keys, state.token_settings, state.sessions, client_of(request)
    )


def _error(error: str, description: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": description},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def _answer(answer: oauth.Response) -> JSONResponse:
    """authlib's answer as JSON; tokens and secrets are never cached."""
    headers = {k: v for k, v in answer.headers.items() if k.lower() != "content-type"}
    headers.update({"Cache-Control": "no-store", "Pragma": "no-cache"})
    return JSONResponse(answer.body, status_code=answer.status, headers=headers)


async def _read(request: Request) -> oauth.PlainRequest | JSONResponse:
    try:
        return await oauth.read_request(request, app_state(request).settings.public_url)
    except oauth.TooBig as exc:
        return _error("invalid_request", str(exc), 413)


async def register(request: Request) -> Response:
    """RFC 7591 dynamic client registration (JSON client metadata); open to anyone."""
    plain = await _read(request)
    if isinstance(plain, JSONResponse):
        return plain
    server = server_for(request)
    work = partial(server.create_endpoint_response, "client_registration", plain)
    try:
        return _answer(await oauth.run(work))
    except Conflict as exc:  # the registration throttle
        return _error("invalid_request", exc.message, 429)


async def token(request: Request) -> Response:
    """The token endpoint: authorization_code (with the PKCE verifier) or refresh_token."""
    plain = await _read(request)
    if isinstance(plain, JSONResponse):
        return plain
    server = server_for(request)
    return _answer(await oauth.run(partial(server.create_token_response, plain)))


async def revoke(request: Request) -> Response:
    """RFC 7009: the token's family stops at once (200 whether or not it was known)."""
    plain = await _read(request)
    if isinstance(plain, JSONResponse):
        return plain
    server = server_for(request)
    return _answer(await oauth.run(partial(server.create_endpoint_response, "revocation", plain)))


async def decision(request: Request) -> Response:
    """The signed-in learner approves or denies `?<the authorization request>` with
    {"approve": true|false}: {"redirect": <the client's redirect URI with code or error>}."""
    caller = session_caller(request.scope.get("user"))
    if caller is None:
        return _error("login_required", "Sign in to answer an app's request.", 401)
    plain = await _read(request)
    if isinstance(plain, JSONResponse):
        return plain
    approve = (plain.json or {}).get("approve")
    if not isinstance(approve, bool):
        return _error("invalid_request", 'Send {"approve": true} or {"approve": false}.')
    server = server_for(request)
    answer = await oauth.run(partial(server.decide, plain, caller.person_id, approve))
    if answer.location:
        return JSONResponse({"redirect": answer.location}, headers={"Cache-Control": "no-store"})
    return _answer(answer)


routes: list[BaseRoute] = [
    Route(REGISTER, register, methods=["POST"]),
    Route(TOKEN, token, methods=["POST"]),
    Route(REVOKE, revoke, methods=["POST"]),
    Route(DECISION, decision, methods=["POST"]),
]

"""Sign-in endpoints: local accounts, token refresh (rotating), logout, the JWKS, dev login."""

from __future__ import annotations

import json
import secrets
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth import passwords
from auth.cookies import REFRESH_COOKIE, clear_session, connection_cookies, set_session
from auth.identity import session_caller
from auth.tokens import issue_access_token
from deploy.demo import sign_in_picker
from graph.core.errors import BadUserInput, Unauthenticated
from graph.people import accounts, sessions
from graph.people.people import person_by_email
from graph.recognition import invitations
from server.graphql import validation as check
from server.state import AppState, app_state

MAX_BODY = 8 * 1024


def _oauth_error(error: str, description: str, status: int = 400) -> JSONResponse:
    # RFC 6749's error response, the shape token clients expect, not Kring's own error body.
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


def client_of(request: Request) -> str:
    """Who is asking, for throttling: the peer address (behind a proxy, run uvicorn with
    --proxy-headers and --forwarded-allow-ips so this is the real client)."""
    return request.client.host if request.client else "unknown"


def _too_many(wait_seconds: int) -> JSONResponse:
    return JSONResponse(
        {
            "error": "too_many_attempts",
            "error_description": f"Too many attempts: try again in {wait_seconds} s.",
            "retry_after": wait_seconds,
        },
        status_code=429,
        headers={"Retry-After": str(wait_seconds), "Cache-Control": "no-store"},
    )


def _tokens(
    state: AppState,
    issued: sessions.Issued,
    *,
    cookie: bool = False,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """The new tokens: in the body for apps, in HttpOnly cookies for browsers (`extra`: more
    for the body)."""
    access = issue_access_token(
        state.token_keys.signing_key(),
        state.token_settings,
        issued.person_id,
        session=issued.family,
    )
    if cookie:
        response = JSONResponse(
            {
                "token_type": "cookie",
                "expires_in": state.token_settings.ttl_seconds,
                **(extra or {}),
            },
            headers={"Cache-Control": "no-store"},
        )
        csrf = set_session(
            response,
            access,
            issued.refresh_token,
            state.token_settings.ttl_seconds,
            secure=state.settings.public_url.startswith("https://"),
        )
        response.headers["X-CSRF-Token"] = csrf
        return response
    return JSONResponse(
        {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": state.token_settings.ttl_seconds,
            "refresh_token": issued.refresh_token,
            **(extra or {}),
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
    from_cookie = refresh is None and REFRESH_COOKIE in connection_cookies(request)
    if from_cookie:
        refresh = connection_cookies(request)[REFRESH_COOKIE]
    if not isinstance(refresh, str) or not 20 <= len(refresh) <= 200:
        return _oauth_error("invalid_request", "refresh_token is missing or malformed.")
    issued = await sessions.rotate(state.graph, refresh)
    if isinstance(issued, sessions.Refused):
        if issued.ended_family:
            state.sessions.end_session(issued.ended_family)
        return _oauth_error("invalid_grant", issued.message)
    return _tokens(state, issued, cookie=from_cookie)


async def logout(request: Request) -> Response:
    """POST /auth/logout with the refresh token: every token of that session stops working."""
    state = app_state(request)
    fields = await _fields(request)
    refresh = fields.get("refresh_token") if fields else None
    if refresh is None:
        refresh = connection_cookies(request).get(REFRESH_COOKIE)
    if not isinstance(refresh, str) or len(refresh) > 200:
        return _oauth_error("invalid_request", "refresh_token is missing or malformed.")
    ended = await sessions.end(state.graph, refresh)
    if ended:
        state.sessions.end_session(ended)
    # The same answer whether or not the token existed: nothing to learn from it.
    response = Response(status_code=204)
    clear_session(response, secure=state.settings.public_url.startswith("https://"))
    return response


async def logout_everywhere(request: Request) -> Response:
    """POST /auth/logout-everywhere, signed in: every session of this person ends, on every
    device, with its access tokens; answers how many ended."""
    state = app_state(request)
    caller = session_caller(request.scope.get("user"))
    if caller is None:
        raise Unauthenticated("Sign in to sign out everywhere.")
    ended = await sessions.end_everywhere(state.graph, caller.person_id)
    for family in ended:
        state.sessions.end_session(family)
    response = JSONResponse({"sessionsEnded": len(ended)}, headers={"Cache-Control": "no-store"})
    clear_session(response, secure=state.settings.public_url.startswith("https://"))
    return response


async def dev_login(request: Request) -> Response:
    """Development only: sign in as a demo person by e-mail. Absent in production."""
    state = app_state(request)
    if not state.settings.development:
        raise HTTPException(status_code=404)  # as if the path did not exist
    fields = await _fields(request)
    email = fields.get("email") if fields else None
    if not isinstance(email, str) or len(email) > 254:
        return _oauth_error("invalid_request", "Give the e-mail of a demo person.")
    person = await person_by_email(state.graph, email)
    if person is None:
        return _oauth_error("invalid_grant", "No person with that e-mail.", 400)
    issued = await sessions.start(state.graph, person.id)
    return _tokens(state, issued, cookie=bool(fields and fields.get("mode") == "cookie"))


async def dev_people(request: Request) -> Response:
    """GET /auth/dev-people: the demo people the web app's development sign-in offers."""
    if not app_state(request).settings.development:
        raise HTTPException(status_code=404)  # as if the path did not exist
    return JSONResponse(sign_in_picker(), headers={"Cache-Control": "no-store"})


# --- local accounts -------------------------------------------------------------------------

ACCEPTED = {"message": "If the address can be used, a message is on its way to it."}


def _text(fields: dict[str, Any] | None, name: str, limit: int) -> str | None:
    value = fields.get(name) if fields else None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        return None
    return value


async def register(request: Request) -> Response:
    """POST /auth/register {email, name, password}: the same answer whether or not the
    address already has an account (its owner is told by e-mail instead)."""
    state = app_state(request)
    fields = await _fields(request)
    email, name, password = (
        _text(fields, "email", 254),
        _text(fields, "name", 200),
        _text(fields, "password", passwords.MAX_LENGTH),
    )
    if email is None or name is None or password is None:
        return _oauth_error("invalid_request", "Give email, name and password.")
    try:
        email = check.email(email)
        passwords.check_new_password(password, email)
    except BadUserInput as exc:
        return _oauth_error("invalid_request", exc.message)
    made = await accounts.register(
        state.graph, email, client_of(request), name.strip(), passwords.hash_password(password)
    )
    if made.wait_seconds:
        return _too_many(made.wait_seconds)
    base = state.settings.public_url
    # An address that heard from Kring moments ago gets the same answer but no more mail.
    if made.mail and made.verify_token is None:
        await state.mail.send(
            email,
            "Someone tried to register with your address",
            "You already have a Kring account. If you forgot your password, choose a new one "
            f"at {base}/forgot-password",
        )
    elif made.mail:
        await state.mail.send(
            email,
            "Confirm your e-mail address",
            f"Open {base}/verify-email?token={made.verify_token} within two days.",
        )
    return JSONResponse(ACCEPTED, status_code=202)


async def verify_email(request: Request) -> Response:
    state = app_state(request)
    token = request.query_params.get("token")
    if token is None:
        token = _text(await _fields(request), "token", 200)
    if not token or len(token) > 200:
        return _oauth_error("invalid_request", "The link has no token.")
    if await accounts.verify_email(state.graph, token) is None:
        return _oauth_error("invalid_grant", "This link is not valid any more.")
    return JSONResponse({"verified": True})


async def login(request: Request) -> Response:
    """POST /auth/login {email, password}: tokens, or one message for every failure."""
    state = app_state(request)
    fields = await _fields(request)
    email, password = _text(fields, "email", 254), _text(fields, "password", 256)
    if email is None or password is None:
        return _oauth_error("invalid_request", "Give email and password.")

    def matches(stored: str | None) -> bool:
        return passwords.verify_password(stored, password)

    outcome = await accounts.login(state.graph, email.strip().lower(), client_of(request), matches)
    if outcome.refused == "wait":
        return _too_many(outcome.wait_seconds)
    if outcome.refused == "unverified":
        return _oauth_error("invalid_grant", "Confirm your e-mail address first.")
    if outcome.person_id is None:
        return _oauth_error("invalid_grant", "Wrong e-mail or password.")
    issued = await sessions.start(state.graph, outcome.person_id)
    return _tokens(state, issued, cookie=bool(fields and fields.get("mode") == "cookie"))


async def request_reset(request: Request) -> Response:
    state = app_state(request)
    email = _text(await _fields(request), "email", 254)
    if email is None:
        return _oauth_error("invalid_request", "Give the e-mail address.")
    reset = await accounts.request_reset(state.graph, email.strip().lower(), client_of(request))
    if reset.wait_seconds:
        return _too_many(reset.wait_seconds)
    if reset.token is not None:
        await state.mail.send(
            email.strip().lower(),
            "Reset your password",
            "Choose a new password within the hour at "
            f"{state.settings.public_url}/reset-password?token={reset.token}",
        )
    return JSONResponse(ACCEPTED, status_code=202)


async def confirm_reset(request: Request) -> Response:
    state = app_state(request)
    fields = await _fields(request)
    token, password = _text(fields, "token", 200), _text(fields, "password", 256)
    if token is None or password is None:
        return _oauth_error("invalid_request", "Give token and password.")
    try:
        passwords.check_new_password(password, "")
    except BadUserInput as exc:
        return _oauth_error("invalid_request", exc.message)
    ended = await accounts.reset_password(state.graph, token, passwords.hash_password(password))
    if ended is None:
        return _oauth_error("invalid_grant", "This reset token is not valid any more.")
    for family in ended:
        state.sessions.end_session(family)
    return Response(status_code=204)


# --- joining from an invitation to endorse ---------------------------------------------------

INVITATION_GONE = {
    "invalid": "This invitation link is not valid.",
    "used": "This invitation link was already used.",
    "expired": "This invitation link has expired; ask for a new one.",
}


async def invitation(request: Request) -> Response:
    """POST /auth/invitation {token}: what an invitation to endorse is about and whether its
    address has an account, for the holder of its link (the one it was mailed to)."""
    state = app_state(request)
    token = _text(await _fields(request), "token", 200)
    if token is None:
        return _oauth_error("invalid_request", "Give the invitation's token.")
    found = await invitations.invitation(state.graph, token)
    if found is None:
        # An answer, not a failure: the page says the link is not valid (no console error).
        return JSONResponse({"state": "invalid"}, headers={"Cache-Control": "no-store"})
    return JSONResponse(
        {
            "email": found.email,
            "learnerName": found.learner_name,
            "claimTitle": found.claim_title,
            "state": found.state,
            "hasAccount": found.has_account,
        },
        headers={"Cache-Control": "no-store"},
    )


async def register_invited(request: Request) -> Response:
    """POST /auth/register-invited {token, name, password[, mode]}: an account for the address
    the invitation was mailed to (the link proves it), the invitation accepted, signed in;
    the answer carries the claim's id."""
    state = app_state(request)
    fields = await _fields(request)
    token, name, password = (
        _text(fields, "token", 200),
        _text(fields, "name", 200),
        _text(fields, "password", passwords.MAX_LENGTH),
    )
    if token is None or name is None or password is None:
        return _oauth_error("invalid_request", "Give token, name and password.")
    found = await invitations.invitation(state.graph, token)
    if found is None or found.state != "open":
        return _oauth_error("invalid_grant", INVITATION_GONE[found.state if found else "invalid"])
    try:
        passwords.check_new_password(password, found.email)
    except BadUserInput as exc:
        return _oauth_error("invalid_request", exc.message)
    joined = await invitations.join(
        state.graph, token, client_of(request), name.strip(), passwords.hash_password(password)
    )
    if joined.refused == "wait":
        return _too_many(joined.wait_seconds)
    if joined.refused == "has_account":
        return _oauth_error(
            "account_exists", "This address already has an account: sign in instead.", 409
        )
    if joined.refused is not None or joined.session is None:
        return _oauth_error("invalid_grant", INVITATION_GONE.get(joined.refused or "", "?"))
    return _tokens(
        state,
        joined.session,
        cookie=bool(fields and fields.get("mode") == "cookie"),
        extra={"claimId": joined.claim_id},
    )


DEV_LOGIN_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Development sign-in · Kring</title></head>
<body><main>
<h1>Development sign-in</h1>
<p>Not available in production. Demo people: learner01 … learner50, teacher, curator,
moderator, platform-admin, admin-&lt;organisation&gt;, supervisor-&lt;organisation&gt;,
all @demo.kring.example.</p>
<form id="f"><label>E-mail <input id="email" type="email" required
  value="learner01@demo.kring.example"></label> <button>Sign in</button></form>
<p id="out" role="status"></p>
<script nonce="{nonce}">
document.getElementById("f").addEventListener("submit", async (e) => {{
  e.preventDefault();
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("kring_csrf="));
  const response = await fetch("/auth/dev-login", {{method: "POST",
    headers: {{"content-type": "application/json",
               "x-csrf-token": cookie ? cookie.slice("kring_csrf=".length) : ""}},
    body: JSON.stringify({{email: document.getElementById("email").value, mode: "cookie"}})}});
  if (response.ok) {{ location.href = "/graphql"; return; }}
  document.getElementById("out").textContent = (await response.json()).error_description;
}});
</script></main></body></html>
"""


async def dev_login_page(request: Request) -> Response:
    """GET /auth/dev-login: a form to sign in as a demo person (development only)."""
    if not app_state(request).settings.development:
        raise HTTPException(status_code=404)  # as if the path did not exist
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(
        DEV_LOGIN_PAGE.format(nonce=nonce),
        headers={
            "Content-Security-Policy": (
                f"default-src 'none'; script-src 'nonce-{nonce}'; connect-src 'self'; "
                "form-action 'none'; frame-ancestors 'none'"
            )
        },
    )


routes: list[BaseRoute] = [
    Route("/.well-known/jwks.json", jwks, methods=["GET"]),
    Route("/auth/token", token, methods=["POST"]),
    Route("/auth/logout", logout, methods=["POST"]),
    Route("/auth/logout-everywhere", logout_everywhere, methods=["POST"]),
    Route("/auth/dev-login", dev_login, methods=["POST"]),
    Route("/auth/dev-login", dev_login_page, methods=["GET"]),
    Route("/auth/dev-people", dev_people, methods=["GET"]),
    Route("/auth/register", register, methods=["POST"]),
    Route("/auth/verify-email", verify_email, methods=["GET", "POST"]),
    Route("/auth/login", login, methods=["POST"]),
    Route("/auth/password-reset", request_reset, methods=["POST"]),
    Route("/auth/password-reset/confirm", confirm_reset, methods=["POST"]),
    Route("/auth/invitation", invitation, methods=["POST"]),
    Route("/auth/register-invited", register_invited, methods=["POST"]),
]

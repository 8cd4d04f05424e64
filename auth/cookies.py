"""Browser sessions: tokens in HttpOnly cookies, and a double-submit CSRF token."""

from __future__ import annotations

import secrets

from starlette.requests import HTTPConnection, cookie_parser
from starlette.responses import Response
from starlette.types import Scope

ACCESS_COOKIE = "kring_access"
REFRESH_COOKIE = "kring_refresh"
CSRF_COOKIE = "kring_csrf"
CSRF_HEADER = "x-csrf-token"
REFRESH_PATH = "/auth"
REFRESH_MAX_AGE = 30 * 24 * 3600


def request_cookies(scope: Scope) -> dict[str, str]:
    """The request's cookies, parsed once by the one parser every layer uses (Starlette's,
    as `request.cookies`): the CSRF check and the session can never read different cookies."""
    parsed: dict[str, str] | None = scope.get("kring.cookies")
    if parsed is None:
        headers = dict(scope.get("headers") or [])
        raw = headers.get(b"cookie", b"").decode("latin-1")
        parsed = cookie_parser(raw) if raw else {}
        scope["kring.cookies"] = parsed
    return parsed


def connection_cookies(conn: HTTPConnection) -> dict[str, str]:
    return request_cookies(conn.scope)


def set_session(
    response: Response, access: str, refresh: str, access_ttl: int, *, secure: bool
) -> str:
    """Put a session in cookies; returns the CSRF token the page must echo in a header."""
    csrf = secrets.token_urlsafe(24)
    response.set_cookie(
        ACCESS_COOKIE, access, max_age=access_ttl, httponly=True, secure=secure, samesite="lax"
    )
    # The refresh token only ever travels to /auth, and never cross-site.
    response.set_cookie(
        REFRESH_COOKIE,
        refresh,
        max_age=REFRESH_MAX_AGE,
        path=REFRESH_PATH,
        httponly=True,
        secure=secure,
        samesite="strict",
    )
    # Readable by the page's script (that is the point), useless to another site.
    response.set_cookie(
        CSRF_COOKIE, csrf, max_age=REFRESH_MAX_AGE, secure=secure, samesite="strict"
    )
    return csrf


def clear_session(response: Response, *, secure: bool) -> None:
    response.delete_cookie(ACCESS_COOKIE, secure=secure, httponly=True, samesite="lax")
    response.delete_cookie(
        REFRESH_COOKIE, path=REFRESH_PATH, secure=secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(CSRF_COOKIE, secure=secure, samesite="strict")

"""Browser sessions: tokens in HttpOnly cookies, and a double-submit CSRF token."""

from __future__ import annotations

import secrets

from starlette.responses import Response

ACCESS_COOKIE = "kring_access"
REFRESH_COOKIE = "kring_refresh"
CSRF_COOKIE = "kring_csrf"
CSRF_HEADER = "x-csrf-token"
REFRESH_PATH = "/auth"
REFRESH_MAX_AGE = 30 * 24 * 3600


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

"""CSRF protection for cookie sessions: state-changing requests echo the CSRF cookie."""

from __future__ import annotations

import secrets

from starlette.types import ASGIApp, Receive, Scope, Send

from auth.cookies import ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER, REFRESH_COOKIE, request_cookies
from graph.core.errors import ErrorCode
from server.http_errors import send_error

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfMiddleware:
    """Bearer-token requests need nothing (another site cannot add the header); a request
    that rides on a session cookie (access or refresh) must carry X-CSRF-Token equal to the
    CSRF cookie. The cookies are those the session layer reads (auth.cookies)."""

    def __init__(self, app: ASGIApp, exempt: frozenset[str] = frozenset()) -> None:
        self.app = app
        # Paths that never act on a person's session (OAuth clients' own endpoints).
        self.exempt = exempt

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in SAFE_METHODS
            or scope["path"] in self.exempt
        ):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        cookies = request_cookies(scope)
        rides_on_cookie = ACCESS_COOKIE in cookies or REFRESH_COOKIE in cookies
        if "authorization" in headers or not rides_on_cookie:
            await self.app(scope, receive, send)
            return
        expected = cookies.get(CSRF_COOKIE, "")
        given = headers.get(CSRF_HEADER, "")
        if expected and given and secrets.compare_digest(expected, given):
            await self.app(scope, receive, send)
            return
        await send_error(
            send,
            403,
            "Missing or wrong X-CSRF-Token header for this session.",
            ErrorCode.FORBIDDEN,
        )

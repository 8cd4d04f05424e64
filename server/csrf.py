"""CSRF protection for cookie sessions: state-changing requests echo the CSRF cookie."""

from __future__ import annotations

import json
import secrets
from http.cookies import CookieError, SimpleCookie

from starlette.types import ASGIApp, Receive, Scope, Send

from auth.cookies import ACCESS_COOKIE, CSRF_COOKIE, CSRF_HEADER

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfMiddleware:
    """Bearer-token requests need nothing (another site cannot add the header); a request
    that rides on the session cookie must carry X-CSRF-Token equal to the CSRF cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if "authorization" in headers or "cookie" not in headers:
            await self.app(scope, receive, send)
            return
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(headers["cookie"])
        except CookieError:  # unreadable cookies carry no session
            cookies = SimpleCookie()
        if ACCESS_COOKIE not in cookies:
            await self.app(scope, receive, send)
            return
        expected = cookies[CSRF_COOKIE].value if CSRF_COOKIE in cookies else ""
        given = headers.get(CSRF_HEADER, "")
        if expected and given and secrets.compare_digest(expected, given):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            {
                "errors": [
                    {
                        "message": "Missing or wrong X-CSRF-Token header for this session.",
                        "extensions": {"code": "FORBIDDEN"},
                    }
                ]
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

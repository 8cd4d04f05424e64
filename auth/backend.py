"""Starlette authentication backend: a valid bearer token makes the request a Caller's."""

from __future__ import annotations

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection

from auth.cookies import ACCESS_COOKIE
from auth.identity import Caller
from auth.keys import TokenKeys
from auth.tokens import TokenSettings, verify_access_token
from graph.errors import Unauthenticated


class BearerTokenBackend(AuthenticationBackend):
    """No header and no session cookie: anonymous. A bad or expired token: refused (the
    client refreshes), never silently anonymous."""

    def __init__(self, keys: TokenKeys, settings: TokenSettings) -> None:
        self.keys = keys
        self.settings = settings

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            # Browsers: the session cookie (CSRF is checked by its own middleware).
            token = conn.cookies.get(ACCESS_COOKIE)
            if not token:
                return None
            header = f"Bearer {token}"
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("Use 'Authorization: Bearer <token>'.")
        try:
            verified = verify_access_token(
                self.keys.verification_keys(), self.settings, token.strip()
            )
        except Unauthenticated as exc:
            raise AuthenticationError(exc.message) from None
        caller = Caller(verified.subject, verified.token_id, verified.scopes)
        return AuthCredentials(["authenticated", *sorted(verified.scopes)]), caller

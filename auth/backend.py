"""Starlette authentication backend: a valid bearer token makes the request a Caller's."""

from __future__ import annotations

from starlette.authentication import (
    AuthCredentials,
    AuthenticationBackend,
    AuthenticationError,
    BaseUser,
)
from starlette.requests import HTTPConnection

from auth.cookies import ACCESS_COOKIE, connection_cookies
from auth.identity import Caller
from auth.session_gate import SessionGate, SessionUnknown
from auth.token_keys import TokenKeys
from auth.tokens import TokenSettings, verify_access_token
from graph.core.errors import Unauthenticated


class SessionCheckUnavailable(AuthenticationError):
    """The token may be fine, but whether its session stands cannot be told right now."""


def caller_from_header(
    header: str, keys: TokenKeys, settings: TokenSettings, gate: SessionGate
) -> Caller:
    """The caller an `Authorization: Bearer …` value stands for, if its session stands;
    Unauthenticated (SessionUnknown while the gate cannot tell) otherwise."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
    try:
        verified = verify_access_token(keys.verification_keys(), settings, token.strip())
    except Unauthenticated:
        if not keys.refresh():
            raise
        verified = verify_access_token(keys.verification_keys(), settings, token.strip())
    gate.check(verified)
    return Caller(
        verified.subject,
        verified.token_id,
        verified.scopes,
        verified.session,
        verified.client_id,
    )


class BearerTokenBackend(AuthenticationBackend):
    """No header and no session cookie: anonymous. A bad or expired token: refused (the
    client refreshes), never silently anonymous."""

    def __init__(self, keys: TokenKeys, settings: TokenSettings, gate: SessionGate) -> None:
        self.keys = keys
        self.settings = settings
        self.gate = gate

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, BaseUser] | None:
        header = conn.headers.get("authorization")
        if header is None:
            # Browsers: the session cookie (CSRF is checked by its own middleware).
            token = connection_cookies(conn).get(ACCESS_COOKIE)
            if not token:
                return None
            header = f"Bearer {token}"
        try:
            caller = caller_from_header(header, self.keys, self.settings, self.gate)
        except SessionUnknown as exc:
            raise SessionCheckUnavailable(exc.message) from None
        except Unauthenticated as exc:
            raise AuthenticationError(exc.message) from None
        return AuthCredentials(["authenticated", *sorted(caller.scopes)]), caller

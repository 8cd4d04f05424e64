"""Issuing and verifying Kring's access tokens (JWT, ES256) with every check explicit."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidClaimError, JoseError
from joserfc.jwk import ECKey, KeySet
from joserfc.jwt import JWTClaimsRegistry

from graph.core.errors import Unauthenticated

ALGORITHM = "ES256"
LEEWAY_SECONDS = 30
MAX_TOKEN_LENGTH = 4096


@dataclass(frozen=True)
class TokenSettings:
    issuer: str
    audience: str
    ttl_seconds: int


@dataclass(frozen=True)
class VerifiedToken:
    subject: str
    token_id: str
    expires_at: int
    scopes: frozenset[str] = frozenset()
    session: str | None = None  # the sign-in it belongs to (none for development tokens)
    client_id: str | None = None  # the OAuth client it was issued to: never a session


def issue_access_token(
    key: ECKey,
    settings: TokenSettings,
    subject: str,
    *,
    now: int | None = None,
    scopes: tuple[str, ...] = (),
    session: str | None = None,
    client_id: str | None = None,
) -> str:
    """A token for `subject` in `session` (its sign-in, ended at logout); `scopes` (OAuth)
    grant third-party API access, e.g. OB 3.0; `client_id` marks it an OAuth client's."""
    issued = int(time.time()) if now is None else now
    claims: dict[str, object] = {
        "iss": settings.issuer,
        "aud": settings.audience,
        "sub": subject,
        "iat": issued,
        "nbf": issued,
        "exp": issued + settings.ttl_seconds,
        "jti": str(uuid.uuid4()),
    }
    if scopes:
        claims["scope"] = " ".join(scopes)
    if session:
        claims["sid"] = session
    if client_id is not None:
        # RFC 9068's claim: says outright that an app holds this token, not the person.
        claims["client_id"] = client_id
    return jwt.encode({"alg": ALGORITHM, "kid": key.kid}, claims, key, algorithms=[ALGORITHM])


def verify_access_token(keys: ECKey | KeySet, settings: TokenSettings, token: str) -> VerifiedToken:
    """Check signature (by kid, over every published key), algorithm, issuer, audience and
    lifetime; raise Unauthenticated."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise Unauthenticated("The access token is too long.")
    try:
        decoded = jwt.decode(token, keys, algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        raise Unauthenticated("The access token is invalid.") from None
    registry = JWTClaimsRegistry(
        leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": settings.issuer},
        aud={"essential": True, "value": settings.audience},
        sub={"essential": True},
        exp={"essential": True},
        jti={"essential": True},
    )
    try:
        registry.validate(decoded.claims)
    except ExpiredTokenError:
        raise Unauthenticated("The access token has expired; sign in again.") from None
    except InvalidClaimError as exc:
        issuer = decoded.claims.get("iss")
        if exc.claim == "iss" and isinstance(issuer, str):
            # Signed with our key, so a token of another Kring server sharing the key
            # directory (another port or public URL): say so rather than "invalid".
            raise Unauthenticated(
                f"The access token was issued for another server ({issuer[:200]!r}), "
                f"not this one ({settings.issuer!r}); get a token from this server."
            ) from None
        raise Unauthenticated("The access token is invalid.") from None
    except (JoseError, ValueError):
        raise Unauthenticated("The access token is invalid.") from None
    claims = decoded.claims
    subject, token_id, expires = claims["sub"], claims["jti"], claims["exp"]
    if (
        not isinstance(subject, str)
        or not isinstance(token_id, str)
        or not isinstance(expires, int)
    ):
        raise Unauthenticated("The access token is invalid.")
    scope, session, client_id = claims.get("scope", ""), claims.get("sid"), claims.get("client_id")
    if (
        not isinstance(scope, str)
        or not isinstance(session, str | None)
        or not isinstance(client_id, str | None)
    ):
        raise Unauthenticated("The access token is invalid.")
    return VerifiedToken(
        subject=subject,
        token_id=token_id,
        expires_at=expires,
        scopes=frozenset(scope.split()),
        session=session,
        client_id=client_id,
    )

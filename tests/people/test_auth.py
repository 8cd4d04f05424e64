"""Caller identity: `me` without and with a token; every bad token is refused."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph
from graph.core.vocabulary import Role
from server.settings import Settings
from tests.factories import make_person, make_university
from tests.helpers import error_codes, gql

ME = "{ me { id name email memberships { role bodyName bodyKind } } }"


def _token_settings(settings: Settings, **changes: str | int) -> TokenSettings:
    base = {
        "issuer": settings.token_issuer,
        "audience": settings.token_audience,
        "ttl_seconds": settings.token_ttl_seconds,
    }
    return TokenSettings(**{**base, **changes})  # type: ignore[arg-type]


async def test_me_without_a_token_is_null(client: httpx.AsyncClient) -> None:
    body = await gql(client, ME)
    assert body == {"data": {"me": None}, "_status": 200}


async def test_me_with_a_token_is_that_person_with_their_roles(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    uni = await make_university(clean_graph, "Hogeschool Test")
    pid = await make_person(clean_graph, "tine@uni.example", "Tine", role=Role.TEACHER, body_id=uni)
    body = await gql(client, ME, token=token_for(pid))
    assert body["data"]["me"] == {
        "id": pid,
        "name": "Tine",
        "email": "tine@uni.example",
        "memberships": [
            {"role": "TEACHER", "bodyName": "Hogeschool Test", "bodyKind": "University"}
        ],
    }


async def _refused(client: httpx.AsyncClient, token: str) -> str:
    body = await gql(client, ME, token=token)
    assert body["_status"] == 401
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert "data" not in body
    message: str = body["errors"][0]["message"]
    return message


async def test_expired_token_is_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    key = load_or_create_signing_key(settings.key_dir)
    token = issue_access_token(
        key, _token_settings(settings), "someone", now=int(time.time()) - 3600
    )
    assert "expired" in await _refused(client, token)


async def test_tampered_token_is_refused(
    client: httpx.AsyncClient, token_for: Callable[[str], str]
) -> None:
    header, payload, signature = token_for("alice").split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "mallory"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert "invalid" in await _refused(client, f"{header}.{forged}.{signature}")


async def test_token_signed_by_another_key_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    stranger = ECKey.generate_key("P-256", auto_kid=True)
    token = issue_access_token(stranger, _token_settings(settings), "someone")
    await _refused(client, token)


async def test_wrong_audience_or_issuer_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    key = load_or_create_signing_key(settings.key_dir)
    await _refused(
        client, issue_access_token(key, _token_settings(settings, audience="other"), "x")
    )
    await _refused(
        client, issue_access_token(key, _token_settings(settings, issuer="https://evil"), "x")
    )


async def test_unsigned_token_is_refused(client: httpx.AsyncClient) -> None:
    def b64(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    now = int(time.time())
    token = b64({"alg": "none", "typ": "JWT"}) + "." + b64({"sub": "x", "exp": now + 60}) + "."
    await _refused(client, token)


async def test_garbage_and_wrong_scheme_are_refused(client: httpx.AsyncClient) -> None:
    await _refused(client, "not-a-jwt")
    response = await client.post(
        "/graphql", json={"query": ME}, headers={"authorization": "Basic dXNlcjpwYXNz"}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_token_verifies_with_the_published_jwks(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    from joserfc.jwk import KeySet

    key = load_or_create_signing_key(settings.key_dir)
    token = issue_access_token(key, _token_settings(settings), "bob")
    published = (await client.get("/.well-known/jwks.json")).json()
    assert all("d" not in k for k in published["keys"])  # no private part published
    decoded = jwt.decode(token, KeySet.import_key_set(published), algorithms=["ES256"])
    assert decoded.claims["sub"] == "bob"

"""A provider that lies: every bad ID token is refused and signs nobody in."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from joserfc import jwt
from joserfc.jwk import RSAKey
from pydantic import SecretStr
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from deploy.local_neo4j import free_port
from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import Settings

CLIENT_ID = "kring"


@dataclasses.dataclass
class Liar:
    """A minimal OIDC provider whose ID tokens are wrong in one chosen way."""

    port: int
    mode: str = "honest"
    nonce: str = ""
    key: RSAKey = dataclasses.field(default_factory=lambda: RSAKey.generate_key(2048))
    other: RSAKey = dataclasses.field(default_factory=lambda: RSAKey.generate_key(2048))

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def id_token(self) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "sub": "mallory",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            "email": "mallory@evil.example",
            "email_verified": True,
        }
        key = self.key
        if self.mode == "wrong_audience":
            claims["aud"] = "someone-else"
        elif self.mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        elif self.mode == "expired":
            claims["exp"] = now - 600
            claims["iat"] = now - 1200
        elif self.mode == "wrong_issuer":
            claims["iss"] = "https://evil.example"
        elif self.mode == "tampered":
            key = self.other  # signed by a key the provider never published
        return jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key)

    def app(self) -> Starlette:
        async def discovery(request: Request) -> Response:
            return JSONResponse(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                }
            )

        async def authorize(request: Request) -> Response:
            self.nonce = request.query_params.get("nonce", "")
            query = {"code": "the-code", "state": request.query_params["state"]}
            return RedirectResponse(f"{request.query_params['redirect_uri']}?{urlencode(query)}")

        async def token(request: Request) -> Response:
            return JSONResponse(
                {
                    "access_token": "at",
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": self.id_token(),
                }
            )

        async def jwks(request: Request) -> Response:
            public = self.key.as_dict(private=False)
            return JSONResponse({"keys": [{**public, "kid": "k1", "use": "sig", "alg": "RS256"}]})

        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", discovery),
                Route("/authorize", authorize),
                Route("/token", token, methods=["POST"]),
                Route("/jwks", jwks),
            ]
        )


@pytest.fixture(scope="module")
def liar() -> Iterator[Liar]:
    provider = Liar(port=free_port())
    server = uvicorn.Server(
        uvicorn.Config(provider.app(), host="127.0.0.1", port=provider.port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    yield provider
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
async def app_client(
    settings: Settings, neo4j_target: Neo4jTarget, liar: Liar, clean_graph: Graph
) -> AsyncIterator[httpx.AsyncClient]:
    providers = [
        {
            "name": "liar",
            "discovery_url": f"{liar.issuer}/.well-known/openid-configuration",
            "client_id": CLIENT_ID,
            "client_secret": "s",
        }
    ]
    app = create_app(
        dataclasses.replace(settings, oidc_providers=SecretStr(json.dumps(providers))), neo4j_target
    )
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def _sign_in(app_client: httpx.AsyncClient) -> httpx.Response:
    start = await app_client.get("/auth/oidc/liar/login")
    async with httpx.AsyncClient() as browser:
        back = await browser.get(start.headers["location"])
    return await app_client.get(back.headers["location"].replace("http://testserver", ""))


async def test_an_honest_token_signs_in(app_client: httpx.AsyncClient, liar: Liar) -> None:
    liar.mode = "honest"
    assert (await _sign_in(app_client)).status_code == 303
    me = await app_client.get("/graphql", params={"query": "{ me { email } }"})
    assert me.json()["data"]["me"] == {"email": "mallory@evil.example"}


@pytest.mark.parametrize(
    "mode", ["wrong_audience", "wrong_nonce", "expired", "wrong_issuer", "tampered"]
)
async def test_a_bad_id_token_is_refused(
    app_client: httpx.AsyncClient, liar: Liar, clean_graph: Graph, mode: str
) -> None:
    liar.mode = mode
    refused = await _sign_in(app_client)
    assert refused.status_code == 400, (mode, refused.text)
    assert refused.json()["error"] == "access_denied"
    assert "kring_access" not in {c.name for c in app_client.cookies.jar}

    async def people(tx: Any) -> int:
        record = await (await tx.run("MATCH (p:Person) RETURN count(p) AS n")).single()
        return int(record["n"])

    assert await clean_graph.read(people) == 0  # nobody was created

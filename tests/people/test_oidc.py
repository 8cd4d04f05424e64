"""Signing in through a real OpenID Connect provider running locally, redirect by redirect."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator, Iterator
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from asgi_lifespan import LifespanManager
from oidc_provider_mock import User, run_server_in_thread
from pydantic import SecretStr

from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import Settings
from tests.factories import make_person, make_university

ALICE = User(
    sub="alice-123",
    claims={
        "email": "alice@uni.example",
        "email_verified": True,
        "name": "Alice Docent",
        "roles": ["staff"],
    },
)


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A real OIDC provider (authlib-based) on a loopback port."""
    with run_server_in_thread(user_claims=[ALICE], require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
async def university(clean_graph: Graph) -> str:
    return await make_university(clean_graph, "Universiteit Test")


@pytest.fixture
async def app_client(
    settings: Settings, neo4j_target: Neo4jTarget, provider: str, university: str
) -> AsyncIterator[httpx.AsyncClient]:
    providers = [
        {
            "name": "uni",
            "discovery_url": f"{provider}/.well-known/openid-configuration",
            "client_id": "kring",
            "client_secret": "kring-secret",
            "university_id": university,
            "role_claim": "roles",
            "role_map": {"staff": "TEACHER"},
        }
    ]
    app = create_app(
        dataclasses.replace(settings, oidc_providers=SecretStr(json.dumps(providers))), neo4j_target
    )
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def _authorize(app_client: httpx.AsyncClient, sub: str) -> str:
    """Start at Kring, choose the user at the provider; the callback URL back to Kring."""
    start = await app_client.get("/auth/oidc/uni/login")
    assert start.status_code == 302, start.text
    authorize_url = start.headers["location"]
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"]  # PKCE
    assert query["state"]
    assert query["nonce"]
    async with httpx.AsyncClient() as browser:
        chosen = await browser.post(authorize_url, data={"sub": sub})
    assert chosen.status_code == 302, chosen.text
    return chosen.headers["location"].replace("http://testserver", "")


async def test_first_sign_in_creates_the_person_with_mapped_roles(
    app_client: httpx.AsyncClient, university: str
) -> None:
    callback = await _authorize(app_client, "alice-123")
    done = await app_client.get(callback)
    assert done.status_code == 303, done.text
    me = await app_client.get(
        "/graphql", params={"query": "{ me { name email memberships { role bodyName } } }"}
    )
    assert me.json()["data"]["me"] == {
        "name": "Alice Docent",
        "email": "alice@uni.example",
        "memberships": [{"role": "TEACHER", "bodyName": "Universiteit Test"}],
    }
    first_id = (await app_client.get("/graphql", params={"query": "{ me { id } }"})).json()
    # Signing in again finds the same person by issuer + subject.
    app_client.cookies.clear()
    again = await app_client.get(await _authorize(app_client, "alice-123"))
    assert again.status_code == 303
    second_id = (await app_client.get("/graphql", params={"query": "{ me { id } }"})).json()
    assert first_id == second_id


async def test_an_invited_person_is_linked_by_verified_email(
    app_client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    invited = await make_person(clean_graph, "alice@uni.example", "alice@uni.example")
    await app_client.get(await _authorize(app_client, "alice-123"))
    me = (await app_client.get("/graphql", params={"query": "{ me { id name } }"})).json()
    assert me["data"]["me"] == {"id": invited, "name": "Alice Docent"}


async def test_a_tampered_state_is_refused(app_client: httpx.AsyncClient) -> None:
    callback = await _authorize(app_client, "alice-123")
    parts = urlsplit(callback)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query["state"] = "forged"
    forged = urlunsplit(("", "", parts.path, urlencode(query), ""))
    refused = await app_client.get(forged)
    assert refused.status_code == 400
    assert refused.json()["error"] == "access_denied"
    me = (await app_client.get("/graphql", params={"query": "{ me { id } }"})).json()
    assert me["data"]["me"] is None


async def test_a_callback_without_its_sign_in_or_replayed_is_refused(
    app_client: httpx.AsyncClient, settings: Settings
) -> None:
    callback = await _authorize(app_client, "alice-123")
    stranger_cookies = dict(app_client.cookies)
    app_client.cookies.clear()
    assert (await app_client.get(callback)).status_code == 400  # no flow cookie: no state
    app_client.cookies.update(stranger_cookies)
    assert (await app_client.get(callback)).status_code == 303
    assert (await app_client.get(callback)).status_code == 400  # the code is single-use


async def test_an_unknown_provider_is_not_found(app_client: httpx.AsyncClient) -> None:
    assert (await app_client.get("/auth/oidc/nope/login")).status_code == 404

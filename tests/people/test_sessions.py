"""Sessions: rotating refresh tokens with reuse detection, logout, key rotation, dev login."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from auth.token_keys import TokenKeys
from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import Environment, Settings
from tests.factories import make_person
from tests.helpers import gql, run

ME = "{ me { email } }"


async def _login(client: httpx.AsyncClient, email: str) -> dict[str, Any]:
    response = await client.post("/auth/dev-login", json={"email": email})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    tokens: dict[str, Any] = response.json()
    return tokens


async def _refresh(client: httpx.AsyncClient, refresh: str) -> httpx.Response:
    return await client.post(
        "/auth/token", data={"grant_type": "refresh_token", "refresh_token": refresh}
    )


async def test_refresh_rotates_and_the_new_access_token_works(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "ann@x.example", "Ann")
    first = await _login(client, "ann@x.example")
    assert (await gql(client, ME, token=first["access_token"]))["data"]["me"] == {
        "email": "ann@x.example"
    }
    second = await _refresh(client, first["refresh_token"])
    assert second.status_code == 200
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"]
    assert (await gql(client, ME, token=pair["access_token"]))["data"]["me"] is not None
    stored = await run(clean_graph, "MATCH (t:RefreshToken) RETURN t.hash AS h")
    assert first["refresh_token"] not in str(stored)  # only hashes are kept


async def test_a_replayed_refresh_token_ends_the_whole_session(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "bo@x.example", "Bo")
    first = await _login(client, "bo@x.example")
    rotated = (await _refresh(client, first["refresh_token"])).json()
    replay = await _refresh(client, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert "already used" in replay.json()["error_description"]
    # The thief's replay also kills the legitimate, newer token of the same family.
    assert (await _refresh(client, rotated["refresh_token"])).status_code == 400
    # Another session of the same person is untouched.
    other = await _login(client, "bo@x.example")
    assert (await _refresh(client, other["refresh_token"])).status_code == 200


async def test_two_racing_uses_of_one_token_never_both_win(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "cy@x.example", "Cy")
    first = await _login(client, "cy@x.example")
    results = await asyncio.gather(*(_refresh(client, first["refresh_token"]) for _ in range(4)))
    assert sum(r.status_code == 200 for r in results) <= 1


async def test_logout_and_expiry(client: httpx.AsyncClient, clean_graph: Graph) -> None:
    await make_person(clean_graph, "di@x.example", "Di")
    session = await _login(client, "di@x.example")
    out = await client.post("/auth/logout", json={"refresh_token": session["refresh_token"]})
    assert out.status_code == 204
    assert (await _refresh(client, session["refresh_token"])).status_code == 400
    again = await _login(client, "di@x.example")
    await run(clean_graph, "MATCH (t:RefreshToken) SET t.expiresAt = datetime() - duration('PT1S')")
    expired = await _refresh(client, again["refresh_token"])
    assert "expired" in expired.json()["error_description"]
    bad = await client.post("/auth/token", json={"grant_type": "password"})
    assert bad.json()["error"] == "unsupported_grant_type"
    assert (await client.post("/auth/token", content=b"[")).status_code == 400


async def test_rotating_the_signing_key_logs_nobody_out(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    await make_person(clean_graph, "ed@x.example", "Ed")
    before = await _login(client, "ed@x.example")
    TokenKeys(settings.key_dir).rotate()
    after = await _login(client, "ed@x.example")
    jwks = (await client.get("/.well-known/jwks.json")).json()
    assert len(jwks["keys"]) >= 2
    for tokens in (before, after):
        assert (await gql(client, ME, token=tokens["access_token"]))["data"]["me"] is not None


async def test_dev_login_does_not_exist_in_production(
    settings: Settings, neo4j_target: Neo4jTarget, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "fi@x.example", "Fi")
    app = create_app(dataclasses.replace(settings, env=Environment.PRODUCTION), neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.post("/auth/dev-login", json={"email": "fi@x.example"})
            page = await c.get("/auth/dev-login")
    assert response.status_code == 404
    assert page.status_code == 404


async def test_the_development_sign_in_page(client: httpx.AsyncClient) -> None:
    page = await client.get("/auth/dev-login")
    assert page.status_code == 200
    assert "Development sign-in" in page.text
    assert "script-src 'nonce-" in page.headers["content-security-policy"]


async def test_an_access_token_dies_with_its_session_at_once(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "gus@x.example", "Gus")
    # Logout.
    session = await _login(client, "gus@x.example")
    assert (await gql(client, ME, token=session["access_token"]))["data"]["me"] is not None
    out = await client.post("/auth/logout", json={"refresh_token": session["refresh_token"]})
    assert out.status_code == 204
    after = await gql(client, ME, token=session["access_token"])
    assert (after["_status"], after["errors"][0]["extensions"]["code"]) == (401, "UNAUTHENTICATED")
    # A replayed refresh token ends the session: its access tokens too, the newest included.
    stolen = await _login(client, "gus@x.example")
    rotated = (await _refresh(client, stolen["refresh_token"])).json()
    assert (await _refresh(client, stolen["refresh_token"])).status_code == 400
    for token in (stolen["access_token"], rotated["access_token"]):
        assert (await gql(client, ME, token=token))["_status"] == 401
    # Another session of the same person goes on.
    other = await _login(client, "gus@x.example")
    assert (await gql(client, ME, token=other["access_token"]))["data"]["me"] is not None


async def test_a_deleted_account_can_do_nothing_more(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    await make_person(clean_graph, "hal@x.example", "Hal")
    session = await _login(client, "hal@x.example")
    token = session["access_token"]
    gone = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "hal@x.example") }', token=token
    )
    assert gone["data"] == {"deleteMyAccount": True}
    universities = await run(
        clean_graph, "CREATE (u:University {id: randomUUID()}) RETURN u.id AS id"
    )
    for document in (
        'mutation($u: ID!) { selfAssert(input: {title: "T", narrative: "N", universityId: $u}) '
        "{ id } }",
        'mutation { saveArea(input: {name: "Home", latitude: 51, longitude: 3.7, radiusKm: 2}) '
        "{ id } }",
    ):
        body = await gql(client, document, {"u": universities[0]["id"]}, token=token)
        assert (body["_status"], body["errors"][0]["extensions"]["code"]) == (
            401,
            "UNAUTHENTICATED",
        )
    left = await run(clean_graph, "MATCH (c:Claim) RETURN count(c) AS n")
    assert left == [{"n": 0}]


async def test_every_replica_learns_of_an_ended_session_within_a_second(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    await make_person(clean_graph, "ivy@x.example", "Ivy")
    session = await _login(client, "ivy@x.example")
    other = create_app(settings, neo4j_target)
    async with LifespanManager(other) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as replica:
            assert (await gql(replica, ME, token=session["access_token"]))["_status"] == 200
            # Logged out through the first replica...
            await client.post("/auth/logout", json={"refresh_token": session["refresh_token"]})
            started = asyncio.get_running_loop().time()
            while (await gql(replica, ME, token=session["access_token"]))["_status"] != 401:
                assert asyncio.get_running_loop().time() - started < 3, "the replica never learnt"
                await asyncio.sleep(0.1)

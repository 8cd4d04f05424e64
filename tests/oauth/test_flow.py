"""The OAuth 2.0 flow of the OB 3.0 API end to end, with a wallet registered dynamically."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx

from auth.oauth import CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ
from graph.core.database import Graph
from graph.oauth import oauth
from tests.factories import make_world
from tests.helpers import error_codes, gql, run
from tests.oauth.apps import ALL, CREDENTIALS, REDIRECT, Wallet, bearer

CONSENT = """query($r: String!) { oauthConsent(request: $r) {
  clientId clientName clientUri redirectHost scopes } }"""
APPS = "query { connectedApps { id clientName redirectHosts scopes } }"
REVOKE_APP = "mutation($id: ID!) { revokeConnectedApp(id: $id) }"


async def test_a_registered_wallet_gets_a_token_with_pkce_and_reads_the_record(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    assert wallet.client_secret

    # The consent screen's question: who asks, where the answer goes, what for.
    verifier = secrets.token_urlsafe(48)
    query = wallet.authorization(f"{CREDENTIAL_READ} {PROFILE_READ}", verifier)
    consent = (await gql(client, CONSENT, {"r": query}, token=session))["data"]["oauthConsent"]
    assert consent["clientName"] == "Pocket Wallet"
    assert consent["redirectHost"] == "wallet.example"
    assert consent["scopes"] == [CREDENTIAL_READ, PROFILE_READ]

    code = await wallet.code_for(session, f"{CREDENTIAL_READ} {PROFILE_READ}", verifier)
    answer = await wallet.exchange(code, verifier)
    assert answer.status_code == 200, answer.text
    tokens = answer.json()
    assert answer.headers["cache-control"] == "no-store"
    assert tokens["token_type"] == "Bearer"
    assert set(tokens["scope"].split()) == {CREDENTIAL_READ, PROFILE_READ}

    listed = await client.get(CREDENTIALS, headers=bearer(tokens["access_token"]))
    assert listed.status_code == 200
    assert [c["id"].rsplit("/", 1)[1] for c in listed.json()["credential"]] == [world.assertion]
    profile = await client.get("/ims/ob/v3p0/profile", headers=bearer(tokens["access_token"]))
    assert profile.json()["name"] == "owner"
    # A token for the OB API is no session: GraphQL treats it as anonymous.
    assert error_codes(await gql(client, APPS, token=tokens["access_token"])) == ["UNAUTHENTICATED"]

    # The learner sees the app among their connected apps.
    apps = (await gql(client, APPS, token=session))["data"]["connectedApps"]
    assert [(a["clientName"], a["redirectHosts"]) for a in apps] == [
        ("Pocket Wallet", ["wallet.example"])
    ]
    assert set(apps[0]["scopes"]) == {CREDENTIAL_READ, PROFILE_READ}

    # A refresh token is used once: a new pair comes back; the old one again ends the family.
    refreshed = await wallet.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert refreshed.status_code == 200, refreshed.text
    newer = refreshed.json()
    assert newer["refresh_token"] != tokens["refresh_token"]
    assert (await client.get(CREDENTIALS, headers=bearer(newer["access_token"]))).status_code == 200
    replay = await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert replay.json()["error"] == "invalid_grant"
    assert (await client.get(CREDENTIALS, headers=bearer(newer["access_token"]))).status_code == 401


async def test_wrong_verifier_missing_pkce_and_reused_codes_are_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client, public=True)
    assert wallet.client_secret is None

    verifier = secrets.token_urlsafe(48)
    code = await wallet.code_for(session, CREDENTIAL_READ, verifier)
    wrong = await wallet.exchange(code, secrets.token_urlsafe(48))
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"

    # Without PKCE, or with the plain method, there is no code at all.
    no_pkce = wallet.authorization(CREDENTIAL_READ, verifier, method=None)
    body = await gql(client, CONSENT, {"r": no_pkce}, token=session)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "PKCE" in body["errors"][0]["message"]
    plain = wallet.authorization(CREDENTIAL_READ, verifier, method="plain", challenge=verifier)
    refused = await wallet.decide(plain, session)
    assert parse_qs(urlsplit(refused.json()["redirect"]).query)["error"] == ["invalid_request"]

    # A code works once; used again, the tokens it gave stop too (RFC 6749 §4.1.2).
    verifier = secrets.token_urlsafe(48)
    code = await wallet.code_for(session, CREDENTIAL_READ, verifier)
    first = await wallet.exchange(code, verifier)
    assert first.status_code == 200
    access = first.json()["access_token"]
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 200
    again = await wallet.exchange(code, verifier)
    assert again.json()["error"] == "invalid_grant"
    assert (await client.get(CREDENTIALS, headers=bearer(access))).status_code == 401


async def test_redirect_uris_must_match_exactly(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    verifier = secrets.token_urlsafe(48)

    elsewhere = wallet.authorization(
        CREDENTIAL_READ, verifier, redirect_uri="https://attacker.example/callback"
    )
    body = await gql(client, CONSENT, {"r": elsewhere}, token=session)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    # Never sent to an address the client did not register: an error, not a redirect.
    answer = await wallet.decide(elsewhere, session)
    assert answer.status_code == 400
    assert "redirect" not in answer.json()

    code = await wallet.code_for(session, CREDENTIAL_READ, verifier)
    mismatch = await wallet.exchange(code, verifier, redirect_uri=REDIRECT + "/other")
    assert mismatch.json()["error"] == "invalid_grant"

    bad = await client.post(
        "/oauth/register",
        json={"client_name": "x", "redirect_uris": ["http://wallet.example/cb"]},
    )
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid_redirect_uri"


async def test_scopes_are_enforced_and_denial_reaches_the_client(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client, scope=f"{CREDENTIAL_READ} {CREDENTIAL_UPSERT}")
    tokens = await wallet.tokens(session, CREDENTIAL_READ)
    upsert = await client.post(CREDENTIALS, json={}, headers=bearer(tokens["access_token"]))
    assert upsert.status_code == 403
    assert upsert.json()["imsx_codeMajor"] == "failure"
    profile = await client.get("/ims/ob/v3p0/profile", headers=bearer(tokens["access_token"]))
    assert profile.status_code == 403

    # A scope the client did not register is not granted; none left: invalid_scope.
    verifier = secrets.token_urlsafe(48)
    body = await gql(
        client, CONSENT, {"r": wallet.authorization(PROFILE_READ, verifier)}, token=session
    )
    assert body["errors"][0]["extensions"]["reason"] == "invalid_scope"

    denied = await wallet.decide(wallet.authorization(ALL, verifier), session, approve=False)
    params = parse_qs(urlsplit(denied.json()["redirect"]).query)
    assert params["error"] == ["access_denied"]
    assert params["state"] == ["xyz"]

    # Only a signed-in learner answers, never an app's token.
    query = wallet.authorization(CREDENTIAL_READ, verifier)
    assert (await wallet.decide(query, tokens["access_token"])).status_code == 401
    assert error_codes(await gql(client, CONSENT, {"r": query})) == ["UNAUTHENTICATED"]


async def test_revoked_tokens_and_disconnected_apps_stop_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)

    tokens = await wallet.tokens(session, CREDENTIAL_READ)
    assert (await wallet.revoke(tokens["access_token"])).status_code == 200
    gone = await client.get(CREDENTIALS, headers=bearer(tokens["access_token"]))
    assert gone.status_code == 401
    refused = await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"

    # Another wallet cannot revoke this wallet's tokens (invalid_grant, nothing done).
    other = await Wallet.register(client, client_name="Other")
    tokens = await wallet.tokens(session, CREDENTIAL_READ)
    assert (await other.revoke(tokens["refresh_token"])).json()["error"] == "invalid_grant"
    assert (
        await client.get(CREDENTIALS, headers=bearer(tokens["access_token"]))
    ).status_code == 200

    # The learner disconnects the app: its tokens stop, it leaves the list.
    [app] = (await gql(client, APPS, token=session))["data"]["connectedApps"]
    stranger = token_for(world.people["learner"])
    assert error_codes(await gql(client, REVOKE_APP, {"id": app["id"]}, token=stranger)) == [
        "NOT_FOUND"
    ]
    assert (await gql(client, REVOKE_APP, {"id": app["id"]}, token=session))["data"]
    assert (
        await client.get(CREDENTIALS, headers=bearer(tokens["access_token"]))
    ).status_code == 401
    assert (await gql(client, APPS, token=session))["data"]["connectedApps"] == []
    refused = await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"


async def test_open_registration_is_limited_per_address(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    body = {"client_name": "Spam", "redirect_uris": [REDIRECT]}
    answers = [(await client.post("/oauth/register", json=body)).status_code for _ in range(21)]
    assert answers == [201] * 20 + [429]


async def test_codes_and_refresh_tokens_expired_a_day_ago_are_pruned(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    verifier = secrets.token_urlsafe(48)
    code = await wallet.code_for(session, CREDENTIAL_READ, verifier)
    tokens = (await wallet.exchange(code, verifier)).json()
    counts = (
        "OPTIONAL MATCH (c:OAuthCode) WITH count(c) AS codes "
        "OPTIONAL MATCH (t:OAuthToken) WITH codes, count(t) AS tokens "
        "OPTIONAL MATCH (f:OAuthFamily) RETURN codes, tokens, count(f) AS families"
    )
    assert await run(clean_graph, counts) == [{"codes": 1, "tokens": 1, "families": 1}]
    # Fresh (and just used) ones stay: the refresh token still works after a prune.
    assert await oauth.prune(clean_graph) == 0
    await run(
        clean_graph,
        "MATCH (x) WHERE x:OAuthCode OR x:OAuthToken OR x:OAuthFamily "
        "SET x.expiresAt = datetime() - duration('P2D')",
    )
    assert await oauth.prune(clean_graph) == 3
    assert await run(clean_graph, counts) == [{"codes": 0, "tokens": 0, "families": 0}]
    # What was pruned cannot be used: an unknown refresh token is refused.
    refreshed = await wallet.token(
        grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert refreshed.status_code == 400
    assert refreshed.json()["error"] == "invalid_grant"

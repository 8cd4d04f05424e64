"""The OB 3.0 API's write side through OAuth tokens, its discovery document, and the record."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx

from auth.oauth import CREDENTIAL_READ, CREDENTIAL_UPSERT, PROFILE_READ, PROFILE_UPDATE
from graph.core.database import Graph
from graph.people import records
from tests.factories import make_world
from tests.foreign_platform import ForeignIssuer
from tests.helpers import gql, run
from tests.oauth.apps import CREDENTIALS, Wallet, bearer

MINE = "query { myExternalCredentials { credentialId name issuerName status } }"


async def test_a_wallet_pushes_a_credential_made_elsewhere_into_the_record(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    access = (await wallet.tokens(session, CREDENTIAL_UPSERT))["access_token"]
    foreign = ForeignIssuer()
    signed = foreign.sign(foreign.credential("owner@world.example"))

    created = await client.post(CREDENTIALS, json=signed, headers=bearer(access))
    assert created.status_code == 201, created.text
    assert created.json()["id"] == signed["id"]
    again = await client.post(CREDENTIALS, json=signed, headers=bearer(access))
    assert again.status_code == 200
    [held] = (await gql(client, MINE, token=session))["data"]["myExternalCredentials"]
    assert held == {
        "credentialId": signed["id"],
        "name": "Repair café host",
        "issuerName": "Foreign Academy",
        "status": "VALID",
    }

    # As a VC-JWT too.
    other = foreign.credential("owner@world.example", name="Bike repair")
    pushed = await client.post(
        CREDENTIALS,
        content=foreign.jwt(other),
        headers={**bearer(access), "content-type": "text/plain"},
    )
    assert pushed.status_code == 201, pushed.text
    assert len((await gql(client, MINE, token=session))["data"]["myExternalCredentials"]) == 2

    # Tampered after signing: refused in the OB API's error shape, nothing kept.
    tampered = json.loads(json.dumps(foreign.sign(foreign.credential("owner@world.example"))))
    tampered["credentialSubject"]["achievement"]["name"] = "Brain surgeon"
    refused = await client.post(CREDENTIALS, json=tampered, headers=bearer(access))
    assert refused.status_code == 400
    assert refused.json()["imsx_codeMajor"] == "failure"
    assert refused.json()["imsx_severity"] == "error"
    # Someone else's badge is not the learner's to keep either.
    theirs = foreign.sign(foreign.credential("learner@world.example"))
    assert (await client.post(CREDENTIALS, json=theirs, headers=bearer(access))).status_code == 400
    assert len((await gql(client, MINE, token=session))["data"]["myExternalCredentials"]) == 2


async def test_profile_update_changes_the_learners_name_within_bounds(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    session = token_for(world.people["owner"])
    wallet = await Wallet.register(client)
    tokens = await wallet.tokens(session, f"{PROFILE_READ} {PROFILE_UPDATE}")
    headers = bearer(tokens["access_token"])

    updated = await client.put("/ims/ob/v3p0/profile", json={"name": "Olga Owner"}, headers=headers)
    assert updated.status_code == 200
    assert updated.json()["name"] == "Olga Owner"
    assert (await client.get("/ims/ob/v3p0/profile", headers=headers)).json()["name"] == (
        "Olga Owner"
    )
    for bad in ({"name": ""}, {"name": "x" * 201}, {"email": "a@b.example"}):
        answer = await client.put("/ims/ob/v3p0/profile", json=bad, headers=headers)
        assert answer.status_code == 400
    huge = await client.put(
        "/ims/ob/v3p0/profile", content=b'{"name": "' + b"x" * 20_000 + b'"}', headers=headers
    )
    assert huge.status_code == 413

    read_only = await wallet.tokens(session, PROFILE_READ)
    denied = await client.put(
        "/ims/ob/v3p0/profile", json={"name": "Mallory"}, headers=bearer(read_only["access_token"])
    )
    assert denied.status_code == 403


async def test_discovery_document_follows_the_specification(client: httpx.AsyncClient) -> None:
    document = (await client.get("/ims/ob/v3p0/discovery")).json()
    assert document["openapi"].startswith("3.0")
    info = document["info"]
    assert {"title", "version", "termsOfService", "x-imssf-privacyPolicyUrl"} <= set(info)
    scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["type"] == "oauth2"
    assert scheme["x-imssf-registrationUrl"] == "http://testserver/oauth/register"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "http://testserver/oauth/authorize"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "http://testserver/oauth/token"
    assert set(flow["scopes"]) == {
        CREDENTIAL_READ,
        CREDENTIAL_UPSERT,
        PROFILE_READ,
        PROFILE_UPDATE,
    }
    paths = document["paths"]
    assert paths["/credentials"]["post"]["security"] == [{"OAuth2ACG": [CREDENTIAL_UPSERT]}]
    assert paths["/profile"]["put"]["security"] == [{"OAuth2ACG": [PROFILE_UPDATE]}]
    assert "security" not in paths["/discovery"]["get"]


async def test_export_lists_connected_apps_and_erasing_the_account_ends_them(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    wallet = await Wallet.register(client)
    tokens = await wallet.tokens(token_for(owner), CREDENTIAL_READ)

    exported = await records.export(clean_graph, owner)
    [app] = exported["connectedApps"]
    assert app["clientName"] == "Pocket Wallet"
    assert app["scopes"] == [CREDENTIAL_READ]

    await records.delete_account(clean_graph, owner)
    left = await run(
        clean_graph,
        "MATCH (n) WHERE n:OAuthGrant OR n:OAuthToken OR n:OAuthCode RETURN count(n) AS n",
    )
    assert left == [{"n": 0}]
    refused = await wallet.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refused.json()["error"] == "invalid_grant"

"""The learner's whole record: a signed CLR 2.0 export and the OB 3.0 read API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from auth.keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph
from server.host_api import CREDENTIAL_READ, PROFILE_READ
from server.settings import Settings
from tests.credentials.test_credentials import _rich_world, _verify
from tests.factories import World, make_world
from tests.helpers import error_codes, gql, run


def scoped(settings: Settings, person: str, *scopes: str) -> dict[str, str]:
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    token = issue_access_token(key, token_settings, person, scopes=scopes)
    return {"authorization": f"Bearer {token}"}


async def _second_badge(graph: Graph, world: World) -> str:
    found = await run(
        graph,
        "MATCH (owner:Person {id: $o}), (b:BadgeClass {id: $b}), (u:University {id: $u}) "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION', "
        "title: 'second', status: 'ISSUED', visibility: 'PRIVATE', createdAt: datetime()}) "
        "CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u) "
        "CREATE (a:Assertion {id: randomUUID(), issuedAt: datetime() - duration('P1D'), "
        "visibility: 'PRIVATE', statusIndex: 1}) "
        "CREATE (c)-[:ISSUED_AS]->(a), (owner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), "
        "(a)-[:BRANDED_BY]->(u) RETURN a.id AS id",
        o=world.people["owner"],
        b=world.badge_class,
        u=world.university,
    )
    assertion_id: str = found[0]["id"]
    return assertion_id


async def test_clr_export_of_chosen_badges_is_signed_and_verifies(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await _rich_world(clean_graph)
    second = await _second_badge(clean_graph, world)
    owner = token_for(world.people["owner"])
    query = "query($ids: [ID!]!) { exportClr(assertionIds: $ids) }"
    body = await gql(client, query, {"ids": [world.assertion, second]}, token=owner)
    clr: dict[str, Any] = body["data"]["exportClr"]
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    inner = clr["credentialSubject"]["verifiableCredential"]
    assert [c["id"].rsplit("/", 1)[1] for c in inner] == [world.assertion, second]
    assert (await _verify(client, clr))["proof_valid"] is True
    for credential in inner:
        assert (await _verify(client, credential))["verified"] is True

    not_mine = await gql(
        client, query, {"ids": [world.assertion]}, token=token_for(world.people["learner"])
    )
    assert error_codes(not_mine) == ["NOT_FOUND"]
    assert error_codes(await gql(client, query, {"ids": []}, token=owner)) == ["BAD_USER_INPUT"]
    assert error_codes(await gql(client, query, {"ids": [world.assertion]})) == ["UNAUTHENTICATED"]


async def test_ob3_api_lists_credentials_with_paging_headers(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    world = await make_world(clean_graph)
    second = await _second_badge(clean_graph, world)
    headers = scoped(settings, world.people["owner"], CREDENTIAL_READ)
    first_page = await client.get("/ims/ob/v3p0/credentials?limit=1", headers=headers)
    assert first_page.status_code == 200
    assert first_page.headers["x-total-count"] == "2"
    assert 'rel="next"' in first_page.headers["link"]
    [newest] = first_page.json()["credential"]
    assert newest["id"].endswith(world.assertion)  # issued today, the other yesterday
    second_page = await client.get("/ims/ob/v3p0/credentials?limit=1&offset=1", headers=headers)
    assert second_page.json()["credential"][0]["id"].endswith(second)
    assert 'rel="prev"' in second_page.headers["link"]
    bad = await client.get("/ims/ob/v3p0/credentials?limit=0", headers=headers)
    assert bad.status_code == 400


async def test_ob3_api_needs_the_right_scope(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    assert (await client.get("/ims/ob/v3p0/credentials")).status_code == 401
    unscoped = scoped(settings, owner)
    assert (await client.get("/ims/ob/v3p0/credentials", headers=unscoped)).status_code == 403
    wrong = scoped(settings, owner, PROFILE_READ)
    denied = await client.get("/ims/ob/v3p0/credentials", headers=wrong)
    assert denied.status_code == 403
    assert denied.json()["imsx_codeMajor"] == "failure"
    profile = await client.get("/ims/ob/v3p0/profile", headers=wrong)
    assert profile.json()["name"] == "owner"
    discovery = (await client.get("/ims/ob/v3p0/discovery")).json()
    assert CREDENTIAL_READ in str(discovery["components"])

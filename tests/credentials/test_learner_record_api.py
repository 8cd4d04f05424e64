"""The learner's whole record: a signed CLR 2.0 export and the OB 3.0 read API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from auth.oauth import CREDENTIAL_READ, PROFILE_READ
from graph.core.database import Graph
from server.settings import Settings
from tests.credential_world import rich_world, scoped, second_badge, verify_report
from tests.factories import make_world
from tests.helpers import error_codes, gql


async def test_clr_export_of_chosen_badges_is_signed_and_verifies(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    second = await second_badge(clean_graph, world)
    owner = token_for(world.people["owner"])
    query = "query($ids: [ID!]!) { exportClr(assertionIds: $ids) }"
    body = await gql(client, query, {"ids": [world.assertion, second]}, token=owner)
    clr: dict[str, Any] = body["data"]["exportClr"]
    assert clr["type"] == ["VerifiableCredential", "ClrCredential"]
    inner = clr["credentialSubject"]["verifiableCredential"]
    assert [c["id"].rsplit("/", 1)[1] for c in inner] == [world.assertion, second]
    assert (await verify_report(client, clr))["proof_valid"] is True
    for credential in inner:
        assert (await verify_report(client, credential))["verified"] is True

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
    second = await second_badge(clean_graph, world)
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

"""A world with an issued badge rich enough for its credential, and ways to fetch and check it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import httpx

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from graph.core.database import Graph
from server.settings import Settings
from tests.factories import World, make_world
from tests.helpers import run


async def rich_world(graph: Graph) -> World:
    """The world's issued badge, with evidence, an alignment, a narrative and an expiry."""
    world = await make_world(graph)
    await run(
        graph,
        "MATCH (c:Claim)-[:ISSUED_AS]->(a:Assertion {id: $a})-[:OF_BADGE]->(b:BadgeClass) "
        "SET c.narrative = 'I hosted five sessions', a.expiresAt = datetime() + duration('P1Y') "
        "CREATE (c)-[:HAS_EVIDENCE]->(:Evidence {id: randomUUID(), kind: 'URL', "
        "name: 'photos', url: 'https://photos.example/1', description: 'the day', "
        "addedAt: datetime()}) "
        "MERGE (k:Competency {key: 'ESCO|S1'}) SET k.framework = 'ESCO', k.code = 'S1', "
        "k.name = 'repair', k.url = 'https://esco.example/S1' MERGE (b)-[:ALIGNED_TO]->(k)",
        a=world.assertion,
    )
    return world


def auth_headers(token_for: Callable[[str], str], world: World, role: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token_for(world.people[role])}"}


async def hosted_credential(
    client: httpx.AsyncClient,
    world: World,
    token_for: Callable[[str], str],
    assertion: str | None = None,
) -> dict[str, Any]:
    """The owner's badge (the world's, unless `assertion`) as its hosted OB 3.0 credential."""
    response = await client.get(
        f"/credentials/{assertion or world.assertion}",
        headers=auth_headers(token_for, world, "owner"),
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    credential: dict[str, Any] = response.json()
    return credential


async def verify_report(client: httpx.AsyncClient, credential: Any) -> dict[str, Any]:
    response = await client.post("/verify", json=credential)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


def did_key_signed(document: dict[str, Any]) -> dict[str, Any]:
    """A credential signed by a throw-away did:key, as a forger would."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from badges import data_integrity
    from badges.multikey import did_key

    key = Ed25519PrivateKey.generate()
    did = did_key(key.public_key().public_bytes_raw())
    forged = {**copy.deepcopy(document), "issuer": {**document["issuer"], "id": did}}
    forged.pop("proof", None)
    method = f"{did}#{did.removeprefix('did:key:')}"
    return data_integrity.sign(forged, key, method, "2030-01-01T00:00:00Z")


def scoped(settings: Settings, person: str, *scopes: str) -> dict[str, str]:
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    token = issue_access_token(key, token_settings, person, scopes=scopes)
    return {"authorization": f"Bearer {token}"}


def app_token(settings: Settings, person: str, client_id: str, *scopes: str) -> str:
    """A token as the OAuth server issues it to an app (`client_id` marks it so)."""
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )
    return issue_access_token(key, token_settings, person, scopes=scopes, client_id=client_id)


async def second_badge(graph: Graph, world: World) -> str:
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

"""/verify and verifyCredential: what they report on tampering, revocation, expiry, foreign
keys and forgers, the page itself, and hostile input."""

from __future__ import annotations

import copy
from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.credential_world import (
    did_key_signed,
    hosted_credential,
    rich_world,
    verify_report,
)
from tests.helpers import gql, run


async def test_tampering_revocation_expiry_and_official_validation_are_reported(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)

    forged = copy.deepcopy(credential)
    forged["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    report = await verify_report(client, forged)
    assert (report["verified"], report["proof_valid"]) == (False, False)

    await gql(
        client,
        'mutation($id: ID!) { validateBadgeClass(id: $id, note: "ok") { id } }',
        {"id": world.badge_class},
        token=token_for(world.people["curator"]),
    )
    assert (await verify_report(client, credential))["tier"] == "OFFICIAL"

    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) SET a.expiresAt = datetime() - duration('P1D')",
        a=world.assertion,
    )
    assert (await verify_report(client, credential))["status"] == "expired"

    await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Copied evidence") { status } }',
        {"id": world.assertion},
        token=token_for(world.people["org_admin"]),
    )
    revoked = await verify_report(client, credential)
    assert (revoked["verified"], revoked["status"], revoked["status_message"]) == (
        False,
        "revoked",
        "Copied evidence",
    )


async def test_foreign_or_malformed_input_gets_a_clear_answer(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    for body in (b"not json", b"[1, 2]", b'{"no": "context"}', b"\xff\xfe"):
        response = await client.post("/verify", content=body)
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    huge = await client.post("/verify", content=b"{" + b" " * (1024 * 1024 + 1) + b"}")
    assert huge.status_code == 413
    assert huge.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    foreign = copy.deepcopy(credential)
    foreign["proof"]["verificationMethod"] = "did:web:elsewhere.example#z6Mkabc"
    report = await verify_report(client, foreign)
    assert (report["proof_valid"], report["issuer_resolved"]) == (False, False)
    assert report["proof_message"] == "The signing key could not be resolved."

    unknown = copy.deepcopy(credential)
    unknown["id"] = "https://other.example/credentials/1"
    assert (await verify_report(client, unknown))["status"] == "unknown"
    wrapped = await verify_report(client, {"credential": credential})
    assert wrapped["verified"] is True
    evil_context = copy.deepcopy(credential)
    evil_context["@context"].append("https://evil.example/ctx")
    assert (await verify_report(client, evil_context))["proof_valid"] is False

    platform = (await client.get("/.well-known/did.json")).json()
    assert platform["id"] == "did:web:testserver"
    assert platform["verificationMethod"][0]["type"] == "Multikey"
    assert (await client.get("/issuers/not-a-uuid/did.json")).status_code == 404


async def test_the_verify_page_is_a_locked_down_drop_zone(client: httpx.AsyncClient) -> None:
    page = await client.get("/verify")
    assert page.status_code == 200
    assert "Drop a baked badge image" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src 'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in page.text


async def test_graphql_verification_gives_the_same_report(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    query = (
        "query($c: JSON, $j: String) { verifyCredential(credential: $c, jwt: $j) "
        "{ verified status tier issuerResolved } }"
    )
    body = await gql(client, query, {"c": credential})
    assert body["data"]["verifyCredential"] == {
        "verified": True,
        "status": "active",
        "tier": "COMMUNITY",
        "issuerResolved": True,
    }
    both = await gql(client, query, {"c": credential, "j": "eyJ"})
    assert both["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    not_vc = await gql(client, query, {"c": {"hello": "world"}})
    assert not_vc["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_verify_takes_our_own_shared_url_and_refuses_to_fetch_others(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    url = f"http://testserver/credentials/{world.assertion}"
    private = await client.post("/verify", json={"url": url})
    assert private.status_code == 400  # a private badge is not reachable by its URL
    await run(
        clean_graph, "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PUBLIC'", a=world.assertion
    )
    shared = await client.post("/verify", json={"url": url})
    assert shared.json()["verified"] is True
    elsewhere = await client.post("/verify", json={"url": "https://evil.example/credentials/1"})
    assert elsewhere.status_code == 400
    assert "nothing is fetched" in elsewhere.json()["errors"][0]["message"]


async def test_a_forger_signing_with_another_key_gets_no_status_and_no_tier(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    genuine = await hosted_credential(client, world, token_for)
    forged = did_key_signed({k: v for k, v in genuine.items() if k != "endorsement"})
    report = await verify_report(client, forged)
    assert report["verified"] is False
    assert report["status"] == "unknown"
    assert report["tier"] is None
    assert report["credential_tier"] is None
    assert report["proof_message"] == "Not signed by the issuer Kring has on record for it."
    # Issuer named as ours, key a stranger's: not the issuer's key.
    lying = copy.deepcopy(forged)
    lying["issuer"]["id"] = genuine["issuer"]["id"]
    assert (await verify_report(client, lying))["issuer_resolved"] is False


async def test_hostile_input_to_verify_never_gives_a_500(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    genuine = await hosted_credential(client, world, token_for)
    bodies: list[bytes] = [
        b"[" * 100_000,
        b'{"@context": [], "n": ' + b"9" * 5000 + b"}",
        b'{"@context": ["https://www.w3.org/ns/credentials/v2"], '
        b'"validUntil": "2030-01-01T00:00:00"}',
        b'{"@context": [], "a": ' + b'{"a": ' * 900 + b"1" + b"}" * 900 + b"}",
        b"x" * (256 * 1024 + 1),
    ]
    odd = did_key_signed(
        {
            **genuine,
            "credentialSubject": {
                **genuine["credentialSubject"],
                "achievement": {
                    **genuine["credentialSubject"]["achievement"],
                    "endorsement": {"id": "https://x.example/e"},
                },
            },
        }
    )
    odd["endorsement"] = [{"credentialSubject": "not an object", "issuer": 5}]
    import json

    bodies.append(json.dumps(odd).encode())
    for body in bodies:
        response = await client.post("/verify", content=body)
        assert response.status_code in (200, 400, 413), (body[:40], response.status_code)
        if response.status_code == 200:
            assert response.json()["verified"] is False

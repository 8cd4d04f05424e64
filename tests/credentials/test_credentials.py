"""Hosted OB 3.0 credentials and DID documents against the real graph: signed, private until
shared, kept verifiable across key rotation, numbered in signed status lists, as VC-JWT and
baked images."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable

import httpx

from badges.issuer_keys import IssuerKeys
from graph.core.database import Graph
from server.settings import Settings
from tests.credential_world import (
    auth_headers,
    hosted_credential,
    rich_world,
    verify_report,
)
from tests.factories import make_world
from tests.helpers import gql, run


async def test_an_issued_badge_is_a_signed_open_badge_credential(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"http://testserver/credentials/{world.assertion}"
    assert credential["issuer"]["id"] == f"did:web:testserver:issuers:{world.organisation}"
    assert credential["issuer"]["parentOrg"]["name"] == "Hogeschool Test"
    subject = credential["credentialSubject"]
    identity = subject["identifier"][0]
    expected = hashlib.sha256(("owner@world.example" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == "sha256$" + expected
    assert "owner@world.example" not in str(credential)  # never the e-mail itself
    assert subject["achievement"]["alignment"][0]["targetCode"] == "S1"
    assert credential["evidence"][0]["id"] == "https://photos.example/1"
    assert "validUntil" in credential
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    again = await hosted_credential(client, world, token_for)
    assert again == credential  # deterministic: the same bytes on every request

    report = await verify_report(client, credential)
    assert report["verified"] is True, report
    assert (report["status"], report["tier"], report["issuer_resolved"]) == (
        "active",
        "COMMUNITY",
        True,
    )


async def test_private_credentials_are_not_served_to_others(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    url = f"/credentials/{world.assertion}"
    assert (await client.get(url)).status_code == 404
    assert (
        await client.get(url, headers=auth_headers(token_for, world, "learner"))
    ).status_code == 404
    await run(
        clean_graph, "MATCH (a:Assertion {id: $a}) SET a.visibility = 'PUBLIC'", a=world.assertion
    )
    assert (await client.get(url)).status_code == 200


async def test_key_rotation_keeps_old_credentials_verifiable(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await rich_world(clean_graph)
    before = await hosted_credential(client, world, token_for)
    IssuerKeys(settings.key_dir).rotate(world.organisation)
    after = await hosted_credential(client, world, token_for)
    assert after["proof"]["verificationMethod"] != before["proof"]["verificationMethod"]
    document = (await client.get(f"/issuers/{world.organisation}/did.json")).json()
    methods = {m["id"] for m in document["verificationMethod"]}
    assert {before["proof"]["verificationMethod"], after["proof"]["verificationMethod"]} <= methods
    assert (await verify_report(client, before))["verified"] is True
    assert (await verify_report(client, after))["verified"] is True


async def test_a_deleted_learner_s_credential_verifies_as_revoked(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "owner@world.example") }',
        token=token_for(world.people["owner"]),
    )
    report = await verify_report(client, credential)
    assert (report["proof_valid"], report["status"]) == (True, "revoked")


async def test_revocation_shows_in_the_signed_status_list(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    from badges import status_list

    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    entry = credential["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusListIndex"] == "0"
    url = entry["statusListCredential"].replace("http://testserver", "")
    listed = (await client.get(url)).json()
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert (await verify_report(client, listed))["proof_valid"] is True
    assert not status_list.is_set(listed["credentialSubject"]["encodedList"], 0)

    await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "r") { status } }',
        {"id": world.assertion},
        token=token_for(world.people["org_admin"]),
    )
    relisted = (await client.get(url)).json()
    assert status_list.is_set(relisted["credentialSubject"]["encodedList"], 0)
    assert (await client.get("/status-lists/not-a-uuid/0")).status_code == 404


def test_status_list_bits_are_most_significant_first() -> None:
    from badges import status_list

    encoded = status_list.encode([0, 9, 131_071])
    assert [status_list.is_set(encoded, p) for p in (0, 1, 8, 9, 131_071)] == [
        True,
        False,
        False,
        True,
        True,
    ]


async def test_badges_issued_at_once_get_distinct_status_indexes(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    import asyncio

    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}) SET b.policyMinimum = 1, b.policyRequireOneOf = []",
        b=world.badge_class,
    )
    made = await run(
        clean_graph,
        # Six completed participations of the class's own organisation, which consented
        # to issuing those once endorsed.
        "MATCH (owner:Person {id: $owner}), (teacher:Person {id: $teacher}), "
        "(b:BadgeClass {id: $b}), (u:University {id: $u}), (op:Opportunity {id: $op}) "
        "UNWIND range(1, 6) AS n "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION', "
        "title: 'c' + n, status: 'OPEN', visibility: 'PRIVATE', createdAt: datetime()}) "
        "CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u) "
        "CREATE (c)-[:FROM]->(:Application {id: randomUUID(), status: 'COMPLETED'})-[:FOR]->(op) "
        "CREATE (c)-[:REQUESTED]->(:EndorsementRequest {id: randomUUID()})-[:TO]->(teacher) "
        "RETURN c.id AS id",
        owner=world.people["owner"],
        teacher=world.people["teacher"],
        b=world.badge_class,
        u=world.university,
        op=world.closed_opportunity,
    )
    teacher = token_for(world.people["teacher"])
    bodies = await asyncio.gather(
        *(
            gql(
                client,
                "mutation($c: ID!) { endorseClaim(claimId: $c, relationship: TEACHER, "
                'testimonial: "yes") { status } }',
                {"c": row["id"]},
                token=teacher,
            )
            for row in made
        )
    )
    assert all(b["data"]["endorseClaim"]["status"] == "ISSUED" for b in bodies)
    indexes = await run(
        clean_graph,
        "MATCH (:BadgeClass {id: $b})<-[:OF_BADGE]-(a:Assertion) RETURN a.statusIndex AS i",
        b=world.badge_class,
    )
    assert sorted(r["i"] for r in indexes) == list(range(7))  # 0 was the world's own badge


async def test_the_badge_as_a_vc_jwt_verifies_and_tampering_fails(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    import base64
    import json

    world = await rich_world(clean_graph)
    response = await client.get(
        f"/credentials/{world.assertion}/jwt", headers=auth_headers(token_for, world, "owner")
    )
    assert response.status_code == 200
    token = response.text
    header_b64, payload_b64, signature = token.split(".")
    header = json.loads(base64.urlsafe_b64decode(header_b64 + "=="))
    claims = json.loads(base64.urlsafe_b64decode(payload_b64 + "=="))
    assert header["alg"] == "EdDSA"
    assert header["kid"].startswith(f"did:web:testserver:issuers:{world.organisation}#z6Mk")
    assert claims["jti"] == claims["vc"]["id"]
    assert claims["iss"] == claims["vc"]["issuer"]["id"]
    assert claims["exp"] > claims["nbf"]

    raw = await client.post("/verify", content=token)
    assert raw.json()["verified"] is True, raw.json()
    wrapped = await client.post("/verify", json={"jwt": token})
    assert wrapped.json()["status"] == "active"

    claims["vc"]["name"] = "Rocket Science"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    forged = await client.post("/verify", content=f"{header_b64}.{forged_payload}.{signature}")
    assert (forged.json()["verified"], forged.json()["proof_valid"]) == (False, False)
    garbage = await client.post("/verify", content="eyJnot.a.jwt")
    assert garbage.status_code == 200
    assert garbage.json()["proof_message"] == "That is not a JWT."
    stranger = await client.get(f"/credentials/{world.assertion}/jwt")
    assert stranger.status_code == 404


async def test_baked_badges_carry_a_verifiable_credential(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    from badges import baking

    world = await rich_world(clean_graph)
    owner = auth_headers(token_for, world, "owner")
    svg = await client.get(f"/credentials/{world.assertion}/badge.svg", headers=owner)
    assert svg.status_code == 200
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg.text
    assert "Community" in svg.text
    png = await client.get(f"/credentials/{world.assertion}/badge.png", headers=owner)
    assert png.content.startswith(b"\x89PNG")
    assert baking.unbake_png(png.content).version == 3

    for image, kind in ((svg.content, "image/svg+xml"), (png.content, "image/png")):
        report = (
            await client.post("/verify", content=image, headers={"content-type": kind})
        ).json()
        assert report["verified"] is True, report

    # The picture is not signed, the baked credential is: change the credential's name.
    assert '"name": "Test Badge"' in svg.text
    tampered = svg.text.replace('"name": "Test Badge"', '"name": "Fake Badge"', 1)
    report = (await client.post("/verify", content=tampered.encode())).json()
    assert report["verified"] is False
    plain = await client.post("/verify", content=baking.render_png())
    assert plain.status_code == 400
    assert "no baked badge" in plain.json()["errors"][0]["message"]
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><svg/>'
    assert (await client.post("/verify", content=bomb)).status_code == 400
    assert (
        await client.get(f"/credentials/{world.assertion}/badge.gif", headers=owner)
    ).status_code == 404
    assert (await client.get(f"/credentials/{world.assertion}/badge.svg")).status_code == 404


async def test_endorsements_and_official_validation_travel_as_signed_credentials(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}), (peer:Person {id: $p}), (t:Person {id: $t}) "
        "CREATE (peer)-[:ENDORSED]->(e1:Endorsement {id: randomUUID(), relationship: 'PEER', "
        "testimonial: 'Solid work', observed: 'Two sessions', status: 'ACTIVE', "
        "createdAt: datetime()}) CREATE (a)-[:CARRIES]->(e1) "
        "CREATE (t)-[:ENDORSED]->(e2:Endorsement {id: randomUUID(), relationship: 'TEACHER', "
        "testimonial: 'Great', status: 'ACTIVE', createdAt: datetime()}) "
        "CREATE (a)-[:CARRIES]->(e2)",
        a=world.assertion,
        p=world.people["accepted_learner"],
        t=world.people["teacher"],
    )
    credential = await hosted_credential(client, world, token_for)
    endorsements = credential["endorsement"]
    assert [e["type"] for e in endorsements] == [
        ["VerifiableCredential", "EndorsementCredential"]
    ] * 2
    assert endorsements[0]["credentialSubject"]["id"] == credential["id"]
    assert {e["issuer"]["id"] for e in endorsements} == {
        f"did:web:testserver:people:{world.people['accepted_learner']}",
        f"did:web:testserver:people:{world.people['teacher']}",
    }
    report = await verify_report(client, credential)
    assert report["verified"] is True
    assert [e["valid"] for e in report["endorsements"]] == [True, True]
    assert report["credential_tier"] == "COMMUNITY"
    person_doc = (await client.get(f"/people/{world.people['teacher']}/did.json")).json()
    assert person_doc["id"] == f"did:web:testserver:people:{world.people['teacher']}"

    # An endorsement lifted onto another credential no longer counts.
    other = copy.deepcopy(credential)
    other["endorsement"][0]["credentialSubject"]["id"] = "http://testserver/credentials/other"
    moved = await verify_report(client, other)
    assert moved["proof_valid"] is False  # the badge's own proof covers its endorsements

    await gql(
        client,
        'mutation($id: ID!) { validateBadgeClass(id: $id, note: "ok") { id } }',
        {"id": world.badge_class},
        token=token_for(world.people["curator"]),
    )
    official = await hosted_credential(client, world, token_for)
    validation = official["credentialSubject"]["achievement"]["endorsement"][0]
    assert validation["issuer"]["id"] == f"did:web:testserver:issuers:{world.university}"
    report = await verify_report(client, official)
    assert (report["tier"], report["credential_tier"]) == ("OFFICIAL", "OFFICIAL")


async def test_tokens_for_third_party_apps_are_not_account_sessions(
    client: httpx.AsyncClient, clean_graph: Graph, settings: Settings
) -> None:
    from auth.oauth import CREDENTIAL_READ
    from tests.credential_world import scoped

    world = await make_world(clean_graph)
    headers = scoped(settings, world.people["owner"], CREDENTIAL_READ)
    body = (await client.post("/graphql", json={"query": "{ me { id } }"}, headers=headers)).json()
    assert body["data"]["me"] is None

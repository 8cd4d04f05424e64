"""/verify and verifyCredential: what they report on tampering, revocation, expiry, foreign
keys and forgers, our own addresses (never fetching another), and hostile input."""

from __future__ import annotations

import asyncio
import copy
import random
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.credential_world import (
    auth_headers,
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
    assert report["verdict"] == "tampered"
    assert report["achievement_name"] == "Rocket Science"  # what it claims, for the reader

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
    expired = await verify_report(client, credential)
    assert (expired["status"], expired["verdict"]) == ("expired", "expired")

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
    assert revoked["verdict"] == "revoked"


async def test_the_report_says_in_one_word_what_it_found_and_what_the_credential_states(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    report = await verify_report(client, credential)
    assert report["verdict"] == "valid"
    assert report["credential_id"] == f"http://testserver/credentials/{world.assertion}"
    assert report["achievement_name"] == credential["credentialSubject"]["achievement"]["name"]
    assert report["valid_from"] == credential["validFrom"]
    assert report["valid_until"] == credential.get("validUntil")
    assert report["recipient_type"] == "emailAddress"
    assert report["recipient"].startswith("sha256$")

    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    assert (await verify_report(client, unsigned))["verdict"] == "not_credential"
    unknown_key = copy.deepcopy(credential)
    unknown_key["proof"]["verificationMethod"] = "did:web:elsewhere.example#z6Mkabc"
    assert (await verify_report(client, unknown_key))["verdict"] == "unconfirmed"
    stranger = did_key_signed({k: v for k, v in credential.items() if k != "endorsement"})
    assert (await verify_report(client, stranger))["verdict"] == "tampered"
    theirs = copy.deepcopy(stranger)
    theirs["id"] = "https://other.example/credentials/1"
    # Validly signed by someone Kring does not know of: genuine, but not confirmable here.
    assert (await verify_report(client, did_key_signed(theirs)))["verdict"] == "unconfirmed"

    token = (
        await client.get(
            f"/credentials/{world.assertion}/jwt",
            headers={"authorization": f"Bearer {token_for(world.people['owner'])}"},
        )
    ).text
    header, payload, signature = token.split(".")
    other = "A" if payload[10] != "A" else "B"
    changed = f"{header}.{payload[:10]}{other}{payload[11:]}.{signature}"
    assert (await client.post("/verify", content=changed)).json()["verdict"] == "tampered"
    jwt_report = (await client.post("/verify", content=token)).json()
    assert (jwt_report["verdict"], jwt_report["achievement_name"]) == (
        "valid",
        report["achievement_name"],
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


async def test_graphql_verification_gives_the_same_report(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    credential = await hosted_credential(client, world, token_for)
    query = (
        "query($c: JSON, $j: String) { verifyCredential(credential: $c, jwt: $j) "
        "{ verified status tier issuerResolved verdict achievementName } }"
    )
    body = await gql(client, query, {"c": credential})
    assert body["data"]["verifyCredential"] == {
        "verified": True,
        "status": "active",
        "tier": "COMMUNITY",
        "issuerResolved": True,
        "verdict": "valid",
        "achievementName": credential["credentialSubject"]["achievement"]["name"],
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
    # Every address of ours that stands for the badge: its JWT, baked images, its page in
    # the web app, its OB 2.0 hosted assertion.
    a = world.assertion
    for path in (
        f"/credentials/{a}/jwt",
        f"/credentials/{a}/badge.png",
        f"/badges/{a}",
        f"/badges/{a.upper()}",
        f"/ob2/assertions/{a}",
        f"/ob2/assertions/{a}/badge.svg",
    ):
        found = await client.post("/verify", json={"url": f"http://testserver{path}"})
        assert found.json()["verdict"] == "valid", path
    for path in (f"/ob2/badge-classes/{a}", f"/badges/{a}/more", f"/credentials/{a}/badge.gif"):
        refused = await client.post("/verify", json={"url": f"http://testserver{path}"})
        assert refused.status_code == 400, path
    elsewhere = await client.post("/verify", json={"url": "https://evil.example/credentials/1"})
    assert elsewhere.status_code == 400
    assert "nothing is fetched" in elsewhere.json()["errors"][0]["message"]
    # Another port or scheme of this host is another origin: not ours, so not fetched either.
    other_port = await client.post("/verify", json={"url": f"http://testserver:81/badges/{a}"})
    assert other_port.status_code == 400


async def test_a_badge_shared_by_link_verifies_by_its_address_with_the_secret_only(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await rich_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) SET a.visibility = 'LINK', a.shareToken = 's3cret'",
        a=world.assertion,
    )
    page = f"http://testserver/badges/{world.assertion}"
    assert (await client.post("/verify", json={"url": page})).status_code == 400
    with_secret = await client.post("/verify", json={"url": f"{page}?token=s3cret"})
    assert with_secret.json()["verdict"] == "valid"


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


ISSUED_WITH_TWO_ENDORSEMENTS = """
MATCH (owner:Person {id: $owner}), (b:BadgeClass {id: $badge}), (u:University {id: $university}),
      (teacher:Person {id: $teacher}), (supervisor:Person {id: $supervisor})
UNWIND range(1, $n) AS i
CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION',
        title: 'session ' + i, narrative: 'I ran repair session ' + i, status: 'ISSUED',
        visibility: 'PUBLIC', createdAt: datetime()})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
CREATE (a:Assertion {id: randomUUID(), issuedAt: datetime() - duration({days: i}),
        visibility: 'PUBLIC', statusIndex: 100 + i})
CREATE (c)-[:ISSUED_AS]->(a), (owner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), (a)-[:BRANDED_BY]->(u)
FOREACH (endorser IN [teacher, supervisor] |
  CREATE (endorser)-[:ENDORSED]->(e:Endorsement {id: randomUUID(), relationship: 'TEACHER',
          testimonial: 'Saw session ' + i, status: 'ACTIVE', createdAt: datetime()})
  CREATE (a)-[:CARRIES]->(e))
RETURN a.id AS id
"""


async def test_eight_parallel_verifications_over_many_credentials_each_get_their_own_verdict(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await rich_world(clean_graph)
    issued = await run(
        clean_graph,
        ISSUED_WITH_TWO_ENDORSEMENTS,
        owner=world.people["owner"],
        badge=world.badge_class,
        university=world.university,
        teacher=world.people["teacher"],
        supervisor=world.people["org_supervisor"],
        n=14,
    )
    ids = [r["id"] for r in issued]
    owner = auth_headers(token_for, world, "owner")
    credentials = [(await client.get(f"/credentials/{a}", headers=owner)).json() for a in ids]
    assert all(len(c["endorsement"]) == 2 for c in credentials)  # three proofs each
    await run(
        clean_graph,
        "MATCH (a:Assertion) WHERE a.id IN $ids "
        "SET a.revokedAt = datetime(), a.revocationReason = 'Copied evidence'",
        ids=ids[:3],
    )
    # What each request sends and the one-word answer it must get back.
    work: list[tuple[dict[str, Any], str]] = [(c, "revoked") for c in credentials[:3]]
    work += [(c, "valid") for c in credentials[3:]]
    work += [({"url": f"http://testserver/credentials/{a}"}, "valid") for a in ids[3:7]]
    for credential in credentials[7:11]:
        edited = copy.deepcopy(credential)
        edited["endorsement"][1]["credentialSubject"]["endorsementComment"] += " (edited)"
        work.append((edited, "tampered"))
    for credential in credentials[11:]:
        theirs = {k: v for k, v in credential.items() if k != "proof"}
        work.append((theirs, "not_credential"))
        work.append((did_key_signed({**theirs, "id": "https://other.example/c/1"}), "unconfirmed"))
    work *= 2
    random.Random(8).shuffle(work)

    in_flight = 0
    most = 0
    parallel = asyncio.Semaphore(8)

    async def verify(body: dict[str, Any]) -> httpx.Response:
        nonlocal in_flight, most
        async with parallel:
            in_flight += 1
            most = max(most, in_flight)
            try:
                return await client.post("/verify", json=body)
            finally:
                in_flight -= 1

    responses = await asyncio.gather(*(verify(body) for body, _ in work))
    assert most == 8
    assert [r.status_code for r in responses] == [200] * len(work)
    reports = [r.json() for r in responses]
    assert [r["verdict"] for r in reports] == [verdict for _, verdict in work]
    for report, (_, verdict) in zip(reports, work, strict=True):
        if verdict in ("valid", "revoked"):
            assert [e["valid"] for e in report["endorsements"]] == [True, True]
        if verdict == "revoked":
            assert report["status_message"] == "Copied evidence"

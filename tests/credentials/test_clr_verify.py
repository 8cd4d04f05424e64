"""A CLR posted to /verify is verified as a whole: its own proof and each credential in it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.credential_world import did_key_signed, rich_world, second_badge, verify_report
from tests.factories import make_world
from tests.helpers import error_codes, gql, run

EXPORT = "query($ids: [ID!]!) { exportClr(assertionIds: $ids) }"
VERIFY = """query($c: JSON!) { verifyCredential(credential: $c) {
  verified proofValid status statusMessage credentialType
  credentials { id credentialType verified proofValid issuerId status statusMessage tier }
} }"""


async def _exported(
    client: httpx.AsyncClient, graph: Graph, token_for: Callable[[str], str]
) -> tuple[dict[str, Any], list[str], str]:
    world = await rich_world(graph)
    second = await second_badge(graph, world)
    ids = [world.assertion, second]
    body = await gql(client, EXPORT, {"ids": ids}, token=token_for(world.people["owner"]))
    clr: dict[str, Any] = body["data"]["exportClr"]
    return clr, ids, token_for(world.people["org_admin"])


async def test_an_exported_clr_verifies_as_a_whole_with_each_badge_reported(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    clr, ids, _ = await _exported(client, clean_graph, token_for)
    report = await verify_report(client, clr)
    assert (report["verified"], report["proof_valid"], report["status"]) == (True, True, "active")
    assert report["credential_type"] == "ClrCredential"
    assert report["issuer_id"] == "did:web:testserver"
    assert [c["id"] for c in report["credentials"]] == [
        f"http://testserver/credentials/{i}" for i in ids
    ]
    for inner in report["credentials"]:
        assert inner["verified"] is True
        assert inner["proof_valid"] is True
        assert (inner["status"], inner["tier"]) == ("active", "COMMUNITY")
        assert inner["credential_type"] == "OpenBadgeCredential"
        assert inner["issuer_id"].startswith("did:web:testserver:issuers:")

    # GraphQL says the same.
    answer = (await gql(client, VERIFY, {"c": clr}))["data"]["verifyCredential"]
    assert (answer["verified"], answer["credentialType"]) == (True, "ClrCredential")
    assert [c["verified"] for c in answer["credentials"]] == [True, True]

    # A plain badge keeps its report, with the new fields added.
    plain = await verify_report(client, clr["credentialSubject"]["verifiableCredential"][0])
    assert plain["verified"] is True
    assert (plain["credential_type"], plain["credentials"]) == ("OpenBadgeCredential", [])


async def test_a_clr_with_a_tampered_badge_is_not_verified_and_says_which(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    clr, ids, _ = await _exported(client, clean_graph, token_for)
    tampered = copy.deepcopy(clr)
    inner = tampered["credentialSubject"]["verifiableCredential"][1]
    inner["credentialSubject"]["achievement"]["name"] = "Rocket Scientist"
    report = await verify_report(client, tampered)
    assert (report["verified"], report["proof_valid"]) == (False, False)
    assert report["credential_type"] == "ClrCredential"
    first, second = report["credentials"]
    assert first["verified"] is True
    assert second["id"] == f"http://testserver/credentials/{ids[1]}"
    assert (second["verified"], second["proof_valid"], second["status"]) == (
        False,
        False,
        "unknown",
    )


async def test_a_clr_holding_a_revoked_badge_is_not_verified_and_says_why(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    clr, ids, org_admin = await _exported(client, clean_graph, token_for)
    revoke = 'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Copied evidence") { status } }'
    await gql(client, revoke, {"id": ids[1]}, token=org_admin)
    report = await verify_report(client, clr)
    assert (report["verified"], report["proof_valid"], report["status"]) == (
        False,
        True,
        "revoked",
    )
    assert f"http://testserver/credentials/{ids[1]} is revoked" in report["status_message"]
    assert "Copied evidence" in report["status_message"]
    first, second = report["credentials"]
    assert (first["verified"], first["status"]) == (True, "active")
    assert (second["verified"], second["status"], second["status_message"]) == (
        False,
        "revoked",
        "Copied evidence",
    )
    answer = (await gql(client, VERIFY, {"c": clr}))["data"]["verifyCredential"]
    assert (answer["verified"], answer["status"]) == (False, "revoked")
    assert [c["status"] for c in answer["credentials"]] == ["active", "revoked"]


async def test_a_clr_is_bounded_and_only_kring_s_own_record_is_vouched_for(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    clr, _, _ = await _exported(client, clean_graph, token_for)
    crowded = copy.deepcopy(clr)
    badge = crowded["credentialSubject"]["verifiableCredential"][0]
    crowded["credentialSubject"]["verifiableCredential"] = [{"id": badge["id"]}] * 101
    report = await verify_report(client, crowded)
    assert report["verified"] is False
    assert report["proof_message"] == "The record holds more than 100 credentials."

    # A record someone else signed: its proof holds and each badge in it is reported, but
    # Kring vouches only for the records it issued (and so knows whose badges they are).
    foreign = did_key_signed(clr)
    report = await verify_report(client, foreign)
    assert (report["verified"], report["proof_valid"], report["status"]) == (
        False,
        True,
        "unknown",
    )
    assert report["status_message"].startswith("Kring did not issue this record")
    assert [c["verified"] for c in report["credentials"]] == [True, True]


async def test_a_record_too_big_to_sign_is_refused_plainly(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """exportClr takes up to 100 badges, but a record past the canonicalisation budget (512
    blank nodes; here 25 badges of 20 alignments each) could never be verified: it is a
    BAD_USER_INPUT, not an internal error."""
    world = await make_world(clean_graph)
    found = await run(
        clean_graph,
        "MATCH (owner:Person {id: $o}), (b:BadgeClass {id: $b}), (u:University {id: $u}) "
        "CALL (b) { UNWIND range(1, 20) AS k "
        "  CREATE (b)-[:ALIGNED_TO]->(:Competency {key: 'F|' + k, framework: 'F', code: '' + k, "
        "  name: 'skill ' + k}) } "
        "UNWIND range(1, 25) AS i "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION', "
        "title: 'many', status: 'ISSUED', visibility: 'PRIVATE', createdAt: datetime()}) "
        "CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u) "
        "CREATE (a:Assertion {id: randomUUID(), issuedAt: datetime(), visibility: 'PRIVATE', "
        "statusIndex: 100 + i}) "
        "CREATE (c)-[:ISSUED_AS]->(a), (owner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), "
        "(a)-[:BRANDED_BY]->(u) RETURN a.id AS id",
        o=world.people["owner"],
        b=world.badge_class,
        u=world.university,
    )
    ids = [row["id"] for row in found]
    body = await gql(client, EXPORT, {"ids": ids}, token=token_for(world.people["owner"]))
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "too many to sign as one record" in body["errors"][0]["message"]

"""Claim codes: made by the issuer's staff, redeemed once per learner, uses counted under a
lock (a single-use code redeemed twice at once issues one badge), expiry and revocation,
and the badge it issues verifies like any other."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from auth.permissions import Permission, require
from graph.core.database import Graph
from graph.core.errors import Conflict, Forbidden, KringError, NotFound
from graph.presence import claim_codes
from tests.credential_world import verify_report
from tests.factories import make_person, make_world
from tests.helpers import error_codes, gql, run

CREATE = """
mutation($b: ID!, $n: Int!, $d: Int!) {
  createClaimCode(badgeClassId: $b, maxUses: $n, expiresInDays: $d, label: "Stand") {
    id code hint maxUses uses usesLeft state } }
"""
LIST = "query($b: ID!) { claimCodes(badgeClassId: $b) { id code hint usesLeft state } }"
REVOKE = "mutation($id: ID!) { revokeClaimCode(id: $id) { state usesLeft } }"
REDEEM = "mutation($c: String!) { redeemClaimCode(code: $c) { assertionId badgeName } }"


def test_codes_are_long_random_and_typed_loosely() -> None:
    code = claim_codes.new_code()
    assert len(claim_codes.normalise(code)) == 26  # 128 bits in base32
    assert code.count("-") == 6
    assert code != claim_codes.new_code()
    assert claim_codes.digest(code.lower().replace("-", " ")) == claim_codes.digest(code)


async def test_the_issuer_s_staff_hand_out_a_badge_that_verifies(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    supervisor = token_for(world.people["org_supervisor"])
    made = await gql(client, CREATE, {"b": world.badge_class, "n": 2, "d": 7}, token=supervisor)
    code = made["data"]["createClaimCode"]
    assert (code["maxUses"], code["uses"], code["usesLeft"], code["state"]) == (2, 0, 2, "ACTIVE")
    assert code["hint"] == claim_codes.normalise(code["code"])[-4:]
    # Listed without the code itself (only its digest is kept).
    listed = await gql(client, LIST, {"b": world.badge_class}, token=supervisor)
    assert listed["data"]["claimCodes"][0] == (  # newest first; then the world's own
        {"id": code["id"], "code": None, "hint": code["hint"], "usesLeft": 2, "state": "ACTIVE"}
    )
    # Nobody outside the issuer makes or sees codes.
    for role in ("learner", "other_org_admin", "teacher"):
        denied = await gql(
            client,
            CREATE,
            {"b": world.badge_class, "n": 1, "d": 1},
            token=token_for(world.people[role]),
        )
        assert error_codes(denied) == ["FORBIDDEN"], role
        assert error_codes(
            await gql(client, LIST, {"b": world.badge_class}, token=token_for(world.people[role]))
        ) == ["FORBIDDEN"]
    # Bounds.
    for n, d in ((0, 1), (501, 1), (1, 0), (1, 91)):
        bad = await gql(client, CREATE, {"b": world.badge_class, "n": n, "d": d}, token=supervisor)
        assert error_codes(bad) == ["BAD_USER_INPUT"]

    learner = token_for(world.people["learner"])
    redeemed = await gql(client, REDEEM, {"c": code["code"].lower()}, token=learner)
    assertion = redeemed["data"]["redeemClaimCode"]["assertionId"]
    facts = await run(
        clean_graph,
        "MATCH (p:Person)-[:HOLDS]->(a:Assertion {id: $id})-[:OF_BADGE]->(b:BadgeClass) "
        "RETURN p.id AS holder, a.consent AS consent, a.claimCodeId AS code, b.id AS badge",
        id=assertion,
    )
    assert facts == [
        {
            "holder": world.people["learner"],
            "consent": "CLAIM_CODE",
            "code": code["id"],
            "badge": world.badge_class,
        }
    ]
    # Once per learner.
    again = await gql(client, REDEEM, {"c": code["code"]}, token=learner)
    assert error_codes(again) == ["CONFLICT"]
    assert "already" in again["errors"][0]["message"]
    # The reason a client words in the learner's language, stable where the prose is not.
    assert again["errors"][0]["extensions"]["reason"] == "CODE_ALREADY_REDEEMED"

    response = await client.get(
        f"/credentials/{assertion}", headers={"authorization": f"Bearer {learner}"}
    )
    assert response.status_code == 200, response.text
    report = await verify_report(client, response.json())
    assert report["verified"] is True, report
    assert report["status"] == "active"

    # The second use; then it is used up.
    await gql(client, REDEEM, {"c": code["code"]}, token=token_for(world.people["teacher"]))
    used_up = await gql(
        client, REDEEM, {"c": code["code"]}, token=token_for(world.people["curator"])
    )
    assert error_codes(used_up) == ["CONFLICT"]
    assert "used up" in used_up["errors"][0]["message"]
    assert used_up["errors"][0]["extensions"]["reason"] == "CODE_USED_UP"
    listed = await gql(client, LIST, {"b": world.badge_class}, token=supervisor)
    assert listed["data"]["claimCodes"][0]["state"] == "USED_UP"
    assert listed["data"]["claimCodes"][0]["usesLeft"] == 0

    unknown = await gql(client, REDEEM, {"c": claim_codes.new_code()}, token=learner)
    assert error_codes(unknown) == ["NOT_FOUND"]
    assert error_codes(await gql(client, REDEEM, {"c": code["code"]})) == ["UNAUTHENTICATED"]


async def test_a_single_use_code_redeemed_twice_at_once_issues_one_badge(
    clean_graph: Graph,
) -> None:
    world = await make_world(clean_graph)
    made = await claim_codes.create(
        clean_graph,
        world.people["org_admin"],
        require(Permission.CLAIM_CODE_MANAGE),
        world.badge_class,
        "",
        1,
        1,
    )
    assert made.code is not None
    learners = [
        await make_person(clean_graph, f"racer{k}@world.example", f"Racer {k}") for k in range(4)
    ]
    guard = require(Permission.CLAIM_CODE_REDEEM)
    results = await asyncio.gather(
        *(claim_codes.redeem(clean_graph, p, guard, made.code) for p in learners),
        return_exceptions=True,
    )
    issued = [r for r in results if isinstance(r, claim_codes.Redemption)]
    refused = [r for r in results if isinstance(r, KringError)]
    assert len(issued) == 1, results
    assert len(refused) == 3, results
    assert all(isinstance(r, Conflict) for r in refused)
    counts = await run(
        clean_graph,
        "MATCH (cc:ClaimCode {id: $id}) RETURN cc.uses AS uses, "
        "COUNT { (:Assertion {claimCodeId: $id}) } AS badges, "
        "COUNT { (:Person)-[:REDEEMED]->(cc) } AS redeemed",
        id=made.id,
    )
    assert counts == [{"uses": 1, "badges": 1, "redeemed": 1}]


async def test_expired_and_revoked_codes_are_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    first = (await gql(client, CREATE, {"b": world.badge_class, "n": 5, "d": 1}, token=admin))[
        "data"
    ]["createClaimCode"]
    second = (await gql(client, CREATE, {"b": world.badge_class, "n": 5, "d": 1}, token=admin))[
        "data"
    ]["createClaimCode"]
    await run(
        clean_graph,
        "MATCH (cc:ClaimCode {id: $id}) SET cc.expiresAt = datetime() - duration('PT1M')",
        id=first["id"],
    )
    learner = token_for(world.people["learner"])
    expired = await gql(client, REDEEM, {"c": first["code"]}, token=learner)
    assert error_codes(expired) == ["CONFLICT"]
    assert "expired" in expired["errors"][0]["message"]

    # Only the issuer's staff revoke.
    other = token_for(world.people["other_org_admin"])
    assert error_codes(await gql(client, REVOKE, {"id": second["id"]}, token=other)) == [
        "FORBIDDEN"
    ]
    revoked = await gql(client, REVOKE, {"id": second["id"]}, token=admin)
    assert revoked["data"]["revokeClaimCode"] == {"state": "REVOKED", "usesLeft": 0}
    refused = await gql(client, REDEEM, {"c": second["code"]}, token=learner)
    assert error_codes(refused) == ["CONFLICT"]
    assert "withdrawn" in refused["errors"][0]["message"]
    assert await run(clean_graph, "MATCH (a:Assertion {consent: 'CLAIM_CODE'}) RETURN a") == []


async def test_a_code_never_hands_out_an_official_or_one_off_class(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """A university validated how its class issues: a code would be a new way, so none is
    made for it and one made before stops while it is OFFICIAL; a learner's one-off class
    belongs to their claim alone."""
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    curator = token_for(world.people["curator"])
    made = (await gql(client, CREATE, {"b": world.badge_class, "n": 5, "d": 7}, token=admin))[
        "data"
    ]["createClaimCode"]
    validate = 'mutation($id: ID!) { validateBadgeClass(id: $id, note: "seen") { id } }'
    assert "errors" not in await gql(client, validate, {"id": world.badge_class}, token=curator)

    refused = await gql(client, CREATE, {"b": world.badge_class, "n": 5, "d": 7}, token=admin)
    assert error_codes(refused) == ["CONFLICT"]
    assert "officially validated" in refused["errors"][0]["message"]
    learner = token_for(world.people["learner"])
    stopped = await gql(client, REDEEM, {"c": made["code"]}, token=learner)
    assert error_codes(stopped) == ["CONFLICT"]
    assert stopped["errors"][0]["extensions"]["reason"] == "NOT_BY_CODE"
    assert await run(clean_graph, "MATCH (a:Assertion {consent: 'CLAIM_CODE'}) RETURN a") == []

    withdraw = 'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "x") { id } }'
    assert "errors" not in await gql(client, withdraw, {"id": world.badge_class}, token=curator)
    redeemed = await gql(client, REDEEM, {"c": made["code"]}, token=learner)
    assert "errors" not in redeemed, redeemed

    # A learner's one-off class (what a self-assertion without a class makes).
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $id}) SET b.adHoc = true",
        id=world.validated_badge_class,
    )
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $id}) SET b.validated = false",
        id=world.validated_badge_class,
    )
    one_off = await gql(
        client, CREATE, {"b": world.validated_badge_class, "n": 5, "d": 7}, token=admin
    )
    assert error_codes(one_off) == ["CONFLICT"]
    assert "one-off" in one_off["errors"][0]["message"]


async def test_university_staff_make_codes_for_university_classes(clean_graph: Graph) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (u:University {id: $u}) CREATE (:BadgeClass {id: 'uni-class', name: 'Uni badge', "
        "description: 'd', criteria: 'c', domain: 'RESEARCH', level: 1})-[:ISSUED_BY]->(u)",
        u=world.university,
    )
    guard = require(Permission.CLAIM_CODE_MANAGE)
    made = await claim_codes.create(
        clean_graph, world.people["teacher"], guard, "uni-class", "Lecture", 3, 30
    )
    assert made.code is not None
    done = await claim_codes.redeem(
        clean_graph, world.people["learner"], require(Permission.CLAIM_CODE_REDEEM), made.code
    )
    assert done.badge_name == "Uni badge"
    # The organisation's admin does not speak for the university.
    with pytest.raises(Forbidden):
        await claim_codes.create(
            clean_graph, world.people["org_admin"], guard, "uni-class", "", 1, 1
        )
    with pytest.raises(NotFound):
        await claim_codes.revoke(clean_graph, world.people["teacher"], guard, "no-such-code")

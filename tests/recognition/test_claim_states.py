"""A claim's state machine through the API: every action allowed or refused in every state,
and decisions racing each other or the withdrawal of an endorsement."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from graph.core.database import Graph
from tests.factories import World, make_person, make_world
from tests.helpers import error_codes, gql, run
from tests.review_steps import (
    APPROVE,
    ENDORSE,
    INVITE,
    SELF_ASSERT,
    WITHDRAW_ENDORSEMENT,
    status_of,
)

STATES = ("OPEN", "IN_REVIEW", "RETURNED", "ISSUED", "DECLINED", "WITHDRAWN")
# action -> (who, document, {state where it is allowed: the state after}); elsewhere CONFLICT
UNDECIDED_STAY = {"OPEN": "OPEN", "IN_REVIEW": "IN_REVIEW", "RETURNED": "RETURNED"}
ACTIONS: dict[str, tuple[str, str, dict[str, str]]] = {
    "revise": (
        "learner",
        'mutation($c: ID!) { reviseClaim(claimId: $c, narrative: "More") { id } }',
        {"OPEN": "OPEN", "RETURNED": "RETURNED"},
    ),
    "resubmit": (
        "learner",
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Done") { id } }',
        {"RETURNED": "IN_REVIEW"},
    ),
    "withdraw": (
        "learner",
        "mutation($c: ID!) { withdrawClaim(claimId: $c) { id } }",
        {s: "WITHDRAWN" for s in UNDECIDED_STAY},
    ),
    "invite": (
        "learner",
        'mutation($c: ID!) { requestEndorsement(claimId: $c, email: "x@y.example") { id } }',
        UNDECIDED_STAY,
    ),
    # A second endorsement meets the policy of an OPEN claim: it goes to the reviewers.
    "endorse": (
        "org_supervisor",
        'mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, testimonial: "Y") '
        "{ id } }",
        {**UNDECIDED_STAY, "OPEN": "IN_REVIEW"},
    ),
    "ask for evidence": (
        "org_supervisor",
        'mutation($c: ID!) { requestMoreEvidence(claimId: $c, note: "More?") { id } }',
        UNDECIDED_STAY,
    ),
    # The teacher's endorsement carries the policy: without it a claim in review reopens.
    "withdraw an endorsement": (
        "teacher",
        "",
        {"OPEN": "OPEN", "IN_REVIEW": "OPEN", "RETURNED": "RETURNED"},
    ),
    "approve": ("org_admin", APPROVE, {"IN_REVIEW": "ISSUED"}),
    "decline": (
        "org_admin",
        'mutation($c: ID!) { declineClaim(claimId: $c, reason: "No") { id } }',
        {"IN_REVIEW": "DECLINED"},
    ),
    "return": (
        "org_admin",
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "More") { id } }',
        {"IN_REVIEW": "RETURNED"},
    ),
}


async def claim_in_state(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], state: str
) -> str:
    """A claim of `learner` brought to `state` through the API (OPEN: the teacher endorsed,
    the peer did not yet; later states have both and went through review)."""
    learner = token_for(world.people["learner"])
    made = await gql(client, SELF_ASSERT, {"b": world.badge_class}, token=learner)
    claim: str = made["data"]["selfAssert"]["id"]
    for role in ("teacher", "accepted_learner", "org_supervisor"):
        await gql(client, INVITE, {"c": claim, "p": world.people[role]}, token=learner)
    await gql(
        client, ENDORSE, {"c": claim, "r": "TEACHER"}, token=token_for(world.people["teacher"])
    )
    if state == "OPEN":
        return claim
    if state == "WITHDRAWN":
        await gql(client, ACTIONS["withdraw"][1], {"c": claim}, token=learner)
        return claim
    peer = token_for(world.people["accepted_learner"])
    await gql(client, ENDORSE, {"c": claim, "r": "PEER"}, token=peer)
    admin = token_for(world.people["org_admin"])
    if state in ("RETURNED", "ISSUED", "DECLINED"):
        action = {"RETURNED": "return", "ISSUED": "approve", "DECLINED": "decline"}[state]
        await gql(client, ACTIONS[action][1], {"c": claim}, token=admin)
    return claim


@pytest.mark.parametrize("action", sorted(ACTIONS))
async def test_every_transition_allowed_and_refused(
    action: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    who, document, outcomes = ACTIONS[action]
    seen: dict[str, tuple[list[str], str]] = {}
    for state in STATES:
        claim = await claim_in_state(client, world, token_for, state)
        assert await status_of(clean_graph, claim) == state
        if action == "withdraw an endorsement":
            found = await run(
                clean_graph,
                "MATCH (:Person {id: $p})-[:ENDORSED]->(e:Endorsement)-[:OF]->(:Claim {id: $c}) "
                "RETURN e.id AS id",
                p=world.people[who],
                c=claim,
            )
            body = await gql(
                client,
                WITHDRAW_ENDORSEMENT,
                {"id": found[0]["id"]},
                token=token_for(world.people[who]),
            )
        else:
            body = await gql(client, document, {"c": claim}, token=token_for(world.people[who]))
        seen[state] = (error_codes(body), await status_of(clean_graph, claim))
    expected = {
        state: ([], outcomes[state]) if state in outcomes else (["CONFLICT"], state)
        for state in STATES
    }
    assert seen == expected


# --- races ------------------------------------------------------------------------------------


async def test_approve_racing_the_withdrawal_of_the_last_endorsement(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    outcomes = set()
    for _ in range(6):
        claim = await claim_in_state(client, world, token_for, "IN_REVIEW")
        teachers = await run(
            clean_graph,
            "MATCH (:Person {id: $p})-[:ENDORSED]->(e:Endorsement)-[:OF]->(:Claim {id: $c}) "
            "RETURN e.id AS id",
            p=world.people["teacher"],
            c=claim,
        )
        approve, withdraw = await asyncio.gather(
            gql(client, APPROVE, {"c": claim}, token=token_for(world.people["org_admin"])),
            gql(
                client,
                WITHDRAW_ENDORSEMENT,
                {"id": teachers[0]["id"]},
                token=token_for(world.people["teacher"]),
            ),
        )
        state = await status_of(clean_graph, claim)
        badges = await run(
            clean_graph,
            "MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a) RETURN count(a) AS n",
            c=claim,
        )
        if error_codes(approve) == []:
            assert (error_codes(withdraw), state, badges[0]["n"]) == (["CONFLICT"], "ISSUED", 1)
        else:
            assert (error_codes(approve), error_codes(withdraw), state, badges[0]["n"]) == (
                ["CONFLICT"],
                [],
                "OPEN",
                0,
            )
        outcomes.add(state)
    assert outcomes <= {"ISSUED", "OPEN"}


async def test_two_reviewers_deciding_at_once_make_one_decision(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    second_admin = await make_person(clean_graph, "admin2@world.example", "Second Admin")
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}), (o:Organisation {id: $o}) "
        "CREATE (p)-[:MEMBER_OF {role: 'ADMIN'}]->(o)",
        p=second_admin,
        o=world.organisation,
    )
    for _ in range(5):
        claim = await claim_in_state(client, world, token_for, "IN_REVIEW")
        approve, decline = await asyncio.gather(
            gql(client, APPROVE, {"c": claim}, token=token_for(world.people["org_admin"])),
            gql(
                client,
                'mutation($c: ID!) { declineClaim(claimId: $c, reason: "No") { status } }',
                {"c": claim},
                token=token_for(second_admin),
            ),
        )
        codes = sorted([tuple(error_codes(approve)), tuple(error_codes(decline))])
        assert codes == [(), ("CONFLICT",)]
        decided = await run(
            clean_graph,
            "MATCH (c:Claim {id: $c}) RETURN c.status AS status, "
            "COUNT { (c)-[:ISSUED_AS]->() } AS badges, "
            "COUNT { (c)<-[:ON]-(:ClaimMessage) } AS decisions",
            c=claim,
        )
        assert decided[0] in (
            {"status": "ISSUED", "badges": 1, "decisions": 1},
            {"status": "DECLINED", "badges": 0, "decisions": 1},
        )

"""The claim-review tests' steps through the API: self-assert, invite, endorse, approve,
withdraw an endorsement, and the claim's status in the graph."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import World
from tests.helpers import gql, run

SELF_ASSERT = """
mutation($b: ID!) { selfAssert(input: {title: "Fixed the café's lamps", narrative: "I did",
  badgeClassId: $b}) { id status } }
"""
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!, $r: Relationship!) {
  endorseClaim(claimId: $c, relationship: $r, testimonial: "Saw it") { status }
}
"""
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }"
WITHDRAW_ENDORSEMENT = "mutation($id: ID!) { withdrawEndorsement(id: $id) { id } }"
STATUS = "MATCH (c:Claim {id: $c}) RETURN c.status AS status"


async def status_of(graph: Graph, claim_id: str) -> str:
    found = await run(graph, STATUS, c=claim_id)
    return str(found[0]["status"])


async def claim_in_review(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], learner: str
) -> str:
    """`learner` self-asserts the organisation's badge class; a teacher and a peer endorse it."""
    me = token_for(world.people[learner])
    made = await gql(client, SELF_ASSERT, {"b": world.badge_class}, token=me)
    claim: str = made["data"]["selfAssert"]["id"]
    for role, relationship in (("teacher", "TEACHER"), ("accepted_learner", "PEER")):
        await gql(client, INVITE, {"c": claim, "p": world.people[role]}, token=me)
        body = await gql(
            client,
            ENDORSE,
            {"c": claim, "r": relationship},
            token=token_for(world.people[role]),
        )
        assert "errors" not in body, body
    return claim


async def award_now(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> str:
    """The owner's badge of the world's class, claimed, endorsed and awarded now by the
    organisation's admin: under whatever the class is at this moment (its validation too)."""
    claim = await claim_in_review(client, world, token_for, "owner")
    body = await gql(client, APPROVE, {"c": claim}, token=token_for(world.people["org_admin"]))
    assert body["data"]["approveClaim"]["status"] == "ISSUED", body
    assertion: str = body["data"]["approveClaim"]["assertionId"]
    return assertion

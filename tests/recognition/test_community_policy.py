"""A university's community policy is consent it records (security finding F4): a learner's own
one-off claim is issued under its key only while its curators or moderators consent; else its
claim reviewers decide. Only its own teachers speak for it as TEACHER."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import World, make_person, make_world
from tests.helpers import error_codes, gql, run
from tests.issuance_steps import INVITE, consent_to_community_policy

ONE_OFF = """
mutation($u: ID!) { selfAssert(input: {title: "Taught my gran email", narrative: "Weekly",
  universityId: $u}) { id status } }
"""
ENDORSE = """
mutation($c: ID!, $r: Relationship!) {
  endorseClaim(claimId: $c, relationship: $r, testimonial: "Saw it") { status assertionId }
}
"""
SET_POLICY = """
mutation($u: ID!, $p: CommunityPolicyInput) { setCommunityPolicy(universityId: $u, policy: $p)
  { id communityPolicy { minimum relationships requireOneOf consentedAt } } }
"""
QUEUE = """
query($u: ID!) { reviewQueue(issuerId: $u) { totalCount edges { node { id title } } } }
"""
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }"
BADGE = """
MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a:Assertion)-[:OF_BADGE]->(:BadgeClass)
      -[:ISSUED_BY]->(issuer)
RETURN a.consent AS consent, a.approvedBy AS approvedBy, issuer.id AS issuer
"""


async def one_off_endorsed(
    client: httpx.AsyncClient,
    world: World,
    token_for: Callable[[str], str],
    endorsers: dict[str, str],
) -> tuple[str, str]:
    """The learner's own one-off claim on the world's university, endorsed by person id ->
    relationship; its id and status after the last endorsement."""
    learner = token_for(world.people["learner"])
    made = await gql(client, ONE_OFF, {"u": world.university}, token=learner)
    claim: str = made["data"]["selfAssert"]["id"]
    status = made["data"]["selfAssert"]["status"]
    for person, relationship in endorsers.items():
        await gql(client, INVITE, {"c": claim, "p": person}, token=learner)
        body = await gql(client, ENDORSE, {"c": claim, "r": relationship}, token=token_for(person))
        assert "errors" not in body, body
        status = body["data"]["endorseClaim"]["status"]
    return claim, status


def teacher_and_peer(world: World) -> dict[str, str]:
    return {world.people["teacher"]: "TEACHER", world.people["accepted_learner"]: "PEER"}


async def badge_of(graph: Graph, claim: str) -> list[dict[str, Any]]:
    return await run(graph, BADGE, c=claim)


async def test_without_consent_a_one_off_goes_to_the_universitys_reviewers(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """Endorsements meeting the default policy no longer sign for the university: the claim
    waits in its review queue, its curators and moderators are told, and a curator's approval
    issues it (consent REVIEWED)."""
    world = await make_world(clean_graph)
    claim, status = await one_off_endorsed(client, world, token_for, teacher_and_peer(world))
    assert status == "IN_REVIEW"
    assert await badge_of(clean_graph, claim) == []
    [made] = await run(
        clean_graph, "MATCH (:Claim {id: $c})-[:FOR_BADGE]->(b) RETURN b.id AS id", c=claim
    )
    kind = await gql(
        client,
        "query($b: ID!) { badgeClass(id: $b) { oneOff helpingHand peerAssessed } }",
        {"b": made["id"]},
        token=token_for(world.people["curator"]),
    )
    # What the web app reads to offer no peer assessment for it (the server refuses that).
    assert kind["data"]["badgeClass"] == {
        "oneOff": True,
        "helpingHand": False,
        "peerAssessed": False,
    }

    curator = token_for(world.people["curator"])
    queue = await gql(client, QUEUE, {"u": world.university}, token=curator)
    assert [e["node"] for e in queue["data"]["reviewQueue"]["edges"]] == [
        {"id": claim, "title": "Taught my gran email"}
    ]
    told = await run(
        clean_graph,
        "MATCH (n:Notification {kind: 'CLAIM_AWAITING_REVIEW'})-[:TO]->(p:Person) "
        "WHERE n.data CONTAINS $c RETURN p.id AS id ORDER BY id",
        c=claim,
    )
    assert {r["id"] for r in told} == {world.people["curator"], world.people["uni_moderator"]}

    approved = await gql(client, APPROVE, {"c": claim}, token=curator)
    assert approved["data"]["approveClaim"]["status"] == "ISSUED", approved
    assert await badge_of(clean_graph, claim) == [
        {"consent": "REVIEWED", "approvedBy": world.people["curator"], "issuer": world.university}
    ]


async def test_consent_issues_at_once_and_withdrawing_it_sends_claims_to_review_again(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    moderator = token_for(world.people["uni_moderator"])
    consented = await gql(
        client,
        SET_POLICY,
        {
            "u": world.university,
            "p": {"minimum": 2, "relationships": ["TEACHER", "PEER"], "requireOneOf": ["TEACHER"]},
        },
        token=moderator,
    )
    policy = consented["data"]["setCommunityPolicy"]["communityPolicy"]
    assert (policy["minimum"], policy["relationships"], policy["requireOneOf"]) == (
        2,
        ["TEACHER", "PEER"],
        ["TEACHER"],
    )
    assert policy["consentedAt"]

    first, status = await one_off_endorsed(client, world, token_for, teacher_and_peer(world))
    assert status == "ISSUED"
    assert await badge_of(clean_graph, first) == [
        {"consent": "COMMUNITY_POLICY", "approvedBy": None, "issuer": world.university}
    ]

    withdrawn = await gql(client, SET_POLICY, {"u": world.university, "p": None}, token=moderator)
    assert withdrawn["data"]["setCommunityPolicy"]["communityPolicy"] is None
    second, status = await one_off_endorsed(client, world, token_for, teacher_and_peer(world))
    assert status == "IN_REVIEW"
    assert await badge_of(clean_graph, second) == []
    # What was issued under the consent stays issued.
    assert len(await badge_of(clean_graph, first)) == 1
    trail = await run(
        clean_graph,
        "MATCH (e:AuditEvent {targetId: $u}) RETURN e.action AS action, e.actorId AS actor "
        "ORDER BY e.at",
        u=world.university,
    )
    assert trail == [
        {"action": "consent_community_policy", "actor": world.people["uni_moderator"]},
        {"action": "withdraw_community_policy", "actor": world.people["uni_moderator"]},
    ]


async def test_the_recorded_policy_decides_not_the_default(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """A university that consents to one peer's word issues on it; one asking three waits."""
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    peer_only = {"minimum": 1, "relationships": ["PEER"], "requireOneOf": []}
    await gql(client, SET_POLICY, {"u": world.university, "p": peer_only}, token=curator)
    peer = {world.people["accepted_learner"]: "PEER"}
    claim, status = await one_off_endorsed(client, world, token_for, peer)
    assert (status, (await badge_of(clean_graph, claim))[0]["consent"]) == (
        "ISSUED",
        "COMMUNITY_POLICY",
    )

    three = {"minimum": 3, "relationships": ["TEACHER", "PEER"], "requireOneOf": []}
    await gql(client, SET_POLICY, {"u": world.university, "p": three}, token=curator)
    claim, status = await one_off_endorsed(client, world, token_for, teacher_and_peer(world))
    assert (status, await badge_of(clean_graph, claim)) == ("OPEN", [])


async def test_a_teacher_of_another_university_does_not_speak_for_this_one(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await consent_to_community_policy(client, token_for(world.people["curator"]), world.university)
    elsewhere = await make_person(
        clean_graph,
        "teacher@elsewhere.example",
        "Teacher Elsewhere",
        role=Role.TEACHER,
        body_id=world.other_university,
    )
    foreign = {elsewhere: "TEACHER", world.people["accepted_learner"]: "PEER"}
    claim, status = await one_off_endorsed(client, world, token_for, foreign)
    assert (status, await badge_of(clean_graph, claim)) == ("OPEN", [])

    # The university's own teacher does.
    learner = token_for(world.people["learner"])
    await gql(client, INVITE, {"c": claim, "p": world.people["teacher"]}, token=learner)
    body = await gql(
        client, ENDORSE, {"c": claim, "r": "TEACHER"}, token=token_for(world.people["teacher"])
    )
    assert body["data"]["endorseClaim"]["status"] == "ISSUED", body


@pytest.mark.parametrize(
    ("policy", "field"),
    [
        ({"minimum": 0, "relationships": ["PEER"]}, "policy.minimum"),
        ({"minimum": 11, "relationships": ["PEER"]}, "policy.minimum"),
        ({"minimum": 1, "relationships": []}, "policy.relationships"),
        (
            {"minimum": 2, "relationships": ["PEER"], "requireOneOf": ["TEACHER"]},
            "policy.requireOneOf",
        ),
    ],
)
async def test_a_policy_that_is_no_community_recognition_is_refused(
    policy: dict[str, Any],
    field: str,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        SET_POLICY,
        {"u": world.university, "p": policy},
        token=token_for(world.people["curator"]),
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field
    # Nothing was recorded: one-offs still go to review.
    read = "query($u: ID!) { university(id: $u) { communityPolicy { minimum } } }"
    after = await gql(client, read, {"u": world.university})
    assert after["data"]["university"]["communityPolicy"] is None


async def test_an_unknown_relationship_or_university_is_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    unknown = {"minimum": 1, "relationships": ["FRIEND"]}
    body = await gql(client, SET_POLICY, {"u": world.university, "p": unknown}, token=curator)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    nowhere = {"minimum": 1, "relationships": ["PEER"]}
    body = await gql(
        client,
        SET_POLICY,
        {"u": "00000000-0000-4000-8000-000000000000", "p": nowhere},
        token=curator,
    )
    assert error_codes(body) == ["NOT_FOUND"]

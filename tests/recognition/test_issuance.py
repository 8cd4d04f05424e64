"""Issuance with the issuer's consent: advance consent, pathways, prerequisites, one-off classes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import World, make_person, make_world
from tests.helpers import error_codes, gql, run
from tests.issuance_steps import (
    APPROVE,
    INVITE,
    badge_class,
    consent_to_community_policy,
    self_assert,
)
from tests.on_the_spot_steps import create_template, issue, issue_input


async def endorse_by(
    client: httpx.AsyncClient,
    token_for: Callable[[str], str],
    world: World,
    learner: str,
    claim: str,
    **relationships: str,
) -> str:
    """The learner (a token) invites world people by role; each endorses as given. The
    claim's status after the last one."""
    status = ""
    for role, relationship in relationships.items():
        await gql(client, INVITE, {"c": claim, "p": world.people[role]}, token=learner)
        body = await gql(
            client,
            "mutation($c: ID!, $r: Relationship!) { endorseClaim(claimId: $c, "
            'relationship: $r, testimonial: "Yes") { status } }',
            {"c": claim, "r": relationship},
            token=token_for(world.people[role]),
        )
        status = body["data"]["endorseClaim"]["status"]
    return status


async def test_prerequisites_are_refused_with_their_own_code(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    pathway = await badge_class(
        client, curator, world.university, "Pathway", requires=[world.validated_badge_class]
    )
    refused = await self_assert(client, token_for(world.people["learner"]), pathway)
    assert error_codes(refused) == ["PREREQUISITES_NOT_MET"]
    assert "Validated" in refused["errors"][0]["message"]
    # Claiming a participation in an opportunity that leads to such a class: refused too.
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}), (v:BadgeClass {id: $v}) CREATE (b)-[:REQUIRES]->(v)",
        b=world.badge_class,
        v=world.validated_badge_class,
    )
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=token_for(world.people["owner"]),
    )
    assert error_codes(claimed) == ["PREREQUISITES_NOT_MET"]
    left = await run(clean_graph, "MATCH (c:Claim {title: 'Did it'}) RETURN count(c) AS n")
    assert left == [{"n": 0}]


async def test_a_meta_badge_is_issued_once_when_the_last_requirement_lands_twice_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin, curator = token_for(world.people["org_admin"]), token_for(world.people["curator"])
    first = await badge_class(client, admin, world.organisation, "Repair basics")
    second = await badge_class(client, admin, world.organisation, "Repair advanced")
    meta = await badge_class(
        client, curator, world.university, "Repair pathway", requires=[first, second], auto=True
    )
    learners = [
        await make_person(clean_graph, f"pathway{n}@world.example", f"Learner {n}")
        for n in range(4)
    ]
    # Each learner's two claims wait in review (a policy of zero endorsements).
    waiting: list[str] = []
    for learner in learners:
        for part in (first, second):
            made = await self_assert(client, token_for(learner), part)
            assert made["data"]["selfAssert"]["status"] == "IN_REVIEW"
            waiting.append(made["data"]["selfAssert"]["id"])
    # Every last requirement is approved at the same moment as the one before it.
    approved = await asyncio.gather(*(gql(client, APPROVE, {"c": c}, token=admin) for c in waiting))
    assert all(b["data"]["approveClaim"]["status"] == "ISSUED" for b in approved), approved
    held = await run(
        clean_graph,
        "UNWIND $people AS p MATCH (:Person {id: p})-[:HOLDS]->(a:Assertion)"
        "-[:OF_BADGE]->(:BadgeClass {id: $meta}) MATCH (c:Claim)-[:ISSUED_AS]->(a) "
        "RETURN p AS person, count(a) AS badges, collect(a.consent) AS consent, "
        "collect(c.kind) AS kind ORDER BY person",
        people=learners,
        meta=meta,
    )
    assert held == [
        {"person": p, "badges": 1, "consent": ["PATHWAY_COMPLETED"], "kind": ["PATHWAY"]}
        for p in sorted(learners)
    ]
    # Nobody claims it by hand: it comes with the badges it requires.
    by_hand = await self_assert(client, token_for(learners[0]), meta)
    assert error_codes(by_hand) == ["CONFLICT"]
    # Earning a requirement again does not issue the pathway a second time.
    again = await self_assert(client, token_for(learners[0]), first)
    await gql(client, APPROVE, {"c": again["data"]["selfAssert"]["id"]}, token=admin)
    count = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a)-[:OF_BADGE]->(:BadgeClass {id: $meta}) "
        "RETURN count(a) AS n",
        p=learners[0],
        meta=meta,
    )
    assert count == [{"n": 1}]
    # Revoked by its issuer, it does not come back when a requirement is earned anew: the
    # revocation was the issuer's decision.
    [revoked] = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a)-[:OF_BADGE]->(:BadgeClass {id: $meta}) "
        "RETURN a.id AS id",
        p=learners[1],
        meta=meta,
    )
    body = await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "Not earned here") { id } }',
        {"id": revoked["id"]},
        token=curator,
    )
    assert error_codes(body) == []
    anew = await self_assert(client, token_for(learners[1]), second)
    await gql(client, APPROVE, {"c": anew["data"]["selfAssert"]["id"]}, token=admin)
    again_held = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a)-[:OF_BADGE]->(:BadgeClass {id: $meta}) "
        "RETURN a.revokedAt IS NULL AS live",
        p=learners[1],
        meta=meta,
    )
    assert again_held == [{"live": False}]
    # A class that never consented in advance waits for its own review instead.
    manual = await badge_class(
        client, curator, world.university, "Manual pathway", requires=[first, second]
    )
    issued = await run(
        clean_graph,
        "MATCH (a:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $m}) RETURN count(a) AS n",
        m=manual,
    )
    assert issued == [{"n": 0}]


async def test_only_what_the_issuer_consented_to_carries_its_key(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """After every way a badge comes to be, each one has its issuer's recorded consent."""
    world = await make_world(clean_graph)
    owner, learner = token_for(world.people["owner"]), token_for(world.people["learner"])
    # A pathway on the organisation's class that issues itself once that class is held...
    await badge_class(
        client,
        token_for(world.people["curator"]),
        world.university,
        "Builder",
        requires=[world.badge_class],
        auto=True,
    )
    # ...which happens here: the organisation approves a claim in its queue.
    await gql(
        client, APPROVE, {"c": world.review_claim}, token=token_for(world.people["org_admin"])
    )
    # Its own completed participation, under the class's advance consent.
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=owner,
    )
    participation = claimed["data"]["claimParticipation"]["id"]
    status = await endorse_by(
        client,
        token_for,
        world,
        owner,
        participation,
        org_supervisor="SUPERVISOR",
        teacher="TEACHER",
    )
    assert status == "ISSUED"
    # A learner's own one-off claim, under the community policy its curator consented to.
    await consent_to_community_policy(client, token_for(world.people["curator"]), world.university)
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Taught my gran email", '
        'narrative: "Weekly", universityId: $u}) { id } }',
        {"u": world.university},
        token=learner,
    )
    own_claim = own["data"]["selfAssert"]["id"]
    status = await endorse_by(
        client, token_for, world, learner, own_claim, teacher="TEACHER", accepted_learner="PEER"
    )
    assert status == "ISSUED"
    # On the spot (issue 18): a member acting in their role, as the university and as an
    # approved partner organisation.
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    for role, issuer, learner_email in (
        ("teacher", world.university, "learner@world.example"),
        ("org_supervisor", world.organisation, "accepted_learner@world.example"),
    ):
        spot = await issue(
            client, token_for(world.people[role]), issue_input(template, issuer, [learner_email])
        )
        assert "errors" not in spot, spot

    badges = await run(
        clean_graph,
        """
        MATCH (c:Claim)-[:ISSUED_AS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)
              -[:ISSUED_BY]->(issuer)
        WHERE a.id <> $legacy
        OPTIONAL MATCH (approver:Person {id: a.approvedBy})-[m:MEMBER_OF]->(issuer)
        OPTIONAL MATCH (c)-[:FROM]->(app:Application)-[:FOR]->(:Opportunity)
                       -[:OFFERED_BY]->(host)
        RETURN a.consent AS consent, issuer:University AS university,
               coalesce(b.adHoc, false) AS adHoc,
               coalesce(b.autoIssueParticipations, false) AS ownParticipations,
               coalesce(b.autoIssueOnCompletion, false) AS onCompletion,
               collect(m.role) AS approverRoles, app.status AS application,
               host = issuer AS hostIsIssuer
        """,
        legacy=world.assertion,
    )
    consents = sorted(b["consent"] for b in badges)
    assert consents == [
        "COMMUNITY_POLICY",
        "ON_THE_SPOT",
        "ON_THE_SPOT",
        "OWN_PARTICIPATION",
        "PATHWAY_COMPLETED",
        "REVIEWED",
    ], badges
    for b in badges:
        if b["consent"] == "REVIEWED":
            assert "ADMIN" in b["approverRoles"]
            assert not b["university"]
        elif b["consent"] == "OWN_PARTICIPATION":
            assert b["ownParticipations"]
            assert b["application"] == "COMPLETED"
            assert b["hostIsIssuer"]
        elif b["consent"] == "COMMUNITY_POLICY":
            assert b["adHoc"]
            assert b["university"]
        elif b["consent"] == "ON_THE_SPOT":
            expected = {"TEACHER"} if b["university"] else {"ADMIN", "SUPERVISOR"}
            assert expected & set(b["approverRoles"]), b
        else:
            assert b["onCompletion"]


async def test_a_self_assertion_cannot_target_another_learners_own_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Mine", narrative: "n", '
        "universityId: $u}) { badgeClassId } }",
        {"u": world.university},
        token=token_for(world.people["learner"]),
    )
    theirs = own["data"]["selfAssert"]["badgeClassId"]
    body = await self_assert(client, token_for(world.people["owner"]), theirs)
    assert error_codes(body) == ["CONFLICT"]


async def test_one_off_classes_are_no_back_door_to_the_universitys_key(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Mine", narrative: "n", '
        "universityId: $u}) { badgeClassId } }",
        {"u": world.university},
        token=token_for(world.people["learner"]),
    )
    one_off = own["data"]["selfAssert"]["badgeClassId"]
    # An organisation cannot make its opportunities lead to a learner's one-off class...
    moved = await gql(
        client,
        "mutation($id: ID!, $b: ID!) { updateOpportunity(id: $id, input: {badgeClassId: $b}) "
        "{ id } }",
        {"id": world.draft_opportunity, "b": one_off},
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(moved) == ["BAD_USER_INPUT"]
    # ...and where one got there anyway, its participations cannot be claimed on it.
    await run(
        clean_graph,
        "MATCH (o:Opportunity {id: $o})-[l:LEADS_TO]->() DELETE l "
        "WITH DISTINCT o MATCH (b:BadgeClass {id: $b}) CREATE (o)-[:LEADS_TO]->(b)",
        o=world.closed_opportunity,
        b=one_off,
    )
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=token_for(world.people["owner"]),
    )
    assert error_codes(claimed) == ["CONFLICT"]
    # A claim on it other than the one it was made for waits for the university's review.
    await run(
        clean_graph,
        "MATCH (owner:Person {id: $owner}), (b:BadgeClass {id: $b}), (u:University {id: $u}) "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: $c, kind: 'SELF_ASSERTED', title: 'Also mine',"
        " narrative: 'n', status: 'OPEN', visibility: 'PRIVATE', createdAt: datetime(), "
        "version: 0, revision: 1})-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)",
        owner=world.people["owner"],
        b=one_off,
        u=world.university,
        c="00000000-0000-4000-8000-000000000001",
    )
    sneaky = "00000000-0000-4000-8000-000000000001"
    owner = token_for(world.people["owner"])
    status = await endorse_by(
        client, token_for, world, owner, sneaky, teacher="TEACHER", accepted_learner="PEER"
    )
    assert status == "IN_REVIEW"
    issued = await run(
        clean_graph, "MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a) RETURN count(a) AS n", c=sneaky
    )
    assert issued == [{"n": 0}]

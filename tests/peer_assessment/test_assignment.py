"""Choosing reviewers: eligibility, never self / prior endorser / reciprocal pair, balanced
load, waiting and topping up, expiry and reassignment, the race for the last slot, the plan."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx

from graph.core.database import Graph
from graph.peer_assessment import assignment
from tests.factories import make_person
from tests.helpers import gql, inbox, kinds, plan_operators, run, scans
from tests.peer_assessment.world import (
    ASSIGNMENTS,
    NOW,
    Tokens,
    assigned,
    endorsed_before,
    give_badge,
    make_peer_world,
    names,
    submit,
)


async def test_eligible_reviewers_only_never_self_endorser_or_reciprocal(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(
        graph, client, token_for, holders=("ann", "bob", "endorser", "recip", "revoked")
    )
    people = world.people
    # The learner holds the step too: still never their own reviewer.
    await give_badge(graph, people["learner"], world.step)
    await endorsed_before(graph, people["endorser"], people["learner"], world.step)
    # `revoked` holds only a revoked badge of the step.
    await run(
        graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a:Assertion) SET a.revokedAt = datetime()",
        p=people["revoked"],
    )
    # `recip` submitted earlier, and the learner was given that submission to review.
    theirs = await submit(client, world, "recip")
    await run(
        graph,
        "MATCH (l:Person {id: $l}) MATCH (c:Claim {id: $c}) "
        "CREATE (l)-[:ASSIGNED]->(:PeerAssignment {id: randomUUID(), status: 'DONE', "
        "assignedAt: datetime(), expiresAt: datetime()})-[:FOR]->(c)",
        l=people["learner"],
        c=theirs["id"],
    )

    mine = await submit(client, world)
    chosen = await assigned(graph, mine["id"])
    assert names(world, chosen) == {"ann", "bob"}
    # Too few candidates: it waits, saying so.
    assert mine["state"] == "WAITING"
    assert mine["reviewsPending"] == 2

    # Someone who newly earns the step becomes a candidate: the sweep tops the submission up.
    dan = await make_person(graph, "dan@p.example", "Dan")
    world.people["dan"] = dan
    world.tokens["dan"] = token_for(dan)
    await give_badge(graph, dan, world.step)
    report = await assignment.sweep(graph, NOW)
    assert report.assigned == 1
    chosen = await assigned(graph, mine["id"])
    assert names(world, chosen) == {"ann", "bob", "dan"}
    states = await run(graph, "MATCH (c:Claim {id: $c}) RETURN c.peerState AS s", c=mine["id"])
    assert states == [{"s": "REVIEWING"}]
    assert kinds(await inbox(client, world.token("ann")))[:1] == ["REVIEW_ASSIGNED"]


async def test_second_accounts_that_only_submitted_never_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann",))
    # The learner's sock puppets submit throwaway portfolios to the class: they are idle
    # (no open assignments) while Ann, reviewing theirs, is busy.
    puppets = ("s1", "s2", "s3")
    for name in puppets:
        pid = await make_person(graph, f"{name}@p.example", name.upper())
        world.people[name] = pid
        world.tokens[name] = token_for(pid)
        await submit(client, world, name)

    mine = await submit(client, world)
    assert names(world, await assigned(graph, mine["id"])) == {"ann"}
    assert mine["state"] == "WAITING"
    # The sweep finds no one else either: the learner waits for eligible reviewers.
    await assignment.sweep(graph, NOW)
    assert names(world, await assigned(graph, mine["id"])) == {"ann"}

    # Real reviewers arrive: one earns the step, one passed the class itself.
    for name, badge_class, consent in (
        ("bob", world.step, "REVIEWED"),
        ("cat", world.badge_class, "PEER_ASSESSED"),
    ):
        pid = await make_person(graph, f"{name}@p.example", name.title())
        world.people[name] = pid
        await give_badge(graph, pid, badge_class, consent=consent)
    await assignment.sweep(graph, NOW)
    assert names(world, await assigned(graph, mine["id"])) == {"ann", "bob", "cat"}
    # No puppet was given any portfolio: the learner's, or each other's.
    given = await run(
        graph,
        "MATCH (p:Person)-[:ASSIGNED]->(:PeerAssignment) RETURN DISTINCT p.id AS id",
    )
    assert names(world, [r["id"] for r in given]) <= {"ann", "bob", "cat"}


async def test_only_a_level_2_badge_someone_assessed_makes_a_reviewer(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=(), reviewers=3)
    # Badges of the step anyone can obtain without a person assessing them: a claim code or
    # an on-the-spot template of some supervisor, a policy, or issuing itself.
    unassessed = (
        "CLAIM_CODE",
        "ON_THE_SPOT",
        "HELPING_HAND",
        "COMMUNITY_POLICY",
        "OWN_PARTICIPATION",
        "PATHWAY_COMPLETED",
    )
    for consent in (*unassessed, "REVIEWED", "PEER_ASSESSED"):
        name = consent.lower()
        pid = await make_person(graph, f"{name}@p.example", name)
        world.people[name] = pid
        await give_badge(graph, pid, world.step, consent=consent)

    mine = await submit(client, world)
    assert names(world, await assigned(graph, mine["id"])) == {"reviewed", "peer_assessed"}
    assert mine["state"] == "WAITING"
    await assignment.sweep(graph, NOW)
    assert len(await assigned(graph, mine["id"])) == 2


async def test_load_is_balanced_fewest_open_assignments_first(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    holders = ("p1", "p2", "p3", "p4", "p5", "p6")
    world = await make_peer_world(graph, client, token_for, holders=holders, reviewers=2)
    # p1..p4 already review two open portfolios each (of other classes' learners).
    for name in ("p1", "p2", "p3", "p4"):
        await run(
            graph,
            "MATCH (p:Person {id: $p}) UNWIND range(1, 2) AS i "
            "CREATE (p)-[:ASSIGNED]->(:PeerAssignment {id: randomUUID(), status: 'OPEN', "
            "assignedAt: datetime(), expiresAt: datetime() + duration('P7D')})",
            p=world.people[name],
        )
    mine = await submit(client, world)
    assert names(world, await assigned(graph, mine["id"])) == {"p5", "p6"}
    # Over many submissions, nobody gets more than one more than anyone else.
    for i in range(6):
        pid = await make_person(graph, f"l{i}@p.example", f"L{i}")
        world.people[f"l{i}"] = pid
        world.tokens[f"l{i}"] = token_for(pid)
        await submit(client, world, f"l{i}")
    loads = await run(
        graph,
        "UNWIND $ids AS id MATCH (p:Person {id: id}) "
        "RETURN COUNT { (p)-[:ASSIGNED]->(:PeerAssignment {status: 'OPEN'}) } AS load",
        ids=[world.people[h] for h in holders],
    )
    counted = [r["load"] for r in loads]
    assert max(counted) - min(counted) <= 1, counted


async def test_expired_assignments_are_replaced_by_someone_else(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann", "bob", "cat", "dan"))
    mine = await submit(client, world)
    first = await assigned(graph, mine["id"])
    assert len(first) == 3

    # Nothing is due yet.
    early = await assignment.sweep(graph, NOW + timedelta(days=6))
    assert early.expired == 0
    assert await assigned(graph, mine["id"]) == first

    report = await assignment.sweep(graph, NOW + timedelta(days=8))
    assert report.expired == 1  # one submission lost reviewers
    assert set(await assigned(graph, mine["id"], "EXPIRED")) == set(first)
    # The expired reviewers are not asked again: only the fourth holder is left.
    now_open = await assigned(graph, mine["id"])
    assert names(world, now_open) == ({"ann", "bob", "cat", "dan"} - names(world, first))
    for reviewer in first:
        token = token_for(reviewer)
        assert "REVIEW_REASSIGNED" in kinds(await inbox(client, token))
    states = await run(graph, "MATCH (c:Claim {id: $c}) RETURN c.peerState AS s", c=mine["id"])
    assert states == [{"s": "WAITING"}]


async def test_a_race_for_the_last_slot_assigns_exactly_n(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann", "bob"))
    mine = await submit(client, world)
    assert len(await assigned(graph, mine["id"])) == 2
    for name in ("cat", "dan", "eve"):
        pid = await make_person(graph, f"{name}@p.example", name.title())
        await give_badge(graph, pid, world.step)
    results = await asyncio.gather(
        assignment.top_up(graph, mine["id"]),
        assignment.top_up(graph, mine["id"]),
        assignment.top_up(graph, mine["id"]),
    )
    assert sorted(len(r) for r in results) == [0, 0, 1]
    assert len(await assigned(graph, mine["id"])) == 3


async def test_assignment_is_one_indexed_statement_without_person_scans(graph: Graph) -> None:
    operators = await plan_operators(graph, assignment.ASSIGN, {"claim": "c", "now": NOW})
    assert not scans(operators), operators
    plan = "\n".join(operators)
    assert "c:Claim(id)" in plan
    assert "BadgeClass(domain, level)" in plan


WITHDRAW = "mutation($c: ID!) { withdrawClaim(claimId: $c) { status } }"


async def test_a_withdrawn_portfolio_releases_its_reviewers(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann", "bob", "cat"))
    mine = await submit(client, world)
    reviewers = await assigned(graph, mine["id"])
    assert len(reviewers) == 3
    body = await gql(client, WITHDRAW, {"c": mine["id"]}, token=world.token("learner"))
    assert body["data"]["withdrawClaim"]["status"] == "WITHDRAWN", body
    assert await assigned(graph, mine["id"]) == {}
    assert set(await assigned(graph, mine["id"], "WITHDRAWN")) == set(reviewers)
    # Their queues no longer hold it as work to do; nor does the sweep top it up.
    for reviewer in reviewers:
        queue = await gql(client, ASSIGNMENTS, token=token_for(reviewer))
        statuses = [a["status"] for a in queue["data"]["myPeerAssignments"]]
        assert "OPEN" not in statuses, statuses
    await assignment.sweep(graph, NOW + timedelta(days=8))
    assert await assigned(graph, mine["id"]) == {}

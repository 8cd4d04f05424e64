"""Applying, deciding, withdrawing: one state machine, capacity that holds under load."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import make_person, make_world
from tests.helpers import error_codes, gql, run

APPLY = """
mutation($o: ID!, $m: String!) {
  applyToOpportunity(opportunityId: $o, motivation: $m) { id status learnerName }
}
"""
FREE = "query($id: ID!) { opportunity(id: $id) { freePlaces capacity } }"


def decide(name: str, extra: str = "") -> str:
    return f"mutation($id: ID!) {{ {name}(id: $id{extra}) {{ id status reason }} }}"


async def _set_capacity(graph: Graph, opportunity_id: str, capacity: int) -> None:
    async def work(tx: Any) -> None:
        await (
            await tx.run(
                "MATCH (o:Opportunity {id: $id}) SET o.capacity = $c", id=opportunity_id, c=capacity
            )
        ).consume()

    await graph.write(work)


async def _start_now(graph: Graph, opportunity_id: str) -> None:
    """Time passes: the opportunity started a minute ago."""
    await run(
        graph,
        "MATCH (o:Opportunity {id: $id}) SET o.startsAt = datetime() - duration('PT1M')",
        id=opportunity_id,
    )


async def test_apply_accept_complete(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner = token_for(world.people["learner"])
    supervisor = token_for(world.people["org_supervisor"])
    opportunity = world.upcoming_opportunity
    before = (await gql(client, FREE, {"id": opportunity}))["data"]["opportunity"]
    applied = await gql(client, APPLY, {"o": opportunity, "m": "I fix bikes"}, token=learner)
    application = applied["data"]["applyToOpportunity"]
    assert application["status"] == "PENDING"
    after = (await gql(client, FREE, {"id": opportunity}))["data"]["opportunity"]
    assert after["freePlaces"] == before["freePlaces"] - 1

    twice = await gql(client, APPLY, {"o": opportunity, "m": "again"}, token=learner)
    assert error_codes(twice) == ["CONFLICT"]
    assert "already applied" in twice["errors"][0]["message"]

    accepted = await gql(
        client, decide("acceptApplication"), {"id": application["id"]}, token=supervisor
    )
    assert accepted["data"]["acceptApplication"]["status"] == "ACCEPTED"
    await _start_now(clean_graph, opportunity)
    completed = await gql(
        client, decide("completeApplication"), {"id": application["id"]}, token=supervisor
    )
    assert completed["data"]["completeApplication"]["status"] == "COMPLETED"
    withdraw = await gql(
        client, decide("withdrawApplication"), {"id": application["id"]}, token=learner
    )
    assert error_codes(withdraw) == ["CONFLICT"]
    assert "that is COMPLETED" in withdraw["errors"][0]["message"]

    mine = await gql(client, "{ myApplications { id status } }", token=learner)
    assert mine["data"]["myApplications"] == [{"id": application["id"], "status": "COMPLETED"}]


OPEN_TO_APPLY = (
    "{ opportunities(filter: {hasFreePlaces: true}, first: 50) { edges { node { id } } } }"
)
ALL_PUBLISHED = "{ opportunities(first: 50) { edges { node { id } } } }"
PATHWAY = """
MATCH (learner:Person {id: $learner}), (past:Opportunity {id: $past})
MATCH (done:BadgeClass {id: $badgeClass}), (org:Organisation {id: $organisation})
CREATE (learner)-[:APPLIED]->(:Application {id: randomUUID(), status: 'COMPLETED',
        motivation: 'done', createdAt: datetime()})-[:FOR]->(past)
CREATE (next:BadgeClass {id: randomUUID(), name: 'Next', description: 'd', criteria: 'c',
        domain: 'SUSTAINABILITY', level: 1})-[:ISSUED_BY]->(org)
CREATE (pathway:BadgeClass {id: randomUUID(), name: 'Pathway', description: 'd', criteria: 'c',
        domain: 'SUSTAINABILITY', level: 2})-[:ISSUED_BY]->(org)
CREATE (pathway)-[:REQUIRES]->(done), (pathway)-[:REQUIRES]->(next)
WITH next
MATCH (o:Opportunity)-[leads:LEADS_TO]->() WHERE o.id IN $leadingToNext
DELETE leads
CREATE (o)-[:LEADS_TO]->(next)
"""


async def _ids(client: httpx.AsyncClient, query: str, token: str | None = None) -> set[str]:
    body = await gql(client, query, token=token)
    return {e["node"]["id"] for e in body["data"]["opportunities"]["edges"]}


async def test_applications_close_when_the_opportunity_starts(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner = token_for(world.people["learner"])
    owner = token_for(world.people["owner"])
    admin = token_for(world.people["org_admin"])
    live = world.live_opportunity  # started an hour ago, eight places free

    # No grace period: a free place does not reopen an opportunity that has started.
    late = await gql(client, APPLY, {"o": live, "m": "late"}, token=learner)
    assert error_codes(late) == ["CONFLICT"]
    assert "closed when this opportunity started" in late["errors"][0]["message"]
    # Applications made in time are still decided after the start; a learner who then
    # withdraws cannot come back.
    accepted = await gql(
        client, decide("acceptApplication"), {"id": world.pending_application}, token=admin
    )
    assert accepted["data"]["acceptApplication"]["status"] == "ACCEPTED"
    withdrawn = await gql(
        client, decide("withdrawApplication"), {"id": world.pending_application}, token=owner
    )
    assert withdrawn["data"]["withdrawApplication"]["status"] == "WITHDRAWN"
    back = await gql(client, APPLY, {"o": live, "m": "back"}, token=owner)
    assert error_codes(back) == ["CONFLICT"]
    assert "closed when this opportunity started" in back["errors"][0]["message"]

    # Discovery still shows what is under way, but "has free places" means "can apply".
    assert {live, world.upcoming_opportunity} <= await _ids(client, ALL_PUBLISHED)
    open_to_apply = await _ids(client, OPEN_TO_APPLY)
    assert world.upcoming_opportunity in open_to_apply
    assert live not in open_to_apply
    # Next steps only suggest opportunities one can still apply to.
    await run(
        clean_graph,
        PATHWAY,
        learner=world.people["learner"],
        past=world.closed_opportunity,
        badgeClass=world.badge_class,
        organisation=world.organisation,
        leadingToNext=[live, world.upcoming_opportunity],
    )
    steps = await gql(client, "{ nextSteps { opportunity { id } } }", token=learner)
    assert steps["data"]["nextSteps"] == [{"opportunity": {"id": world.upcoming_opportunity}}]

    await run(
        clean_graph,
        "MATCH (o:Opportunity {id: $id}) SET o.endsAt = datetime() - duration('PT1M')",
        id=live,
    )
    ended = await gql(client, APPLY, {"o": live, "m": "later still"}, token=learner)
    assert error_codes(ended) == ["CONFLICT"]
    assert "has ended" in ended["errors"][0]["message"]


async def test_reject_needs_a_reason_and_frees_the_place(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    before = (await gql(client, FREE, {"id": world.live_opportunity}))["data"]["opportunity"]
    reject = decide("rejectApplication", ", reason: $r").replace(
        "$id: ID!", "$id: ID!, $r: String!"
    )
    blank = await gql(client, reject, {"id": world.pending_application, "r": ""}, token=admin)
    assert error_codes(blank) == ["BAD_USER_INPUT"]
    done = await gql(
        client, reject, {"id": world.pending_application, "r": "We are full"}, token=admin
    )
    assert done["data"]["rejectApplication"] == {
        "id": world.pending_application,
        "status": "REJECTED",
        "reason": "We are full",
    }
    after = (await gql(client, FREE, {"id": world.live_opportunity}))["data"]["opportunity"]
    assert after["freePlaces"] == before["freePlaces"] + 1


async def test_withdrawing_frees_the_place_and_allows_a_new_application(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    opportunity = world.upcoming_opportunity
    before = (await gql(client, FREE, {"id": opportunity}))["data"]["opportunity"]
    first = await gql(client, APPLY, {"o": opportunity, "m": "keen"}, token=owner)
    withdrawn = await gql(
        client,
        decide("withdrawApplication"),
        {"id": first["data"]["applyToOpportunity"]["id"]},
        token=owner,
    )
    assert withdrawn["data"]["withdrawApplication"]["status"] == "WITHDRAWN"
    freed = (await gql(client, FREE, {"id": opportunity}))["data"]["opportunity"]
    assert freed["freePlaces"] == before["freePlaces"]
    again = await gql(client, APPLY, {"o": opportunity, "m": "back"}, token=owner)
    assert again["data"]["applyToOpportunity"]["status"] == "PENDING"


async def test_capacity_holds_under_concurrent_applications(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    opportunity = world.upcoming_opportunity
    await _set_capacity(clean_graph, opportunity, 5)
    taken = [world.people["learner"], world.people["teacher"]]
    for person in taken:  # 2 of them already taken
        body = await gql(client, APPLY, {"o": opportunity, "m": "early"}, token=token_for(person))
        assert "errors" not in body, body
    learners = [
        await make_person(clean_graph, f"crowd{n}@world.example", f"Crowd {n}") for n in range(12)
    ]
    bodies = await asyncio.gather(
        *(gql(client, APPLY, {"o": opportunity, "m": "me!"}, token=token_for(p)) for p in learners)
    )
    succeeded = [b for b in bodies if "errors" not in b]
    refused = [b for b in bodies if "errors" in b]
    assert len(succeeded) == 3
    assert all(error_codes(b) == ["CONFLICT"] for b in refused)
    assert all("no free places" in b["errors"][0]["message"] for b in refused)
    free = (await gql(client, FREE, {"id": opportunity}))["data"]["opportunity"]
    assert free["freePlaces"] == 0

    async def count(tx: Any) -> int:
        record = await (
            await tx.run(
                "MATCH (:Opportunity {id: $id})<-[:FOR]-(a:Application) RETURN count(a) AS n",
                id=opportunity,
            )
        ).single()
        return int(record["n"])

    assert await clean_graph.read(count) == 5


async def test_attendance_is_marked_only_after_the_start(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])

    async def postpone(tx: Any) -> None:
        await (
            await tx.run(
                "MATCH (o:Opportunity {id: $id}) SET o.startsAt = datetime() + duration('P1D')",
                id=world.live_opportunity,
            )
        ).consume()

    await clean_graph.write(postpone)
    body = await gql(client, decide("markNoShow"), {"id": world.accepted_application}, token=admin)
    assert error_codes(body) == ["CONFLICT"]
    assert "not started yet" in body["errors"][0]["message"]


async def test_strangers_and_other_learners_see_nothing_of_an_application(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    read = "query($id: ID!) { application(id: $id) { id motivation } }"
    for who in (None, "learner", "other_org_admin", "uni_moderator", "teacher"):
        token = token_for(world.people[who]) if who else None
        body = await gql(client, read, {"id": world.pending_application}, token=token)
        assert body["data"]["application"] is None, who
    for who in ("owner", "org_admin", "org_supervisor"):
        body = await gql(
            client, read, {"id": world.pending_application}, token=token_for(world.people[who])
        )
        assert body["data"]["application"]["motivation"] == "keen", who
    listing = "query($o: ID!) { applicationsForOpportunity(opportunityId: $o) { id } }"
    learner_view = await gql(
        client, listing, {"o": world.live_opportunity}, token=token_for(world.people["owner"])
    )
    assert error_codes(learner_view) == ["FORBIDDEN"]
    staff_view = await gql(
        client, listing, {"o": world.live_opportunity}, token=token_for(world.people["org_admin"])
    )
    assert len(staff_view["data"]["applicationsForOpportunity"]) == 2
    anonymous = await gql(client, "{ myApplications { id } }")
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]

"""Applying, deciding, withdrawing: one state machine, capacity that holds under load."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from graph.database import Graph
from tests.factories import make_person, make_world
from tests.helpers import error_codes, gql

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


async def test_apply_accept_complete(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner = token_for(world.people["learner"])
    supervisor = token_for(world.people["org_supervisor"])
    before = (await gql(client, FREE, {"id": world.live_opportunity}))["data"]["opportunity"]
    applied = await gql(
        client, APPLY, {"o": world.live_opportunity, "m": "I fix bikes"}, token=learner
    )
    application = applied["data"]["applyToOpportunity"]
    assert application["status"] == "PENDING"
    after = (await gql(client, FREE, {"id": world.live_opportunity}))["data"]["opportunity"]
    assert after["freePlaces"] == before["freePlaces"] - 1

    twice = await gql(client, APPLY, {"o": world.live_opportunity, "m": "again"}, token=learner)
    assert error_codes(twice) == ["CONFLICT"]
    assert "already applied" in twice["errors"][0]["message"]

    accepted = await gql(
        client, decide("acceptApplication"), {"id": application["id"]}, token=supervisor
    )
    assert accepted["data"]["acceptApplication"]["status"] == "ACCEPTED"
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
    withdrawn = await gql(
        client, decide("withdrawApplication"), {"id": world.pending_application}, token=owner
    )
    assert withdrawn["data"]["withdrawApplication"]["status"] == "WITHDRAWN"
    again = await gql(client, APPLY, {"o": world.live_opportunity, "m": "back"}, token=owner)
    assert again["data"]["applyToOpportunity"]["status"] == "PENDING"


async def test_capacity_holds_under_concurrent_applications(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await _set_capacity(clean_graph, world.live_opportunity, 5)  # 2 of them already taken
    learners = [
        await make_person(clean_graph, f"crowd{n}@world.example", f"Crowd {n}") for n in range(12)
    ]
    bodies = await asyncio.gather(
        *(
            gql(client, APPLY, {"o": world.live_opportunity, "m": "me!"}, token=token_for(p))
            for p in learners
        )
    )
    succeeded = [b for b in bodies if "errors" not in b]
    refused = [b for b in bodies if "errors" in b]
    assert len(succeeded) == 3
    assert all(error_codes(b) == ["CONFLICT"] for b in refused)
    assert all("no free places" in b["errors"][0]["message"] for b in refused)
    free = (await gql(client, FREE, {"id": world.live_opportunity}))["data"]["opportunity"]
    assert free["freePlaces"] == 0

    async def count(tx: Any) -> int:
        record = await (
            await tx.run(
                "MATCH (:Opportunity {id: $id})<-[:FOR]-(a:Application) RETURN count(a) AS n",
                id=world.live_opportunity,
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

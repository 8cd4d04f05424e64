"""Issuing on the spot exactly once per requestId, also racing; the daily limit; refusals for
addresses not on Kring are throttled."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from graph.badge_templates import on_the_spot
from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import error_codes, run
from tests.on_the_spot_steps import create_template, issue, issue_input

COUNTS = """
OPTIONAL MATCH (b:BadgeClass {onTheSpot: true})
WITH count(b) AS classes
OPTIONAL MATCH (a:Assertion {consent: 'ON_THE_SPOT'})
RETURN classes, count(a) AS badges
"""


async def test_the_same_request_again_answers_the_same_and_issues_nothing_more(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    request = issue_input(template, world.university, ["learner@world.example"])
    first = await issue(client, teacher, request)
    again = await issue(client, teacher, request)
    assert "errors" not in first, first
    assert again["data"] == first["data"]
    assert await run(clean_graph, COUNTS) == [{"classes": 1, "badges": 1}]

    other_question = await issue(client, teacher, {**request, "learners": ["owner@world.example"]})
    assert error_codes(other_question) == ["CONFLICT"]
    assert other_question["errors"][0]["extensions"]["field"] == "requestId"
    # Someone else's requestId is not theirs to replay.
    stolen = await issue(
        client,
        token_for(world.people["org_supervisor"]),
        {**request, "issuerId": world.organisation},
    )
    assert error_codes(stolen) == ["CONFLICT"]
    assert await run(clean_graph, COUNTS) == [{"classes": 1, "badges": 1}]


async def test_two_attempts_at_once_issue_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    request = issue_input(
        template, world.university, ["learner@world.example", "owner@world.example"]
    )
    answers = await asyncio.gather(*(issue(client, teacher, request) for _ in range(3)))
    assert all("errors" not in a for a in answers), answers
    assert len({str(a["data"]) for a in answers}) == 1
    assert await run(clean_graph, COUNTS) == [{"classes": 1, "badges": 2}]


async def test_a_staff_member_issues_a_bounded_number_of_badges_a_day(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(on_the_spot, "MAX_BADGES_PER_DAY", 3)
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    two = issue_input(template, world.university, ["learner@world.example", "owner@world.example"])
    assert "errors" not in await issue(client, teacher, two)
    over = await issue(
        client,
        teacher,
        issue_input(
            template, world.university, ["accepted_learner@world.example", "curator@world.example"]
        ),
    )
    assert error_codes(over) == ["CONFLICT"]
    assert "3 badges on the spot a day" in over["errors"][0]["message"]
    one_more = await issue(
        client, teacher, issue_input(template, world.university, ["accepted_learner@world.example"])
    )
    assert "errors" not in one_more, one_more
    # Another staff member has a day of their own.
    supervisor = await issue(
        client,
        token_for(world.people["org_supervisor"]),
        issue_input(template, world.organisation, ["learner@world.example"]),
    )
    assert "errors" not in supervisor, supervisor
    assert await run(clean_graph, COUNTS) == [{"classes": 3, "badges": 4}]


async def test_requests_naming_unknown_addresses_are_throttled_per_staff_member(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])

    def probe(n: int) -> dict[str, object]:
        return issue_input(template, world.university, [f"guess{n}@x.example"])

    free = [await issue(client, teacher, probe(n)) for n in range(on_the_spot.LOOKUPS.free)]
    assert [error_codes(b) for b in free] == [["NOT_FOUND"]] * on_the_spot.LOOKUPS.free
    # The next request learns nothing about its addresses, known or not, until the wait is over.
    for asked in (probe(9), issue_input(template, world.university, ["learner@world.example"])):
        held = await issue(client, teacher, asked)
        assert error_codes(held) == ["CONFLICT"]
        assert held["errors"][0]["extensions"]["reason"] == "TOO_MANY_ATTEMPTS"
        assert "guess9" not in held["errors"][0]["message"]
    # Another staff member is not held up by it.
    supervisor = await issue(
        client,
        token_for(world.people["org_supervisor"]),
        issue_input(template, world.organisation, ["learner@world.example"]),
    )
    assert "errors" not in supervisor, supervisor
    # Once the wait is over, a request that issues wipes the count.
    await run(clean_graph, "MATCH (t:Throttle) SET t.blockedUntil = datetime() - duration('PT1S')")
    issued = await issue(
        client, teacher, issue_input(template, world.university, ["learner@world.example"])
    )
    assert "errors" not in issued, issued
    again = await issue(client, teacher, probe(10))
    assert error_codes(again) == ["NOT_FOUND"]
    assert await run(clean_graph, COUNTS) == [{"classes": 2, "badges": 2}]

"""Issuing on the spot exactly once per requestId, also racing; the daily limit."""

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

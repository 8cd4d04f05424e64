"""Insights: the figures match what the test made, only members and staff read them, and each
is one statement that seeks by index, bounded by its range."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from graph.core.database import Graph
from graph.insights.insights import ORGANISATION, UNIVERSITY, Bucket, periods
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, scans
from tests.insights_world import Period, make_activity

ORGANISATION_INSIGHTS = """
query($o: ID!, $from: DateTime!, $to: DateTime!, $bucket: InsightBucket!) {
  organisationInsights(organisationId: $o, from: $from, to: $to, bucket: $bucket) {
    peopleReached completions hours badgesIssued
    periods { start end peopleReached completions hours badgesByTier { tier badges }
              competencies { name badges } }
    competencies { framework code name badges }
  }
}
"""
UNIVERSITY_INSIGHTS = """
query($u: ID!, $from: DateTime!, $to: DateTime!) {
  universityInsights(universityId: $u, from: $from, to: $to) {
    badgesIssued validatedBadges
    byDomainAndLevel { domain level validated badges }
    organisations { organisationId name badges }
    endorsers { name endorsements }
    openFlags
  }
}
"""


def _range(now: datetime, days: int = 400) -> dict[str, str]:
    return {"from": (now - timedelta(days=days)).isoformat(), "to": now.isoformat()}


async def test_an_organisations_figures_per_month(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    activity = await make_activity(clean_graph, world.university, "Repair Hub")
    body = await gql(
        client,
        ORGANISATION_INSIGHTS,
        {"o": activity.organisation, "bucket": "MONTH", **_range(activity.now)},
        token=token_for(activity.admin),
    )
    assert "errors" not in body, body
    found = body["data"]["organisationInsights"]
    assert found["peopleReached"] == activity.people_reached
    assert found["completions"] == activity.completions
    assert found["hours"] == pytest.approx(activity.hours)
    assert found["badgesIssued"] == activity.badges
    # Every month of the range is listed, the empty ones with zeros.
    starts = [datetime.fromisoformat(p["start"]) for p in found["periods"]]
    assert starts[0] == datetime(starts[0].year, starts[0].month, 1, tzinfo=UTC)
    assert len(starts) in (14, 15)
    for period in found["periods"]:
        start = datetime.fromisoformat(period["start"])
        want = activity.months.get((start.year, start.month), Period())
        tiers = {t["tier"]: t["badges"] for t in period["badgesByTier"]}
        assert (
            period["peopleReached"],
            period["completions"],
            period["hours"],
            tiers.get("COMMUNITY", 0),
            tiers.get("OFFICIAL", 0),
        ) == (want.people_reached, want.completions, want.hours, want.community, want.official)
    assert {c["name"]: c["badges"] for c in found["competencies"]} == activity.competencies
    counts = [c["badges"] for c in found["competencies"]]
    assert counts == sorted(counts, reverse=True)


async def test_weeks_hold_the_same_totals(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    activity = await make_activity(clean_graph, world.university, "Week Hub")
    body = await gql(
        client,
        ORGANISATION_INSIGHTS,
        {"o": activity.organisation, "bucket": "WEEK", **_range(activity.now, 120)},
        token=token_for(activity.admin),
    )
    found = body["data"]["organisationInsights"]
    starts = [datetime.fromisoformat(p["start"]) for p in found["periods"]]
    assert all(s.weekday() == 0 for s in starts)
    assert all(b - a == timedelta(days=7) for a, b in itertools.pairwise(starts))
    assert sum(p["completions"] for p in found["periods"]) == activity.completions
    assert found["completions"] == activity.completions
    assert found["peopleReached"] == activity.people_reached


async def test_a_universitys_brand_at_a_glance(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    activity = await make_activity(clean_graph, world.university, "Brand Hub")
    body = await gql(
        client,
        UNIVERSITY_INSIGHTS,
        {"u": world.university, **_range(activity.now)},
        token=token_for(world.people["teacher"]),
    )
    assert "errors" not in body, body
    found = body["data"]["universityInsights"]
    official = sum(p.official for p in activity.months.values())
    # The world's own badge was issued today: inside the range too.
    assert found["badgesIssued"] == activity.badges + 1
    assert found["validatedBadges"] == official
    assert {
        (c["domain"], c["level"], c["validated"]): c["badges"] for c in found["byDomainAndLevel"]
    } == {
        ("SUSTAINABILITY", "BEGINNER", False): activity.badges - official + 1,
        ("GLOBAL_CITIZENSHIP", "INTERMEDIATE", True): official,
    }
    assert found["organisations"][0] == {
        "organisationId": activity.organisation,
        "name": activity.organisation_name,
        "badges": activity.badges,
    }
    assert found["organisations"][1]["organisationId"] == world.organisation
    endorsers = {e["name"]: e["endorsements"] for e in found["endorsers"]}
    assert (
        endorsers[f"{activity.organisation_name} admin"]
        == activity.endorsers[f"{activity.organisation_name} admin"]
    )
    held = await gql(
        client,
        "query($u: ID!) { heldEndorsements(universityId: $u) { endorsementId } }",
        {"u": world.university},
        token=token_for(world.people["curator"]),
    )
    # The world's reciprocal pair: both endorsements wait for a curator.
    assert found["openFlags"] == len(held["data"]["heldEndorsements"]) == 2


@pytest.mark.parametrize(
    ("days", "field"),
    [(-1, "to"), (0, "to"), (3 * 366 + 1, "to")],
)
async def test_the_range_is_bounded(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    days: int,
    field: str,
) -> None:
    world = await make_world(clean_graph)
    now = datetime.now(UTC)
    body = await gql(
        client,
        ORGANISATION_INSIGHTS,
        {
            "o": world.organisation,
            "bucket": "MONTH",
            "from": (now - timedelta(days=days)).isoformat(),
            "to": now.isoformat(),
        },
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["field"] == field


async def test_an_unknown_organisation_is_not_found(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    now = datetime.now(UTC)
    body = await gql(
        client,
        ORGANISATION_INSIGHTS,
        {"o": world.university, "bucket": "MONTH", **_range(now)},
        token=token_for(world.people["uni_moderator"]),
    )
    assert error_codes(body) == ["NOT_FOUND"]


def test_periods_cover_the_range() -> None:
    begin = datetime(2025, 1, 15, 12, tzinfo=UTC)
    end = datetime(2025, 3, 1, tzinfo=UTC)
    assert [p.isoformat() for p in periods(begin, end, Bucket.MONTH)] == [
        "2025-01-01",
        "2025-02-01",
    ]
    weeks = periods(begin, datetime(2025, 1, 27, tzinfo=UTC), Bucket.WEEK)
    assert [p.isoformat() for p in weeks] == ["2025-01-13", "2025-01-20"]
    december = periods(
        datetime(2025, 12, 5, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC), Bucket.MONTH
    )
    assert [p.isoformat() for p in december] == ["2025-12-01", "2026-01-01"]


PLAN_PARAMS: dict[str, Any] = {
    "from": datetime(2025, 1, 1, tzinfo=UTC),
    "to": datetime(2026, 1, 1, tzinfo=UTC),
    "unit": "month",
    "top": 10,
}


async def test_the_organisation_statement_seeks_the_organisation(clean_graph: Graph) -> None:
    operators = await plan_operators(
        clean_graph, ORGANISATION, {**PLAN_PARAMS, "organisation": "x"}
    )
    assert scans(operators) == [], operators
    assert any(
        op.startswith("NodeUniqueIndexSeek") and "org:Organisation(id)" in op for op in operators
    ), operators


async def test_the_university_statement_seeks_the_university(clean_graph: Graph) -> None:
    operators = await plan_operators(clean_graph, UNIVERSITY, {**PLAN_PARAMS, "university": "x"})
    assert scans(operators) == [], operators
    assert any(
        op.startswith("NodeUniqueIndexSeek") and "u:University(id)" in op for op in operators
    ), operators

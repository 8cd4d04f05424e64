"""Self-assessment: a learner's own levels and wishes beside their badges, private to them,
feeding what For you recommends to them and nobody else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from deploy.demo import FRAMEWORK, FRAMEWORK_DOMAINS, FRAMEWORK_NAME
from graph.competencies import case, frameworks
from graph.competencies.self_assessment import MINE
from graph.core.database import Graph
from graph.people import records
from tests.factories import new_id
from tests.helpers import error_codes, gql, plan_operators, run, scans

MY = """
query($f: ID!) {
  mySelfAssessment(frameworkId: $f) {
    competency { id code } level wantToDevelop shownLevel gap shownBy { name level }
  }
}
"""
ASSESS = """
mutation($f: ID!, $ratings: [SelfRatingInput!]!) {
  assessMyself(frameworkId: $f, ratings: $ratings) { competency { code } level wantToDevelop }
}
"""
HISTORY = """
query($c: ID!) { mySelfAssessmentHistory(competencyId: $c) { level wantToDevelop } }
"""
FOR_YOU = "query { recommendations(first: 10) { opportunity { title } reasons { why because } } }"
STARTS = (datetime.now(UTC) + timedelta(days=5)).isoformat()

# A learner holding a level-2 badge aligned to DL.1, and an opportunity leading to a badge
# aligned to SU.1 (another to DL.1, whose badge the learner holds already).
SEED = """
MATCH (dl:Competency {key: $framework + '|DL.1'}), (su:Competency {key: $framework + '|SU.1'})
MATCH (u:University {id: $university})
CREATE (me:Person {id: $me, name: 'Me'}), (:Person {id: $other, name: 'Other'})
CREATE (web:BadgeClass {id: randomUUID(), name: 'Web helper', domain: 'DIGITAL_LITERACY',
        level: 2})-[:ALIGNED_TO]->(dl)
CREATE (me)-[:HOLDS]->(:Assertion {id: randomUUID(), issuedAt: datetime()})-[:OF_BADGE]->(web)
CREATE (green:BadgeClass {id: randomUUID(), name: 'Green team', domain: 'SUSTAINABILITY',
        level: 1})-[:ALIGNED_TO]->(su)
CREATE (org:Organisation {id: randomUUID(), name: 'Buurtwerk', status: 'APPROVED'})
CREATE (:Opportunity {id: randomUUID(), title: 'Clean-up day', status: 'PUBLISHED',
        startsAt: datetime($starts), endsAt: datetime($starts) + duration('PT2H'),
        domain: 'SUSTAINABILITY', level: 1, synopsis: 's', description: '', capacity: 5,
        placesTaken: 0, address: 'Gent', location: point({latitude: 51.05, longitude: 3.72})})
        -[:LEADS_TO]->(green)
CREATE (:Opportunity {id: randomUUID(), title: 'Website clinic', status: 'PUBLISHED',
        startsAt: datetime($starts), endsAt: datetime($starts) + duration('PT2H'),
        domain: 'DIGITAL_LITERACY', level: 2, synopsis: 's', description: '', capacity: 5,
        placesTaken: 0, address: 'Gent', location: point({latitude: 51.05, longitude: 3.72})})
        -[:LEADS_TO]->(web)
WITH org
MATCH (o:Opportunity) CREATE (o)-[:OFFERED_BY]->(org)
"""


@pytest.fixture
async def world(clean_graph: Graph) -> dict[str, Any]:
    university = new_id()
    await run(clean_graph, "CREATE (:University {id: $u, name: 'U'})", u=university)
    framework = await frameworks.import_case(
        clean_graph, university, case.parse(FRAMEWORK.read_bytes()), FRAMEWORK_DOMAINS, None
    )
    people = {"me": new_id(), "other": new_id()}
    await run(
        clean_graph, SEED, framework=FRAMEWORK_NAME, university=university, starts=STARTS, **people
    )
    ids = {c.code: c.id for c in framework.competencies}
    return {"framework": framework.id, "competencies": ids, **people}


def _by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    assert "errors" not in body, body
    return {i["competency"]["code"]: i for i in body["data"]["mySelfAssessment"]}


async def test_my_levels_beside_what_my_badges_show(
    client: httpx.AsyncClient, world: dict[str, Any], token_for: Callable[[str], str]
) -> None:
    token = token_for(world["me"])
    before = _by_code(await gql(client, MY, {"f": world["framework"]}, token=token))
    assert len(before) == 10
    assert before["DL.1"]["level"] is None
    assert before["DL.1"]["shownLevel"] == 2
    assert before["DL.1"]["shownBy"] == [{"name": "Web helper", "level": 2}]
    ids = world["competencies"]
    ratings = [
        {"competencyId": ids["DL.1"], "level": 1, "wantToDevelop": False},
        {"competencyId": ids["SU.1"], "level": 2, "wantToDevelop": True},
    ]
    body = await gql(client, ASSESS, {"f": world["framework"], "ratings": ratings}, token=token)
    assert "errors" not in body, body
    after = _by_code(await gql(client, MY, {"f": world["framework"]}, token=token))
    # My badges show more than I give myself credit for on DL.1; SU.1 is not yet recognised.
    assert (after["DL.1"]["level"], after["DL.1"]["gap"]) == (1, -1)
    assert (after["SU.1"]["level"], after["SU.1"]["gap"], after["SU.1"]["wantToDevelop"]) == (
        2,
        2,
        True,
    )
    assert after["GC.1"]["level"] is None


async def test_every_change_is_kept_and_a_rating_that_changes_nothing_is_not(
    client: httpx.AsyncClient, world: dict[str, Any], token_for: Callable[[str], str]
) -> None:
    token = token_for(world["me"])
    su = world["competencies"]["SU.1"]
    for level, want in ((1, False), (1, False), (2, False), (2, True)):
        rating = {"competencyId": su, "level": level, "wantToDevelop": want}
        body = await gql(
            client, ASSESS, {"f": world["framework"], "ratings": [rating]}, token=token
        )
        assert "errors" not in body, body
    history = await gql(client, HISTORY, {"c": su}, token=token)
    entries = [(e["level"], e["wantToDevelop"]) for e in history["data"]["mySelfAssessmentHistory"]]
    assert entries == [(2, True), (2, False), (1, False)]


async def test_nobody_else_sees_my_self_assessment(
    client: httpx.AsyncClient, world: dict[str, Any], token_for: Callable[[str], str]
) -> None:
    su = world["competencies"]["SU.1"]
    rating = {"competencyId": su, "level": 3, "wantToDevelop": True}
    await gql(
        client, ASSESS, {"f": world["framework"], "ratings": [rating]}, token=token_for(world["me"])
    )
    theirs = _by_code(
        await gql(client, MY, {"f": world["framework"]}, token=token_for(world["other"]))
    )
    assert theirs["SU.1"]["level"] is None
    assert theirs["SU.1"]["wantToDevelop"] is False
    history = await gql(client, HISTORY, {"c": su}, token=token_for(world["other"]))
    assert history["data"]["mySelfAssessmentHistory"] == []
    assert error_codes(await gql(client, MY, {"f": world["framework"]})) == ["UNAUTHENTICATED"]
    # What I want to develop shapes my recommendations, never theirs.
    others = await gql(client, FOR_YOU, token=token_for(world["other"]))
    assert others["data"]["recommendations"] == []


async def test_what_i_want_to_develop_is_recommended_to_me(
    client: httpx.AsyncClient, world: dict[str, Any], token_for: Callable[[str], str]
) -> None:
    token = token_for(world["me"])
    ids = world["competencies"]
    ratings = [
        {"competencyId": ids["SU.1"], "level": 0, "wantToDevelop": True},
        {"competencyId": ids["DL.1"], "level": 2, "wantToDevelop": True},
    ]
    await gql(client, ASSESS, {"f": world["framework"], "ratings": ratings}, token=token)
    body = await gql(client, FOR_YOU, token=token)
    found = {
        r["opportunity"]["title"]: [(x["why"], x["because"]) for x in r["reasons"]]
        for r in body["data"]["recommendations"]
    }
    assert found["Clean-up day"] == [("WANT_TO_DEVELOP", "Caring for a sustainable future")]
    # Its badge is one I hold already: nothing more to show there.
    assert "Website clinic" not in found


GOALS = """
query($k: [DiscoveryKind!]) {
  discover(filter: {forMyGoals: true}, kinds: $k) {
    edges { node { ... on Opportunity { title } } }
  }
}
"""


async def test_discover_finds_what_leads_to_what_i_want_to_develop(
    client: httpx.AsyncClient, world: dict[str, Any], token_for: Callable[[str], str]
) -> None:
    token = token_for(world["me"])
    ids = world["competencies"]

    async def found(who: str | None, kinds: list[str] | None = None) -> list[str]:
        body = await gql(client, GOALS, {"k": kinds}, token=who)
        assert "errors" not in body, body
        return sorted(e["node"]["title"] for e in body["data"]["discover"]["edges"])

    assert await found(token) == []  # no wish yet
    wish = {"competencyId": ids["SU.1"], "level": 0, "wantToDevelop": True}
    await gql(client, ASSESS, {"f": world["framework"], "ratings": [wish]}, token=token)
    assert await found(token) == ["Clean-up day"]
    # Quests lead to no competency: a search for my goals lists none.
    assert await found(token, ["QUEST"]) == []
    # My wishes filter my search only; a visitor must sign in to ask.
    assert await found(token_for(world["other"])) == []
    anonymous = await gql(client, GOALS, {"k": None})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_bad_ratings_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    world: dict[str, Any],
    token_for: Callable[[str], str],
    clean_graph: Graph,
) -> None:
    token = token_for(world["me"])
    su = world["competencies"]["SU.1"]
    cases = [
        ([{"competencyId": su, "level": 4}], "BAD_USER_INPUT"),
        ([{"competencyId": su, "level": 1}, {"competencyId": su, "level": 2}], "BAD_USER_INPUT"),
        ([], "BAD_USER_INPUT"),
        # A competency of no framework (or another's): all or nothing.
        ([{"competencyId": su, "level": 1}, {"competencyId": new_id(), "level": 1}], "NOT_FOUND"),
    ]
    for ratings, code in cases:
        body = await gql(client, ASSESS, {"f": world["framework"], "ratings": ratings}, token=token)
        assert error_codes(body) == [code], ratings
    stored = await run(
        clean_graph,
        "MATCH (:Person {id: $me})-[r:ASSESSES|SELF_ASSESSED]->() RETURN count(r) AS n",
        me=world["me"],
    )
    assert stored[0]["n"] == 0


async def test_my_export_holds_my_self_assessment_and_deletion_erases_it(
    world: dict[str, Any], clean_graph: Graph, client: httpx.AsyncClient, token_for: Any
) -> None:
    su = world["competencies"]["SU.1"]
    rating = {"competencyId": su, "level": 2, "wantToDevelop": True}
    await gql(
        client, ASSESS, {"f": world["framework"], "ratings": [rating]}, token=token_for(world["me"])
    )
    exported = await records.export(clean_graph, world["me"])
    [entry] = exported["selfAssessment"]
    assert (entry["code"], entry["level"], entry["wantToDevelop"]) == ("SU.1", 2, True)
    assert entry["framework"] == FRAMEWORK_NAME
    assert [h["level"] for h in entry["history"]] == [2]
    await records.delete_account(clean_graph, world["me"])
    left = await run(
        clean_graph,
        "OPTIONAL MATCH (s:SelfAssessment) WITH count(s) AS history "
        "OPTIONAL MATCH ()-[r:ASSESSES]->() RETURN history, count(r) AS current",
    )
    assert (left[0]["history"], left[0]["current"]) == (0, 0)


async def test_my_self_assessment_starts_at_the_framework_and_scans_nothing(graph: Graph) -> None:
    operators = await plan_operators(graph, MINE, {"framework": "f", "person": "p"})
    assert scans(operators) == [], operators

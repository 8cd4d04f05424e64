"""Every class a university officially validated, however many decisions ago: what curators
list (and may withdraw) on their page; walked from the university, never a scan."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from graph.recognition.curation import OFFICIAL
from tests.factories import make_world, new_id
from tests.helpers import error_codes, gql, plan_operators, run, scans

VALIDATE = "mutation($id: ID!, $n: String!) { validateBadgeClass(id: $id, note: $n) { id } }"
WITHDRAW = (
    "mutation($id: ID!, $n: String!) { withdrawBadgeClassValidation(id: $id, note: $n) { id } }"
)
OFFICIAL_CLASSES = (
    "query($u: ID!) { officialBadgeClasses(universityId: $u) "
    "{ badgeClassId badgeClassName issuerName validatedAt curatorName } }"
)
HISTORY = "query($u: ID!) { curationHistory(universityId: $u, first: 50) { badgeClassId } }"

# Fifty decisions on a busy class of the same partner, all newer than anything done through
# the API before: the page's history of fifty holds none older.
BUSY = """
MATCH (o:Organisation {id: $organisation})
CREATE (b:BadgeClass {id: $busy, name: 'Busy Badge', description: 'd', criteria: 'c',
                      domain: 'RESEARCH', level: 1})-[:ISSUED_BY]->(o)
WITH b
UNWIND range(1, 50) AS i
CREATE (:Validation {id: randomUUID(), note: 'busy',
                     action: CASE i % 2 WHEN 1 THEN 'VALIDATE' ELSE 'WITHDRAW' END,
                     at: datetime() + duration({seconds: i}), curatorId: 'x',
                     curatorName: 'someone'})-[:OF]->(b)
"""
ELSEWHERE = """
MATCH (u:University {id: $university})
CREATE (:BadgeClass {id: $id, name: 'Elsewhere', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 1, validated: true, validationChangedAt: datetime()})
        -[:ISSUED_BY]->(u)
"""
OWN = """
MATCH (u:University {id: $university})
CREATE (:BadgeClass {id: $id, name: 'Own Badge', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 1})-[:ISSUED_BY]->(u)
"""


async def test_every_validated_class_is_listed_however_long_ago(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    old = await gql(client, VALIDATE, {"id": world.badge_class, "n": "Long ago"}, token=curator)
    assert "errors" not in old, old
    busy, own, elsewhere = new_id(), new_id(), new_id()
    await run(clean_graph, BUSY, organisation=world.organisation, busy=busy)
    await run(clean_graph, ELSEWHERE, university=world.other_university, id=elsewhere)
    await run(clean_graph, OWN, university=world.university, id=own)
    # The busy class is validated and withdrawn again; the university's own class validated.
    for mutation, target in ((VALIDATE, busy), (WITHDRAW, busy), (VALIDATE, own)):
        done = await gql(client, mutation, {"id": target, "n": "Decided"}, token=curator)
        assert "errors" not in done, done

    history = await gql(client, HISTORY, {"u": world.university}, token=curator)
    assert world.badge_class not in {e["badgeClassId"] for e in history["data"]["curationHistory"]}

    listed = (await gql(client, OFFICIAL_CLASSES, {"u": world.university}, token=curator))["data"][
        "officialBadgeClasses"
    ]
    # Newest validation first; the seeded class validated before dates were kept comes last.
    assert [(c["badgeClassName"], c["issuerName"], c["curatorName"]) for c in listed] == [
        ("Own Badge", "Hogeschool Test", "curator"),
        ("Test Badge", "Buurtwerk Test", "curator"),
        ("Validated", "Buurtwerk Test", None),
    ]
    assert [c["validatedAt"] is not None for c in listed] == [True, True, False]

    # Withdrawn from the page's list, it is no longer listed.
    done = await gql(client, WITHDRAW, {"id": world.badge_class, "n": "Outdated"}, token=curator)
    assert "errors" not in done, done
    after = (await gql(client, OFFICIAL_CLASSES, {"u": world.university}, token=curator))["data"][
        "officialBadgeClasses"
    ]
    assert [c["badgeClassId"] for c in after] == [own, world.validated_badge_class]

    # Another university's official classes are its curators' business only.
    other = await gql(client, OFFICIAL_CLASSES, {"u": world.other_university}, token=curator)
    assert error_codes(other) == ["FORBIDDEN"]


async def test_too_many_asked_is_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        "query($u: ID!) { officialBadgeClasses(universityId: $u, first: 501) { badgeClassId } }",
        {"u": world.university},
        token=token_for(world.people["curator"]),
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_official_classes_are_walked_from_the_university(clean_graph: Graph) -> None:
    operators = await plan_operators(clean_graph, OFFICIAL, {"university": "x", "limit": 50})
    assert scans(operators) == [], operators
    assert any("u:University(id)" in op for op in operators), operators

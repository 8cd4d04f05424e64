"""The badge classes a learner may self-assert: exactly those `selfAssert` accepts as a target
under a university (its own and its approved partners', no one-off or self-issuing class)."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_world, new_id
from tests.helpers import error_codes, gql, run

LIST = "query($u: ID!) { selfAssertableBadgeClasses(universityId: $u) { id name } }"
SELF_ASSERT = "mutation($i: SelfAssertInput!) { selfAssert(input: $i) { id status badgeClassId } }"
# Beside the world's two classes of its organisation: one of the university itself, one that
# issues itself (a pathway), and one of an organisation still waiting for approval.
MORE_CLASSES = """
MATCH (u:University {id: $university}), (o:Organisation {id: $organisation})
MATCH (pending:Organisation {id: $pending})
CREATE (:BadgeClass {id: $own, name: 'Aardvark care', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 1})-[:ISSUED_BY]->(u)
CREATE (:BadgeClass {id: $pathway, name: 'Pathway', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 1, autoIssueOnCompletion: true})-[:ISSUED_BY]->(o)
CREATE (:BadgeClass {id: $waiting, name: 'Waiting', description: 'd', criteria: 'c',
        domain: 'RESEARCH', level: 1})-[:ISSUED_BY]->(pending)
"""


async def test_only_classes_self_assert_accepts_are_offered(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    own, pathway, waiting = new_id(), new_id(), new_id()
    await run(
        clean_graph,
        MORE_CLASSES,
        university=world.university,
        organisation=world.organisation,
        pending=world.pending_organisation,
        own=own,
        pathway=pathway,
        waiting=waiting,
    )
    learner = token_for(world.people["learner"])
    # A one-off claim makes a class of its own under the university: never offered to others.
    one_off = await gql(
        client,
        SELF_ASSERT,
        {"i": {"title": "Sang", "narrative": "Weekly", "universityId": world.university}},
        token=learner,
    )
    assert error_codes(one_off) == []

    offered = await gql(client, LIST, {"u": world.university})  # no sign-in needed
    names = [b["name"] for b in offered["data"]["selfAssertableBadgeClasses"]]
    assert names == ["Aardvark care", "Test Badge", "Validated"]

    for found in offered["data"]["selfAssertableBadgeClasses"]:
        made = await gql(
            client,
            SELF_ASSERT,
            {"i": {"title": found["name"], "narrative": "I did it", "badgeClassId": found["id"]}},
            token=learner,
        )
        assert error_codes(made) == [], made
        assert made["data"]["selfAssert"]["badgeClassId"] == found["id"]
    refused = await gql(
        client,
        SELF_ASSERT,
        {"i": {"title": "Pathway", "narrative": "n", "badgeClassId": pathway}},
        token=learner,
    )
    assert error_codes(refused) == ["CONFLICT"]

    elsewhere = await gql(client, LIST, {"u": world.other_university})
    assert elsewhere["data"]["selfAssertableBadgeClasses"] == []
    unknown = await gql(client, LIST, {"u": "not-an-id"})
    assert error_codes(unknown) == ["NOT_FOUND"]

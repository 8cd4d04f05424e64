"""The university-wide history of validations: what curators decided, newest first, with each
class's state now; walked from the university, never a scan."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from graph.recognition.curation import UNIVERSITY_HISTORY
from tests.factories import make_world
from tests.helpers import gql, plan_operators, scans

VALIDATE = "mutation($id: ID!, $n: String!) { validateBadgeClass(id: $id, note: $n) { id } }"
WITHDRAW = (
    "mutation($id: ID!, $n: String!) { withdrawBadgeClassValidation(id: $id, note: $n) { id } }"
)
HISTORY = (
    "query($u: ID!) { curationHistory(universityId: $u) "
    "{ badgeClassId badgeClassName validated action note curatorName } }"
)


async def test_the_history_lists_decisions_newest_first(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    assert (await gql(client, HISTORY, {"u": world.university}, token=curator))["data"][
        "curationHistory"
    ] == []
    for mutation, note in ((VALIDATE, "Strong evidence"), (WITHDRAW, "Criteria changed")):
        done = await gql(client, mutation, {"id": world.badge_class, "n": note}, token=curator)
        assert "errors" not in done, done
    await gql(client, VALIDATE, {"id": world.badge_class, "n": "Fixed now"}, token=curator)
    history = (await gql(client, HISTORY, {"u": world.university}, token=curator))["data"][
        "curationHistory"
    ]
    assert [(e["action"], e["note"]) for e in history] == [
        ("VALIDATE", "Fixed now"),
        ("WITHDRAW", "Criteria changed"),
        ("VALIDATE", "Strong evidence"),
    ]
    assert {e["badgeClassName"] for e in history} == {"Test Badge"}
    assert all(e["validated"] for e in history)  # the class's state now
    assert {e["curatorName"] for e in history} == {"curator"}
    # Another university's curators see none of it.
    other = await gql(
        client, HISTORY, {"u": world.other_university}, token=token_for(world.people["curator"])
    )
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_history_is_walked_from_the_university(clean_graph: Graph) -> None:
    operators = await plan_operators(
        clean_graph, UNIVERSITY_HISTORY, {"university": "x", "limit": 50}
    )
    assert scans(operators) == [], operators
    assert any("u:University(id)" in op for op in operators), operators

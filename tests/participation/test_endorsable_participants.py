"""The organisation's people endorse from an opportunity's list: each sees only the completed
participants whose claims asked them, and whether they already endorsed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from graph.participation import endorsable
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, scans

ENDORSABLE = """
query($o: ID!) {
  endorsableParticipants(opportunityId: $o) {
    applicationId learnerName claimId claimTitle claimStatus endorsed
  }
}
"""
CLAIM = "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }"
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!) {
  endorseClaim(claimId: $c, relationship: SUPERVISOR, testimonial: "Fixed three bikes.") { id }
}
"""


async def test_only_the_invited_see_the_participant_until_and_after_they_endorse(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    supervisor = token_for(world.people["org_supervisor"])
    opportunity = world.closed_opportunity

    async def listed(token: str | None) -> dict[str, Any]:
        return await gql(client, ENDORSABLE, {"o": opportunity}, token=token)

    assert error_codes(await listed(None)) == ["UNAUTHENTICATED"]
    # Completed but not claimed yet: nothing to endorse.
    assert (await listed(supervisor))["data"] == {"endorsableParticipants": []}

    made = await gql(client, CLAIM, {"a": world.completed_application}, token=owner)
    claim = made["data"]["claimParticipation"]["id"]
    invited = await gql(
        client, INVITE, {"c": claim, "p": world.people["org_supervisor"]}, token=owner
    )
    assert "errors" not in invited, invited

    rows = (await listed(supervisor))["data"]["endorsableParticipants"]
    assert rows == [
        {
            "applicationId": world.completed_application,
            "learnerName": "owner",
            "claimId": claim,
            "claimTitle": rows[0]["claimTitle"],
            "claimStatus": "OPEN",
            "endorsed": False,
        }
    ]
    # The organisation's admin was not asked, nor was anyone else.
    for role in ("org_admin", "teacher", "learner"):
        answer = await listed(token_for(world.people[role]))
        assert answer["data"] == {"endorsableParticipants": []}, role

    endorsed = await gql(client, ENDORSE, {"c": claim}, token=supervisor)
    assert "errors" not in endorsed, endorsed
    after = (await listed(supervisor))["data"]["endorsableParticipants"]
    assert [row["endorsed"] for row in after] == [True]

    # Another opportunity's list does not show it, and an unknown id is NOT_FOUND.
    other = await gql(client, ENDORSABLE, {"o": world.live_opportunity}, token=supervisor)
    assert other["data"] == {"endorsableParticipants": []}
    assert error_codes(await gql(client, ENDORSABLE, {"o": "nope"}, token=supervisor)) == [
        "NOT_FOUND"
    ]


async def test_the_list_starts_from_the_opportunitys_index(graph: Graph) -> None:
    operators = await plan_operators(
        graph,
        endorsable.ENDORSABLE,
        {
            "opportunity": "o",
            "actor": "p",
            "completed": "COMPLETED",
            "withdrawn": "WITHDRAWN",
            "limit": 10,
        },
    )
    assert scans(operators) == [], operators
    assert any(op.startswith("NodeUniqueIndexSeek") and "Opportunity" in op for op in operators), (
        operators
    )

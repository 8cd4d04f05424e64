"""An opportunity's life, enforced by one state machine, with clear conflicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_world
from tests.helpers import error_codes, gql

DRAFT = """
mutation($input: DraftOpportunityInput!) {
  draftOpportunity(input: $input) { id status domain level freePlaces badgeClass { name } }
}
"""
FIELDS = "id status title description capacity rejectionReason"
STATE = {
    name: f"mutation($id: ID!) {{ {name}(id: $id) {{ {FIELDS} }} }}"
    for name in (
        "submitOpportunity",
        "publishOpportunity",
        "closeOpportunity",
        "archiveOpportunity",
    )
}
REJECT = (
    f"mutation($id: ID!, $r: String!) {{ rejectOpportunity(id: $id, reason: $r) {{ {FIELDS} }} }}"
)
UPDATE = (
    "mutation($id: ID!, $in: UpdateOpportunityInput!) "
    f"{{ updateOpportunity(id: $id, input: $in) {{ {FIELDS} }} }}"
)
SEARCH = "query { opportunities(first: 100) { edges { node { id } } } }"
READ = "query($id: ID!) { opportunity(id: $id) { id status } }"


def draft_input(world: World, **changes: Any) -> dict[str, Any]:
    start = datetime.now(UTC) + timedelta(days=10)
    return {
        "organisationId": world.organisation,
        "badgeClassId": world.badge_class,
        "title": "Fix bikes at the market",
        "synopsis": "Saturday bike repair",
        "description": "Bring tools.",
        "startsAt": start.isoformat(),
        "endsAt": (start + timedelta(hours=4)).isoformat(),
        "capacity": 5,
        "address": "Vrijdagmarkt, Gent",
        "latitude": 51.0566,
        "longitude": 3.7260,
        **changes,
    }


async def _ids(client: httpx.AsyncClient, token: str | None = None) -> set[str]:
    body = await gql(client, SEARCH, token=token)
    return {e["node"]["id"] for e in body["data"]["opportunities"]["edges"]}


async def test_draft_submit_publish_close_archive(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    moderator = token_for(world.people["uni_moderator"])
    created = (await gql(client, DRAFT, {"input": draft_input(world)}, token=admin))["data"][
        "draftOpportunity"
    ]
    assert created["status"] == "DRAFT"
    assert created["domain"] == "SUSTAINABILITY"  # from its badge class
    assert created["badgeClass"]["name"] == "Test Badge"
    oid = created["id"]
    assert oid not in await _ids(client)
    assert (await gql(client, READ, {"id": oid}))["data"]["opportunity"] is None

    early = await gql(client, STATE["publishOpportunity"], {"id": oid}, token=moderator)
    assert error_codes(early) == ["CONFLICT"]
    assert "that is DRAFT; it must be SUBMITTED" in early["errors"][0]["message"]

    for name, token, status in [
        ("submitOpportunity", admin, "SUBMITTED"),
        ("publishOpportunity", moderator, "PUBLISHED"),
    ]:
        body = await gql(client, STATE[name], {"id": oid}, token=token)
        assert body["data"][name]["status"] == status
    assert oid in await _ids(client)

    archive_live = await gql(client, STATE["archiveOpportunity"], {"id": oid}, token=admin)
    assert error_codes(archive_live) == ["CONFLICT"]
    closed = await gql(client, STATE["closeOpportunity"], {"id": oid}, token=admin)
    assert closed["data"]["closeOpportunity"]["status"] == "CLOSED"
    assert oid not in await _ids(client)
    archived = await gql(client, STATE["archiveOpportunity"], {"id": oid}, token=admin)
    assert archived["data"]["archiveOpportunity"]["status"] == "ARCHIVED"


async def test_rejected_opportunity_can_be_fixed_and_resubmitted(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    moderator = token_for(world.people["uni_moderator"])
    oid = world.submitted_opportunity
    rejected = await gql(client, REJECT, {"id": oid, "r": "Add the meeting point"}, token=moderator)
    assert rejected["data"]["rejectOpportunity"]["rejectionReason"] == "Add the meeting point"
    # Visible to its organisation with the reason; invisible to learners.
    learner = token_for(world.people["learner"])
    assert (await gql(client, READ, {"id": oid}, token=learner))["data"]["opportunity"] is None
    assert (await gql(client, READ, {"id": oid}, token=admin))["data"]["opportunity"][
        "status"
    ] == "REJECTED"
    fixed = await gql(
        client, UPDATE, {"id": oid, "in": {"description": "Meet at the fountain"}}, token=admin
    )
    assert fixed["data"]["updateOpportunity"]["description"] == "Meet at the fountain"
    again = await gql(client, STATE["submitOpportunity"], {"id": oid}, token=admin)
    assert again["data"]["submitOpportunity"]["status"] == "SUBMITTED"


async def test_only_some_fields_change_after_publication(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    oid = world.live_opportunity  # published, two places taken
    title = await gql(client, UPDATE, {"id": oid, "in": {"title": "Other"}}, token=admin)
    assert error_codes(title) == ["CONFLICT"]
    assert "title cannot change after publication" in title["errors"][0]["message"]
    moved = await gql(
        client, UPDATE, {"id": oid, "in": {"latitude": 51.1, "longitude": 3.8}}, token=admin
    )
    assert error_codes(moved) == ["CONFLICT"]
    too_small = await gql(client, UPDATE, {"id": oid, "in": {"capacity": 1}}, token=admin)
    assert error_codes(too_small) == ["CONFLICT"]
    assert "2 places are taken" in too_small["errors"][0]["message"]
    ok = await gql(
        client, UPDATE, {"id": oid, "in": {"capacity": 3, "description": "More"}}, token=admin
    )
    assert ok["data"]["updateOpportunity"]["capacity"] == 3
    trail = "query($o: ID!) { opportunityAuditTrail(opportunityId: $o) { action detail } }"
    events = await gql(client, trail, {"o": oid}, token=admin)
    assert events["data"]["opportunityAuditTrail"] == [
        {"action": "edit", "detail": "capacity, description"}
    ]
    learner = token_for(world.people["learner"])
    assert error_codes(await gql(client, trail, {"o": oid}, token=learner)) == ["FORBIDDEN"]


async def test_bad_drafts_are_refused_with_the_field(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    start = datetime.now(UTC) + timedelta(days=3)
    cases: list[tuple[dict[str, Any], str | None, str]] = [
        (
            {"endsAt": (start - timedelta(hours=1)).isoformat(), "startsAt": start.isoformat()},
            "endsAt",
            "BAD_USER_INPUT",
        ),
        ({"startsAt": "2030-05-01T10:00:00"}, "startsAt", "BAD_USER_INPUT"),
        ({"capacity": 0}, "capacity", "BAD_USER_INPUT"),
        ({"latitude": -100}, "latitude", "BAD_USER_INPUT"),
        ({"badgeClassId": "0d9f1d8e-0000-4000-8000-000000000000"}, "badgeClassId", "NOT_FOUND"),
        ({"organisationId": world.pending_organisation}, None, "FORBIDDEN"),
    ]
    for changes, field, code in cases:
        body = await gql(client, DRAFT, {"input": draft_input(world, **changes)}, token=admin)
        assert error_codes(body) == [code], (changes, body)
        if field:
            assert body["errors"][0]["extensions"]["field"] == field


async def test_submitting_an_opportunity_whose_start_passed_is_a_conflict(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    past = datetime.now(UTC) - timedelta(days=1)
    body = await gql(
        client,
        DRAFT,
        {
            "input": draft_input(
                world, startsAt=past.isoformat(), endsAt=(past + timedelta(hours=2)).isoformat()
            )
        },
        token=admin,
    )
    oid = body["data"]["draftOpportunity"]["id"]
    submitted = await gql(client, STATE["submitOpportunity"], {"id": oid}, token=admin)
    assert error_codes(submitted) == ["CONFLICT"]
    assert "start has passed" in submitted["errors"][0]["message"]

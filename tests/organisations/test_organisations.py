"""Organisations apply, moderators decide, admins manage members; every change is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_world
from tests.helpers import error_codes, gql

APPLY = """
mutation($input: ApplyOrganisationInput!) {
  applyOrganisation(input: $input) { id status name university { id name } }
}
"""
SEE = "query($id: ID!) { organisation(id: $id) { id status rejectionReason } }"
MEMBERS = "query($id: ID!) { organisationMembers(organisationId: $id) { email role } }"
TRAIL = (
    "query($id: ID!) { organisationAuditTrail(organisationId: $id) { action actorName detail } }"
)


def application(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "universityId": world.university,
        "name": "Fietsatelier Macharius",
        "description": "Bicycle repair for the neighbourhood",
        "contactEmail": "hallo@fietsatelier.example",
        "address": "Macharius 1, Gent",
        "latitude": 51.0527,
        "longitude": 3.7359,
        "website": "https://fietsatelier.example",
        **changes,
    }


async def _count(graph: Graph, label_query: str) -> int:
    async def work(tx: Any) -> int:
        record = await (await tx.run(label_query)).single()
        return int(record["n"])

    return await graph.read(work)


async def test_apply_review_and_audit(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner = token_for(world.people["learner"])
    moderator = token_for(world.people["uni_moderator"])

    applied = await gql(client, APPLY, {"input": application(world)}, token=learner)
    org = applied["data"]["applyOrganisation"]
    assert org["status"] == "PENDING"
    assert org["university"]["name"] == "Hogeschool Test"

    # Pending organisations are private: strangers and other learners see nothing.
    assert (await gql(client, SEE, {"id": org["id"]}))["data"]["organisation"] is None
    other = token_for(world.people["teacher"])
    assert (await gql(client, SEE, {"id": org["id"]}, token=other))["data"]["organisation"] is None
    # The applicant became its ADMIN and sees it; so does the moderator.
    members = await gql(client, MEMBERS, {"id": org["id"]}, token=learner)
    assert members["data"]["organisationMembers"] == [
        {"email": "learner@world.example", "role": "ADMIN"}
    ]
    pending = await gql(
        client,
        "query($u: ID!) { organisations(status: PENDING, universityId: $u) { name } }",
        {"u": world.university},
        token=moderator,
    )
    assert {"name": "Fietsatelier Macharius"} in pending["data"]["organisations"]

    approved = await gql(
        client,
        "mutation($id: ID!) { approveOrganisation(id: $id) { status } }",
        {"id": org["id"]},
        token=moderator,
    )
    assert approved["data"]["approveOrganisation"]["status"] == "APPROVED"
    assert (await gql(client, SEE, {"id": org["id"]}))["data"]["organisation"]["status"] == (
        "APPROVED"
    )

    again = await gql(
        client,
        'mutation($id: ID!) { rejectOrganisation(id: $id, reason: "late") { status } }',
        {"id": org["id"]},
        token=moderator,
    )
    assert error_codes(again) == ["CONFLICT"]
    assert "that is APPROVED" in again["errors"][0]["message"]

    trail = await gql(client, TRAIL, {"id": org["id"]}, token=learner)
    assert [(e["action"], e["actorName"]) for e in trail["data"]["organisationAuditTrail"]] == [
        ("approve", "uni_moderator"),
        ("apply", "learner"),
    ]


async def test_rejection_needs_a_reason_and_is_shown_to_the_applicant(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    moderator = token_for(world.people["uni_moderator"])
    reject = (
        "mutation($id: ID!, $r: String!) { rejectOrganisation(id: $id, reason: $r) { status } }"
    )
    blank = await gql(
        client, reject, {"id": world.pending_organisation, "r": "  "}, token=moderator
    )
    assert error_codes(blank) == ["BAD_USER_INPUT"]
    done = await gql(
        client, reject, {"id": world.pending_organisation, "r": "Not in Ghent"}, token=moderator
    )
    assert done["data"]["rejectOrganisation"]["status"] == "REJECTED"
    seen = await gql(client, SEE, {"id": world.pending_organisation}, token=moderator)
    assert seen["data"]["organisation"]["rejectionReason"] == "Not in Ghent"


async def test_moderator_of_another_university_may_not_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        "mutation($id: ID!) { approveOrganisation(id: $id) { status } }",
        {"id": world.pending_organisation},
        token=token_for(world.people["other_uni_moderator"]),
    )
    assert error_codes(body) == ["FORBIDDEN"]
    listing = await gql(
        client,
        "query($u: ID!) { organisations(status: PENDING, universityId: $u) { name } }",
        {"u": world.university},
        token=token_for(world.people["other_uni_moderator"]),
    )
    assert error_codes(listing) == ["FORBIDDEN"]


async def test_bad_applications_are_refused_and_create_nothing(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    before = await _count(clean_graph, "MATCH (o:Organisation) RETURN count(o) AS n")
    token = token_for(world.people["learner"])
    cases: list[tuple[dict[str, Any], str]] = [
        ({"contactEmail": "not-an-email"}, "contactEmail"),
        ({"latitude": 95}, "latitude"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"name": "   "}, "name"),
        ({"universityId": "not-a-uuid"}, "universityId"),
    ]
    for changes, field in cases:
        body = await gql(client, APPLY, {"input": application(world, **changes)}, token=token)
        assert body["errors"][0]["extensions"]["field"] == field, body
    assert await _count(clean_graph, "MATCH (o:Organisation) RETURN count(o) AS n") == before


async def test_admins_invite_and_remove_members_but_keep_one_admin(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    invited = await gql(
        client,
        "mutation($o: ID!) { addOrganisationMember(organisationId: $o, "
        'email: " New.Person@Example.org ", role: SUPERVISOR) { personId email role } }',
        {"o": world.organisation},
        token=admin,
    )
    member = invited["data"]["addOrganisationMember"]
    assert member["email"] == "new.person@example.org"
    assert member["role"] == "SUPERVISOR"
    # Every member reads the trail, and it outlives an erased account: an id, no address.
    trail = await gql(client, TRAIL, {"id": world.organisation}, token=admin)
    [added] = [e for e in trail["data"]["organisationAuditTrail"] if e["action"] == "add_member"]
    assert added["detail"] == f"{member['personId']} as SUPERVISOR"
    wrong_role = await gql(
        client,
        'mutation($o: ID!) { addOrganisationMember(organisationId: $o, email: "x@y.example", '
        "role: CURATOR) { role } }",
        {"o": world.organisation},
        token=admin,
    )
    assert error_codes(wrong_role) == ["BAD_USER_INPUT"]
    last_admin = await gql(
        client,
        "mutation($o: ID!, $p: ID!) { removeOrganisationMember(organisationId: $o, personId: $p, "
        "role: ADMIN) }",
        {"o": world.organisation, "p": world.people["org_admin"]},
        token=admin,
    )
    assert error_codes(last_admin) == ["CONFLICT"]
    members = await gql(client, MEMBERS, {"id": world.organisation}, token=admin)
    assert {"email": "org_admin@world.example", "role": "ADMIN"} in members["data"][
        "organisationMembers"
    ]
    assert {"email": "new.person@example.org", "role": "SUPERVISOR"} in members["data"][
        "organisationMembers"
    ]
    signed_out = await gql(client, MEMBERS, {"id": world.organisation})
    assert error_codes(signed_out) == ["UNAUTHENTICATED"]
    other = await gql(
        client, MEMBERS, {"id": world.organisation}, token=token_for(world.people["learner"])
    )
    assert error_codes(other) == ["FORBIDDEN"]

"""Admins edit their organisation's profile and logo; moderators list what waits for them;
members show who has no account yet; each with its validation, authorisation and audit."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from PIL import Image

from graph.core.database import Graph
from graph.opportunities.discovery import SUBMITTED_TO
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, scans

UPDATE = """
mutation($id: ID!, $input: UpdateOrganisationInput!) {
  updateOrganisation(id: $id, input: $input) {
    name description website contactEmail contactPhone address
    location { latitude longitude } logoUrl status
  }
}
"""
TRAIL = (
    "query($id: ID!) { organisationAuditTrail(organisationId: $id) { action actorName detail } }"
)
SUBMITTED = """
query($u: ID!, $first: Int! = 50) {
  submittedOpportunities(universityId: $u, first: $first) { id status organisation { id } }
}
"""


def png_data_url(side: int = 64, kind: str = "PNG") -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (10, 107, 45)).save(buffer, format=kind)
    media = "png" if kind == "PNG" else kind.lower()
    return f"data:image/{media};base64," + base64.b64encode(buffer.getvalue()).decode()


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def test_admins_edit_the_profile_and_logo_and_each_change_is_audited(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    logo = png_data_url()
    changes = {
        "name": "Buurtwerk Macharius",
        "website": "https://buurtwerk.example",
        "contactPhone": "+32 9 123 45 67",
        "address": "Macharius 1, Gent",
        "latitude": 51.0527,
        "longitude": 3.7359,
        "logo": logo,
    }
    body = await gql(client, UPDATE, {"id": world.organisation, "input": changes}, token=admin)
    updated = body["data"]["updateOrganisation"]
    assert updated["name"] == "Buurtwerk Macharius"
    assert updated["description"] == "Test org"  # left out: unchanged
    assert updated["location"] == {"latitude": 51.0527, "longitude": 3.7359}
    assert updated["status"] == "APPROVED"
    assert updated["logoUrl"].startswith(f"/organisations/{world.organisation}/logo.png?v=")

    # An approved organisation's logo is public, the very PNG that was sent.
    served = await client.get(updated["logoUrl"])
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/png"
    assert served.content == base64.b64decode(logo.split(",", 1)[1])

    # Empty optional parts are removed; the logo's address goes with it.
    emptied = await gql(
        client,
        UPDATE,
        {"id": world.organisation, "input": {"website": "", "logo": " ", "contactPhone": ""}},
        token=admin,
    )
    after = emptied["data"]["updateOrganisation"]
    assert (after["website"], after["contactPhone"], after["logoUrl"]) == (None, None, None)
    assert (await client.get(f"/organisations/{world.organisation}/logo.png")).status_code == 404

    trail = await gql(client, TRAIL, {"id": world.organisation}, token=admin)
    assert [
        (e["action"], e["actorName"], e["detail"]) for e in trail["data"]["organisationAuditTrail"]
    ] == [
        ("edit", "org_admin", "contact_phone, logo, website"),
        ("edit", "org_admin", "address, contact_phone, location, logo, name, website"),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"website": "javascript:alert(1)"}, "website"),
        ({"contactEmail": "not-an-email"}, "contactEmail"),
        ({"contactEmail": ""}, "contactEmail"),
        ({"name": "   "}, "name"),
        ({"description": "x" * 5001}, "description"),
        ({"latitude": 51.05}, "latitude"),
        ({"latitude": 95, "longitude": 3.7}, "latitude"),
        ({"logo": "https://example.org/logo.png"}, "logo"),
        ({"logo": png_data_url(kind="JPEG")}, "logo"),
        ({"logo": png_data_url(side=32)}, "logo"),
        ({"logo": "data:image/png;base64," + base64.b64encode(b"GIF89a" * 20).decode()}, "logo"),
        ({"logo": "data:image/png;base64,%%%"}, "logo"),
        ({"logo": "data:image/png;base64," + "A" * 400_000}, "logo"),
        ({}, None),
    ],
)
async def test_bad_profile_changes_are_refused_and_change_nothing(
    changes: dict[str, Any],
    field: str | None,
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    body = await gql(client, UPDATE, {"id": world.organisation, "input": changes}, token=admin)
    assert error_codes(body) == ["BAD_USER_INPUT"], body
    assert body["errors"][0]["extensions"].get("field") == field, body
    seen = await gql(
        client,
        "query($id: ID!) { organisation(id: $id) { name website logoUrl } }",
        {"id": world.organisation},
    )
    assert seen["data"]["organisation"] == {
        "name": "Buurtwerk Test",
        "website": None,
        "logoUrl": None,
    }
    trail = await gql(client, TRAIL, {"id": world.organisation}, token=admin)
    assert trail["data"]["organisationAuditTrail"] == []


async def test_an_unknown_organisation_is_not_found(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    for unknown in ("00000000-0000-4000-8000-000000000000", "nope"):
        body = await gql(client, UPDATE, {"id": unknown, "input": {"name": "X"}}, token=admin)
        assert error_codes(body) == ["NOT_FOUND"]


async def test_a_pending_organisations_logo_is_for_its_people_and_moderators_only(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    applicant = token_for(world.people["learner"])
    applied = await gql(
        client,
        "mutation($input: ApplyOrganisationInput!) { applyOrganisation(input: $input) { id } }",
        {
            "input": {
                "universityId": world.university,
                "name": "Repair Café",
                "description": "We fix things",
                "contactEmail": "hallo@repair.example",
                "address": "Dok Noord 1, Gent",
                "latitude": 51.07,
                "longitude": 3.73,
            }
        },
        token=applicant,
    )
    org = applied["data"]["applyOrganisation"]["id"]
    # The applicant, its first admin, may describe it while it waits.
    body = await gql(
        client, UPDATE, {"id": org, "input": {"logo": png_data_url(80)}}, token=applicant
    )
    updated = body["data"]["updateOrganisation"]
    assert updated["status"] == "PENDING"
    url = updated["logoUrl"]
    assert (await client.get(url)).status_code == 404
    stranger = token_for(world.people["other_org_admin"])
    assert (await client.get(url, headers=bearer(stranger))).status_code == 404
    for who in ("learner", "uni_moderator"):
        seen = await client.get(url, headers=bearer(token_for(world.people[who])))
        assert seen.status_code == 200, who

    me = await gql(
        client, "{ me { memberships { bodyId bodyKind bodyStatus role } } }", token=applicant
    )
    assert {
        "bodyId": org,
        "bodyKind": "Organisation",
        "bodyStatus": "PENDING",
        "role": "ADMIN",
    } in (me["data"]["me"]["memberships"])


async def test_members_added_by_address_show_they_have_no_account_yet(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    added = await gql(
        client,
        "mutation($o: ID!) { addOrganisationMember(organisationId: $o, "
        'email: "newcomer@example.org", role: SUPERVISOR) { email invited } }',
        {"o": world.organisation},
        token=admin,
    )
    assert added["data"]["addOrganisationMember"] == {
        "email": "newcomer@example.org",
        "invited": True,
    }
    members = await gql(
        client,
        "query($o: ID!) { organisationMembers(organisationId: $o) { email invited } }",
        {"o": world.organisation},
        token=admin,
    )
    invited = {m["email"]: m["invited"] for m in members["data"]["organisationMembers"]}
    assert invited["newcomer@example.org"] is True
    assert invited["org_admin@world.example"] is False


async def test_moderators_list_the_submitted_opportunities_of_their_partners(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    moderator = token_for(world.people["uni_moderator"])
    body = await gql(client, SUBMITTED, {"u": world.university}, token=moderator)
    assert body["data"]["submittedOpportunities"] == [
        {
            "id": world.submitted_opportunity,
            "status": "SUBMITTED",
            "organisation": {"id": world.organisation},
        }
    ]
    outcomes = {}
    for role in ("other_uni_moderator", "org_admin", "curator", "learner", None):
        token = token_for(world.people[role]) if role else None
        outcomes[role] = error_codes(
            await gql(client, SUBMITTED, {"u": world.university}, token=token)
        )
    assert outcomes == {
        "other_uni_moderator": ["FORBIDDEN"],
        "org_admin": ["FORBIDDEN"],
        "curator": ["FORBIDDEN"],
        "learner": ["FORBIDDEN"],
        None: ["UNAUTHENTICATED"],
    }
    bounded = await gql(client, SUBMITTED, {"u": world.university, "first": 0}, token=moderator)
    assert error_codes(bounded) == ["BAD_USER_INPUT"]
    unknown = await gql(
        client, SUBMITTED, {"u": "00000000-0000-4000-8000-000000000000"}, token=moderator
    )
    assert error_codes(unknown) == ["NOT_FOUND"]


async def test_the_moderators_list_starts_from_the_university_by_its_index(graph: Graph) -> None:
    operators = await plan_operators(
        graph, SUBMITTED_TO, {"university": "u", "status": "SUBMITTED", "limit": 50}
    )
    assert not scans(operators), operators
    assert any(op.startswith("NodeUniqueIndexSeek") and ":University" in op for op in operators), (
        operators
    )

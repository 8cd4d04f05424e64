"""Badge classes: who creates them, what they carry, and the images they are shown with."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_png, make_world
from tests.helpers import error_codes, gql

CREATE = """
mutation($input: CreateBadgeClassInput!) {
  createBadgeClass(input: $input) {
    id name domain level criteria expiresAfterDays imageUrl brandUniversity
    issuer { id kind }
    alignments { framework code name url }
    endorsementPolicy { minimum relationships requireOneOf }
    requires { id name }
  }
}
"""


def badge(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "issuerId": world.organisation,
        "name": "Bike Doctor",
        "description": "Repairs bicycles with neighbours",
        "criteria": "Repair three bicycles under supervision",
        "domain": "SUSTAINABILITY",
        "level": "INTERMEDIATE",
        "alignments": [
            {
                "framework": "ESCO",
                "code": "S6.4.1",
                "name": "repairing bicycles",
                "url": "https://esco.ec.europa.eu/en/classification/skill?uri=x",
            }
        ],
        "endorsementPolicy": {
            "minimum": 2,
            "relationships": ["SUPERVISOR", "PEER"],
            "requireOneOf": ["SUPERVISOR"],
        },
        "expiresAfterDays": 730,
        **changes,
    }


async def test_an_organisation_admin_creates_a_full_badge_class(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        CREATE,
        {"input": badge(world, requires=[world.badge_class])},
        token=token_for(world.people["org_admin"]),
    )
    created = body["data"]["createBadgeClass"]
    assert created["issuer"] == {"id": world.organisation, "kind": "Organisation"}
    assert created["brandUniversity"] == "Hogeschool Test"
    assert created["alignments"][0]["code"] == "S6.4.1"
    assert created["endorsementPolicy"] == {
        "minimum": 2,
        "relationships": ["SUPERVISOR", "PEER"],
        "requireOneOf": ["SUPERVISOR"],
    }
    assert created["requires"] == [{"id": world.badge_class, "name": "Test Badge"}]
    assert created["expiresAfterDays"] == 730
    read = await gql(
        client, "query($id: ID!) { badgeClass(id: $id) { name criteria } }", {"id": created["id"]}
    )
    assert read["data"]["badgeClass"] == {
        "name": "Bike Doctor",
        "criteria": "Repair three bicycles under supervision",
    }


async def test_a_university_curator_creates_university_badge_classes(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        CREATE,
        {"input": badge(world, issuerId=world.university)},
        token=token_for(world.people["curator"]),
    )
    assert body["data"]["createBadgeClass"]["issuer"]["kind"] == "University"
    # A university role gives no say over an organisation's badge classes.
    on_org = await gql(
        client, CREATE, {"input": badge(world)}, token=token_for(world.people["curator"])
    )
    assert error_codes(on_org) == ["FORBIDDEN"]


async def test_a_pending_organisation_cannot_issue_yet(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    applicant = token_for(world.people["learner"])
    applied = await gql(
        client,
        'mutation($u: ID!) { applyOrganisation(input: {universityId: $u, name: "N", '
        'description: "D", contactEmail: "c@x.example", address: "A", latitude: 51, '
        "longitude: 3.7}) { id } }",
        {"u": world.university},
        token=applicant,
    )
    org_id = applied["data"]["applyOrganisation"]["id"]
    body = await gql(client, CREATE, {"input": badge(world, issuerId=org_id)}, token=applicant)
    assert error_codes(body) == ["CONFLICT"]
    assert "once it is approved" in body["errors"][0]["message"]


async def test_invalid_badge_classes_are_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    cases: list[tuple[dict[str, Any], str]] = [
        (
            {"endorsementPolicy": {"minimum": 11, "relationships": ["PEER"]}},
            "endorsementPolicy.minimum",
        ),
        (
            {
                "endorsementPolicy": {
                    "minimum": 2,
                    "relationships": ["PEER"],
                    "requireOneOf": ["TEACHER"],
                }
            },
            "endorsementPolicy.requireOneOf",
        ),
        ({"expiresAfterDays": 0}, "expiresAfterDays"),
        (
            {"alignments": [{"framework": "ESCO", "code": "x", "name": "y", "url": "ftp://x"}]},
            "alignments[0].url",
        ),
        ({"image": "data:image/gif;base64,R0lGOD"}, "image"),
        ({"criteria": ""}, "criteria"),
    ]
    for changes, field in cases:
        body = await gql(client, CREATE, {"input": badge(world, **changes)}, token=admin)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
        assert body["errors"][0]["extensions"]["field"] == field
    unknown = await gql(
        client,
        CREATE,
        {"input": badge(world, requires=["6f1c7a9e-0000-4000-8000-000000000000"])},
        token=admin,
    )
    assert error_codes(unknown) == ["NOT_FOUND"]


async def test_minimum_zero_sends_a_self_asserted_claim_straight_to_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    learner = token_for(world.people["learner"])
    policy = {"minimum": 0, "relationships": []}
    body = await gql(client, CREATE, {"input": badge(world, endorsementPolicy=policy)}, token=admin)
    created = body["data"]["createBadgeClass"]
    assert created["endorsementPolicy"]["minimum"] == 0
    consent = await gql(
        client,
        "query($id: ID!) { badgeClass(id: $id) { issuance { autoIssueParticipations } } }",
        {"id": created["id"]},
    )
    assert consent["data"]["badgeClass"]["issuance"]["autoIssueParticipations"] is False

    # No endorsement needed, and no consent given in advance: the issuer reviews it.
    claimed = await gql(
        client,
        'mutation($b: ID!) { selfAssert(input: {title: "Fixed a bike", narrative: "At home", '
        "badgeClassId: $b}) { id status tier assertionId endorsements { id } } }",
        {"b": created["id"]},
        token=learner,
    )
    claim = claimed["data"]["selfAssert"]
    assert {k: v for k, v in claim.items() if k != "id"} == {
        "status": "IN_REVIEW",
        "tier": "SELF_ASSERTED",
        "assertionId": None,
        "endorsements": [],
    }
    badges = await gql(
        client, "{ myAssertions { totalCount edges { node { id } } } }", token=learner
    )
    assert badges["data"]["myAssertions"] == {"totalCount": 0, "edges": []}
    queue = await gql(
        client,
        "query($o: ID!) { reviewQueue(issuerId: $o) { edges { node { id } } } }",
        {"o": world.organisation},
        token=admin,
    )
    assert claim["id"] in [e["node"]["id"] for e in queue["data"]["reviewQueue"]["edges"]]


async def test_generated_image_is_a_branded_inert_svg_with_escaped_text(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client,
        CREATE,
        {"input": badge(world, name='<script>alert(1)</script>"')},
        token=token_for(world.people["org_admin"]),
    )
    url = body["data"]["createBadgeClass"]["imageUrl"]
    response = await client.get(url.replace("http://testserver", ""))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    root = ET.fromstring(response.text)  # noqa: S314 - our own output, checked to be inert
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "Hogeschool Test" in response.text
    assert "#123456" in response.text  # the university's brand colour


async def test_uploaded_png_is_served_as_is(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    png = make_png(128, 128)
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    body = await gql(
        client,
        CREATE,
        {"input": badge(world, image=data_url)},
        token=token_for(world.people["org_admin"]),
    )
    badge_id = body["data"]["createBadgeClass"]["id"]
    response = await client.get(f"/badge-classes/{badge_id}/image")
    assert response.headers["content-type"] == "image/png"
    assert response.content == png
    assert (await client.get("/badge-classes/not-an-id/image")).status_code == 404

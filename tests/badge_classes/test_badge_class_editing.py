"""Editing a badge class: what may change, what issued badges freeze, and who may do it."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import httpx

from graph.badge_classes.badge_classes import BRAND_OF_ISSUER, EDIT, EDIT_FACTS
from graph.core.database import Graph
from tests.factories import World, make_png, make_world
from tests.helpers import error_codes, gql, plan_operators, run, scans

UPDATE = """
mutation($id: ID!, $input: UpdateBadgeClassInput!) {
  updateBadgeClass(id: $id, input: $input) {
    id name description criteria domain level expiresAfterDays badgesIssued frozenFields
    hasUploadedImage
    alignments { framework code name }
    endorsementPolicy { minimum relationships requireOneOf }
    requires { id name }
    rubric { name levels minimumLevel }
    issuance { autoIssueParticipations autoIssueOnCompletion }
  }
}
"""

RUBRIC = [
    {"name": "Safety", "levels": ["careless", "careful"], "minimumLevel": 2},
    {"name": "Tools", "levels": ["names them", "uses them", "teaches them"]},
]


async def _edit(
    client: httpx.AsyncClient,
    token_for: Callable[[str], str],
    world: World,
    badge_class: str,
    role: str = "org_admin",
    **changes: Any,
) -> dict[str, Any]:
    return await gql(
        client, UPDATE, {"id": badge_class, "input": changes}, token=token_for(world.people[role])
    )


async def _second_class(graph: Graph, world: World) -> str:
    """The organisation's second class, no badges on it, as nobody validated it yet (an
    officially validated class stays as validated: the last test below)."""
    await run(
        graph,
        "MATCH (b:BadgeClass {id: $id}) SET b.validated = false",
        id=world.validated_badge_class,
    )
    return world.validated_badge_class


def _field(body: dict[str, Any]) -> tuple[list[str], str | None]:
    return error_codes(body), body["errors"][0]["extensions"].get("field")


async def test_a_class_without_badges_changes_freely(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    second = await _second_class(clean_graph, world)
    image = "data:image/png;base64," + base64.b64encode(make_png(64, 64)).decode()
    body = await _edit(
        client,
        token_for,
        world,
        second,
        name="Repair Mentor",
        description="Teaches repairs",
        criteria="Mentor two newcomers",
        domain="SUSTAINABILITY",
        level="EXPERT",
        alignments=[{"framework": "ESCO", "code": "S1", "name": "mentoring"}],
        image=image,
        expiresAfterDays=365,
        endorsementPolicy={"minimum": 1, "relationships": ["PEER"], "requireOneOf": []},
        requires=[world.badge_class],
        rubric=RUBRIC,
        autoIssueParticipations=False,
        autoIssueOnCompletion=True,
    )
    edited = body["data"]["updateBadgeClass"]
    assert (edited["name"], edited["domain"], edited["level"]) == (
        "Repair Mentor",
        "SUSTAINABILITY",
        "EXPERT",
    )
    assert edited["alignments"] == [{"framework": "ESCO", "code": "S1", "name": "mentoring"}]
    assert edited["hasUploadedImage"]
    assert edited["expiresAfterDays"] == 365
    assert edited["requires"] == [{"id": world.badge_class, "name": "Test Badge"}]
    assert [k["name"] for k in edited["rubric"]] == ["Safety", "Tools"]
    assert edited["issuance"] == {"autoIssueParticipations": False, "autoIssueOnCompletion": True}
    assert edited["frozenFields"] == []
    assert not edited["badgesIssued"]

    # The expiry goes with an explicit null; a part left out stays as it is.
    cleared = await _edit(client, token_for, world, second, expiresAfterDays=None)
    assert cleared["data"]["updateBadgeClass"]["expiresAfterDays"] is None
    assert cleared["data"]["updateBadgeClass"]["name"] == "Repair Mentor"

    trail = await run(
        clean_graph,
        "MATCH (e:AuditEvent {targetId: $id}) RETURN e.action AS action, e.detail AS detail",
        id=second,
    )
    edits = [t["detail"] for t in trail if t["action"] == "edit"]
    assert len(trail) == 3, trail
    assert "expiresAfterDays" in edits, trail
    [first] = [e for e in edits if e != "expiresAfterDays"]
    assert first.startswith("name, description, criteria")
    assert "rubric" in first
    assert [t["detail"] for t in trail if t["action"] == "set_issuance"] == [
        "issues itself once every required badge is held"
    ]


async def test_issued_badges_freeze_what_they_state(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)  # badge_class has an issued badge
    read = await gql(
        client,
        "query($id: ID!) { badgeClass(id: $id) { badgesIssued frozenFields } }",
        {"id": world.badge_class},
    )
    assert read["data"]["badgeClass"] == {
        "badgesIssued": True,
        "frozenFields": [
            "name",
            "description",
            "criteria",
            "domain",
            "level",
            "alignments",
            "image",
            "rubric",
        ],
    }
    image = "data:image/png;base64," + base64.b64encode(make_png(64, 64)).decode()
    for change, field in (
        ({"name": "Renamed"}, "name"),
        ({"description": "Other"}, "description"),
        ({"criteria": "Other"}, "criteria"),
        ({"level": "EXPERT"}, "level"),
        ({"domain": "RESEARCH"}, "domain"),
        ({"alignments": [{"framework": "ESCO", "code": "S9", "name": "x"}]}, "alignments"),
        ({"image": image}, "image"),
        ({"rubric": RUBRIC}, "rubric"),
    ):
        refused = await _edit(client, token_for, world, world.badge_class, **change)
        assert _field(refused) == (["FIELD_FROZEN"], field), (change, refused)

    # A form may send the frozen parts as they are: they change nothing and pass.
    same = await _edit(
        client,
        token_for,
        world,
        world.badge_class,
        name="Test Badge",
        level="BEGINNER",
        domain="SUSTAINABILITY",
        alignments=[],
        expiresAfterDays=30,
        endorsementPolicy={"minimum": 0, "relationships": [], "requireOneOf": []},
        requires=[world.validated_badge_class],
    )
    edited = same["data"]["updateBadgeClass"]
    assert edited["name"] == "Test Badge"
    assert edited["expiresAfterDays"] == 30
    assert edited["endorsementPolicy"]["minimum"] == 0
    assert edited["requires"] == [{"id": world.validated_badge_class, "name": "Validated"}]
    # A refusal left nothing behind.
    [after] = await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $id}) RETURN b.name AS name, b.imagePng IS NULL AS noImage",
        id=world.badge_class,
    )
    assert after == {"name": "Test Badge", "noImage": True}


async def test_a_claimed_class_keeps_its_rubric(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    second = await _second_class(clean_graph, world)
    await run(
        clean_graph,
        "MATCH (c:Claim {id: $claim}), (b:BadgeClass {id: $b}) CREATE (c)-[:FOR_BADGE]->(b)",
        claim=world.open_claim,
        b=second,
    )
    refused = await _edit(client, token_for, world, second, rubric=RUBRIC)
    assert _field(refused) == (["FIELD_FROZEN"], "rubric")
    renamed = await _edit(client, token_for, world, second, name="Renamed")
    assert renamed["data"]["updateBadgeClass"]["frozenFields"] == ["rubric"]


async def test_an_edit_is_checked_as_a_creation_is(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    cls = await _second_class(clean_graph, world)
    # A pathway cannot loop: badge_class → validated → badge_class.
    await _edit(client, token_for, world, world.badge_class, requires=[cls])
    looping = await _edit(client, token_for, world, cls, requires=[world.badge_class])
    assert _field(looping) == (["BAD_USER_INPUT"], "requires")
    itself = await _edit(client, token_for, world, cls, requires=[cls])
    assert _field(itself) == (["BAD_USER_INPUT"], "requires")
    unknown = await _edit(
        client, token_for, world, cls, requires=["00000000-0000-4000-8000-000000000000"]
    )
    assert _field(unknown) == (["NOT_FOUND"], "requires")
    lonely = await _edit(
        client, token_for, world, cls, autoIssueParticipations=False, autoIssueOnCompletion=True
    )
    assert _field(lonely) == (["BAD_USER_INPUT"], "autoIssueOnCompletion")
    half = await _edit(client, token_for, world, cls, autoIssueOnCompletion=True)
    assert _field(half) == (["BAD_USER_INPUT"], "autoIssueParticipations")
    for change, field in (
        ({"name": " "}, "name"),
        ({"expiresAfterDays": 0}, "expiresAfterDays"),
        ({"rubric": RUBRIC[:1]}, "rubric"),
        ({"image": "data:image/png;base64,AAAA"}, "image"),
        (
            {"endorsementPolicy": {"minimum": 2, "relationships": [], "requireOneOf": []}},
            "endorsementPolicy.relationships",
        ),
    ):
        refused = await _edit(client, token_for, world, cls, **change)
        assert _field(refused) == (["BAD_USER_INPUT"], field), (change, refused)
    missing = await _edit(
        client, token_for, world, "00000000-0000-4000-8000-000000000000", name="x"
    )
    assert error_codes(missing) == ["NOT_FOUND"]


async def test_only_the_issuers_designers_edit(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    for role in ("org_supervisor", "other_org_admin", "curator", "learner"):
        refused = await _edit(client, token_for, world, world.validated_badge_class, role, name="x")
        assert error_codes(refused) == ["FORBIDDEN"], role
    stranger = await gql(
        client, UPDATE, {"id": world.validated_badge_class, "input": {"name": "x"}}
    )
    assert error_codes(stranger) == ["UNAUTHENTICATED"]


async def test_the_edit_statements_seek_their_nodes_by_index(graph: Graph) -> None:
    params: dict[str, Any] = {
        "id": "b",
        "actor": "a",
        "requires": ["r"],
        "props": {},
        "imagePng": None,
        "policyMinimum": 1,
        "policyRelationships": [],
        "policyRequireOneOf": [],
        "autoParticipations": False,
        "autoOnCompletion": False,
        "consentChanged": False,
        "alignments": None,
        "rubric": None,
    }
    for statement in (EDIT_FACTS, EDIT, BRAND_OF_ISSUER):
        operators = await plan_operators(graph, statement, {**params, "issuer": "i"})
        assert scans(operators) == [], operators


async def test_an_officially_validated_class_stays_as_its_university_validated_it(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """The university's name covers what it saw: the organisation cannot change what the
    class states, its rubric or how it issues, nor hand its awards to peers, until the
    curators withdraw the validation."""
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    validate = 'mutation($id: ID!) { validateBadgeClass(id: $id, note: "seen") { id } }'
    assert "errors" not in await gql(client, validate, {"id": world.badge_class}, token=curator)
    for changes, field in (
        ({"name": "Something grander"}, "name"),
        ({"criteria": "Attend once"}, "criteria"),
        ({"rubric": RUBRIC}, "rubric"),
    ):
        body = await _edit(client, token_for, world, world.badge_class, **changes)
        assert _field(body) == (["FIELD_FROZEN"], field), changes
    shown = await gql(
        client,
        "query($id: ID!) { badgeClass(id: $id) { frozenFields } }",
        {"id": world.badge_class},
        token=token_for(world.people["org_admin"]),
    )
    assert {"name", "criteria", "rubric"} <= set(shown["data"]["badgeClass"]["frozenFields"])
    # What only applies from now on, and says nothing in the university's name, may change;
    # the organisation may stop issuing its participations at once, never start anew.
    body = await _edit(client, token_for, world, world.badge_class, expiresAfterDays=365)
    assert "errors" not in body, body
    for auto, outcome in ((False, []), (True, ["FIELD_FROZEN"])):
        body = await _edit(
            client,
            token_for,
            world,
            world.badge_class,
            autoIssueParticipations=auto,
            autoIssueOnCompletion=False,
        )
        assert error_codes(body) == outcome, auto
    peers = await gql(
        client,
        "mutation($b: ID!, $s: PeerAssessmentSettingsInput) { configurePeerAssessment("
        "badgeClassId: $b, settings: $s) { enabled } }",
        {"b": world.badge_class, "s": {"passingScore": 1, "disagreement": 1}},
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(peers) == ["CONFLICT"]

    withdraw = 'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "x") { id } }'
    assert "errors" not in await gql(client, withdraw, {"id": world.badge_class}, token=curator)
    body = await _edit(client, token_for, world, world.badge_class, criteria="Attend once")
    # Withdrawn, it is frozen only as far as its issued badges state it.
    assert _field(body) == (["FIELD_FROZEN"], "criteria")
    assert "errors" not in await _edit(
        client,
        token_for,
        world,
        world.badge_class,
        autoIssueParticipations=True,
        autoIssueOnCompletion=False,
    )

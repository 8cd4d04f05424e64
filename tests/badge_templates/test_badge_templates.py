"""Badge templates: who manages and who reads a university's templates, and their rubric."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import error_codes, gql, run
from tests.on_the_spot_steps import (
    CREATE_TEMPLATE,
    TEMPLATES,
    create_template,
    template_input,
)

UPDATE = (
    "mutation($id: ID!, $input: BadgeTemplateInput!) "
    "{ updateBadgeTemplate(id: $id, input: $input) { id name rubric { name } } }"
)
ARCHIVE = (
    "mutation($id: ID!, $a: Boolean!) { archiveBadgeTemplate(id: $id, archived: $a) "
    "{ id archived } }"
)


async def test_university_staff_create_edit_and_archive_templates(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    made = await create_template(client, curator, world.university)
    assert made["universityId"] == world.university
    assert [k["name"] for k in made["rubric"]] == ["Listening", "Fixing"]
    assert made["rubric"][0]["minimumLevel"] == 2

    moderator = token_for(world.people["uni_moderator"])
    edited = await gql(
        client,
        UPDATE,
        {"id": made["id"], "input": template_input("Repair café host", rubric=[])},
        token=moderator,
    )
    assert edited["data"]["updateBadgeTemplate"] == {
        "id": made["id"],
        "name": "Repair café host",
        "rubric": [],
    }
    archived = await gql(client, ARCHIVE, {"id": made["id"], "a": True}, token=curator)
    assert archived["data"]["archiveBadgeTemplate"]["archived"] is True
    teacher = token_for(world.people["teacher"])
    listed = await gql(client, TEMPLATES, {"u": world.university, "a": False}, token=teacher)
    assert [t["id"] for t in listed["data"]["badgeTemplates"]] == [world.badge_template]
    with_archived = await gql(client, TEMPLATES, {"u": world.university, "a": True}, token=curator)
    assert {t["id"] for t in with_archived["data"]["badgeTemplates"]} == {
        made["id"],
        world.badge_template,
    }
    audit = await run(
        clean_graph,
        "MATCH (e:AuditEvent {targetId: $id}) RETURN e.action AS action ORDER BY e.at",
        id=made["id"],
    )
    assert [e["action"] for e in audit] == ["create", "edit", "archive"]


async def test_only_the_universitys_moderators_and_curators_manage_its_templates(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    for role in ("teacher", "org_admin", "learner", "other_uni_moderator"):
        body = await gql(
            client,
            CREATE_TEMPLATE,
            {"u": world.university, "input": template_input()},
            token=token_for(world.people[role]),
        )
        assert error_codes(body) == ["FORBIDDEN"], role
    made = await create_template(client, token_for(world.people["curator"]), world.university)
    for role in ("teacher", "org_supervisor", "other_uni_moderator"):
        edit = await gql(
            client,
            UPDATE,
            {"id": made["id"], "input": template_input("Mine now")},
            token=token_for(world.people[role]),
        )
        assert error_codes(edit) == ["FORBIDDEN"], role
        archive = await gql(
            client, ARCHIVE, {"id": made["id"], "a": True}, token=token_for(world.people[role])
        )
        assert error_codes(archive) == ["FORBIDDEN"], role
    anonymous = await gql(
        client, CREATE_TEMPLATE, {"u": world.university, "input": template_input()}
    )
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_staff_and_partner_supervisors_read_templates_others_do_not(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    made = await create_template(client, token_for(world.people["curator"]), world.university)
    for role in ("teacher", "curator", "uni_moderator", "org_admin", "org_supervisor"):
        body = await gql(
            client,
            TEMPLATES,
            {"u": world.university, "a": False},
            token=token_for(world.people[role]),
        )
        found = {t["id"] for t in body["data"]["badgeTemplates"]}
        assert found == {made["id"], world.badge_template}, role
    # A supervisor of a pending organisation is nobody's supervisor yet.
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}), (o:Organisation {id: $o}) "
        "CREATE (p)-[:MEMBER_OF {role: 'ADMIN'}]->(o)",
        p=world.people["learner"],
        o=world.pending_organisation,
    )
    for role in ("learner", "owner", "other_uni_moderator"):
        body = await gql(
            client,
            TEMPLATES,
            {"u": world.university, "a": False},
            token=token_for(world.people[role]),
        )
        assert error_codes(body) == ["FORBIDDEN"], role
    missing = await gql(
        client,
        TEMPLATES,
        {"u": "00000000-0000-4000-8000-000000000000", "a": False},
        token=token_for(world.people["curator"]),
    )
    assert error_codes(missing) == ["NOT_FOUND"]


async def test_a_templates_rubric_has_two_to_five_criteria_of_two_to_five_levels(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    criterion = {"name": "A", "levels": ["low", "high"]}
    cases = {
        "rubric": [criterion],
        "rubric[0].levels": [
            {"name": "A", "levels": ["only one"]},
            {"name": "B", "levels": ["x", "y"]},
        ],
        "rubric[1].minimumLevel": [
            criterion,
            {"name": "B", "levels": ["x", "y"], "minimumLevel": 3},
        ],
    }
    six = [{"name": f"K{i}", "levels": ["x", "y"]} for i in range(6)]
    cases_with_six = {**cases, "rubric ": six}
    for field, rubric in cases_with_six.items():
        body = await gql(
            client,
            CREATE_TEMPLATE,
            {"u": world.university, "input": template_input(rubric=rubric)},
            token=curator,
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], field
        assert body["errors"][0]["extensions"]["field"] == field.strip(), body
    blank = await gql(
        client,
        CREATE_TEMPLATE,
        {"u": world.university, "input": template_input(name="  ")},
        token=curator,
    )
    assert error_codes(blank) == ["BAD_USER_INPUT"]
    count = await run(clean_graph, "MATCH (t:BadgeTemplate) RETURN collect(t.id) AS ids")
    assert count == [{"ids": [world.badge_template]}]  # the world's own, nothing more

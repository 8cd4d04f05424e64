"""A university's people: its moderators (and platform admins) read who holds which role,
appoint and remove; the university never loses its last moderator. Whether it enabled Helping
hand is public on `University`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from graph.core.database import Graph
from graph.organisations.organisations import UNIVERSITY_MEMBERS
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, run, scans

MEMBERS = (
    "query($u: ID!) { universityMembers(universityId: $u) { personId name email role invited } }"
)
ADD = (
    "mutation($u: ID!, $e: String!, $r: Role!) { addUniversityMember(universityId: $u, "
    "email: $e, role: $r) { personId invited } }"
)
REMOVE = (
    "mutation($u: ID!, $p: ID!, $r: Role!) { removeUniversityMember(universityId: $u, "
    "personId: $p, role: $r) }"
)
HELPING_HAND = "query($u: ID!) { university(id: $u) { helpingHandAt } }"
ENABLE = "mutation($u: ID!) { enableHelpingHand(universityId: $u) { helpingHandAt } }"


async def test_a_moderator_reads_appoints_and_removes_the_universitys_people(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    moderator = token_for(world.people["uni_moderator"])
    u = world.university

    before = (await gql(client, MEMBERS, {"u": u}, token=moderator))["data"]["universityMembers"]
    assert {(m["email"], m["role"], m["invited"]) for m in before} == {
        ("uni_moderator@world.example", "MODERATOR", False),
        ("curator@world.example", "CURATOR", False),
        ("teacher@world.example", "TEACHER", False),
    }

    added = await gql(
        client, ADD, {"u": u, "e": "New.Curator@Example.org", "r": "CURATOR"}, token=moderator
    )
    newcomer = added["data"]["addUniversityMember"]["personId"]
    listed = (await gql(client, MEMBERS, {"u": u}, token=moderator))["data"]["universityMembers"]
    assert {
        "personId": newcomer,
        "name": "new.curator@example.org",
        "email": "new.curator@example.org",
        "role": "CURATOR",
        "invited": True,
    } in listed

    removed = await gql(client, REMOVE, {"u": u, "p": newcomer, "r": "CURATOR"}, token=moderator)
    assert removed["data"]["removeUniversityMember"] is True
    after = (await gql(client, MEMBERS, {"u": u}, token=moderator))["data"]["universityMembers"]
    assert newcomer not in {m["personId"] for m in after}

    # A platform admin manages every university without a role there.
    admin = token_for(world.people["platform_admin"])
    by_admin = await gql(client, MEMBERS, {"u": u}, token=admin)
    assert len(by_admin["data"]["universityMembers"]) == len(after)


async def test_only_those_who_manage_them_read_a_universitys_people(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    for role in ("curator", "teacher", "other_uni_moderator", "org_admin"):
        body = await gql(
            client, MEMBERS, {"u": world.university}, token=token_for(world.people[role])
        )
        assert error_codes(body) == ["FORBIDDEN"], role
        assert body["data"] is None
    unknown = await gql(
        client,
        MEMBERS,
        {"u": "00000000-0000-4000-8000-000000000000"},
        token=token_for(world.people["uni_moderator"]),
    )
    assert error_codes(unknown) == ["NOT_FOUND"]


async def test_a_university_keeps_its_last_moderator(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    u, moderator_id = world.university, world.people["uni_moderator"]
    moderator = token_for(moderator_id)
    admin = token_for(world.people["platform_admin"])
    last = {"u": u, "p": moderator_id, "r": "MODERATOR"}

    for token in (moderator, admin):
        refused = await gql(client, REMOVE, last, token=token)
        assert error_codes(refused) == ["CONFLICT"]
        assert "at least one MODERATOR" in refused["errors"][0]["message"]
    still = (await gql(client, MEMBERS, {"u": u}, token=moderator))["data"]["universityMembers"]
    assert {"MODERATOR"} == {m["role"] for m in still if m["personId"] == moderator_id}

    # An address appointed but never registered manages nothing: it does not count as the
    # moderator who stays, and it may always be removed.
    invited = await gql(
        client, ADD, {"u": u, "e": "typo@nowhere.example", "r": "MODERATOR"}, token=moderator
    )
    assert invited["data"]["addUniversityMember"]["invited"] is True
    refused = await gql(client, REMOVE, last, token=moderator)
    assert error_codes(refused) == ["CONFLICT"]
    assert "with a Kring account" in refused["errors"][0]["message"]
    typo = {"u": u, "p": invited["data"]["addUniversityMember"]["personId"], "r": "MODERATOR"}
    assert (await gql(client, REMOVE, typo, token=moderator))["data"] == {
        "removeUniversityMember": True
    }
    # The last moderator cannot erase their account either: the university would be left
    # with nobody to manage it.
    erase = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "uni_moderator@world.example") }',
        token=moderator,
    )
    assert error_codes(erase) == ["CONFLICT"]
    assert "MODERATOR of Hogeschool Test" in erase["errors"][0]["message"]

    # With a second moderator appointed, the first may step down.
    await gql(client, ADD, {"u": u, "e": "curator@world.example", "r": "MODERATOR"}, token=admin)
    stepped_down = await gql(client, REMOVE, last, token=moderator)
    assert stepped_down["data"]["removeUniversityMember"] is True
    left = (await gql(client, MEMBERS, {"u": u}, token=admin))["data"]["universityMembers"]
    assert [m["email"] for m in left if m["role"] == "MODERATOR"] == ["curator@world.example"]


async def test_two_last_moderators_erasing_their_accounts_at_once_leave_one(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    u, first = world.university, world.people["uni_moderator"]
    second = world.people["curator"]
    added = await gql(
        client,
        ADD,
        {"u": u, "e": "curator@world.example", "r": "MODERATOR"},
        token=token_for(first),
    )
    assert "errors" not in added, added
    erase = "mutation($e: String!) { deleteMyAccount(confirmEmail: $e) }"
    outcomes = await asyncio.gather(
        gql(client, erase, {"e": "uni_moderator@world.example"}, token=token_for(first)),
        gql(client, erase, {"e": "curator@world.example"}, token=token_for(second)),
    )
    assert sorted(error_codes(o) for o in outcomes) == [[], ["CONFLICT"]], outcomes
    [kept] = await run(
        clean_graph,
        "MATCH (p:Person)-[:MEMBER_OF {role: 'MODERATOR'}]->(:University {id: $u}) "
        "WHERE p.deletedAt IS NULL RETURN p.id AS id",
        u=u,
    )
    assert kept["id"] in (first, second)


async def test_whether_helping_hand_is_enabled_is_public(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    u = world.university
    before = await gql(client, HELPING_HAND, {"u": u})
    assert before["data"]["university"]["helpingHandAt"] is None
    enabled = await gql(client, ENABLE, {"u": u}, token=token_for(world.people["curator"]))
    since = enabled["data"]["enableHelpingHand"]["helpingHandAt"]
    assert since is not None
    after = await gql(client, HELPING_HAND, {"u": u})
    assert after["data"]["university"]["helpingHandAt"] == since


async def test_the_members_read_starts_at_the_university(graph: Graph) -> None:
    operators = await plan_operators(graph, UNIVERSITY_MEMBERS, {"university": "u", "actor": "a"})
    assert scans(operators) == [], operators

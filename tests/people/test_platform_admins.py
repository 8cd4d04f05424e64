"""Platform admins: made and unmade by an operator with `kring platform-admin`, and told to
themselves (never to anyone else) as `me { platformAdmin }`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from graphql import GraphQLObjectType, get_named_type

from graph.core import audit
from graph.core.database import Graph, Neo4jTarget
from graph.core.errors import Conflict
from graph.people.platform_admins import FACTS, LOCK_ADMINS, set_platform_admin
from server.graphql.schema import build_schema
from server.settings import Settings
from tests.factories import make_person
from tests.helpers import gql, plan_operators, run, scans
from tests.processes import kring, session_env

ME = "{ me { id platformAdmin } }"
CREATE = """
mutation($name: String!) { createUniversity(input: {name: $name}) { id name } }
"""


async def _admin(client: httpx.AsyncClient, token: str) -> Any:
    return (await gql(client, ME, token=token))["data"]["me"]["platformAdmin"]


async def test_an_operator_makes_the_first_platform_admin_who_then_adds_a_university(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    token_for: Callable[[str], str],
) -> None:
    pid = await make_person(clean_graph, "pat@city.example", "Pat Platform")
    token = token_for(pid)
    refused = await gql(client, CREATE, {"name": "Hogeschool Gent"}, token=token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _admin(client, token) is False

    env = session_env(settings, neo4j_target, "production")
    done = kring("platform-admin", " Pat@City.example ", **env)

    assert done.returncode == 0, done.stderr
    assert "Pat Platform <pat@city.example> is now a platform admin" in done.stdout
    assert await _admin(client, token) is True
    created = await gql(client, CREATE, {"name": "Hogeschool Gent"}, token=token)
    assert created["data"]["createUniversity"]["name"] == "Hogeschool Gent"
    [event] = await audit.trail(clean_graph, pid)
    assert (event.actor_id, event.action, event.detail) == (
        None,
        "grant_platform_admin",
        "kring platform-admin",
    )

    again = kring("platform-admin", "pat@city.example", **env)
    assert again.returncode == 0, again.stderr
    assert "already is a platform admin; nothing changed" in again.stdout
    assert len(await audit.trail(clean_graph, pid)) == 1


async def test_only_an_account_can_be_made_platform_admin(
    clean_graph: Graph, settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    await run(
        clean_graph,
        "CREATE (:Person {id: randomUUID(), email: 'invited@city.example', name: 'Invited', "
        "invitedAt: datetime()})",
    )
    env = session_env(settings, neo4j_target, "production")

    unknown = kring("platform-admin", "nobody@city.example", **env)
    invited = kring("platform-admin", "invited@city.example", **env)

    assert unknown.returncode == 2
    assert "No account with e-mail 'nobody@city.example'; they register first." in unknown.stderr
    assert invited.returncode == 2
    assert "was invited but has made no account yet" in invited.stderr
    assert "Traceback" not in unknown.stderr + invited.stderr
    assert await run(clean_graph, "MATCH (p:Person {platformAdmin: true}) RETURN p") == []


async def test_revoking_keeps_the_last_platform_admin(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    neo4j_target: Neo4jTarget,
    token_for: Callable[[str], str],
) -> None:
    first = await make_person(clean_graph, "first@city.example", "First")
    second = await make_person(clean_graph, "second@city.example", "Second")
    await run(clean_graph, "MATCH (p:Person) SET p.platformAdmin = true")
    env = session_env(settings, neo4j_target, "production")

    revoked = kring("platform-admin", "second@city.example", "--revoke", **env)
    last = kring("platform-admin", "first@city.example", "--revoke", **env)

    assert revoked.returncode == 0, revoked.stderr
    assert "Second <second@city.example> is no longer a platform admin." in revoked.stdout
    assert await _admin(client, token_for(second)) is False
    assert last.returncode == 2
    assert "'first@city.example' is the last platform admin; make someone else one first." in (
        last.stderr
    )
    assert await _admin(client, token_for(first)) is True
    [event] = await audit.trail(clean_graph, second)
    assert (event.actor_id, event.action) == (None, "revoke_platform_admin")
    assert await audit.trail(clean_graph, first) == []


async def test_two_revokes_at_once_leave_one_platform_admin(clean_graph: Graph) -> None:
    for email in ("first@city.example", "second@city.example"):
        await make_person(clean_graph, email)
    await run(clean_graph, "MATCH (p:Person) SET p.platformAdmin = true")

    outcomes = await asyncio.gather(
        set_platform_admin(clean_graph, "first@city.example", False),
        set_platform_admin(clean_graph, "second@city.example", False),
        return_exceptions=True,
    )

    refused = [o for o in outcomes if isinstance(o, Conflict)]
    assert len(refused) == 1, outcomes
    assert "is the last platform admin" in refused[0].message
    left = await run(clean_graph, "MATCH (p:Person {platformAdmin: true}) RETURN p.email AS e")
    assert len(left) == 1


async def test_the_last_platform_admin_cannot_erase_their_account(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    first = await make_person(clean_graph, "first@city.example", "First")
    second = await make_person(clean_graph, "second@city.example", "Second")
    await run(clean_graph, "MATCH (p:Person) SET p.platformAdmin = true")
    erase = "mutation($e: String!) { deleteMyAccount(confirmEmail: $e) }"

    gone = await gql(client, erase, {"e": "second@city.example"}, token=token_for(second))
    assert gone["data"] == {"deleteMyAccount": True}, gone
    kept = await gql(client, erase, {"e": "first@city.example"}, token=token_for(first))
    assert kept["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert "You are the only platform admin" in kept["errors"][0]["message"]
    assert await _admin(client, token_for(first)) is True


async def test_platform_admin_is_said_only_to_the_person_themselves(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    learner = await make_person(clean_graph, "learner@city.example", "Lena")
    admin = await make_person(clean_graph, "admin@city.example", "Pat")
    await run(clean_graph, "MATCH (p:Person {id: $id}) SET p.platformAdmin = true", id=admin)

    assert await _admin(client, token_for(admin)) is True
    assert await _admin(client, token_for(learner)) is False
    anonymous = await gql(client, ME)
    assert anonymous["data"]["me"] is None


def test_nothing_can_ask_whether_someone_else_is_a_platform_admin() -> None:
    # Only Person carries it, and the only field whose answer is a Person is `me`.
    schema = build_schema()._schema
    objects = [t for t in schema.type_map.values() if isinstance(t, GraphQLObjectType)]
    carrying = [t.name for t in objects if "platformAdmin" in t.fields]
    returning_person = [
        f"{t.name}.{name}"
        for t in objects
        for name, field in t.fields.items()
        if get_named_type(field.type).name == "Person"
    ]
    assert carrying == ["Person"]
    assert returning_person == ["Query.me"]


async def test_the_platform_admin_statements_start_at_an_index(graph: Graph) -> None:
    for statement in (LOCK_ADMINS, FACTS):
        operators = await plan_operators(graph, statement, {"email": "pat@city.example"})
        assert scans(operators) == [], operators

"""Migrations: idempotent, recorded in the graph, and guarded against edited history."""

from __future__ import annotations

from typing import Any

import pytest
from neo4j.exceptions import ConstraintError

from graph.core.database import Graph
from graph.core.migrations import MIGRATIONS, Migration, MigrationDrift, applied_migrations, migrate
from tests.factories import make_world
from tests.helpers import run


async def _names(graph: Graph, query: str) -> set[str]:
    async def work(tx: Any) -> set[str]:
        return {r["name"] async for r in await tx.run(query)}

    return await graph.read(work)


async def test_running_migrations_again_applies_nothing(graph: Graph) -> None:
    assert await migrate(graph) == []
    applied = await applied_migrations(graph)
    assert [m.version for m in applied] == [m.version for m in MIGRATIONS]
    assert [m.checksum for m in applied] == [m.checksum for m in MIGRATIONS]


async def test_constraints_and_indexes_exist(graph: Graph) -> None:
    constraints = await _names(graph, "SHOW CONSTRAINTS YIELD name RETURN name")
    assert {
        "person_id",
        "person_email",
        "university_id",
        "organisation_id",
        "badge_class_id",
        "opportunity_id",
        "migration_version",
    } <= constraints
    indexes = await _names(
        graph, "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name"
    )
    assert {"opportunity_location", "opportunity_text", "opportunity_status"} <= indexes


async def test_entity_ids_are_unique(clean_graph: Graph) -> None:
    async def create(tx: Any) -> None:
        await (await tx.run("CREATE (:Opportunity {id: 'same'})")).consume()

    await clean_graph.write(create)
    with pytest.raises(ConstraintError):
        await clean_graph.write(create)


async def test_an_edited_applied_migration_is_refused(graph: Graph) -> None:
    first = MIGRATIONS[0]
    edited = Migration(first.version, first.name, (*first.statements, "RETURN 1"))
    with pytest.raises(MigrationDrift, match="add a new migration"):
        await migrate(graph, (edited, *MIGRATIONS[1:]))


async def test_a_new_migration_is_applied_once_and_recorded(graph: Graph) -> None:
    extra = Migration(
        9_999,
        "test-only index",
        ("CREATE INDEX test_only_index IF NOT EXISTS FOR (n:TestOnly) ON (n.x)",),
    )
    try:
        assert await migrate(graph, (*MIGRATIONS, extra)) == [9_999]
        assert await migrate(graph, (*MIGRATIONS, extra)) == []
        assert "test_only_index" in await _names(graph, "SHOW INDEXES YIELD name RETURN name")
    finally:

        async def undo(tx: Any) -> None:
            await (await tx.run("DROP INDEX test_only_index IF EXISTS")).consume()

        async def unrecord(tx: Any) -> None:
            await (await tx.run("MATCH (m:Migration {version: 9999}) DELETE m")).consume()

        await graph.write(undo)
        await graph.write(unrecord)


async def test_badges_awarded_before_migration_34_are_stamped_as_their_classes_stood(
    clean_graph: Graph,
) -> None:
    """Before 34 a badge did not record whom it named nor whether its class was validated:
    the backfill names the holder as today and counts a badge as under the validation only
    if the class's present validation already stood when it was awarded."""
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        """
        MATCH (owner:Person)-[:HOLDS]->(a:Assertion {id: $id})-[:OF_BADGE]->(b:BadgeClass)
        REMOVE a.learnerName, a.underValidation
        SET b.validated = true, b.validationChangedAt = a.issuedAt - duration('P1D')
        CREATE (b)-[:STATES]->(:MicroCredential {ectsCredits: 2.0})
        CREATE (owner)-[:HOLDS]->(:Assertion {id: 'earlier',
                issuedAt: a.issuedAt - duration('P30D')})-[:OF_BADGE]->(b)
        """,
        id=world.assertion,
    )
    [migration] = [m for m in MIGRATIONS if m.version == 34]
    for statement in migration.statements:
        await run(clean_graph, statement)
    stamped = await run(
        clean_graph,
        """
        MATCH (p:Person)-[:HOLDS]->(a:Assertion) WHERE a.id IN [$id, 'earlier']
        RETURN a.id = $id AS current, a.learnerName = p.name AS named,
               a.underValidation AS under,
               EXISTS { (a)-[:ISSUED_UNDER]->(:MicroCredential) } AS elements
        ORDER BY current DESC
        """,
        id=world.assertion,
    )
    assert stamped == [
        {"current": True, "named": True, "under": True, "elements": True},
        {"current": False, "named": True, "under": False, "elements": False},
    ]


async def test_migration_36_drops_a_community_policy_nobody_consented_to(
    clean_graph: Graph,
) -> None:
    """Before 36 a policy on a university was read as its consent; now only a recorded consent
    is, and a policy without one is removed, while a consented one stays."""
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        """
        MATCH (u:University {id: $u})
        SET u.communityPolicyMinimum = 1, u.communityPolicyRelationships = ['PEER'],
            u.communityPolicyRequireOneOf = []
        CREATE (:University {id: 'consented', name: 'C', communityPolicyMinimum: 3,
                communityPolicyRelationships: ['TEACHER'], communityPolicyRequireOneOf: [],
                communityPolicyConsentAt: datetime(), communityPolicyConsentBy: 'p'})
        """,
        u=world.university,
    )
    [migration] = [m for m in MIGRATIONS if m.version == 36]
    for statement in migration.statements:
        await run(clean_graph, statement)
    left = await run(
        clean_graph,
        "MATCH (u:University) WHERE u.id IN [$u, 'consented'] "
        "RETURN u.id = $u AS stray, u.communityPolicyMinimum AS minimum ORDER BY stray",
        u=world.university,
    )
    assert left == [{"stray": False, "minimum": 3}, {"stray": True, "minimum": None}]


async def test_migration_38_takes_addresses_out_of_the_audit_trail(clean_graph: Graph) -> None:
    """A member added before 38 was recorded by e-mail address, which every member reads and
    which outlived an erased account; now by id (or 'someone' when no account has it)."""
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        """
        CREATE (:AuditEvent {id: 'a', action: 'add_member', targetId: $o,
                             detail: 'org_supervisor@world.example as SUPERVISOR'}),
               (:AuditEvent {id: 'b', action: 'add_member', targetId: $o,
                             detail: 'gone@nowhere.example as ADMIN'}),
               (:AuditEvent {id: 'c', action: 'remove_member', targetId: $o,
                             detail: 'p1 as ADMIN'})
        """,
        o=world.organisation,
    )
    [migration] = [m for m in MIGRATIONS if m.version == 38]
    for statement in migration.statements:
        await run(clean_graph, statement)
    details = await run(
        clean_graph,
        "MATCH (e:AuditEvent) WHERE e.id IN ['a', 'b', 'c'] RETURN e.detail AS d ORDER BY e.id",
    )
    assert [d["d"] for d in details] == [
        f"{world.people['org_supervisor']} as SUPERVISOR",
        "someone as ADMIN",
        "p1 as ADMIN",
    ]

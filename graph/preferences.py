"""Which notifications a person wants, per kind and channel; everything is on by default."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.cypher import execute, single
from graph.database import Graph
from graph.errors import NotFound
from graph.outbox import Kind


@dataclass(frozen=True)
class Preference:
    kind: Kind
    in_app: bool
    push: bool


@dataclass(frozen=True)
class Change:
    kind: Kind
    in_app: bool | None = None  # None: leave as it is
    push: bool | None = None


# Stored as the muted kinds per channel on the person, where the outbox reads them.
READ = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
RETURN coalesce(p.mutedInApp, []) AS inApp, coalesce(p.mutedPush, []) AS push
"""
LOCK = "MATCH (p:Person {id: $person}) SET p.preferencesChangedAt = datetime()"
WRITE = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
WITH p, coalesce(p.mutedInApp, []) AS inApp, coalesce(p.mutedPush, []) AS push
SET p.mutedInApp = [k IN inApp WHERE NOT k IN $unmuteInApp]
                   + [k IN $muteInApp WHERE NOT k IN inApp],
    p.mutedPush = [k IN push WHERE NOT k IN $unmutePush] + [k IN $mutePush WHERE NOT k IN push]
RETURN p.mutedInApp AS inApp, p.mutedPush AS push
"""


def _preferences(in_app_muted: list[str], push_muted: list[str]) -> list[Preference]:
    return [
        Preference(kind, kind.value not in in_app_muted, kind.value not in push_muted)
        for kind in Kind
    ]


async def _read(tx: AsyncManagedTransaction, person_id: str) -> list[Preference]:
    record = await single(tx, READ, person=person_id)
    if record is None:
        raise NotFound("No such person.")
    return _preferences(record["inApp"], record["push"])


async def preferences_of(graph: Graph, person_id: str) -> list[Preference]:
    """One row per notification kind."""
    return await graph.read(_read, person_id)


async def _change(
    tx: AsyncManagedTransaction, person_id: str, changes: list[Change]
) -> list[Preference]:
    await execute(tx, LOCK, person=person_id)

    def kinds(pick: bool, channel: str) -> list[str]:
        return [c.kind.value for c in changes if getattr(c, channel) is pick]

    record = await single(
        tx,
        WRITE,
        person=person_id,
        muteInApp=kinds(False, "in_app"),
        unmuteInApp=kinds(True, "in_app"),
        mutePush=kinds(False, "push"),
        unmutePush=kinds(True, "push"),
    )
    if record is None:
        raise NotFound("No such person.")
    return _preferences(record["inApp"], record["push"])


async def change(graph: Graph, person_id: str, changes: list[Change]) -> list[Preference]:
    """Apply the changes together; returns every kind's preference afterwards."""
    return await graph.write(_change, person_id, changes)

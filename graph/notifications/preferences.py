"""Which notifications a person wants, per kind and channel; everything is on by default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, single
from graph.core.errors import NotFound
from graph.core.transactions import reads, writes
from graph.notifications.outbox import EMAIL_BY_DEFAULT, Kind


@dataclass(frozen=True)
class Preference:
    kind: Kind
    in_app: bool
    push: bool
    email: bool


@dataclass(frozen=True)
class Change:
    kind: Kind
    in_app: bool | None = None  # None: leave as it is
    push: bool | None = None
    email: bool | None = None


# Stored on the person, where the outbox reads them: the muted kinds for the app and push
# (on by default), and for e-mail the kinds turned on or off against the outbox's default
# (graph.notifications.outbox.EMAIL_BY_DEFAULT).
READ = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
RETURN coalesce(p.mutedInApp, []) AS inApp, coalesce(p.mutedPush, []) AS push,
       coalesce(p.emailOn, []) AS emailOn, coalesce(p.emailOff, []) AS emailOff
"""
LOCK = "MATCH (p:Person {id: $person}) SET p.preferencesChangedAt = datetime()"
WRITE = """
MATCH (p:Person {id: $person}) WHERE p.deletedAt IS NULL
WITH p, coalesce(p.mutedInApp, []) AS inApp, coalesce(p.mutedPush, []) AS push,
     coalesce(p.emailOn, []) AS emailOn, coalesce(p.emailOff, []) AS emailOff
SET p.mutedInApp = [k IN inApp WHERE NOT k IN $unmuteInApp]
                   + [k IN $muteInApp WHERE NOT k IN inApp],
    p.mutedPush = [k IN push WHERE NOT k IN $unmutePush] + [k IN $mutePush WHERE NOT k IN push],
    p.emailOn = [k IN emailOn WHERE NOT k IN $muteEmail]
                + [k IN $unmuteEmail WHERE NOT k IN emailOn],
    p.emailOff = [k IN emailOff WHERE NOT k IN $unmuteEmail]
                 + [k IN $muteEmail WHERE NOT k IN emailOff]
RETURN p.mutedInApp AS inApp, p.mutedPush AS push, p.emailOn AS emailOn, p.emailOff AS emailOff
"""


def _preferences(record: Any) -> list[Preference]:
    def email(kind: Kind) -> bool:
        if kind.value in record["emailOn"]:
            return True
        return kind in EMAIL_BY_DEFAULT and kind.value not in record["emailOff"]

    return [
        Preference(
            kind,
            in_app=kind.value not in record["inApp"],
            push=kind.value not in record["push"],
            email=email(kind),
        )
        for kind in Kind
    ]


@reads
async def preferences_of(tx: AsyncManagedTransaction, person_id: str) -> list[Preference]:
    """One row per notification kind."""
    record = await single(tx, READ, person=person_id)
    if record is None:
        raise NotFound("No such person.")
    return _preferences(record)


@writes
async def change(
    tx: AsyncManagedTransaction, person_id: str, changes: list[Change]
) -> list[Preference]:
    """Apply the changes together; returns every kind's preference afterwards."""
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
        muteEmail=kinds(False, "email"),
        unmuteEmail=kinds(True, "email"),
    )
    if record is None:
        raise NotFound("No such person.")
    return _preferences(record)

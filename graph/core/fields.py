"""Field tables: an entity's writable fields carry their input rule and flags as dataclass
metadata, so the required and editable sets, the stored properties and the edge's checks are
all read from one declaration."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    max_length: int


@dataclass(frozen=True)
class Whole:
    low: int
    high: int


@dataclass(frozen=True)
class Instant:
    """A time with a zone, within the years Kring accepts."""


@dataclass(frozen=True)
class Url:
    """An absolute http(s) URL; blank means none."""


@dataclass(frozen=True)
class Email:
    """An e-mail address; blank means none."""


@dataclass(frozen=True)
class Reference:
    """The id of another node."""


@dataclass(frozen=True)
class Place:
    """A point on the map, given as latitude and longitude."""


Rule = Text | Whole | Instant | Url | Email | Reference | Place


@dataclass(frozen=True)
class Entry:
    rule: Rule
    required: bool  # must be given on creation
    stored: bool  # a node property named like the field; otherwise the statement handles it
    after_publication: bool  # may still change once the entity is public


def entry(
    rule: Rule, *, required: bool = False, stored: bool = True, after_publication: bool = False
) -> Any:
    """A writable field (None: not given) and its rule, for a field-table dataclass."""
    return dataclasses.field(
        default=None, metadata={"entry": Entry(rule, required, stored, after_publication)}
    )


def entries(cls: type[Any]) -> dict[str, Entry]:
    """The table: field name → entry, in declaration order."""
    return {f.name: f.metadata["entry"] for f in dataclasses.fields(cls) if "entry" in f.metadata}


def given(changes: Any) -> dict[str, Any]:
    """The fields a change actually sets (None means "leave as it is")."""
    return {
        f.name: getattr(changes, f.name)
        for f in dataclasses.fields(changes)
        if getattr(changes, f.name) is not None
    }

"""Field tables: an entity's writable fields carry their input rule and flags as dataclass
metadata, so the required and editable sets, the stored properties and the edge's checks are
all read from one declaration."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass
from typing import Any

from neo4j.spatial import WGS84Point

from graph.core.errors import BadUserInput
from graph.core.geo import GeoPoint
from graph.core.records import camel


@dataclass(frozen=True)
class Text:
    max_length: int
    blank: bool = False  # blank text means none; otherwise it is refused


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
    blank: bool = True  # blank means none; otherwise an address is needed


@dataclass(frozen=True)
class Colour:
    """A colour as #RRGGBB, kept in capitals."""


@dataclass(frozen=True)
class Choice:
    """A member of one of the graph's vocabularies; GraphQL has already refused the rest."""


@dataclass(frozen=True)
class Reference:
    """The id of another node."""


@dataclass(frozen=True)
class Place:
    """A point on the map, given as latitude and longitude."""


Rule = Text | Whole | Instant | Url | Email | Colour | Choice | Reference | Place


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


def check_required(data: Any) -> None:
    """Refuse a creation that leaves out a field its table requires (the first one named)."""
    for name, e in entries(type(data)).items():
        if e.required and getattr(data, name) is None:
            raise BadUserInput(f"{name} is required.", field=name)


def _property(value: Any) -> Any:
    # The driver stores plain values: a vocabulary member as its value, a place as a point.
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, GeoPoint):
        return WGS84Point((value.longitude, value.latitude))
    return value


def stored_properties(table: type[Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Node properties (camelCase) for the given changes to the table's stored fields."""
    stored = entries(table)
    return {camel(k): _property(v) for k, v in changes.items() if k in stored and stored[k].stored}

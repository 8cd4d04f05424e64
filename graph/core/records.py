"""One mapper from a Cypher map projection (camelCase keys) to a frozen dataclass, so an entity's
fields are declared once, on its dataclass, and its projection and reading follow from them."""

from __future__ import annotations

import enum
import functools
import types
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, fields
from datetime import datetime
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from graph.core.geo import GeoPoint

T = TypeVar("T")


def camel(name: str) -> str:
    """The graph's (and GraphQL's) name for a Python field: `starts_at` → `startsAt`."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def properties(cls: type[Any], *, skip: Iterable[str] = ()) -> str:
    """`.id, .title, …`: the map projection of the dataclass's fields stored on the node."""
    left_out = set(skip)
    return ", ".join("." + camel(f.name) for f in fields(cls) if f.name not in left_out)


def _converter(hint: Any) -> Callable[[Any], Any]:
    if get_origin(hint) in (Union, types.UnionType):
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        return _converter(inner)
    if get_origin(hint) is tuple:
        item = _converter(get_args(hint)[0])
        return lambda raw: tuple(item(x) for x in raw)
    # Hot reads may project times as ISO text: cheaper for the driver than its DateTime. A
    # named zone ("…+02:00[Europe/Brussels]") keeps its offset, the same instant.
    if hint is datetime:
        return lambda raw: (
            datetime.fromisoformat(raw.split("[", 1)[0])
            if isinstance(raw, str)
            else raw.to_native()
        )
    if hint is GeoPoint:
        return lambda raw: GeoPoint(latitude=raw.latitude, longitude=raw.longitude)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    return lambda raw: raw


@functools.cache
def _plan(cls: type[Any]) -> tuple[tuple[str, str, bool, Callable[[Any], Any]], ...]:
    hints = get_type_hints(cls)
    return tuple(
        (
            f.name,
            camel(f.name),
            f.default is not MISSING or f.default_factory is not MISSING,
            _converter(hints[f.name]),
        )
        for f in fields(cls)
    )


def from_record(cls: type[T], data: Mapping[str, Any], **given: Any) -> T:
    """The dataclass read from `data` by camelCase key; a missing or null property takes the
    field's default, and `given` supplies what the projection holds elsewhere."""
    values: dict[str, Any] = {}
    for name, key, has_default, convert in _plan(cls):  # type: ignore[arg-type]
        if name in given:
            values[name] = given[name]
            continue
        raw = data.get(key)
        if raw is None and has_default:
            continue
        values[name] = None if raw is None else convert(raw)
    return cls(**values)

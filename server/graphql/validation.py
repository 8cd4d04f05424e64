"""Input checks at the API's edge: each failure is BAD_USER_INPUT naming the field."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from graph.core.errors import BadUserInput, NotFound
from graph.core.fields import (
    Choice,
    Colour,
    Email,
    Instant,
    Place,
    Reference,
    Rule,
    Text,
    Url,
    Whole,
)
from graph.core.geo import GeoPoint
from graph.core.records import camel

T = TypeVar("T")

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def text(value: str, field: str, *, max_length: int, required: bool = True) -> str:
    cleaned = value.strip()
    if required and not cleaned:
        raise BadUserInput(f"{field} must not be empty.", field=field)
    if len(cleaned) > max_length:
        raise BadUserInput(f"{field} is longer than {max_length} characters.", field=field)
    if any(ord(c) < 32 and c not in "\n\t" for c in cleaned):
        raise BadUserInput(f"{field} contains control characters.", field=field)
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        raise BadUserInput(f"{field} is not valid text.", field=field) from None
    return cleaned


def optional_text(value: str | None, field: str, *, max_length: int) -> str | None:
    if value is None:
        return None
    cleaned = text(value, field, max_length=max_length, required=False)
    return cleaned or None


def email(value: str, field: str = "email") -> str:
    cleaned = text(value, field, max_length=254).lower()
    if len(cleaned) > 254 or not _EMAIL.match(cleaned):
        raise BadUserInput(f"{field} is not an e-mail address.", field=field)
    return cleaned


def optional_email(value: str | None, field: str) -> str | None:
    return email(value, field) if value is not None and value.strip() else None


def url(value: str | None, field: str) -> str | None:
    """An absolute http(s) URL, or None."""
    if value is None or not value.strip():
        return None
    cleaned = value.strip()
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(cleaned) > 2000:
        raise BadUserInput(f"{field} must be an http(s) URL.", field=field)
    return cleaned


def colour(value: str, field: str) -> str:
    if not _COLOUR.match(value):
        raise BadUserInput(f"{field} must be a colour like #1F3A5F.", field=field)
    return value.upper()


def _canonical_uuid(value: str) -> str | None:
    """The UUID in its canonical form, or None when `value` is not one."""
    try:
        return str(uuid.UUID(value))
    except (ValueError, AttributeError):
        return None


def entity_id(value: str, field: str = "id") -> str:
    """A Kring id; anything that is not a UUID cannot exist, so it is NOT_FOUND."""
    found = _canonical_uuid(value)
    if found is None:
        raise NotFound(f"Nothing with that {field}.", field=field)
    return found


def distinct_ids(values: list[str], field: str, *, max_items: int) -> list[str]:
    """One to `max_items` distinct UUIDs, in the order given (a batch of things to act on)."""
    if not values:
        raise BadUserInput(f"{field} must name at least one.", field=field)
    if len(values) > max_items:
        raise BadUserInput(
            f"{field} may name at most {max_items:,} at once; {len(values):,} were sent. "
            "Split the request.",
            field=field,
        )
    cleaned: list[str] = []
    for n, value in enumerate(values):
        found = _canonical_uuid(value)
        if found is None:
            raise BadUserInput(f"{field}[{n}] is not an id.", field=field)
        cleaned.append(found)
    if len(set(cleaned)) != len(cleaned):
        raise BadUserInput(f"{field} names the same one more than once.", field=field)
    return cleaned


def uuid_text(value: str, field: str) -> str:
    """A client-made UUID (e.g. a request id), in its canonical form."""
    found = _canonical_uuid(value)
    if found is None:
        raise BadUserInput(f"{field} must be a UUID.", field=field)
    return found


def aware(value: datetime | None, field: str) -> datetime | None:
    """A time with a zone, in a sane range, as UTC."""
    if value is None:
        return None
    offset = value.utcoffset()
    if offset is None:
        raise BadUserInput(
            f"{field} needs a time zone, e.g. 2030-05-01T10:00:00+02:00.", field=field
        )
    if abs(offset) > timedelta(hours=14):
        raise BadUserInput(f"{field} has an impossible time-zone offset.", field=field)
    if not 2000 <= value.year <= 2100:
        raise BadUserInput(f"{field} must fall between the years 2000 and 2100.", field=field)
    return value.astimezone(UTC)


def coordinates(latitude: float, longitude: float, prefix: str = "") -> GeoPoint:
    if not -90.0 <= latitude <= 90.0:
        raise BadUserInput("latitude must be between -90 and 90.", field=f"{prefix}latitude")
    if not -180.0 <= longitude <= 180.0:
        raise BadUserInput("longitude must be between -180 and 180.", field=f"{prefix}longitude")
    return GeoPoint(latitude, longitude)


def whole(value: int, field: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise BadUserInput(f"{field} must be between {low} and {high}.", field=field)
    return value


def by_rule(value: Any, rule: Rule, field: str) -> Any:
    """One value checked by the rule its field table gives it."""
    match rule:
        case Text(max_length, blank=True):
            return optional_text(value, field, max_length=max_length)
        case Text(max_length):
            return text(value, field, max_length=max_length)
        case Whole(low, high):
            return whole(value, field, low, high)
        case Instant():
            return aware(value, field)
        case Url():
            return url(value, field)
        case Email(blank=True):
            return optional_email(value, field)
        case Email():
            return email(value, field)
        case Colour():
            return colour(value, field)
        case Choice():
            return value
        case Reference():
            return entity_id(value, field)
        case Place():
            latitude, longitude = value
            return coordinates(latitude, longitude)


def by_table(source: object, table: type[T], **derived: Callable[[], Any]) -> T:
    """The field-table dataclass filled from a GraphQL input, field by field in declaration
    order: an entry from the same-named attribute checked by its rule, `derived` for fields
    the input spells differently or checks on its own; any other field keeps its default."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(table):  # type: ignore[arg-type]
        if f.name in derived:
            values[f.name] = derived[f.name]()
        elif "entry" in f.metadata:
            value = getattr(source, f.name, None)
            rule = f.metadata["entry"].rule
            values[f.name] = None if value is None else by_rule(value, rule, camel(f.name))
    return table(**values)

"""Newest-first keyset paging on (a time property, id): positions are exact (epoch seconds
and nanosecond), so no item falls between two pages however many share a second."""

from __future__ import annotations

from typing import Any

# Where a listing stands: (epoch seconds, nanosecond, id) of the last item seen.
Position = tuple[int, int, str]

_AT = "datetime({epochSeconds: $afterSeconds, nanosecond: $afterNanos})"


def newest_after(node: str, time: str) -> str:
    """Cypher predicate: `node` comes after the position, newest first, ties by id."""
    return (
        f"($afterSeconds IS NULL OR {node}.{time} < {_AT} "
        f"OR ({node}.{time} = {_AT} AND {node}.id < $afterId))"
    )


def position_columns(node: str, time: str) -> str:
    """The columns `position_of` reads back."""
    return f"{node}.{time}.epochSeconds AS seconds, {node}.{time}.nanosecond AS nanos"


def after_parameters(after: Position | None) -> dict[str, Any]:
    return {
        "afterSeconds": after[0] if after else None,
        "afterNanos": after[1] if after else None,
        "afterId": after[2] if after else None,
    }


def position_of(record: Any, item_id: str) -> Position:
    return (int(record["seconds"]), int(record["nanos"]), item_id)

"""Looking ahead at what a query selects, so a resolver reads only that from the graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from server.graphql.context import Info


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def selected_below(info: Info, *path: str) -> frozenset[str]:
    """Names of the fields selected at `path` under the field being resolved, through every
    alias and fragment; @skip and @include are not evaluated, so this may be a superset."""
    level: list[SelectedField] = list(_fields(info.selected_fields))
    for step in path:
        level = [c for field in level for c in _fields(field.selections) if c.name == step]
    return frozenset(child.name for field in level for child in _fields(field.selections))

"""The short path for plain leaves answers exactly as graphql-core's general path would:
the same data, and the same errors at the same places, for every kind of leaf."""

from __future__ import annotations

import enum
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from server.graphql.execution import PlainLeavesFirst, plain_leaves


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    GREEN = "green"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    ratio: float
    ok: bool
    colour: Colour
    tags: list[str]
    broken_name: str  # set to None below: a non-null field that cannot be completed
    huge: int | None  # set beyond GraphQL's 32-bit Int below

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


def items() -> list[Item]:
    def item(n: int, **changes: Any) -> Item:
        fields: dict[str, Any] = {
            "name": f"item {n}", "note": None if n % 2 else f"note {n}", "count": n,
            "ratio": n / 3, "ok": n % 2 == 0, "colour": Colour.RED if n % 2 else Colour.GREEN,
            "tags": [f"t{n}"], "broken_name": f"fine {n}", "huge": n,
        }  # fmt: skip
        return Item(**{**fields, **changes})

    return [item(1), item(2, broken_name=None), item(3, huge=2**40), item(4, colour="mauve")]


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item | None]:
        return list(items())


DOCUMENTS = [
    "{ items { name note count ratio ok colour tags shout } }",
    "{ items { name brokenName } }",
    "{ items { count huge } }",
    "{ items { colour } }",
    "{ items { __typename alias: name name } }",
    "{ items { ... on Item { name @include(if: false) note @skip(if: false) } } }",
]


class SeesEveryField(SchemaExtension):
    """A resolve hook, as tracing or field-level extensions add: it must see plain leaves too."""

    seen: list[str] = []

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        SeesEveryField.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


def schema(context: type, extensions: list[Any] | None = None) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query, execution_context_class=context, extensions=extensions or []
    )


def answer(result: Any) -> tuple[Any, list[tuple[str, list[Any]]]]:
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, errors


@pytest.mark.parametrize("document", DOCUMENTS)
def test_plain_leaves_answer_as_the_general_path_does(document: str) -> None:
    general = schema(StrawberryGraphQLCoreExecutionContext).execute_sync(document)
    short = schema(PlainLeavesFirst).execute_sync(document)
    assert answer(short) == answer(general)


def test_errors_in_plain_leaves_are_reported_where_they_happened() -> None:
    result = schema(PlainLeavesFirst).execute_sync("{ items { name brokenName huge colour } }")
    assert result.data is not None
    # An error in a non-null leaf nulls its item; in a nullable one, only the leaf.
    assert [i and i["name"] for i in result.data["items"]] == ["item 1", None, "item 3", None]
    paths = sorted(tuple(str(p) for p in e.path or []) for e in result.errors or [])
    assert paths == [
        ("items", "1", "brokenName"),
        ("items", "2", "huge"),
        ("items", "3", "colour"),
    ]


def test_a_resolve_hook_still_sees_every_field() -> None:
    SeesEveryField.seen = []
    result = schema(PlainLeavesFirst, [SeesEveryField]).execute_sync("{ items { name count } }")
    assert result.errors is None
    assert SeesEveryField.seen.count("name") == 4
    assert SeesEveryField.seen.count("count") == 4


def test_only_fields_without_resolvers_or_arguments_are_plain() -> None:
    graphql_schema = schema(PlainLeavesFirst)._schema
    plain = {t.name: sorted(fields) for t, fields in plain_leaves(graphql_schema).items()}
    # `shout` has a resolver, `tags` is a list and `items` is not a leaf: the general path.
    assert plain == {
        "Item": ["brokenName", "colour", "count", "huge", "name", "note", "ok", "ratio"]
    }

"""GraphQL execution with a short path for plain leaves: a scalar or enum field without a
resolver or arguments is read and coerced without graphql-core building its resolve info.

A page of discovery is mostly such fields (a list of 20 opportunities is ~300 of them), and
the general path spends ~5 µs on each; anything unusual about a value (None, an exception, a
value its type refuses) is left to that general path, so errors and nulls read as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any
from weakref import WeakKeyDictionary

from graphql import (
    GraphQLField,
    GraphQLLeafType,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_nullable_type,
    is_leaf_type,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

# The marker strawberry gives the resolver it makes for a field with no resolver of its own
# (one that only reads the attribute): strawberry.schema.schema_converter.from_resolver.
_STRAWBERRY_DEFAULT = "_is_default"
_STRAWBERRY_FIELD = "strawberry-definition"  # the GraphQL field's link to strawberry's field


@dataclass(frozen=True, slots=True)
class PlainLeaf:
    read: Callable[[Any], Any]
    type: GraphQLLeafType


Leaves = dict[GraphQLObjectType, dict[str, PlainLeaf]]

_by_schema: WeakKeyDictionary[GraphQLSchema, Leaves] = WeakKeyDictionary()


def _reader(field: GraphQLField) -> Callable[[Any], Any]:
    """The attribute itself when strawberry would read it with getattr, else its resolver."""
    definition = field.extensions.get(_STRAWBERRY_FIELD)
    if definition is not None and getattr(definition, "default_resolver", None) is getattr:
        return attrgetter(definition.python_name)
    resolve = field.resolve
    assert resolve is not None
    return lambda source: resolve(source, None)


def plain_leaves(schema: GraphQLSchema) -> Leaves:
    """Each object type's fields that are plain leaves, found once per schema."""
    found = _by_schema.get(schema)
    if found is None:
        found = {}
        for named in schema.type_map.values():
            if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
                continue
            fields = {
                name: PlainLeaf(_reader(field), leaf)
                for name, field in named.fields.items()
                if field.resolve is not None
                and getattr(field.resolve, _STRAWBERRY_DEFAULT, False)
                and not field.args
                and is_leaf_type(leaf := get_nullable_type(field.type))
            }
            if fields:
                found[named] = fields
        _by_schema[schema] = found
    return found


class PlainLeavesFirst(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, reading plain leaves directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        # A resolve hook (middleware) must see every field: then nothing takes the short path.
        self.leaves = plain_leaves(self.schema) if not manager or not manager.middlewares else {}

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Path,
        position_context: Any,
    ) -> Any:
        leaves = self.leaves.get(parent_type)
        if leaves is not None:
            leaf = leaves.get(field_details_list[0].node.name.value)
            if leaf is not None:
                try:
                    value = leaf.read(source)
                    if value is not None and not isinstance(value, Exception):
                        coerced = leaf.type.coerce_output_value(value)
                        if coerced is not None and coerced is not Undefined:
                            return coerced
                except Exception:  # noqa: S110 - the general path reports it, located
                    pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

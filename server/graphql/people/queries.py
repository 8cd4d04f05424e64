"""Queries about people."""

from __future__ import annotations

import strawberry

from graph.people import people as model
from server.graphql.context import Info
from server.graphql.people.types import Person


@strawberry.type
class PeopleQueries:
    @strawberry.field(description="The signed-in person, or null without a token.")
    async def me(self, info: Info) -> Person | None:
        caller = info.context.caller
        if caller is None:
            return None
        person = await model.person_by_id(info.context.graph, caller.person_id)
        return Person.from_model(person) if person else None

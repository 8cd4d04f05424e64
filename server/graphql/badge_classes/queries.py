"""Queries about badge classes (public: they describe what can be earned)."""

from __future__ import annotations

import strawberry

from graph.badge_classes import badge_classes as model
from graph.core.errors import NotFound
from server.graphql import validation as check
from server.graphql.badge_classes.types import Alignment, BadgeClass
from server.graphql.common import mirror
from server.graphql.context import Info


@strawberry.type
class BadgeClassQueries:
    @strawberry.field
    async def badge_class(self, info: Info, id: strawberry.ID) -> BadgeClass | None:
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        found = await info.context.loaders.badge_class_by_id.load(key)
        return BadgeClass.from_model(found) if found else None

    @strawberry.field(description="Badge classes issued by an organisation or university.")
    async def badge_classes(self, info: Info, issuer_id: strawberry.ID) -> list[BadgeClass]:
        found = await model.badge_classes_by_issuer(
            info.context.graph, check.entity_id(issuer_id, "issuerId")
        )
        return [BadgeClass.from_model(b) for b in found]

    @strawberry.field(
        description="Badge classes a learner may self-assert under this university's community "
        "(its own and its approved partners'; not one-off or self-issuing ones), by name."
    )
    async def self_assertable_badge_classes(
        self, info: Info, university_id: strawberry.ID
    ) -> list[BadgeClass]:
        found = await model.self_assertable_badge_classes(
            info.context.graph, check.entity_id(university_id, "universityId")
        )
        return [BadgeClass.from_model(b) for b in found]

    @strawberry.field(
        description="Competencies badge classes align to whose framework, code or name match "
        "every word of `search` (the last word as a prefix), best first; `first` 1 to 25."
    )
    async def competencies(self, info: Info, search: str, first: int = 10) -> list[Alignment]:
        text = check.text(search, "search", max_length=200, required=False)
        check.whole(first, "first", 1, 25)
        found = await model.search_competencies(info.context.graph, text, first)
        return [mirror(Alignment, a) for a in found]

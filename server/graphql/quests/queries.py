"""Queries for finding and reading quests."""

from __future__ import annotations

import hashlib
import math

import strawberry

from auth.permissions import Permission, require
from graph.core.errors import BadUserInput, NotFound
from graph.core.paging import Position
from graph.core.vocabulary import QuestRole
from graph.quests import discovery
from graph.quests import quests as model
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor
from server.graphql.quests.inputs import QuestFilter
from server.graphql.quests.types import Quest, QuestConnection, QuestEdge

CURSOR = "quests"


def _fingerprint(filters: discovery.QuestFilters) -> str:
    # The filters are part of the cursor, so a cursor cannot be replayed against another query.
    return hashlib.sha256(repr(filters).encode()).hexdigest()[:16]


def _cursor(filters: discovery.QuestFilters, found: discovery.Found) -> str:
    if found.distance_cursor is not None:
        return encode_cursor(CURSOR, [_fingerprint(filters), *found.distance_cursor, 0])
    assert found.position is not None
    return encode_cursor(CURSOR, [_fingerprint(filters), *found.position])


def _after(
    filters: discovery.QuestFilters, cursor: str
) -> tuple[Position | None, tuple[float, str] | None]:
    fingerprint, key, second, third = decode_cursor(CURSOR, cursor, 4)
    if fingerprint != _fingerprint(filters):
        raise BadUserInput("The cursor belongs to a different search.", field="after")
    malformed = BadUserInput(
        "The cursor is malformed; use one returned by this query.", field="after"
    )
    if filters.centre is not None:
        if (
            not isinstance(key, float | int)
            or not math.isfinite(key)
            or not isinstance(second, str)
        ):
            raise malformed
        return None, (float(key), second)
    if not (isinstance(key, int) and isinstance(second, int) and isinstance(third, str)):
        raise malformed
    return (key, second, third), None


@strawberry.type
class QuestQueries:
    @strawberry.field(
        description="Open quests (not expired, not hidden) matching every filter: nearest "
        "first with `near`, else newest first (Relay paginated). Anyone."
    )
    async def quests(
        self,
        info: Info,
        filter: QuestFilter | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> QuestConnection:
        check_page_size(first)
        filters = filter.to_model() if filter else discovery.QuestFilters()
        newest, nearest = _after(filters, after) if after is not None else (None, None)
        found = await discovery.find(
            info.context.graph, filters, info.context.actor_id, first + 1, newest, nearest
        )
        page = found[:first]
        edges = [
            QuestEdge(
                cursor=_cursor(filters, f),
                node=Quest.from_model(f.quest),
                distance_km=f.distance_m / 1000.0 if f.distance_m is not None else None,
            )
            for f in page
        ]
        return QuestConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(found) > first,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(
        description="A quest; anyone signed in. A HIDDEN one only for its giver and its "
        "university's moderators."
    )
    async def quest(self, info: Info, id: strawberry.ID) -> Quest | None:
        actor = info.context.require_caller().person_id
        try:
            key = check.entity_id(id)
        except NotFound:
            return None
        found = await model.quest_by_id(info.context.graph, key, actor)
        return Quest.from_model(found) if found else None

    @strawberry.field(
        description="Quests I posted (GIVER) or offered help on (HELPER), newest first."
    )
    async def my_quests(self, info: Info, role: QuestRole) -> list[Quest]:
        actor = info.context.require_caller().person_id
        return [Quest.from_model(q) for q in await model.quests_of(info.context.graph, actor, role)]

    @strawberry.field(
        description="A university's hidden (reported) quests pending a moderator's look; its "
        "MODERATORs only."
    )
    async def reported_quests(self, info: Info, university_id: strawberry.ID) -> list[Quest]:
        actor = info.context.require_caller().person_id
        found = await model.reported_quests(
            info.context.graph,
            actor,
            require(Permission.QUEST_MODERATE),
            check.entity_id(university_id, "universityId"),
        )
        return [Quest.from_model(q) for q in found]

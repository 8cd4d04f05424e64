"""Marking notifications read (only one's own)."""

from __future__ import annotations

import strawberry

from graph import outbox
from graph.errors import NotFound
from server.graphql import validation as check
from server.graphql.context import Info


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Mark one of your notifications read.")
    async def mark_notification_read(self, info: Info, id: strawberry.ID) -> bool:
        person = info.context.require_caller().person_id
        marked = await outbox.mark_read(info.context.graph, person, check.entity_id(id))
        if not marked:
            raise NotFound("No unread notification of yours with that id.", field="id")
        return True

    @strawberry.mutation(description="Mark all your notifications read; how many were unread.")
    async def mark_all_notifications_read(self, info: Info) -> int:
        person = info.context.require_caller().person_id
        return await outbox.mark_read(info.context.graph, person, None)

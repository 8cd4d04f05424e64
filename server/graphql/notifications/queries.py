"""Your notifications, newest first."""

from __future__ import annotations

import strawberry

from graph import outbox
from graph.errors import BadUserInput
from server.graphql.context import Info
from server.graphql.notifications.types import (
    Notification,
    NotificationConnection,
    NotificationEdge,
)
from server.graphql.pagination import PageInfo, check_page_size, decode_cursor, encode_cursor

CURSOR = "notifications"


@strawberry.type
class NotificationQueries:
    @strawberry.field(description="Your notifications, newest first (Relay paginated).")
    async def notifications(
        self, info: Info, first: int = 20, after: str | None = None, unread_only: bool = False
    ) -> NotificationConnection:
        person = info.context.require_caller().person_id
        check_page_size(first)
        position = None
        if after is not None:
            at, notification_id = decode_cursor(CURSOR, after, 2)
            if not isinstance(at, str) or not isinstance(notification_id, str):
                raise BadUserInput("The cursor is malformed.", field="after")
            position = (at, notification_id)
        found = await outbox.notifications_of(
            info.context.graph, person, unread_only=unread_only, limit=first + 1, after=position
        )
        edges = [
            NotificationEdge(
                cursor=encode_cursor(CURSOR, [n.created_at.isoformat(), n.id]),
                node=Notification.from_model(n),
            )
            for n in found[:first]
        ]
        return NotificationConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(found) > first,
                has_previous_page=position is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

"""Live notifications over graphql-transport-ws, for their recipient only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from graph.notifications import outbox
from server.graphql.context import Info
from server.graphql.notifications.types import Notification

# The graph is the source of truth, so every replica can serve a subscriber: it looks for
# notifications newer than the last one it sent. A push broker can replace this later.
POLL_SECONDS = 1.0


@strawberry.type
class NotificationSubscriptions:
    @strawberry.subscription(
        description="Your new notifications as they happen (authenticate at connection_init)."
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        person = info.context.require_caller().person_id
        graph = info.context.graph
        newest = await outbox.notifications_of(graph, person, unread_only=False, limit=1)
        seen = {n.id for n in newest}
        since = newest[0].created_at if newest else None
        while True:
            await asyncio.sleep(POLL_SECONDS)
            fresh = await outbox.notifications_of(graph, person, unread_only=False, limit=50)
            for notification in reversed(fresh):
                if notification.id in seen or (since and notification.created_at < since):
                    continue
                seen.add(notification.id)
                since = max(since, notification.created_at) if since else notification.created_at
                yield Notification.from_model(notification)

"""Live notifications over graphql-transport-ws, for their recipient only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from graph.notifications import outbox
from server.graphql.context import Info
from server.graphql.notifications.types import Notification


@strawberry.type
class NotificationSubscriptions:
    @strawberry.subscription(
        description="Your new notifications as they happen (authenticate at connection_init)."
    )
    async def notification_added(self, info: Info) -> AsyncGenerator[Notification, None]:
        person = info.context.require_caller().person_id
        # The graph is the source of truth, so any replica serves any subscriber: this one's
        # feed (notifications.live) reads once a tick for all its subscribers.
        # Shielded: a subscription completed while it takes its starting point lets this read
        # end, where a cancelled one would leave the driver's new connection open.
        newest = await asyncio.shield(
            outbox.notifications_of(info.context.graph, person, unread_only=False, limit=1)
        )
        async with info.context.live.subscribe(person, newest[0] if newest else None) as queue:
            while True:
                yield Notification.from_model(await queue.get())

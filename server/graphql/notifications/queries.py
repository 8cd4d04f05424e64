"""Your notifications, newest first."""

from __future__ import annotations

import strawberry

from graph.core.errors import BadUserInput
from graph.notifications import outbox, preferences, push_subscriptions, saved_areas
from server.graphql.context import Info
from server.graphql.notifications.types import (
    Notification,
    NotificationConnection,
    NotificationEdge,
    NotificationPreference,
    PushSubscription,
    SavedArea,
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

    @strawberry.field(
        description="The VAPID key to pass as applicationServerKey to pushManager.subscribe."
    )
    def web_push_public_key(self, info: Info) -> str:
        return info.context.push_public_key

    @strawberry.field(description="Your devices that receive notifications by Web Push.")
    async def push_subscriptions(self, info: Info) -> list[PushSubscription]:
        person = info.context.require_caller().person_id
        found = await push_subscriptions.devices_of(info.context.graph, person)
        return [PushSubscription.from_model(s) for s in found]

    @strawberry.field(description="Per kind of event: in the app, by push, or not at all.")
    async def notification_preferences(self, info: Info) -> list[NotificationPreference]:
        person = info.context.require_caller().person_id
        found = await preferences.preferences_of(info.context.graph, person)
        return [NotificationPreference.from_model(p) for p in found]

    @strawberry.field(description="Where you want to hear about newly published opportunities.")
    async def saved_areas(self, info: Info) -> list[SavedArea]:
        person = info.context.require_caller().person_id
        found = await saved_areas.list_areas(info.context.graph, person)
        return [SavedArea.from_model(a) for a in found]

"""GraphQL types for in-app notifications."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from graph import outbox
from server.graphql.pagination import PageInfo

NotificationKind = outbox.Kind
strawberry.enum(NotificationKind, description="What happened.")


@strawberry.type
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    data: JSON = strawberry.field(description="Ids and titles to link to; nothing private.")
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def from_model(cls, n: outbox.Notification) -> Notification:
        return cls(
            id=strawberry.ID(n.id),
            kind=n.kind,
            data=JSON(n.data),
            created_at=n.created_at,
            read_at=n.read_at,
        )


@strawberry.type
class NotificationEdge:
    cursor: str
    node: Notification


@strawberry.type
class NotificationConnection:
    edges: list[NotificationEdge]
    page_info: PageInfo

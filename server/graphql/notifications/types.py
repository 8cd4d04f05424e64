"""GraphQL types for in-app notifications."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from graph.notifications import outbox, preferences, push_subscriptions, saved_areas
from server.graphql.common import GeoPoint
from server.graphql.enums import Domain
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


@strawberry.type(description="A device (browser) that receives your notifications by Web Push.")
class PushSubscription:
    id: strawberry.ID
    endpoint: str
    created_at: datetime
    last_delivered_at: datetime | None

    @classmethod
    def from_model(cls, s: push_subscriptions.PushSubscription) -> PushSubscription:
        return cls(
            id=strawberry.ID(s.id),
            endpoint=s.endpoint,
            created_at=s.created_at,
            last_delivered_at=s.last_delivered_at,
        )


@strawberry.input(description="What PushSubscription.toJSON() gives in the browser.")
class PushSubscriptionInput:
    endpoint: str
    p256dh: str = strawberry.field(description="keys.p256dh, base64url")
    auth: str = strawberry.field(description="keys.auth, base64url")


@strawberry.type(
    description="Whether you hear about one kind of event in the app, by push and by e-mail."
)
class NotificationPreference:
    kind: NotificationKind
    in_app: bool
    push: bool
    email: bool

    @classmethod
    def from_model(cls, p: preferences.Preference) -> NotificationPreference:
        return cls(kind=p.kind, in_app=p.in_app, push=p.push, email=p.email)


@strawberry.input(description="Leave a channel out to keep it as it is.")
class NotificationPreferenceInput:
    kind: NotificationKind
    in_app: bool | None = None
    push: bool | None = None
    email: bool | None = None


@strawberry.type(description="A circle where you want to hear about new opportunities.")
class SavedArea:
    id: strawberry.ID
    name: str
    centre: GeoPoint
    radius_km: float
    domains: list[Domain] = strawberry.field(description="Empty: every domain.")
    created_at: datetime

    @classmethod
    def from_model(cls, a: saved_areas.SavedArea) -> SavedArea:
        return cls(
            id=strawberry.ID(a.id),
            name=a.name,
            centre=GeoPoint(latitude=a.centre.latitude, longitude=a.centre.longitude),
            radius_km=a.radius_km,
            domains=list(a.domains),
            created_at=a.created_at,
        )


@strawberry.input
class SaveAreaInput:
    name: str
    latitude: float
    longitude: float
    radius_km: float = strawberry.field(description="Greater than 0, at most 25.")
    domains: list[Domain] = strawberry.field(default_factory=list)

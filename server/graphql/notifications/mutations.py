"""Your notifications: marking them read, devices for Web Push, preferences, saved areas."""

from __future__ import annotations

import math

import strawberry

from graph.core.errors import BadUserInput, NotFound
from graph.notifications import outbox, push_subscriptions, saved_areas
from graph.notifications import preferences as preferences_model
from notifications.push import InvalidSubscription, check_subscription
from server.graphql import validation as check
from server.graphql.context import Info
from server.graphql.notifications.types import (
    NotificationPreference,
    NotificationPreferenceInput,
    PushSubscription,
    PushSubscriptionInput,
    SaveAreaInput,
    SavedArea,
)


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

    @strawberry.mutation(description="Receive your notifications on this device by Web Push.")
    async def register_push_subscription(
        self, info: Info, input: PushSubscriptionInput
    ) -> PushSubscription:
        person = info.context.require_caller().person_id
        settings = info.context.settings
        try:
            check_subscription(
                input.endpoint,
                input.p256dh,
                input.auth,
                settings.push_services,
                allow_http=settings.development,
            )
        except InvalidSubscription as exc:
            field, _, reason = str(exc).partition(": ")
            raise BadUserInput(f"{field} {reason}.", field=f"input.{field}") from None
        found = await push_subscriptions.register(
            info.context.graph, person, input.endpoint, input.p256dh, input.auth
        )
        return PushSubscription.from_model(found)

    @strawberry.mutation(description="Stop Web Push to a device of yours (by its endpoint).")
    async def remove_push_subscription(self, info: Info, endpoint: str) -> bool:
        person = info.context.require_caller().person_id
        if not await push_subscriptions.remove(info.context.graph, person, endpoint):
            raise NotFound("No device of yours has that endpoint.", field="endpoint")
        return True

    @strawberry.mutation(description="Change how you hear about some kinds of event.")
    async def update_notification_preferences(
        self, info: Info, preferences: list[NotificationPreferenceInput]
    ) -> list[NotificationPreference]:
        person = info.context.require_caller().person_id
        kinds = [p.kind for p in preferences]
        if not kinds or len(set(kinds)) != len(kinds):
            raise BadUserInput("Name each kind once, at least one.", field="preferences")
        changes = [preferences_model.Change(p.kind, p.in_app, p.push, p.email) for p in preferences]
        found = await preferences_model.change(info.context.graph, person, changes)
        return [NotificationPreference.from_model(p) for p in found]

    @strawberry.mutation(description="Hear about opportunities published inside this circle.")
    async def save_area(self, info: Info, input: SaveAreaInput) -> SavedArea:
        person = info.context.require_caller().person_id
        name = check.text(input.name, "input.name", max_length=80)
        centre = check.coordinates(input.latitude, input.longitude, prefix="input.")
        radius = input.radius_km
        if not (math.isfinite(radius) and 0 < radius <= saved_areas.MAX_AREA_RADIUS_KM):
            raise BadUserInput(
                f"radiusKm must be greater than 0 and at most {saved_areas.MAX_AREA_RADIUS_KM}.",
                field="input.radiusKm",
            )
        area = await saved_areas.save(
            info.context.graph, person, name, centre, radius, tuple(input.domains)
        )
        return SavedArea.from_model(area)

    @strawberry.mutation(description="Stop watching one of your saved areas.")
    async def remove_saved_area(self, info: Info, id: strawberry.ID) -> bool:
        person = info.context.require_caller().person_id
        if not await saved_areas.remove(info.context.graph, person, check.entity_id(id)):
            raise NotFound("No saved area of yours with that id.", field="id")
        return True

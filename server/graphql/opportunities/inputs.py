"""Inputs for finding and managing opportunities, validated before any query runs."""

from __future__ import annotations

import math
from datetime import datetime

import strawberry

from graph.core.errors import BadUserInput
from graph.opportunities import discovery as model
from graph.opportunities.lifecycle import OpportunityFields
from server.graphql import validation as check
from server.graphql.enums import Domain, Level

MAX_RADIUS_KM = 200.0
MAX_CAPACITY = 10_000


@strawberry.input(description="A circle on the map: centre in WGS-84 degrees, radius in km.")
class NearInput:
    latitude: float
    longitude: float
    radius_km: float

    def to_model(self) -> model.Circle:
        if not (math.isfinite(self.latitude) and -90.0 <= self.latitude <= 90.0):
            raise BadUserInput("latitude must be between -90 and 90.", field="near.latitude")
        if not (math.isfinite(self.longitude) and -180.0 <= self.longitude <= 180.0):
            raise BadUserInput("longitude must be between -180 and 180.", field="near.longitude")
        if not (math.isfinite(self.radius_km) and 0.0 < self.radius_km <= MAX_RADIUS_KM):
            raise BadUserInput(
                f"radiusKm must be greater than 0 and at most {MAX_RADIUS_KM:g}.",
                field="near.radiusKm",
            )
        return model.Circle(model.GeoPoint(self.latitude, self.longitude), self.radius_km * 1000)


@strawberry.input(description="A competency by framework and code, as in a badge alignment.")
class CompetencyInput:
    framework: str
    code: str


@strawberry.input(
    description="Every filter given must hold; results are sorted by distance "
    "when `near` is given, else by text relevance, else by start."
)
class OpportunityFilter:
    near: NearInput | None = None
    text: str | None = None
    domains: list[Domain] | None = None
    levels: list[Level] | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    organisation_id: strawberry.ID | None = None
    competency: CompetencyInput | None = None
    has_free_places: bool = False

    def to_model(self) -> model.Filters:
        text = check.optional_text(self.text, "filter.text", max_length=200)
        competency = None
        if self.competency is not None:
            framework = check.text(self.competency.framework, "filter.competency", max_length=100)
            code = check.text(self.competency.code, "filter.competency", max_length=200)
            competency = f"{framework}|{code}"
        return model.Filters(
            circle=self.near.to_model() if self.near else None,
            text=text,
            domains=tuple(self.domains or ()),
            levels=tuple(self.levels or ()),
            starts_after=check.aware(self.starts_after, "filter.startsAfter"),
            starts_before=check.aware(self.starts_before, "filter.startsBefore"),
            organisation_id=check.entity_id(self.organisation_id, "filter.organisationId")
            if self.organisation_id
            else None,
            competency_key=competency,
            free_places_only=self.has_free_places,
        )


@strawberry.input
class DraftOpportunityInput:
    organisation_id: strawberry.ID
    badge_class_id: strawberry.ID
    title: str
    synopsis: str
    description: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    address: str
    latitude: float
    longitude: float
    contact_email: str | None = None
    website: str | None = None
    image_url: str | None = None

    def to_model(self) -> OpportunityFields:
        return OpportunityFields(
            title=check.text(self.title, "title", max_length=200),
            synopsis=check.text(self.synopsis, "synopsis", max_length=500),
            description=check.text(self.description, "description", max_length=10_000),
            starts_at=check.aware(self.starts_at, "startsAt"),
            ends_at=check.aware(self.ends_at, "endsAt"),
            capacity=check.whole(self.capacity, "capacity", 1, MAX_CAPACITY),
            address=check.text(self.address, "address", max_length=300),
            location=check.coordinates(self.latitude, self.longitude),
            contact_email=check.optional_email(self.contact_email, "contactEmail"),
            website=check.url(self.website, "website"),
            image_url=check.url(self.image_url, "imageUrl"),
            badge_class_id=check.entity_id(self.badge_class_id, "badgeClassId"),
        )


@strawberry.input(
    description="Only the fields given change; see the README for which may "
    "change after publication."
)
class UpdateOpportunityInput:
    title: str | None = None
    synopsis: str | None = None
    description: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    capacity: int | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    contact_email: str | None = None
    website: str | None = None
    image_url: str | None = None
    badge_class_id: strawberry.ID | None = None

    def to_model(self) -> OpportunityFields:
        if (self.latitude is None) != (self.longitude is None):
            raise BadUserInput("Give latitude and longitude together.", field="latitude")
        return OpportunityFields(
            title=None if self.title is None else check.text(self.title, "title", max_length=200),
            synopsis=None
            if self.synopsis is None
            else check.text(self.synopsis, "synopsis", max_length=500),
            description=None
            if self.description is None
            else check.text(self.description, "description", max_length=10_000),
            starts_at=check.aware(self.starts_at, "startsAt"),
            ends_at=check.aware(self.ends_at, "endsAt"),
            capacity=None
            if self.capacity is None
            else check.whole(self.capacity, "capacity", 1, MAX_CAPACITY),
            address=None
            if self.address is None
            else check.text(self.address, "address", max_length=300),
            location=None
            if self.latitude is None or self.longitude is None
            else check.coordinates(self.latitude, self.longitude),
            contact_email=check.optional_email(self.contact_email, "contactEmail"),
            website=check.url(self.website, "website"),
            image_url=check.url(self.image_url, "imageUrl"),
            badge_class_id=None
            if self.badge_class_id is None
            else check.entity_id(self.badge_class_id, "badgeClassId"),
        )

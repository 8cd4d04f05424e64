"""Inputs for finding and managing opportunities, validated before any query runs."""

from __future__ import annotations

import math
from datetime import datetime

import strawberry

from graph.core.errors import BadUserInput, Unauthenticated
from graph.core.geo import GeoPoint
from graph.opportunities import discovery as model
from graph.opportunities.fields import OpportunityFields
from server.graphql import validation as check
from server.graphql.enums import Domain, Level

MAX_RADIUS_KM = 200.0


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
        return model.Circle(GeoPoint(self.latitude, self.longitude), self.radius_km * 1000)


@strawberry.input(description="A competency by framework and code, as in a badge alignment.")
class CompetencyInput:
    framework: str
    code: str


strawberry.enum(
    model.Order,
    name="OpportunitySort",
    description="DISTANCE needs `near`, RELEVANCE needs `text`; START is always possible.",
)


@strawberry.input(
    description="Every filter given must hold but `text`, which ranks by meaning and words "
    "together (a result need not hold every word: README, Discovery by meaning). Unless "
    "`sort` says otherwise, results are sorted by relevance when `text` is given, else by "
    "distance when `near` is, else by start."
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
    sort: model.Order | None = None
    for_my_goals: bool = strawberry.field(
        default=False,
        description="Only opportunities leading to a badge that shows a competency you want "
        "to develop (your self-assessment); needs sign-in, and reads only your own wishes.",
    )

    def to_model(self, actor_id: str | None = None) -> model.Filters:
        if self.text is not None and not self.text.strip():
            raise BadUserInput(
                "filter.text is empty; leave it out to search without words.", field="filter.text"
            )
        text = check.optional_text(self.text, "filter.text", max_length=200)
        competency = None
        if self.competency is not None:
            framework = check.text(self.competency.framework, "filter.competency", max_length=100)
            code = check.text(self.competency.code, "filter.competency", max_length=200)
            competency = f"{framework}|{code}"
        filters = model.Filters(
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
            sort=self.sort,
            goals_of=self._goals_of(actor_id),
        )
        problem = model.sort_problem(filters)
        if problem is not None:
            raise BadUserInput(problem, field="filter.sort")
        return filters

    def _goals_of(self, actor_id: str | None) -> str | None:
        if not self.for_my_goals:
            return None
        if actor_id is None:
            raise Unauthenticated("Sign in to search for what you want to develop.")
        return actor_id


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
        return check.by_table(
            self,
            OpportunityFields,
            location=lambda: check.coordinates(self.latitude, self.longitude),
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
        return check.by_table(
            self,
            OpportunityFields,
            location=lambda: (
                None
                if self.latitude is None or self.longitude is None
                else check.coordinates(self.latitude, self.longitude)
            ),
        )

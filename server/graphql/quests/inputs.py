"""Quest inputs, checked at the edge: bounded text, coordinates, times with a zone."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph.core.errors import BadUserInput
from graph.quests import discovery
from graph.quests import quests as model
from server.graphql import validation as check
from server.graphql.enums import Domain
from server.graphql.opportunities.inputs import NearInput


@strawberry.input
class QuestFilter:
    near: NearInput | None = None
    text: str | None = None
    domains: list[Domain] | None = None

    def to_model(self) -> discovery.QuestFilters:
        text = None
        if self.text is not None:
            text = check.text(self.text, "filter.text", max_length=200)
        if self.domains is not None and len(self.domains) > len(Domain):
            raise BadUserInput("filter.domains lists a domain twice.", field="filter.domains")
        circle = self.near.to_model() if self.near else None
        return discovery.QuestFilters(
            centre=circle.center if circle else None,
            radius_m=circle.radius_m if circle else None,
            text=text,
            domains=tuple(sorted(set(self.domains), key=str)) if self.domains else None,
        )


@strawberry.input
class PostQuestInput:
    university_id: strawberry.ID = strawberry.field(
        description="The university network it is posted in (it must have Helping hand enabled)."
    )
    title: str
    description: str
    domain: Domain
    latitude: float
    longitude: float
    address: str = strawberry.field(description="Exact; shown only to the accepted helper.")
    area_name: str = strawberry.field(description="Public, e.g. a neighbourhood.")
    starts_at: datetime | None = None
    expires_in_days: int = 7

    def to_model(self) -> model.NewQuest:
        title = check.text(self.title, "title", max_length=120)
        if len(title) < 3:
            raise BadUserInput("title needs at least 3 characters.", field="title")
        return model.NewQuest(
            university_id=check.entity_id(self.university_id, "universityId"),
            title=title,
            description=check.text(self.description, "description", max_length=2000),
            domain=self.domain,
            location=check.coordinates(self.latitude, self.longitude),
            address=check.text(self.address, "address", max_length=300),
            area_name=check.text(self.area_name, "areaName", max_length=120),
            starts_at=check.aware(self.starts_at, "startsAt"),
            expires_in_days=check.whole(
                self.expires_in_days, "expiresInDays", 1, model.MAX_EXPIRY_DAYS
            ),
        )

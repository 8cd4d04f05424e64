"""GraphQL types for opportunities and the pages of them learners browse."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Annotated

import strawberry

from graph.core.records import camel
from graph.opportunities import discovery, recommendations
from graph.opportunities import fields as model
from server.graphql.badge_classes.types import BadgeClass
from server.graphql.common import GeoPoint, mirror
from server.graphql.context import Info
from server.graphql.enums import Domain, Level, OpportunityStatus
from server.graphql.pagination import PageInfo, check_page_size
from server.graphql.quests.types import Quest


@strawberry.type
class OrganisationRef:
    id: strawberry.ID
    name: str
    website: str | None


@strawberry.type
class Opportunity:
    id: strawberry.ID
    title: str
    synopsis: str
    description: str
    domain: Domain
    level: Level
    status: OpportunityStatus
    starts_at: datetime
    ends_at: datetime
    capacity: int
    free_places: int
    address: str
    location: GeoPoint
    organisation: OrganisationRef
    contact_email: str | None
    website: str | None
    image_url: str | None
    rejection_reason: str | None
    badge_class_id: strawberry.Private[str | None]

    @strawberry.field(description="The badge class taking part leads to.")
    async def badge_class(self, info: Info) -> BadgeClass | None:
        if self.badge_class_id is None:
            return None
        found = await info.context.loaders.badge_class_by_id.load(self.badge_class_id)
        return BadgeClass.from_model(found) if found else None

    @classmethod
    def from_model(cls, o: model.Opportunity) -> Opportunity:
        # Discovery reads only what the query selected (`reads`): the rest is None, never shown.
        return mirror(
            cls,
            o,
            location=GeoPoint(latitude=o.location.latitude, longitude=o.location.longitude)
            if o.location
            else None,
            organisation=mirror(OrganisationRef, o.organisation) if o.organisation else None,
            free_places=o.free_places if o.capacity is not None else None,
        )


# The model fields each GraphQL field of Opportunity reads; the others read their namesake.
_READS = {
    "freePlaces": {"capacity", "places_taken"},
    "badgeClass": {"badge_class_id"},
    "__typename": set(),
}
_NAMESAKES = {camel(f.name): {f.name} for f in dataclasses.fields(model.Opportunity)}


def reads(selected: frozenset[str]) -> frozenset[str]:
    """The model fields an Opportunity selection needs (what discovery must read)."""
    return frozenset(
        field for name in selected for field in _READS.get(name, _NAMESAKES.get(name, set()))
    )


@strawberry.type
class OpportunityEdge:
    cursor: str
    node: Opportunity
    distance_km: float | None = strawberry.field(
        description="Great-circle distance from the search point, when one was given."
    )
    score: float | None = strawberry.field(description="Text relevance, when text was given.")


SUGGESTIONS = (
    '"Did you mean": when a search with `text` found nothing, the published opportunities '
    "nearest in meaning anywhere (however far, whatever the other filters); empty otherwise."
)


@strawberry.type
class OpportunityConnection:
    edges: list[OpportunityEdge]
    page_info: PageInfo
    meaning: strawberry.Private[discovery.Meaning | None] = None

    @strawberry.field(description=SUGGESTIONS)
    async def suggestions(self, info: Info, first: int = 3) -> list[Opportunity]:
        return await _suggestions(info, self.meaning, self.edges, self.page_info, first)


async def _suggestions(
    info: Info,
    meaning: discovery.Meaning | None,
    edges: list[OpportunityEdge] | list[DiscoveryEdge],
    page_info: PageInfo,
    first: int,
) -> list[Opportunity]:
    check_page_size(first)
    if meaning is None or edges or page_info.has_previous_page:
        return []
    found = await discovery.suggestions(info.context.graph, meaning, first)
    return [Opportunity.from_model(o) for o in found]


strawberry.enum(
    discovery.Kind,
    name="DiscoveryKind",
    description="OPPORTUNITY: published by an organisation; QUEST: a request for help a "
    "person posted.",
)

Discovered = Annotated[
    Opportunity | Quest,
    strawberry.union("Discovered", description="An opportunity or a quest, as discovery lists."),
]


@strawberry.type
class DiscoveryEdge:
    cursor: str
    node: Discovered
    distance_km: float | None = strawberry.field(
        description="Great-circle distance from the search point, when one was given; to a "
        "quest's public area, never its exact place."
    )
    score: float | None = strawberry.field(description="Text relevance, when text was given.")


@strawberry.type
class DiscoveryConnection:
    edges: list[DiscoveryEdge]
    page_info: PageInfo
    meaning: strawberry.Private[discovery.Meaning | None] = None

    @strawberry.field(description=SUGGESTIONS)
    async def suggestions(self, info: Info, first: int = 3) -> list[Opportunity]:
        return await _suggestions(info, self.meaning, self.edges, self.page_info, first)


strawberry.enum(
    recommendations.Why,
    name="RecommendationWhy",
    description="NEXT_LEVEL: you hold a badge and this leads one level up in its domain; "
    "PATHWAY: a pathway you started; CLAIMING: the badge of a claim you have open; "
    "LIKE_DONE: alike in meaning to an opportunity you completed; SAVED_AREA: in an area "
    "you watch; WANT_TO_DEVELOP: leads to a badge showing a competency you want to develop.",
)


@strawberry.type(description="Why an opportunity is recommended to you.")
class RecommendationReason:
    why: recommendations.Why
    because: str = strawberry.field(
        description="The name of your badge, pathway, claimed badge class, completed "
        "opportunity, saved area or competency that this reason comes from."
    )
    because_id: strawberry.ID


@strawberry.type(description="An opportunity for you, and why (the strongest reason first).")
class Recommendation:
    opportunity: Opportunity
    reasons: list[RecommendationReason]

    @classmethod
    def from_model(cls, r: recommendations.Recommendation) -> Recommendation:
        return cls(
            opportunity=Opportunity.from_model(r.opportunity),
            reasons=[
                RecommendationReason(
                    why=x.why, because=x.because, because_id=strawberry.ID(x.because_id)
                )
                for x in r.reasons
            ],
        )


@strawberry.type(description="An opportunity that brings you closer to finishing a pathway.")
class NextStep:
    opportunity: Opportunity
    pathway: str = strawberry.field(description="The stacked badge class you started.")
    pathway_id: strawberry.ID

"""The opportunity's field table: what is read (`Opportunity`), what may be written and under
which rules (`OpportunityFields`). Projection, mapping, required and editable sets follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.core.access import Standing
from graph.core.fields import Email, Instant, Place, Reference, Text, Url, Whole, entries, entry
from graph.core.geo import GeoPoint
from graph.core.records import from_record, properties
from graph.core.vocabulary import Domain, Level, OpportunityStatus

MAX_CAPACITY = 10_000


@dataclass(frozen=True)
class OrganisationSummary:
    id: str
    name: str
    website: str | None = None


@dataclass(frozen=True, kw_only=True)
class Opportunity:
    id: str
    title: str
    synopsis: str = ""
    description: str = ""
    domain: Domain
    level: Level
    status: OpportunityStatus
    starts_at: datetime
    ends_at: datetime
    capacity: int
    places_taken: int = 0
    address: str = ""
    location: GeoPoint
    contact_email: str | None = None
    website: str | None = None
    image_url: str | None = None
    rejection_reason: str | None = None
    organisation: OrganisationSummary
    badge_class_id: str | None = None

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.places_taken, 0)


@dataclass(frozen=True)
class OpportunityFields:
    """Fields of a draft; on an edit, None means "leave as it is"."""

    title: str | None = entry(Text(200), required=True)
    synopsis: str | None = entry(Text(500), required=True, after_publication=True)
    description: str | None = entry(Text(10_000), after_publication=True)
    starts_at: datetime | None = entry(Instant(), required=True)
    ends_at: datetime | None = entry(Instant(), required=True)
    capacity: int | None = entry(Whole(1, MAX_CAPACITY), required=True, after_publication=True)
    address: str | None = entry(Text(300), required=True)
    location: GeoPoint | None = entry(Place(), required=True)
    contact_email: str | None = entry(Email(), after_publication=True)
    website: str | None = entry(Url(), after_publication=True)
    image_url: str | None = entry(Url(), after_publication=True)
    badge_class_id: str | None = entry(Reference(), required=True, stored=False)


@dataclass(frozen=True)
class OpportunityView:
    """An opportunity with the reader's standing towards it, for visibility decisions."""

    opportunity: Opportunity
    standing: Standing


EDITABLE_AFTER_PUBLICATION = frozenset(
    n for n, e in entries(OpportunityFields).items() if e.after_publication
)


# Projects `o` into `opportunity` and `organisation`; one expansion each, no per-row queries.
PROJECTION = f"""
CALL (o) {{
  MATCH (o)-[:OFFERED_BY]->(org:Organisation)
  OPTIONAL MATCH (o)-[:LEADS_TO]->(b:BadgeClass)
  RETURN org {{ .id, .name, .website }} AS organisation, b.id AS badgeClassId LIMIT 1
}}
WITH *, o {{
  {properties(Opportunity, skip=("organisation", "badge_class_id"))},
  badgeClassId: badgeClassId
}} AS opportunity
"""


def opportunity_from_record(o: dict[str, Any], org: dict[str, Any]) -> Opportunity:
    return from_record(Opportunity, o, organisation=from_record(OrganisationSummary, org))

"""The field tables of universities and organisations: what is read (`University`,
`Organisation`), what a new one is made of and under which rules (`UniversityFields`,
`OrganisationFields`). Projections, mapping and stored properties follow."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.core.fields import Colour, Email, Place, Reference, Text, Url, entry
from graph.core.geo import GeoPoint
from graph.core.records import from_record, properties
from graph.core.vocabulary import OrganisationStatus, Relationship

# A university's colours when it names none; its badges and its partners' carry them.
BRAND_PRIMARY = "#1F3A5F"
BRAND_SECONDARY = "#F2A541"


@dataclass(frozen=True, kw_only=True)
class CommunityPolicy:
    """The university's recorded consent to issue learners' own one-off claims that meet this
    (graph.recognition.community_policy)."""

    minimum: int
    relationships: tuple[Relationship, ...]
    require_one_of: tuple[Relationship, ...] = ()
    consented_at: datetime


@dataclass(frozen=True, kw_only=True)
class University:
    id: str
    name: str
    website: str | None = None
    brand_primary: str = BRAND_PRIMARY
    brand_secondary: str = BRAND_SECONDARY
    community_policy: CommunityPolicy | None = None  # None: it has not consented
    helping_hand_at: datetime | None = None  # its consent to recognise quests; None: not given


@dataclass(frozen=True, kw_only=True)
class UniversityFields:
    """A new university."""

    name: str | None = entry(Text(200), required=True)
    website: str | None = entry(Url())
    brand_primary: str | None = entry(Colour())
    brand_secondary: str | None = entry(Colour())


@dataclass(frozen=True, kw_only=True)
class Organisation:
    id: str
    name: str
    description: str = ""
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    address: str = ""
    location: GeoPoint
    status: OrganisationStatus
    rejection_reason: str | None = None
    university_id: str
    university_name: str
    created_at: datetime | None = None
    # When its logo was last set (None: it has none); also the logo URL's cache breaker.
    logo_updated_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class OrganisationFields:
    """An organisation's application, its fields in the order the edge checks them."""

    university_id: str | None = entry(Reference(), required=True, stored=False)
    name: str | None = entry(Text(200), required=True)
    description: str | None = entry(Text(5000), required=True)
    website: str | None = entry(Url())
    contact_email: str | None = entry(Email(blank=False), required=True)
    contact_phone: str | None = entry(Text(40, blank=True))
    address: str | None = entry(Text(300), required=True)
    location: GeoPoint | None = entry(Place(), required=True)


@dataclass(frozen=True, kw_only=True)
class ProfileChanges:
    """An admin's changes to the profile: `fields` as given (None: unchanged), a new logo's
    PNG bytes, and the optional parts emptied (`website`, `contact_phone`, `logo`)."""

    fields: OrganisationFields
    logo_png: bytes | None = None
    cleared: frozenset[str] = frozenset()


# Expects `u`.
UNIVERSITY_PROJECTION = (
    "u { "
    + properties(University, skip=("community_policy",))
    + ", communityPolicy: CASE WHEN u.communityPolicyConsentAt IS NOT NULL THEN "
    "{minimum: u.communityPolicyMinimum, relationships: u.communityPolicyRelationships, "
    "requireOneOf: u.communityPolicyRequireOneOf, consentedAt: u.communityPolicyConsentAt} "
    "END } AS university"
)

# Expects `o` and its university `uni`.
ORGANISATION_PROJECTION = (
    "o { "
    + properties(Organisation, skip=("university_id", "university_name"))
    + ", universityId: uni.id, universityName: uni.name } AS organisation"
)


def university_from(u: Any) -> University:
    policy = u.get("communityPolicy")
    return from_record(
        University,
        u,
        community_policy=from_record(CommunityPolicy, policy) if policy is not None else None,
    )


def organisation_from(record: Any) -> Organisation:
    return from_record(Organisation, record["organisation"])

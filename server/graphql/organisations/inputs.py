"""Inputs for universities and organisations, checked before anything is written."""

from __future__ import annotations

import strawberry

from badges.images import decode_png_data_url
from graph.core.errors import BadUserInput
from graph.organisations.fields import (
    BRAND_PRIMARY,
    BRAND_SECONDARY,
    OrganisationFields,
    ProfileChanges,
    UniversityFields,
)
from server.graphql import validation as check

# What an admin may empty; the rest of the profile is required.
CLEARABLE = ("website", "contact_phone", "logo")


@strawberry.input
class CreateUniversityInput:
    name: str
    website: str | None = None
    brand_primary: str = BRAND_PRIMARY
    brand_secondary: str = BRAND_SECONDARY

    def to_model(self) -> UniversityFields:
        return check.by_table(self, UniversityFields)


@strawberry.input(description="A community organisation asking a university to approve it.")
class ApplyOrganisationInput:
    university_id: strawberry.ID
    name: str
    description: str
    contact_email: str
    address: str
    latitude: float
    longitude: float
    website: str | None = None
    contact_phone: str | None = None

    def to_model(self) -> OrganisationFields:
        return check.by_table(
            self,
            OrganisationFields,
            location=lambda: check.coordinates(self.latitude, self.longitude),
        )


@strawberry.input(
    description="Changes to an organisation's profile: a field left out stays as it is; an "
    "empty website, contactPhone or logo removes it."
)
class UpdateOrganisationInput:
    name: str | None = None
    description: str | None = None
    website: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    logo: str | None = strawberry.field(
        default=None,
        description="A PNG as a data URL (data:image/png;base64,...), checked like a badge "
        "class's image: at most 256 KiB, 64 to 2048 pixels a side.",
    )

    def to_model(self) -> ProfileChanges:
        if (self.latitude is None) != (self.longitude is None):
            raise BadUserInput("Give latitude and longitude together.", field="latitude")
        cleared = frozenset(
            name
            for name in CLEARABLE
            if (value := getattr(self, name)) is not None and not value.strip()
        )
        fields = check.by_table(
            self,
            OrganisationFields,
            university_id=lambda: None,
            location=lambda: (
                None
                if self.latitude is None or self.longitude is None
                else check.coordinates(self.latitude, self.longitude)
            ),
        )
        return ProfileChanges(
            fields=fields,
            logo_png=_logo(self.logo) if self.logo and "logo" not in cleared else None,
            cleared=cleared,
        )


def _logo(value: str) -> bytes:
    try:
        return decode_png_data_url(value.strip())
    except BadUserInput as refused:
        # The badge-image checks name their own field; here the PNG is the logo.
        raise BadUserInput(refused.message, field="logo") from None

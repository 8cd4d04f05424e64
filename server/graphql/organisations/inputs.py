"""Inputs for universities and organisations, checked before anything is written."""

from __future__ import annotations

import strawberry

from graph.organisations.fields import (
    BRAND_PRIMARY,
    BRAND_SECONDARY,
    OrganisationFields,
    UniversityFields,
)
from server.graphql import validation as check


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

"""Inputs for universities and organisations, checked before anything is written."""

from __future__ import annotations

import strawberry

from graph.organisations import organisations as model
from server.graphql import validation as check


@strawberry.input
class CreateUniversityInput:
    name: str
    website: str | None = None
    brand_primary: str = "#1F3A5F"
    brand_secondary: str = "#F2A541"

    def to_model(self) -> model.NewUniversity:
        return model.NewUniversity(
            name=check.text(self.name, "name", max_length=200),
            website=check.url(self.website, "website"),
            brand_primary=check.colour(self.brand_primary, "brandPrimary"),
            brand_secondary=check.colour(self.brand_secondary, "brandSecondary"),
        )


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

    def to_model(self) -> model.OrganisationApplication:
        return model.OrganisationApplication(
            university_id=check.entity_id(self.university_id, "universityId"),
            name=check.text(self.name, "name", max_length=200),
            description=check.text(self.description, "description", max_length=5000),
            website=check.url(self.website, "website"),
            contact_email=check.email(self.contact_email, "contactEmail"),
            contact_phone=check.optional_text(self.contact_phone, "contactPhone", max_length=40),
            address=check.text(self.address, "address", max_length=300),
            location=check.coordinates(self.latitude, self.longitude),
        )

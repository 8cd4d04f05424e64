"""The Annex I elements as a curator states them on validating a class, checked here."""

from __future__ import annotations

import strawberry

from graph.core.errors import BadUserInput
from graph.micro_credentials.elements import (
    FIELD,
    MAX_OUTCOMES,
    MAX_TEXT,
    MicroCredentialElements,
    checked,
)
from server.graphql import validation as check


def _text(value: str | None, name: str) -> str | None:
    return check.optional_text(value, f"{FIELD}.{name}", max_length=MAX_TEXT)


@strawberry.input(
    description="EU micro-credential elements (Council Recommendation 2022, Annex I). "
    "Controlled values by their EU vocabulary IRIs (see microCredentialVocabulary)."
)
class MicroCredentialInput:
    is_micro_credential: bool = strawberry.field(
        default=False,
        description="Marks the class as a micro-credential: every mandatory element is "
        "then required (learningOutcomes, ectsCredits, eqfLevel, assessmentType, "
        "participation, qualityAssurance, country, awardingBody, legalIdentifier).",
    )
    learning_outcomes: list[str] = strawberry.field(default_factory=list)
    workload_hours: int | None = strawberry.field(
        default=None, description="Notional workload in hours."
    )
    ects_credits: float | None = strawberry.field(
        default=None, description="Notional workload in ECTS credits: more than 0, at most 60."
    )
    eqf_level: int | None = strawberry.field(default=None, description="EQF level, 1 to 8.")
    assessment_type: str | None = None
    participation: str | None = strawberry.field(
        default=None, description="Form of participation: online, on-site or blended (IRI)."
    )
    quality_assurance: str | None = None
    prerequisites: str | None = None
    supervision: str | None = strawberry.field(
        default=None, description="Supervision and identity verification during assessment (IRI)."
    )
    stackability: str | None = strawberry.field(
        default=None, description="The larger qualification it can count towards."
    )
    country: str | None = strawberry.field(default=None, description="Country IRI.")
    awarding_body: str | None = None
    legal_identifier: str | None = strawberry.field(
        default=None,
        description="The awarding body's legal (registration) identifier, e.g. its VAT or "
        "enterprise number: a Europass export names its issuer by it.",
    )

    def to_model(self) -> MicroCredentialElements:
        # Counted before each is read: the work stays bounded whatever was sent.
        if len(self.learning_outcomes) > MAX_OUTCOMES:
            raise BadUserInput(
                f"At most {MAX_OUTCOMES} learning outcomes.", field=f"{FIELD}.learningOutcomes"
            )
        outcomes = tuple(
            check.text(o, f"{FIELD}.learningOutcomes[{i}]", max_length=MAX_TEXT)
            for i, o in enumerate(self.learning_outcomes)
        )
        return checked(
            MicroCredentialElements(
                is_micro_credential=self.is_micro_credential,
                learning_outcomes=outcomes,
                workload_hours=self.workload_hours,
                ects_credits=self.ects_credits,
                eqf_level=self.eqf_level,
                assessment_type=_text(self.assessment_type, "assessmentType"),
                participation=_text(self.participation, "participation"),
                quality_assurance=_text(self.quality_assurance, "qualityAssurance"),
                prerequisites=_text(self.prerequisites, "prerequisites"),
                supervision=_text(self.supervision, "supervision"),
                stackability=_text(self.stackability, "stackability"),
                country=_text(self.country, "country"),
                awarding_body=_text(self.awarding_body, "awardingBody"),
                legal_identifier=_text(self.legal_identifier, "legalIdentifier"),
            )
        )

"""GraphQL types for the EU micro-credential elements and their vocabularies."""

from __future__ import annotations

import strawberry

from graph.micro_credentials import vocabulary
from graph.micro_credentials.elements import MicroCredentialElements


@strawberry.type(description="A concept of an EU controlled vocabulary.")
class EuConcept:
    iri: str
    label: str = strawberry.field(description="The vocabulary's English preferred label.")

    @classmethod
    def of(cls, scheme: vocabulary.Scheme, iri: str | None) -> EuConcept | None:
        found = scheme.find(iri) if iri is not None else None
        return cls(iri=found.iri, label=found.label) if found else None


@strawberry.type(description="What an official class stands for in the EU's terms (Annex I).")
class MicroCredential:
    is_micro_credential: bool
    learning_outcomes: list[str]
    workload_hours: int | None
    ects_credits: float | None
    eqf_level: EuConcept | None
    assessment_type: str | None
    participation: EuConcept | None = strawberry.field(description="Form of participation.")
    quality_assurance: str | None
    prerequisites: str | None
    supervision: EuConcept | None = strawberry.field(
        description="Supervision and identity verification during assessment."
    )
    stackability: str | None
    country: EuConcept | None
    awarding_body: str | None
    legal_identifier: str | None

    @classmethod
    def from_model(cls, e: MicroCredentialElements) -> MicroCredential:
        level = vocabulary.eqf_iri(e.eqf_level) if e.eqf_level else None
        return cls(
            is_micro_credential=e.is_micro_credential,
            learning_outcomes=list(e.learning_outcomes),
            workload_hours=e.workload_hours,
            ects_credits=e.ects_credits,
            eqf_level=EuConcept.of(vocabulary.EQF, level),
            assessment_type=e.assessment_type,
            participation=EuConcept.of(vocabulary.PARTICIPATION, e.participation),
            quality_assurance=e.quality_assurance,
            prerequisites=e.prerequisites,
            supervision=EuConcept.of(vocabulary.SUPERVISION, e.supervision),
            stackability=e.stackability,
            country=EuConcept.of(vocabulary.COUNTRY, e.country),
            awarding_body=e.awarding_body,
            legal_identifier=e.legal_identifier,
        )


def _concepts(scheme: vocabulary.Scheme) -> list[EuConcept]:
    return [EuConcept(iri=c.iri, label=c.label) for c in scheme.concepts]


@strawberry.type(description="The EU vocabularies Kring accepts for micro-credential elements.")
class MicroCredentialVocabulary:
    eqf_levels: list[EuConcept] = strawberry.field(
        default_factory=lambda: _concepts(vocabulary.EQF)
    )
    participation: list[EuConcept] = strawberry.field(
        default_factory=lambda: _concepts(vocabulary.PARTICIPATION)
    )
    supervision: list[EuConcept] = strawberry.field(
        default_factory=lambda: _concepts(vocabulary.SUPERVISION)
    )
    countries: list[EuConcept] = strawberry.field(
        default_factory=lambda: _concepts(vocabulary.COUNTRY)
    )

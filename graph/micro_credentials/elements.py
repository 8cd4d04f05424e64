"""The Annex I elements a university states when it validates a class as OFFICIAL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.core.errors import BadUserInput
from graph.core.records import camel, from_record, properties
from graph.micro_credentials.vocabulary import COUNTRY, PARTICIPATION, SUPERVISION, Scheme

MAX_OUTCOMES = 20
MAX_ECTS = 60.0
MAX_HOURS = 1800  # 60 ECTS at 30 hours each: more is a whole programme, not a micro-credential
MAX_TEXT = 2000


@dataclass(frozen=True, kw_only=True)
class MicroCredentialElements:
    """What the class stands for in the Recommendation's terms; IRIs for controlled values."""

    # A class marked as a micro-credential must state every mandatory element.
    is_micro_credential: bool = False
    learning_outcomes: tuple[str, ...] = ()
    workload_hours: int | None = None
    ects_credits: float | None = None
    eqf_level: int | None = None  # 1 to 8
    assessment_type: str | None = None
    participation: str | None = None  # PARTICIPATION IRI
    quality_assurance: str | None = None
    prerequisites: str | None = None
    supervision: str | None = None  # SUPERVISION IRI
    stackability: str | None = None  # the larger qualification it can count towards
    country: str | None = None  # COUNTRY IRI
    awarding_body: str | None = None
    # The awarding body's legal (registration) identifier, as Europass requires of an issuer.
    legal_identifier: str | None = None


# Annex I's mandatory elements beyond the ones every credential carries (learner, title,
# date): the input's names, for errors a curator can act on.
MANDATORY = {
    "learning_outcomes": "learningOutcomes",
    "ects_credits": "ectsCredits",
    "eqf_level": "eqfLevel",
    "assessment_type": "assessmentType",
    "participation": "participation",
    "quality_assurance": "qualityAssurance",
    "country": "country",
    "awarding_body": "awardingBody",
    "legal_identifier": "legalIdentifier",
}
FIELD = "microCredential"

# Stored on a (:MicroCredential) node beside the class: one projection of the same fields.
PROJECTION = "{ " + properties(MicroCredentialElements) + " }"


def _at(name: str) -> str:
    return f"{FIELD}.{name}"


def _concept(scheme: Scheme, iri: str | None, name: str) -> str | None:
    if iri is None:
        return None
    if scheme.find(iri) is None:
        raise BadUserInput(
            f"{name} must be one of the EU vocabulary's IRIs: "
            + ", ".join(c.iri for c in scheme.concepts[:3])
            + ("…" if len(scheme.concepts) > 3 else "")
            + ".",
            field=_at(name),
        )
    return iri


def checked(elements: MicroCredentialElements) -> MicroCredentialElements:
    """The elements if they hold (ECTS in (0, 60], EQF 1 to 8, known IRIs, all mandatory ones
    for a micro-credential), else BadUserInput naming the field."""
    e = elements
    if len(e.learning_outcomes) > MAX_OUTCOMES:
        raise BadUserInput(
            f"At most {MAX_OUTCOMES} learning outcomes.", field=_at("learningOutcomes")
        )
    for i, outcome in enumerate(e.learning_outcomes):
        if not outcome.strip() or len(outcome) > MAX_TEXT:
            raise BadUserInput(
                f"A learning outcome is 1 to {MAX_TEXT} characters.",
                field=_at(f"learningOutcomes[{i}]"),
            )
    if e.ects_credits is not None and not 0 < e.ects_credits <= MAX_ECTS:
        raise BadUserInput(
            "ECTS credits must be more than 0 and at most 60.", field=_at("ectsCredits")
        )
    if e.workload_hours is not None and not 0 < e.workload_hours <= MAX_HOURS:
        raise BadUserInput(f"The workload is 1 to {MAX_HOURS} hours.", field=_at("workloadHours"))
    if e.eqf_level is not None and not 1 <= e.eqf_level <= 8:
        raise BadUserInput("The EQF level is 1 to 8.", field=_at("eqfLevel"))
    _concept(COUNTRY, e.country, "country")
    _concept(PARTICIPATION, e.participation, "participation")
    _concept(SUPERVISION, e.supervision, "supervision")
    for name in (
        "assessment_type",
        "quality_assurance",
        "prerequisites",
        "stackability",
        "awarding_body",
        "legal_identifier",
    ):
        value = getattr(e, name)
        if value is not None and (not value.strip() or len(value) > MAX_TEXT):
            raise BadUserInput(
                f"Say it in 1 to {MAX_TEXT} characters, or leave it out.",
                field=_at(MANDATORY.get(name, camel(name))),
            )
    if e.is_micro_credential:
        for name, input_name in MANDATORY.items():
            if getattr(e, name) in (None, ()):
                raise BadUserInput(
                    "A micro-credential must state every Annex I element; "
                    f"{input_name} is missing.",
                    field=_at(input_name),
                )
    return e


def stated(elements: MicroCredentialElements) -> dict[str, Any]:
    """The node's properties (lists stay lists; absent elements are not stored)."""
    return {
        camel(k): (list(v) if isinstance(v, tuple) else v)
        for k, v in elements.__dict__.items()
        if v is not None and v != ()
    }


def elements_from(record: Any) -> MicroCredentialElements | None:
    return None if record is None else from_record(MicroCredentialElements, record)

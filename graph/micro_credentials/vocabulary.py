"""The EU controlled vocabularies Kring accepts, by their IRIs: small, bundled, in one place.

Taken from the Commission's Europass micro-credential sample and the EU Vocabularies concept
schemes it names; a university needing another concept has it added here, nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str  # the scheme's English preferred label


@dataclass(frozen=True)
class Scheme:
    iri: str  # the concept scheme (ELM `inScheme`)
    concepts: tuple[Concept, ...]

    def find(self, iri: str) -> Concept | None:
        return next((c for c in self.concepts if c.iri == iri), None)


COUNTRY_BASE = "http://publications.europa.eu/resource/authority/country/"
# The EU member states and the EEA countries (the Recommendation's scope).
COUNTRY = Scheme(
    "http://publications.europa.eu/resource/authority/country",
    tuple(
        Concept(COUNTRY_BASE + code, name)
        for code, name in (
            ("AUT", "Austria"),
            ("BEL", "Belgium"),
            ("BGR", "Bulgaria"),
            ("HRV", "Croatia"),
            ("CYP", "Cyprus"),
            ("CZE", "Czechia"),
            ("DNK", "Denmark"),
            ("EST", "Estonia"),
            ("FIN", "Finland"),
            ("FRA", "France"),
            ("DEU", "Germany"),
            ("GRC", "Greece"),
            ("HUN", "Hungary"),
            ("ISL", "Iceland"),
            ("IRL", "Ireland"),
            ("ITA", "Italy"),
            ("LVA", "Latvia"),
            ("LIE", "Liechtenstein"),
            ("LTU", "Lithuania"),
            ("LUX", "Luxembourg"),
            ("MLT", "Malta"),
            ("NLD", "Netherlands"),
            ("NOR", "Norway"),
            ("POL", "Poland"),
            ("PRT", "Portugal"),
            ("ROU", "Romania"),
            ("SVK", "Slovakia"),
            ("SVN", "Slovenia"),
            ("ESP", "Spain"),
            ("SWE", "Sweden"),
        )
    ),
)

EQF = Scheme(
    "http://data.europa.eu/snb/eqf/25831c2",
    tuple(Concept(f"http://data.europa.eu/snb/eqf/{n}", f"Level {n}") for n in range(1, 9)),
)

# Form of participation: the "mode of learning and assessment" scheme.
PARTICIPATION = Scheme(
    "http://data.europa.eu/snb/learning-assessment/25831c2",
    (
        Concept("http://data.europa.eu/snb/learning-assessment/920fbb3cbe", "Online"),
        Concept("http://data.europa.eu/snb/learning-assessment/9191af2ed9", "On-site"),
        Concept("http://data.europa.eu/snb/learning-assessment/e92d221e4d", "Blended"),
    ),
)

# Supervision and identity verification during assessment (only the concepts whose IRIs
# Kring could confirm; see README "EU micro-credentials and Europass").
SUPERVISION = Scheme(
    "http://data.europa.eu/snb/supervision-verification/25831c2",
    (
        Concept(
            "http://data.europa.eu/snb/supervision-verification/c598449d64",
            "Unsupervised without ID verification",
        ),
        Concept(
            "http://data.europa.eu/snb/supervision-verification/df2880c5cb",
            "Unsupervised with ID verification",
        ),
    ),
)

# The credit system a workload in credits is stated in.
ECTS = Concept(
    "http://data.europa.eu/snb/education-credit/6fcec5c5af", "European Credit Transfer System"
)
ECTS_SCHEME = "http://data.europa.eu/snb/education-credit/25831c2"


def eqf_iri(level: int) -> str:
    return EQF.concepts[level - 1].iri

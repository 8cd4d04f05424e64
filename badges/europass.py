"""Europass: an OFFICIAL badge as a European Digital Credential (ELM v3), signed by the
university that validated its class (its validation is its consent to speak for it)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from badges import data_integrity
from badges.did import issuer_did, verification_method_id
from badges.issuer_keys import IssuerKeys, PublicKey
from badges.jsonld import CREDENTIALS_V1, DATA_INTEGRITY_V2, EDC_AP
from badges.timestamps import xsd_datetime
from graph.credentials.contents import CredentialData
from graph.micro_credentials import vocabulary
from graph.micro_credentials.elements import MicroCredentialElements

# The EDC application profile an export conforms to (its SHACL shapes are bundled, in
# badges/shapes/, and tests/europass checks every export against them).
PROFILE = "http://data.europa.eu/snb/model/ap/edc-generic-no-cv"
GENERIC = ("http://data.europa.eu/snb/credential/e34929035b", "Generic")
CREDENTIAL_SCHEME = "http://data.europa.eu/snb/credential/25831c2"
ENGLISH = "http://publications.europa.eu/resource/authority/language/ENG"
LANGUAGE_SCHEME = "http://publications.europa.eu/resource/authority/language"


PNG = ("http://publications.europa.eu/resource/authority/file-type/PNG", "PNG")
FILE_TYPE_SCHEME = "http://publications.europa.eu/resource/authority/file-type"
BASE64 = ("http://data.europa.eu/snb/encoding/6146cde7dd", "base64")
ENCODING_SCHEME = "http://data.europa.eu/snb/encoding/25831c2"
# Kring awards a badge once its claim is approved: that is the assessment's result.
PASSED = "Passed"


class NotExportable(ValueError):
    """Only a badge whose class its university validated is exported (nobody else
    consented), and only once that university stated its legal identifier."""


def _concept(iri: str, label: str, scheme: str, notation: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {
        "id": iri,
        "type": "Concept",
        "inScheme": {"id": scheme, "type": "ConceptScheme"},
        "prefLabel": {"en": label},
    }
    if notation:
        concept["notation"] = notation
    return concept


def _from(scheme: vocabulary.Scheme, iri: str | None) -> dict[str, Any] | None:
    found = scheme.find(iri) if iri else None
    return _concept(found.iri, found.label, scheme.iri) if found else None


def _note(urn: str, text: str) -> dict[str, Any]:
    return {"id": urn, "type": "Note", "noteLiteral": {"en": text}}


def _language() -> dict[str, Any]:
    return _concept(ENGLISH, "English", LANGUAGE_SCHEME, "language")


def europass_id(assertion_id: str) -> str:
    return f"urn:credential:{assertion_id}"


def _awarding_body(data: CredentialData, did: str, e: MicroCredentialElements) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": did,
        "type": "Organisation",
        "legalName": {"en": e.awarding_body or data.university.name},
    }
    country = _from(vocabulary.COUNTRY, e.country)
    if country:
        country["notation"] = "country"
    body["eIDASIdentifier"] = {
        "id": f"{did}#legal-identifier",
        "type": "LegalIdentifier",
        "notation": e.legal_identifier,
        **({"spatial": country} if country else {}),
    }
    if country:
        body["location"] = {
            "id": f"{did}#location",
            "type": "Location",
            "address": {"id": f"{did}#address", "type": "Address", "countryCode": country},
        }
    if data.university.website:
        body["homepage"] = {
            "id": f"{did}#homepage",
            "type": "WebResource",
            "contentURL": data.university.website,
        }
    return body


def _specification(urn: str, data: CredentialData, e: MicroCredentialElements) -> dict[str, Any]:
    """The learning the achievement stands for, with the Annex I elements ELM has terms for."""
    badge = data.badge_class
    spec: dict[str, Any] = {
        "id": f"{urn}:specification",
        "type": "LearningAchievementSpecification",
        "title": {"en": badge.name},
        "description": {"en": badge.description or badge.name},
        "language": _language(),
    }
    outcomes = e.learning_outcomes or (badge.criteria or badge.name,)
    spec["learningOutcome"] = [
        {"id": f"{urn}:learningOutcome:{n}", "type": "LearningOutcome", "title": {"en": text}}
        for n, text in enumerate(outcomes, start=1)
    ]
    if e.ects_credits is not None:
        spec["creditPoint"] = {
            "id": f"{urn}:creditPoint",
            "type": "CreditPoint",
            "framework": _concept(
                vocabulary.ECTS.iri, vocabulary.ECTS.label, vocabulary.ECTS_SCHEME
            ),
            "point": f"{e.ects_credits:g}",
        }
    if e.workload_hours is not None:
        spec["volumeOfLearning"] = f"PT{e.workload_hours}H"
    if e.eqf_level:
        spec["eqfLevel"] = _from(vocabulary.EQF, vocabulary.eqf_iri(e.eqf_level))
    mode = _from(vocabulary.PARTICIPATION, e.participation)
    if mode:
        spec["mode"] = mode
    if e.prerequisites:
        spec["entryRequirement"] = _note(f"{urn}:entryRequirement", e.prerequisites)
    notes = [
        (label, text)
        for label, text in (
            ("Quality assurance", e.quality_assurance),
            ("Stackability", e.stackability),
        )
        if text
    ]
    if notes:
        spec["additionalNote"] = [
            _note(f"{urn}:note:{n}", f"{label}: {text}")
            for n, (label, text) in enumerate(notes, start=1)
        ]
    return spec


def _display(urn: str, data: CredentialData, image_png: bytes) -> dict[str, Any]:
    return {
        "id": f"{urn}:display",
        "type": "DisplayParameter",
        "title": {"en": data.badge_class.name},
        "language": _language(),
        "primaryLanguage": _language(),
        "individualDisplay": {
            "id": f"{urn}:display:en",
            "type": "IndividualDisplay",
            "language": _language(),
            "displayDetail": {
                "id": f"{urn}:display:en:1",
                "type": "DisplayDetail",
                "page": 1,
                "image": {
                    "id": f"{urn}:image",
                    "type": "MediaObject",
                    "content": base64.b64encode(image_png).decode(),
                    "contentEncoding": _concept(*BASE64, ENCODING_SCHEME),
                    "contentType": _concept(*PNG, FILE_TYPE_SCHEME, "file-type"),
                },
            },
        },
    }


def build(data: CredentialData, public_url: str, image_png: bytes) -> dict[str, Any]:
    """The unsigned EDC credential of an OFFICIAL badge (NotExportable for any other), its
    picture the badge's PNG."""
    if not data.validated:
        raise NotExportable("Only an officially validated badge can be exported to Europass.")
    if not data.under_validation:
        # The university consented to the awards its validation covers, not to earlier ones.
        raise NotExportable(
            "This badge was awarded before its class was officially validated: the "
            "university's validation covers the badges awarded since."
        )
    if data.revoked_at is not None:
        # A Europass credential carries no status Kring could later revoke: the university
        # signs only what stands now.
        raise NotExportable("A revoked badge cannot be exported to Europass.")
    e = data.micro_credential
    if e is None or not e.legal_identifier:
        raise NotExportable(
            "Europass names the awarding body by its legal identifier, which the university "
            "has not stated for this badge class yet."
        )
    urn = europass_id(data.assertion_id)
    did = issuer_did(public_url, data.university.id)
    issued = xsd_datetime(data.issued_at)
    awarding_body = _awarding_body(data, did, e)
    awarded_by = {
        "id": f"{urn}:awardingProcess",
        "type": "AwardingProcess",
        "awardingBody": awarding_body,
        "awardingDate": issued,
    }
    achievement: dict[str, Any] = {
        "id": f"{urn}:achievement",
        "type": "LearningAchievement",
        "title": {"en": data.badge_class.name},
        "awardedBy": awarded_by,
        "specifiedBy": _specification(urn, data, e),
    }
    if e.assessment_type:
        assessment: dict[str, Any] = {
            "id": f"{urn}:assessment",
            "type": "LearningAssessment",
            "title": {"en": e.assessment_type},
            "awardedBy": awarded_by,
            "grade": _note(f"{urn}:grade", PASSED),
        }
        supervision = _from(vocabulary.SUPERVISION, e.supervision)
        if supervision:
            assessment["idVerification"] = supervision
        achievement["provenBy"] = assessment
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V1, EDC_AP, DATA_INTEGRITY_V2],
        "id": urn,
        "type": ["VerifiableCredential", "EuropeanDigitalCredential"],
        "credentialProfiles": _concept(*GENERIC, CREDENTIAL_SCHEME),
        "credentialSchema": {"id": PROFILE, "type": "ShaclValidator2017"},
        "displayParameter": _display(urn, data, image_png),
        "credentialSubject": {
            "id": f"{urn}:learner",
            "type": "Person",
            "fullName": {"en": data.learner_name},
            "hasClaim": achievement,
        },
        "issuer": awarding_body,
        "issuanceDate": issued,
        "issued": issued,
        "validFrom": issued,
    }
    if data.expires_at is not None:
        credential["expirationDate"] = credential["validUntil"] = xsd_datetime(data.expires_at)
    return credential


def signed(
    data: CredentialData, public_url: str, keys: IssuerKeys, image_png: bytes
) -> dict[str, Any]:
    """The export signed (eddsa-rdfc-2022) by the validating university's own key."""
    document = build(data, public_url, image_png)
    university = data.university.id
    did = issuer_did(public_url, university)
    key = keys.signing_key(university)
    method = verification_method_id(did, PublicKey(key.multibase, 0))
    # Signed now, when the university speaks, not back-dated to the award.
    return data_integrity.sign(document, key.private, method, xsd_datetime(datetime.now(UTC)))

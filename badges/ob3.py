"""Open Badges 3.0: an issued badge as a signed OpenBadgeCredential (VC 2.0)."""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any
from urllib.parse import quote

from badges import data_integrity, status_list
from badges.did import issuer_did, person_did, platform_did, verification_method_id
from badges.issuer_keys import IssuerKeys, PublicKey, person_key_owner
from badges.jsonld import CREDENTIALS_V2, MICRO_CREDENTIAL_V1, OB_V3
from badges.timestamps import xsd_datetime
from graph.credentials.contents import Body, CredentialData, EndorsementFacts
from graph.micro_credentials import vocabulary
from graph.micro_credentials.elements import MicroCredentialElements

LEVEL_NAMES = {1: "Beginner", 2: "Intermediate", 3: "Expert"}
# The comment that marks a university's validation, which makes a badge OFFICIAL.
OFFICIAL_VALIDATION = "Officially validated: the university stands behind this achievement."


def credential_url(public_url: str, assertion_id: str) -> str:
    return f"{public_url}/credentials/{assertion_id}"


def achievement_url(public_url: str, badge_class_id: str) -> str:
    return f"{public_url}/badge-classes/{badge_class_id}"


def competency_url(public_url: str, framework: str, code: str) -> str:
    """A competency's own page (server/routes/competencies.py): framework and code, each one
    percent-encoded path segment, since a code alone is ambiguous across frameworks."""
    return f"{public_url}/competencies/{quote(framework, safe='')}/{quote(code, safe='')}"


def alignment_url(public_url: str, framework: str, code: str, url: str | None) -> str:
    """The competency's own URL if it has one, else its page at Kring (never a made-up one)."""
    return url or competency_url(public_url, framework, code)


def evidence_url(public_url: str, evidence_id: str) -> str:
    """A file's stable address; who may fetch it follows its learner's sharing."""
    return f"{public_url}/evidence/{evidence_id}"


def digest_sri(sha256_hex: str) -> str:
    """The file's SHA-256 as a Subresource Integrity string (VC 2.0 `digestSRI`)."""
    return "sha256-" + base64.b64encode(bytes.fromhex(sha256_hex)).decode()


def evidence(public_url: str, data: CredentialData) -> list[dict[str, Any]]:
    """Links as they are; uploaded files by URL with their digest, so a verifier can tell
    that the file it is shown is the one that was assessed."""
    items: list[dict[str, Any]] = []
    for e in data.evidence:
        item: dict[str, Any] = {"type": ["Evidence"], "name": e.name}
        if e.url:
            item["id"] = e.url
        elif e.sha256:
            item["id"] = evidence_url(public_url, e.id)
            item["digestSRI"] = digest_sri(e.sha256)
        else:
            continue
        if e.description:
            item["description"] = e.description
        items.append(item)
    return items


def rubric_ids(achievement_id: str, criterion_id: str) -> tuple[str, str]:
    """The ResultDescription's id, and the prefix of its levels' ids."""
    described = f"{achievement_id}/rubric/{criterion_id}"
    return described, f"{described}/levels/"


def result_descriptions(data: CredentialData, achievement_id: str) -> list[dict[str, Any]]:
    """The badge class's rubric as OB 3.0 ResultDescriptions of type RubricCriterionLevel."""
    described: list[dict[str, Any]] = []
    for k in data.rubric:
        rd_id, level_prefix = rubric_ids(achievement_id, k.id)
        item: dict[str, Any] = {
            "id": rd_id,
            "type": ["ResultDescription"],
            "name": k.name,
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {
                    "id": f"{level_prefix}{n}",
                    "type": ["RubricCriterionLevel"],
                    "name": f"Level {n}",
                    "description": descriptor,
                    "level": str(n),
                }
                for n, descriptor in enumerate(k.levels, start=1)
            ],
        }
        if k.minimum_level:
            item["requiredLevel"] = f"{level_prefix}{k.minimum_level}"
        described.append(item)
    return described


def results(data: CredentialData, achievement_id: str) -> list[dict[str, Any]]:
    """The levels the approving reviewer gave, one Result per criterion."""
    return [
        {
            "type": ["Result"],
            "resultDescription": rubric_ids(achievement_id, a.criterion_id)[0],
            "achievedLevel": rubric_ids(achievement_id, a.criterion_id)[1] + str(a.level),
        }
        for a in data.assessment
    ]


def identity_hash(email: str, salt: str) -> str:
    """OB identity hash: "sha256$" + hex(sha256(identity + salt))."""
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def _profile(public_url: str, body: Body, kind: str) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "id": issuer_did(public_url, body.id),
        "type": ["Profile"],
        "name": body.name,
    }
    if body.website:
        profile["url"] = body.website
    return profile


def eqf_alignment(level: int) -> dict[str, Any]:
    """The EQF level as an OB 3.0 Alignment to its EU vocabulary concept."""
    return {
        "type": ["Alignment"],
        "targetName": f"EQF level {level}",
        "targetCode": str(level),
        "targetFramework": "European Qualifications Framework",
        "targetUrl": vocabulary.eqf_iri(level),
    }


def micro_credential(e: MicroCredentialElements, achievement_id: str) -> dict[str, Any]:
    """The Annex I elements OB 3.0 has no property for, in Kring's extension (its context:
    badges/contexts/kring-micro-credential-v1.jsonld); controlled values as EU IRIs."""
    stated: dict[str, Any] = {
        "id": f"{achievement_id}/micro-credential",
        "type": "MicroCredentialElements",
        "isMicroCredential": e.is_micro_credential,
        "learningOutcome": list(e.learning_outcomes),
        "workloadHours": e.workload_hours,
        "creditSystem": vocabulary.ECTS.iri if e.ects_credits is not None else None,
        "eqfLevel": vocabulary.eqf_iri(e.eqf_level) if e.eqf_level else None,
        "assessmentType": e.assessment_type,
        "participationMode": e.participation,
        "qualityAssurance": e.quality_assurance,
        "prerequisites": e.prerequisites,
        "supervisionAndVerification": e.supervision,
        "stackability": e.stackability,
        "country": e.country,
        "awardingBody": e.awarding_body,
        "legalIdentifier": e.legal_identifier,
    }
    return {k: v for k, v in stated.items() if v is not None and v != []}


def _with_micro_credential(achievement: dict[str, Any], e: MicroCredentialElements) -> None:
    """Standard OB 3.0 fields where the standard has them, the rest in the extension."""
    if e.is_micro_credential:
        achievement["achievementType"] = "MicroCredential"
    if e.ects_credits is not None:
        achievement["creditsAvailable"] = e.ects_credits
    if e.eqf_level:
        achievement.setdefault("alignment", []).append(eqf_alignment(e.eqf_level))
    achievement["microCredential"] = micro_credential(e, achievement["id"])


def build(data: CredentialData, public_url: str) -> dict[str, Any]:
    """The unsigned credential: issuer, achievement, subject (hashed e-mail), evidence."""
    badge = data.badge_class
    issuer = _profile(public_url, data.issuer, data.issuer.kind)
    if data.issuer.kind == "Organisation":
        # The university's letterhead: the organisation issues under its name and look.
        issuer["parentOrg"] = _profile(public_url, data.university, "University")
    achievement: dict[str, Any] = {
        "id": achievement_url(public_url, badge.id),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge.name,
        "description": badge.description or badge.name,
        "criteria": {"narrative": badge.criteria or badge.name},
        "image": {"id": f"{public_url}/badge-classes/{badge.id}/image", "type": "Image"},
        "creator": issuer,
        "tag": [badge.domain, LEVEL_NAMES.get(badge.level, str(badge.level))],
    }
    if data.rubric:
        achievement["resultDescription"] = result_descriptions(data, achievement["id"])
    if data.alignments:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": a.name,
                "targetCode": a.code,
                "targetFramework": a.framework,
                "targetUrl": alignment_url(public_url, a.framework, a.code, a.url),
            }
            for a in data.alignments
        ]
    if data.micro_credential is not None:
        _with_micro_credential(achievement, data.micro_credential)
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(data.learner_email, data.assertion_id),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": data.assertion_id,
            }
        ],
        "achievement": achievement,
    }
    if data.narrative:
        subject["narrative"] = data.narrative
    if data.assessment:
        subject["result"] = results(data, achievement["id"])
    contexts = [CREDENTIALS_V2, OB_V3]
    if data.micro_credential is not None:
        contexts.append(MICRO_CREDENTIAL_V1)
    credential: dict[str, Any] = {
        "@context": contexts,
        "id": credential_url(public_url, data.assertion_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": xsd_datetime(data.issued_at),
        "name": badge.name,
        "credentialSubject": subject,
    }
    if data.expires_at is not None:
        credential["validUntil"] = xsd_datetime(data.expires_at)
    if data.status_index is not None:
        credential["credentialStatus"] = status_list.entry(
            public_url, data.issuer.id, data.status_index
        )
    items = evidence(public_url, data)
    if items:
        credential["evidence"] = items
    return credential


def _sign_as(
    keys: IssuerKeys, owner: str, did: str, document: dict[str, Any], created: datetime
) -> dict[str, Any]:
    key = keys.signing_key(owner)
    method = verification_method_id(did, PublicKey(key.multibase, 0))
    return data_integrity.sign(document, key.private, method, xsd_datetime(created))


def endorsement_credential(
    public_url: str, keys: IssuerKeys, endorsement: EndorsementFacts, subject_id: str
) -> dict[str, Any]:
    """One endorsement as an EndorsementCredential, signed by the endorser's custodial key.

    An endorser who left Kring is anonymous: the platform signs for them.
    """
    person = endorsement.endorser_id
    owner = person_key_owner(person) if person else "platform"
    did = person_did(public_url, person) if person else platform_did(public_url)
    name = endorsement.endorser_name
    comment = f"As {endorsement.relationship.lower()}: {endorsement.testimonial}"
    if endorsement.observed:
        comment += f" Observed: {endorsement.observed}"
    document = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": f"{public_url}/endorsements/{endorsement.id}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": name},
        "validFrom": xsd_datetime(endorsement.created_at),
        "name": f"Endorsement by {name}",
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": comment,
        },
    }
    return _sign_as(keys, owner, did, document, endorsement.created_at)


def validation_credential(
    public_url: str, keys: IssuerKeys, university: Body, badge_class_id: str, when: datetime
) -> dict[str, Any]:
    """The university's official validation of the achievement, as an EndorsementCredential."""
    did = issuer_did(public_url, university.id)
    document = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": f"{public_url}/validations/{badge_class_id}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": university.name},
        "validFrom": xsd_datetime(when),
        "name": f"Officially validated by {university.name}",
        "credentialSubject": {
            "id": achievement_url(public_url, badge_class_id),
            "type": ["EndorsementSubject"],
            "endorsementComment": OFFICIAL_VALIDATION,
        },
    }
    return _sign_as(keys, university.id, did, document, when)


def signed(data: CredentialData, public_url: str, keys: IssuerKeys) -> dict[str, Any]:
    """The credential with its endorsements and any official validation, each signed by its
    own key; the same bytes on every request until something about the badge changes."""
    credential = build(data, public_url)
    if data.endorsements:
        credential["endorsement"] = [
            endorsement_credential(public_url, keys, e, credential["id"]) for e in data.endorsements
        ]
    achievement = credential["credentialSubject"]["achievement"]
    if data.validated:
        when = data.validated_at or data.issued_at
        achievement["endorsement"] = [
            validation_credential(public_url, keys, data.university, data.badge_class.id, when)
        ]
    issuer_id = data.issuer.id
    return _sign_as(keys, issuer_id, issuer_did(public_url, issuer_id), credential, data.issued_at)

"""Open Badges 2.0, hosted verification: Profile, BadgeClass, Assertion, RevocationList."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization

from badges.issuer_keys import PublicKey
from badges.ob3 import alignment_url, evidence_url, identity_hash
from badges.timestamps import xsd_datetime
from graph.badge_classes.fields import BadgeClass
from graph.credentials.contents import Body, CredentialData, EndorsementFacts

CONTEXT = "https://w3id.org/openbadges/v2"


def issuer_url(public_url: str, issuer_id: str) -> str:
    return f"{public_url}/ob2/issuers/{issuer_id}"


def badge_class_url(public_url: str, badge_class_id: str) -> str:
    return f"{public_url}/ob2/badge-classes/{badge_class_id}"


def assertion_url(public_url: str, assertion_id: str) -> str:
    return f"{public_url}/ob2/assertions/{assertion_id}"


def revocation_list_url(public_url: str, issuer_id: str) -> str:
    return f"{issuer_url(public_url, issuer_id)}/revocations"


def key_url(public_url: str, issuer_id: str, key: PublicKey) -> str:
    return f"{issuer_url(public_url, issuer_id)}/keys/{key.multibase}"


def profile(
    public_url: str,
    issuer: Body,
    keys: list[PublicKey],
    parent: Body | None = None,
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(public_url, issuer.id),
        "name": issuer.name,
        "url": issuer.website or issuer_url(public_url, issuer.id),
        "revocationList": revocation_list_url(public_url, issuer.id),
    }
    if issuer.description:
        document["description"] = issuer.description
    if issuer.email:
        document["email"] = issuer.email
    if keys:
        document["publicKey"] = [key_url(public_url, issuer.id, k) for k in keys]
    if parent is not None:
        # OB 2.0 has no parentOrg: the university's letterhead is said in words.
        document["description"] = (
            f"{document.get('description', issuer.name)} "
            f"(a community issuer branded by {parent.name})"
        )
    return document


def cryptographic_key(public_url: str, issuer_id: str, key: PublicKey) -> dict[str, Any]:
    pem = key.key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": key_url(public_url, issuer_id, key),
        "owner": issuer_url(public_url, issuer_id),
        "publicKeyPem": pem.decode(),
    }


def badge_class(public_url: str, b: BadgeClass) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(public_url, b.id),
        "name": b.name,
        "description": b.description or b.name,
        "image": f"{public_url}/badge-classes/{b.id}/image",
        "criteria": {"narrative": b.criteria or b.name},
        "issuer": issuer_url(public_url, b.issuer_id),
        "tags": [b.domain.value, b.level.name.title()],
    }
    if b.alignments:
        document["alignment"] = [
            {
                "targetName": a.name,
                "targetUrl": alignment_url(public_url, a.framework, a.code, a.url),
                "targetCode": a.code,
                "targetFramework": a.framework,
            }
            for a in b.alignments
        ]
    return document


def assertion(public_url: str, data: CredentialData) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(public_url, data.assertion_id),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": data.assertion_id,
            "identity": identity_hash(data.learner_email, data.assertion_id),
        },
        "badge": badge_class_url(public_url, data.badge_class.id),
        "issuedOn": xsd_datetime(data.issued_at),
        "verification": {"type": "hosted"},
        "image": f"{public_url}/assertions/{data.assertion_id}/image",
    }
    if data.expires_at is not None:
        document["expires"] = xsd_datetime(data.expires_at)
    if data.narrative:
        document["narrative"] = data.narrative
    if data.endorsements:
        document["endorsement"] = [endorsement_url(public_url, e.id) for e in data.endorsements]
    items = [
        {
            "id": e.url or evidence_url(public_url, e.id),
            "name": e.name,
            "description": e.description or e.name,
            **({"narrative": f"SHA-256 of the file: {e.sha256}"} if e.sha256 else {}),
        }
        for e in data.evidence
        if e.url or e.sha256
    ]
    assessed = rubric_narrative(data)
    if assessed:
        items.append({"name": "Rubric assessment", "narrative": assessed})
    if items:
        document["evidence"] = items
    return document


def rubric_narrative(data: CredentialData) -> str | None:
    """The reviewer's levels on the badge class's rubric, in words (OB 2.0 has no results)."""
    if not data.assessment:
        return None
    by_id = {k.id: k for k in data.rubric}
    lines = ["Assessed against the badge's rubric:"]
    for a in data.assessment:
        criterion = by_id[a.criterion_id]
        # The reviewer's comment is feedback to the learner: as in OB 3.0, it stays in Kring.
        lines.append(
            f"- {criterion.name}: level {a.level} of {len(criterion.levels)} "
            f"({criterion.levels[a.level - 1]})"
        )
    return "\n".join(lines)


def endorsement_url(public_url: str, endorsement_id: str) -> str:
    return f"{public_url}/ob2/endorsements/{endorsement_id}"


def person_url(public_url: str, person_id: str) -> str:
    return f"{public_url}/ob2/people/{person_id}"


def platform_url(public_url: str) -> str:
    return f"{public_url}/ob2/platform"


def endorsement(public_url: str, data: CredentialData, given: EndorsementFacts) -> dict[str, Any]:
    """An OB 2.0 Endorsement of the assertion, hosted, by the person who gave it."""
    comment = f"As {given.relationship.lower()}: {given.testimonial}"
    if given.observed:
        comment += f" Observed: {given.observed}"
    endorser = given.endorser_id
    return {
        "@context": CONTEXT,
        "type": "Endorsement",
        "id": endorsement_url(public_url, given.id),
        "claim": {
            "id": assertion_url(public_url, data.assertion_id),
            "endorsementComment": comment,
        },
        # An endorser who left Kring is anonymous: the platform stands in for them.
        "issuer": person_url(public_url, endorser) if endorser else platform_url(public_url),
        "issuedOn": xsd_datetime(given.created_at),
        "verification": {"type": "hosted"},
    }


def person_profile(public_url: str, person_id: str | None, name: str) -> dict[str, Any]:
    """An endorser's Profile (or the platform's, standing in for one who left Kring).

    OB 2.0 validators require a Profile's `url`. Kring has no public page for a person, and
    publishes their name only: the url is the profile itself, which Kring serves for as long
    as a shared badge carries their endorsement (an issuer without a website gets its own
    profile's URL the same way).
    """
    profile_id = person_url(public_url, person_id) if person_id else platform_url(public_url)
    return {
        "@context": CONTEXT,
        "type": "Profile",
        "id": profile_id,
        "name": name,
        "url": profile_id,
    }


def revoked_assertion(public_url: str, assertion_id: str, reason: str | None) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(public_url, assertion_id),
        "revoked": True,
        "revocationReason": reason or "Revoked by its issuer.",
    }


def revocation_list(
    public_url: str, issuer_id: str, revoked: list[tuple[str, str | None]]
) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": revocation_list_url(public_url, issuer_id),
        "issuer": issuer_url(public_url, issuer_id),
        "revokedAssertions": [
            {"id": assertion_url(public_url, a), "revocationReason": r or "Revoked by its issuer."}
            for a, r in revoked
        ],
    }

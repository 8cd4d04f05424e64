"""Open Badges 3.0: an issued badge as a signed OpenBadgeCredential (VC 2.0)."""

from __future__ import annotations

import hashlib
from typing import Any

from badges import data_integrity, status_list
from badges.did import issuer_did, verification_method_id
from badges.jsonld import CREDENTIALS_V2, OB_V3
from badges.keys import IssuerKeys, PublicKey
from badges.timestamps import xsd_datetime
from graph.credentials import CredentialData

LEVEL_NAMES = {1: "Beginner", 2: "Intermediate", 3: "Expert"}


def credential_url(public_url: str, assertion_id: str) -> str:
    return f"{public_url}/credentials/{assertion_id}"


def identity_hash(email: str, salt: str) -> str:
    """OB identity hash: "sha256$" + hex(sha256(identity + salt))."""
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def _profile(public_url: str, body: dict[str, Any], kind: str) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "id": issuer_did(public_url, body["id"]),
        "type": ["Profile"],
        "name": body["name"],
    }
    if body.get("website"):
        profile["url"] = body["website"]
    return profile


def build(data: CredentialData, public_url: str) -> dict[str, Any]:
    """The unsigned credential: issuer, achievement, subject (hashed e-mail), evidence."""
    badge = data.badge_class
    issuer = _profile(public_url, data.issuer, data.issuer["kind"])
    if data.issuer["kind"] == "Organisation":
        # The university's letterhead: the organisation issues under its name and look.
        issuer["parentOrg"] = _profile(public_url, data.university, "University")
    achievement: dict[str, Any] = {
        "id": f"{public_url}/badge-classes/{badge['id']}",
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": badge["name"],
        "description": badge.get("description") or badge["name"],
        "criteria": {"narrative": badge.get("criteria") or badge["name"]},
        "image": {"id": f"{public_url}/badge-classes/{badge['id']}/image", "type": "Image"},
        "creator": issuer,
        "tag": [badge["domain"], LEVEL_NAMES.get(badge["level"], str(badge["level"]))],
    }
    if data.alignments:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": a["name"],
                "targetCode": a["code"],
                "targetFramework": a["framework"],
                "targetUrl": a.get("url") or f"{public_url}/competencies/{a['code']}",
            }
            for a in data.alignments
        ]
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
    credential: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "id": credential_url(public_url, data.assertion_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": xsd_datetime(data.issued_at),
        "name": badge["name"],
        "credentialSubject": subject,
    }
    if data.expires_at is not None:
        credential["validUntil"] = xsd_datetime(data.expires_at)
    if data.status_index is not None:
        credential["credentialStatus"] = status_list.entry(
            public_url, data.issuer["id"], data.status_index
        )
    links = [e for e in data.evidence if e.get("url")]
    if links:
        credential["evidence"] = [
            {
                "id": e["url"],
                "type": ["Evidence"],
                "name": e["name"],
                **({"description": e["description"]} if e.get("description") else {}),
            }
            for e in links
        ]
    return credential


def signed(data: CredentialData, public_url: str, keys: IssuerKeys) -> dict[str, Any]:
    """The credential signed by its issuer's newest key; the same bytes on every request."""
    issuer_id = data.issuer["id"]
    key = keys.signing_key(issuer_id)
    method = verification_method_id(issuer_did(public_url, issuer_id), PublicKey(key.multibase, 0))
    return data_integrity.sign(
        build(data, public_url), key.private, method, xsd_datetime(data.issued_at)
    )

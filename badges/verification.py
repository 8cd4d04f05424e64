"""Verifying a credential without trusting the UI: proof, issuer key, status, tier."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import data_integrity, vc_jwt
from badges.did import platform_did
from badges.keys import IssuerKeys
from badges.multikey import decode_public_key
from badges.ob3 import OFFICIAL_VALIDATION
from graph.credentials import Status


@dataclass(frozen=True)
class Report:
    verified: bool
    proof_valid: bool
    proof_message: str
    verification_method: str | None
    issuer_id: str | None
    issuer_name: str | None
    issuer_resolved: bool
    status: str  # active, revoked, expired, or unknown (never "not revoked" without knowing)
    status_message: str
    tier: str | None
    # What the credential alone proves: OFFICIAL only with a valid validation by its brand.
    credential_tier: str | None = None
    endorsements: tuple[dict[str, Any], ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class LocalKeyResolver:
    """Resolves our own did:web issuer keys (rotated ones too) and did:key, offline."""

    def __init__(self, public_url: str, keys: IssuerKeys) -> None:
        self.public_url = public_url
        self.keys = keys
        base = re.escape(platform_did(public_url))
        self._ours = re.compile(
            "^" + base + r"(?::(?:issuers|people):([0-9a-f-]{36}))?#(z[1-9A-HJ-NP-Za-km-z]+)$"
        )

    def __call__(self, method: str) -> Ed25519PublicKey | None:
        if method.startswith("did:key:"):
            did, _, fragment = method.partition("#")
            multibase = did.removeprefix("did:key:")
            if fragment and fragment != multibase:
                return None
            try:
                return Ed25519PublicKey.from_public_bytes(decode_public_key(multibase))
            except ValueError:
                return None
        match = self._ours.match(method)
        if match is None:
            return None
        owner, multibase = match.groups()
        for known in self.keys.public_keys(owner or "platform"):
            if known.multibase == multibase:
                return known.key()
        return None


StatusLookup = Callable[[str], Awaitable[Status | None]]


def _issuer(credential: dict[str, Any]) -> tuple[str | None, str | None]:
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer, None
    if isinstance(issuer, dict):
        name = issuer.get("name")
        return issuer.get("id"), name if isinstance(name, str) else None
    return None, None


async def verify(
    credential: dict[str, Any],
    resolver: LocalKeyResolver,
    lookup_status: StatusLookup,
    *,
    now: datetime | None = None,
) -> Report:
    """A structured report on a credential with an embedded proof; never raises."""
    return await _report(
        credential, data_integrity.verify(credential, resolver), resolver, lookup_status, now
    )


async def verify_jwt(
    token: str,
    resolver: LocalKeyResolver,
    lookup_status: StatusLookup,
    *,
    now: datetime | None = None,
) -> Report:
    """A structured report on a VC-JWT; never raises."""
    credential, check = vc_jwt.decode(token, resolver)
    return await _report(credential or {}, check, resolver, lookup_status, now)


async def _report(
    credential: dict[str, Any],
    check: data_integrity.ProofCheck,
    resolver: LocalKeyResolver,
    lookup_status: StatusLookup,
    now: datetime | None,
) -> Report:
    moment = now or datetime.now(UTC)
    issuer_id, issuer_name = _issuer(credential)
    method = check.verification_method
    resolved = bool(
        check.valid and method and issuer_id and unquote(method).startswith(unquote(issuer_id))
    )
    if check.valid and not resolved:
        check = data_integrity.ProofCheck(False, method, "The key does not belong to the issuer.")
    status, message, tier = "unknown", "The status could not be determined.", None
    prefix = f"{resolver.public_url}/credentials/"
    credential_id = credential.get("id")
    if isinstance(credential_id, str) and credential_id.startswith(prefix):
        try:
            assertion_id = str(uuid.UUID(credential_id.removeprefix(prefix)))
        except ValueError:
            assertion_id = None
        found = await lookup_status(assertion_id) if assertion_id else None
        if found is None:
            status, message = "unknown", "Kring issued no such credential."
        elif found.revoked_at is not None:
            status, message = "revoked", found.revocation_reason or "Revoked by its issuer."
        elif found.expires_at is not None and found.expires_at <= moment:
            status, message = "expired", "The badge has expired."
        else:
            status, message = "active", "Not revoked, not expired."
        if found is not None:
            tier = "OFFICIAL" if found.validated else "COMMUNITY"
    valid_until = credential.get("validUntil")
    if status in ("active", "unknown") and isinstance(valid_until, str):
        try:
            if datetime.fromisoformat(valid_until.replace("Z", "+00:00")) <= moment:
                status, message = "expired", "The credential's validUntil has passed."
        except ValueError:
            pass
    endorsements = _endorsements(credential, resolver)
    return Report(
        credential_tier=_credential_tier(credential, resolver) if check.valid else None,
        endorsements=endorsements,
        verified=check.valid and status == "active",
        proof_valid=check.valid,
        proof_message=check.reason,
        verification_method=method,
        issuer_id=issuer_id,
        issuer_name=issuer_name,
        issuer_resolved=resolved,
        status=status,
        status_message=message,
        tier=tier,
    )


def _endorsement_report(
    endorsement: Any, subject_id: Any, resolver: LocalKeyResolver
) -> dict[str, Any]:
    if not isinstance(endorsement, dict):
        return {"issuer_id": None, "issuer_name": None, "valid": False, "message": "Malformed."}
    issuer_id, issuer_name = _issuer(endorsement)
    check = data_integrity.verify(endorsement, resolver)
    subject = endorsement.get("credentialSubject")
    about = subject.get("id") if isinstance(subject, dict) else None
    method = check.verification_method or ""
    valid = (
        check.valid
        and about == subject_id
        and bool(issuer_id)
        and method.startswith(issuer_id or "-")
    )
    message = (
        check.reason
        if not check.valid
        else ("The endorsement is valid." if valid else "The endorsement is about something else.")
    )
    return {"issuer_id": issuer_id, "issuer_name": issuer_name, "valid": valid, "message": message}


def _endorsements(
    credential: dict[str, Any], resolver: LocalKeyResolver
) -> tuple[dict[str, Any], ...]:
    given = credential.get("endorsement")
    if not isinstance(given, list):
        return ()
    return tuple(_endorsement_report(e, credential.get("id"), resolver) for e in given[:50])


def _credential_tier(credential: dict[str, Any], resolver: LocalKeyResolver) -> str | None:
    """OFFICIAL when the brand university's validation of the achievement verifies."""
    issuer = credential.get("issuer")
    if not isinstance(issuer, dict) or not isinstance(issuer.get("id"), str):
        return None
    parent = issuer.get("parentOrg")
    brand = parent.get("id") if isinstance(parent, dict) else issuer["id"]
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if isinstance(achievement, dict):
        for given in (achievement.get("endorsement") or [])[:10]:
            report = _endorsement_report(given, achievement.get("id"), resolver)
            comment = (
                (given.get("credentialSubject") or {}).get("endorsementComment")
                if (isinstance(given, dict))
                else None
            )
            if report["valid"] and report["issuer_id"] == brand and comment == OFFICIAL_VALIDATION:
                return "OFFICIAL"
    ours = isinstance(brand, str) and brand.startswith(platform_did(resolver.public_url) + ":")
    return "COMMUNITY" if ours else None

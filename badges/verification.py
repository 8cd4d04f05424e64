"""Verifying a credential without trusting the UI: proof, issuer key, status, tier."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import data_integrity, vc_jwt
from badges.did import issuer_did, platform_did
from badges.jsonld import TooComplexError
from badges.keys import IssuerKeys, person_key_owner
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
            "^" + base + r"(?::(issuers|people):([0-9a-f-]{36}))?#(z[1-9A-HJ-NP-Za-km-z]+)$"
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
        kind, owner, multibase = match.groups()
        if owner is None:
            holder = "platform"
        elif kind == "people":
            holder = person_key_owner(owner)
        else:
            holder = owner
        for known in self.keys.public_keys(holder):
            if known.multibase == multibase:
                return known.key()
        return None


StatusLookup = Callable[[str], Awaitable[Status | None]]


@dataclass(frozen=True)
class Proofs:
    """Every signature check a report needs: the CPU-bound part, made away from the event
    loop (see badges.proof_workers)."""

    credential: data_integrity.ProofCheck | None  # None: its proof was checked already (JWT)
    endorsements: tuple[dict[str, Any], ...]
    # The achievement's endorsements (a university's validation among them), each with its
    # endorsementComment.
    validations: tuple[tuple[dict[str, Any], str | None], ...]


def check_proofs(
    credential: dict[str, Any], public_url: str, key_dir: str, with_proof: bool
) -> Proofs:
    """Check the credential's proof (unless `with_proof` is False) and every embedded
    endorsement's; raises TooComplexError for a poison graph."""
    resolver = LocalKeyResolver(public_url, IssuerKeys(Path(key_dir)))
    try:
        main = data_integrity.verify(credential, resolver) if with_proof else None
        return Proofs(main, _endorsements(credential, resolver), _validations(credential, resolver))
    except TooComplexError:
        raise  # refused by the caller, not reported as a bad signature
    except MALFORMED:
        return Proofs(
            data_integrity.ProofCheck(False, None, "The credential is malformed."), (), ()
        )


# Runs check_proofs for a credential, bounded in work and time; raises VerificationTooComplex.
ProofChecker = Callable[[dict[str, Any], bool], Awaitable[Proofs]]


def _issuer(credential: dict[str, Any]) -> tuple[str | None, str | None]:
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer, None
    if isinstance(issuer, dict):
        issuer_id, name = issuer.get("id"), issuer.get("name")
        return (
            issuer_id if isinstance(issuer_id, str) else None,
            name if isinstance(name, str) else None,
        )
    return None, None


MAX_NODES = 4000
MAX_DEPTH = 24
MAX_ENDORSEMENTS = 20


def _shape_problem(document: Any) -> str | None:
    """Refuse documents too big or deep to canonicalise quickly (before any crypto)."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    nodes = 0
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            return f"The credential has more than {MAX_NODES} values."
        if depth > MAX_DEPTH:
            return f"The credential nests deeper than {MAX_DEPTH} levels."
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return None


def _failed(message: str) -> Report:
    return Report(
        verified=False,
        proof_valid=False,
        proof_message=message,
        verification_method=None,
        issuer_id=None,
        issuer_name=None,
        issuer_resolved=False,
        status="unknown",
        status_message="No status is given for a credential that cannot be checked.",
        tier=None,
    )


MALFORMED = (TypeError, AttributeError, ValueError, KeyError, RecursionError, OverflowError)


async def verify(
    credential: dict[str, Any],
    public_url: str,
    check: ProofChecker,
    lookup_status: StatusLookup,
    *,
    now: datetime | None = None,
) -> Report:
    """A structured report on a credential with an embedded proof; raises only
    VerificationTooComplex."""
    problem = _shape_problem(credential)
    if problem:
        return _failed(problem)
    proofs = await check(credential, True)
    assert proofs.credential is not None
    try:
        return await _report(credential, proofs.credential, proofs, public_url, lookup_status, now)
    except MALFORMED:
        return _failed("The credential is malformed.")


async def verify_jwt(
    token: str,
    resolver: LocalKeyResolver,
    check: ProofChecker,
    lookup_status: StatusLookup,
    *,
    now: datetime | None = None,
) -> Report:
    """A structured report on a VC-JWT; raises only VerificationTooComplex."""
    try:
        credential, signature = vc_jwt.decode(token, resolver)
    except MALFORMED:
        return _failed("The credential is malformed.")
    if credential is not None:
        problem = _shape_problem(credential)
        if problem:
            return _failed(problem)
    # The JWS needs no canonicalisation; the endorsements embedded in it do.
    proofs = await check(credential, False) if credential else Proofs(None, (), ())
    try:
        return await _report(
            credential or {}, signature, proofs, resolver.public_url, lookup_status, now
        )
    except MALFORMED:
        return _failed("The credential is malformed.")


def _did_of(method: str | None) -> str | None:
    return method.split("#", 1)[0] if method else None


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _report(
    credential: dict[str, Any],
    check: data_integrity.ProofCheck,
    proofs: Proofs,
    public_url: str,
    lookup_status: StatusLookup,
    now: datetime | None,
) -> Report:
    moment = now or datetime.now(UTC)
    issuer_id, issuer_name = _issuer(credential)
    method = check.verification_method
    # The key must be the issuer's own: its DID, exactly.
    resolved = check.valid and issuer_id is not None and _did_of(method) == issuer_id
    if check.valid and not resolved:
        check = data_integrity.ProofCheck(False, method, "The key does not belong to the issuer.")
    found: Status | None = None
    ours = False
    prefix = f"{public_url}/credentials/"
    credential_id = credential.get("id")
    if isinstance(credential_id, str) and credential_id.startswith(prefix):
        ours = True
        try:
            assertion_id: str | None = str(uuid.UUID(credential_id.removeprefix(prefix)))
        except ValueError:
            assertion_id = None
        found = await lookup_status(assertion_id) if assertion_id else None
        if check.valid and found is not None:
            on_record = issuer_did(public_url, found.issuer_id)
            if issuer_id != on_record:
                check = data_integrity.ProofCheck(
                    False, method, "Not signed by the issuer Kring has on record for it."
                )
    status, message, tier = _status_of(check.valid, ours, found, moment)
    valid_until = credential.get("validUntil")
    if check.valid and status in ("active", "unknown") and isinstance(valid_until, str):
        try:
            if _time(valid_until) <= moment:
                status, message = "expired", "The credential's validUntil has passed."
        except ValueError:
            check = data_integrity.ProofCheck(False, method, "validUntil is not a date.")
            status, message = "unknown", "No status is given for a malformed credential."
    credential_tier = _credential_tier(proofs, public_url, found) if check.valid and found else None
    return Report(
        credential_tier=credential_tier,
        endorsements=proofs.endorsements,
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


def _status_of(
    valid: bool, ours: bool, found: Status | None, moment: datetime
) -> tuple[str, str, str | None]:
    """Status, its explanation and the tier; never "active" unless Kring knows."""
    if not valid:
        return "unknown", "No status is given for a credential whose proof fails.", None
    if found is None:
        reason = (
            "Kring issued no such credential." if ours else "The status could not be determined."
        )
        return "unknown", reason, None
    tier = "OFFICIAL" if found.validated else "COMMUNITY"
    if found.revoked_at is not None:
        return "revoked", found.revocation_reason or "Revoked by its issuer.", tier
    if found.expires_at is not None and found.expires_at <= moment:
        return "expired", "The badge has expired.", tier
    return "active", "Not revoked, not expired.", tier


def _endorsement_report(
    endorsement: Any, subject_id: Any, resolver: LocalKeyResolver
) -> dict[str, Any]:
    if not isinstance(endorsement, dict) or _shape_problem(endorsement):
        return {"issuer_id": None, "issuer_name": None, "valid": False, "message": "Malformed."}
    issuer_id, issuer_name = _issuer(endorsement)
    check = data_integrity.verify(endorsement, resolver)
    subject = endorsement.get("credentialSubject")
    about = subject.get("id") if isinstance(subject, dict) else None
    own_key = issuer_id is not None and _did_of(check.verification_method) == issuer_id
    valid = check.valid and own_key and about == subject_id
    if not check.valid:
        message = check.reason
    elif not own_key:
        message = "The endorsement is not signed by its issuer's key."
    elif not valid:
        message = "The endorsement is about something else."
    else:
        message = "The endorsement is valid."
    return {"issuer_id": issuer_id, "issuer_name": issuer_name, "valid": valid, "message": message}


def _endorsements(
    credential: dict[str, Any], resolver: LocalKeyResolver
) -> tuple[dict[str, Any], ...]:
    given = credential.get("endorsement")
    if not isinstance(given, list):
        return ()
    subject = credential.get("id")
    return tuple(_endorsement_report(e, subject, resolver) for e in given[:MAX_ENDORSEMENTS])


def _validations(
    credential: dict[str, Any], resolver: LocalKeyResolver
) -> tuple[tuple[dict[str, Any], str | None], ...]:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(achievement, dict):
        return ()
    given = achievement.get("endorsement")
    checked = []
    for validation in given[:5] if isinstance(given, list) else []:
        report = _endorsement_report(validation, achievement.get("id"), resolver)
        body = validation.get("credentialSubject") if isinstance(validation, dict) else None
        comment = body.get("endorsementComment") if isinstance(body, dict) else None
        checked.append((report, comment if isinstance(comment, str) else None))
    return tuple(checked)


def _credential_tier(proofs: Proofs, public_url: str, found: Status) -> str:
    """OFFICIAL when the brand university on record validated the achievement, verifiably."""
    brand = issuer_did(public_url, found.university_id)
    for report, comment in proofs.validations:
        if report["valid"] and report["issuer_id"] == brand and comment == OFFICIAL_VALIDATION:
            return "OFFICIAL"
    return "COMMUNITY"

"""Verifying a credential without trusting the UI: proof, issuer key, status, tier."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypedDict

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from badges import data_integrity, vc_jwt
from badges.clr import CLR_TYPE, MAX_CREDENTIALS, credentials_in, is_clr
from badges.did import issuer_did, platform_did
from badges.issuer_keys import IssuerKeys, person_key_owner
from badges.jsonld import TooComplexError
from badges.multikey import decode_public_key
from badges.ob3 import OFFICIAL_VALIDATION
from badges.timestamps import xsd_datetime
from badges.transparency_log import b64, served_digest
from graph.credentials.contents import Status


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
    # Its type beside VerifiableCredential: OpenBadgeCredential, ClrCredential, ...
    credential_type: str | None = None
    # A ClrCredential's credentials, each checked as on its own (see _small_report).
    credentials: tuple[dict[str, Any], ...] = ()
    # What the credential states, whether or not its proof holds (a reader is told which).
    credential_id: str | None = None
    achievement_name: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    recipient: str | None = None  # the subject's id, else its (hashed) identity
    recipient_type: str | None = None  # "id", or the identityType (emailAddress, …)
    # Where the transparency log recorded its issuance (badges.transparency_log), from the log.
    transparency_log: dict[str, Any] | None = None
    # The EU micro-credential elements its achievement states (README "EU micro-credentials
    # and Europass"), read from the credential itself like everything above.
    micro_credential: dict[str, Any] | None = None

    @property
    def verdict(self) -> str:
        """The answer in one word: valid, revoked, expired, tampered, unconfirmed (the proof
        holds but Kring cannot know its status, or there is no key to check it with), or
        not_credential."""
        if self.proof_valid:
            return _VERDICTS.get(self.status, "unconfirmed")
        if self.proof_message in TAMPERED:
            return "tampered"
        if self.proof_message == data_integrity.KEY_UNRESOLVED:
            return "unconfirmed"
        return "not_credential"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "verdict": self.verdict}


NOT_ISSUERS_KEY = "The key does not belong to the issuer."
NOT_ON_RECORD = "Not signed by the issuer Kring has on record for it."
# A proof that fails for one of these was made over other content, or by someone else.
TAMPERED = frozenset(
    {data_integrity.SIGNATURE_MISMATCH, vc_jwt.JTI_MISMATCH, NOT_ISSUERS_KEY, NOT_ON_RECORD}
)
_VERDICTS = {"active": "valid", "revoked": "revoked", "expired": "expired"}


class LocalKeyResolver:
    """Resolves our own did:web issuer keys (rotated ones too) and did:key, offline, and the
    methods in `known` (another issuer's did:web keys, fetched by the caller beforehand)."""

    def __init__(
        self, public_url: str, keys: IssuerKeys, known: Mapping[str, str] | None = None
    ) -> None:
        self.public_url = public_url
        self.keys = keys
        self.known = dict(known or {})
        base = re.escape(platform_did(public_url))
        self._ours = re.compile(
            "^" + base + r"(?::(issuers|people):([0-9a-f-]{36}))?#(z[1-9A-HJ-NP-Za-km-z]+)$"
        )

    def with_known(self, known: Mapping[str, str]) -> LocalKeyResolver:
        return LocalKeyResolver(self.public_url, self.keys, known)

    def __call__(self, method: str) -> Ed25519PublicKey | None:
        if method in self.known:
            return Ed25519PublicKey.from_public_bytes(decode_public_key(self.known[method]))
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
    # A ClrCredential's credentials (credentialSubject.verifiableCredential), in order.
    credentials: tuple[Proofs, ...] = ()


def check_proofs(
    credential: dict[str, Any],
    public_url: str,
    key_dir: str,
    with_proof: bool,
    known: Mapping[str, str] | None = None,
) -> Proofs:
    """Check the credential's proof (unless `with_proof` is False), every embedded
    endorsement's and, in a ClrCredential, each credential's inside it; raises
    TooComplexError for a poison graph. `known`: verification methods resolved beforehand."""
    resolver = LocalKeyResolver(public_url, IssuerKeys(Path(key_dir)), known)
    inner = credentials_in(credential) if is_clr(credential) else []
    return replace(
        _own_proofs(credential, resolver, with_proof),
        credentials=tuple(_own_proofs(c, resolver, True) for c in inner[:MAX_CREDENTIALS]),
    )


def _own_proofs(credential: Any, resolver: LocalKeyResolver, with_proof: bool) -> Proofs:
    """One credential's proof, endorsements and validations (not those of any inside it)."""
    if not isinstance(credential, dict):
        return Proofs(data_integrity.ProofCheck(False, None, "Not an embedded credential."), (), ())
    try:
        main = data_integrity.verify(credential, resolver) if with_proof else None
        return Proofs(main, _endorsements(credential, resolver), _validations(credential, resolver))
    except TooComplexError:
        raise  # refused by the caller, not reported as a bad signature
    except MALFORMED:
        return Proofs(
            data_integrity.ProofCheck(False, None, "The credential is malformed."), (), ()
        )


class ProofChecker(Protocol):
    """Runs check_proofs for a credential, bounded in work and time; raises
    VerificationTooComplex."""

    def __call__(
        self, credential: dict[str, Any], with_proof: bool, known: Mapping[str, str] | None = None
    ) -> Awaitable[Proofs]: ...


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


def _document_problem(credential: dict[str, Any]) -> str | None:
    """As _shape_problem; a ClrCredential's limits hold for its envelope and for each
    credential inside, of which it may hold MAX_CREDENTIALS."""
    subject = credential.get("credentialSubject")
    if not is_clr(credential) or not isinstance(subject, dict):
        return _shape_problem(credential)
    inner = credentials_in(credential)
    if len(inner) > MAX_CREDENTIALS:
        return f"The record holds more than {MAX_CREDENTIALS} credentials."
    envelope = {
        **credential,
        "credentialSubject": {k: v for k, v in subject.items() if k != "verifiableCredential"},
    }
    for document in (envelope, *inner):
        problem = _shape_problem(document)
        if problem:
            return problem
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
    known: Mapping[str, str] | None = None,
) -> Report:
    """A structured report on a credential with an embedded proof; raises only
    VerificationTooComplex. `known`: verification methods resolved beforehand."""
    problem = _document_problem(credential)
    if problem:
        return _failed(problem)
    proofs = await check(credential, True, known)
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
        problem = _document_problem(credential)
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
    report = await _own_report(credential, check, proofs, public_url, lookup_status, moment)
    if not is_clr(credential):
        return report
    inner = credentials_in(credential)[:MAX_CREDENTIALS]
    reports = []
    for index, item in enumerate(inner):
        checked = proofs.credentials[index] if index < len(proofs.credentials) else None
        reports.append(await _small_report(item, checked, public_url, lookup_status, moment))
    status, message = report.status, report.status_message
    if report.proof_valid and status != "expired":
        status, message = _clr_status(report, reports, public_url)
    return replace(
        report,
        verified=report.proof_valid and status == "active",
        status=status,
        status_message=message,
        credentials=tuple(reports),
    )


async def _small_report(
    credential: Any,
    proofs: Proofs | None,
    public_url: str,
    lookup_status: StatusLookup,
    moment: datetime,
) -> dict[str, Any]:
    """One credential inside a CLR, checked exactly as on its own, in brief."""
    if isinstance(credential, dict) and proofs is not None and proofs.credential is not None:
        try:
            full = await _own_report(
                credential, proofs.credential, proofs, public_url, lookup_status, moment
            )
        except MALFORMED:
            full = _failed("The credential is malformed.")
        if full.credential_type == CLR_TYPE:  # one level only: a record in a record is not checked
            full = replace(full, verified=False, status="unknown", status_message=NESTED_CLR)
    else:
        full = _failed("Not an embedded credential.")
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    return {
        "id": credential_id if isinstance(credential_id, str) else None,
        "credential_type": full.credential_type,
        "verified": full.verified,
        "proof_valid": full.proof_valid,
        "proof_message": full.proof_message,
        "issuer_id": full.issuer_id,
        "issuer_name": full.issuer_name,
        "status": full.status,
        "status_message": full.status_message,
        "tier": full.tier,
    }


NESTED_CLR = "A record inside a record is not checked."
# The status a record takes from the credentials inside it: the worst of theirs.
_WORST_FIRST = ("revoked", "expired", "unknown")


def _clr_status(report: Report, reports: list[dict[str, Any]], public_url: str) -> tuple[str, str]:
    """A validly signed record is active only when Kring issued it and every credential in
    it verifies; otherwise it says which do not, and why."""
    if report.issuer_id != platform_did(public_url):
        return "unknown", "Kring did not issue this record; each credential in it is reported."
    if not reports:
        return "unknown", "The record holds no credentials."
    failing = [r for r in reports if not r["verified"]]
    if not failing:
        return "active", f"All {len(reports)} credentials in the record verify."
    status = next((s for s in _WORST_FIRST if any(r["status"] == s for r in failing)), "unknown")
    reasons = "; ".join(
        f"{r['id'] or 'a credential'} is {r['status']}: "
        f"{r['status_message'] if r['proof_valid'] else r['proof_message']}"
        for r in failing[:3]
    )
    more = f" (and {len(failing) - 3} more)" if len(failing) > 3 else ""
    return status, f"{len(failing)} of {len(reports)} credentials do not verify: {reasons}{more}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


class Stated(TypedDict):
    credential_id: str | None
    achievement_name: str | None
    valid_from: str | None
    valid_until: str | None
    recipient: str | None
    recipient_type: str | None
    micro_credential: dict[str, Any] | None


def _micro_credential(achievement: dict[str, Any]) -> dict[str, Any] | None:
    """The achievement's EU elements: Kring's extension plus the OB 3.0 fields that carry
    some of them (ECTS in creditsAvailable, the EQF level also as an alignment)."""
    stated = achievement.get("microCredential")
    if not isinstance(stated, dict):
        return None
    elements = {k: v for k, v in stated.items() if k not in ("id", "type")}
    credits = achievement.get("creditsAvailable")
    if isinstance(credits, int | float) and not isinstance(credits, bool):
        elements["ectsCredits"] = credits
    elements["achievementType"] = _text(achievement.get("achievementType"))
    return elements


def _stated(credential: dict[str, Any]) -> Stated:
    """What the credential says of itself for a reader: its id, achievement, dates and
    recipient (nothing here is trusted unless the proof holds)."""
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    recipient: str | None = _text(subject.get("id"))
    recipient_type: str | None = "id"
    identifiers = subject.get("identifier")
    first = identifiers[0] if isinstance(identifiers, list) and identifiers else identifiers
    if recipient is None and isinstance(first, dict):
        recipient = _text(first.get("identityHash"))
        recipient_type = _text(first.get("identityType"))
    return Stated(
        credential_id=_text(credential.get("id")),
        achievement_name=_text(achievement.get("name")) or _text(credential.get("name")),
        valid_from=_text(credential.get("validFrom")),
        valid_until=_text(credential.get("validUntil")),
        recipient=recipient,
        recipient_type=recipient_type if recipient else None,
        micro_credential=_micro_credential(achievement),
    )


def _credential_type(credential: dict[str, Any]) -> str | None:
    if is_clr(credential):
        return CLR_TYPE
    given = credential.get("type")
    types = given if isinstance(given, list) else [given]
    return next((t for t in types if isinstance(t, str) and t != "VerifiableCredential"), None)


async def _own_report(
    credential: dict[str, Any],
    check: data_integrity.ProofCheck,
    proofs: Proofs,
    public_url: str,
    lookup_status: StatusLookup,
    moment: datetime,
) -> Report:
    """The report on one credential, not on any credential inside it."""
    issuer_id, issuer_name = _issuer(credential)
    method = check.verification_method
    # The key must be the issuer's own: its DID, exactly.
    resolved = check.valid and issuer_id is not None and _did_of(method) == issuer_id
    if check.valid and not resolved:
        check = data_integrity.ProofCheck(False, method, NOT_ISSUERS_KEY)
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
                check = data_integrity.ProofCheck(False, method, NOT_ON_RECORD)
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
        transparency_log=_logged(credential, found) if check.valid and found else None,
        **_stated(credential),
        credential_type=_credential_type(credential),
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


def _logged(credential: dict[str, Any], found: Status) -> dict[str, Any] | None:
    """The log's facts about this badge: the leaf of its issuance (and revocation), the first
    signed tree head covering it, and whether these very bytes are the ones recorded."""
    issued = next((r for r in found.logged if r.leaf.kind == "ISSUED"), None)
    if issued is None:
        return None
    head = issued.head
    revoked = next((r.leaf.index for r in found.logged if r.leaf.kind == "REVOKED"), None)
    return {
        "index": issued.leaf.index,
        "leaf_hash": b64(issued.leaf.hash),
        "recorded_at": issued.leaf.time,
        # False for a VC-JWT, or once the badge changed (a validation, say) since issuance.
        "same_as_recorded": served_digest(credential) == issued.leaf.digest,
        "revocation_index": revoked,
        "tree_size": head.tree_size if head else None,
        "tree_head_signed_at": (
            xsd_datetime(datetime.fromtimestamp(head.timestamp / 1000, UTC)) if head else None
        ),
    }


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

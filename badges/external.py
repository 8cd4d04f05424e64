"""Credentials from elsewhere: reading what a learner brings and verifying it.

A learner brings a baked PNG or SVG, pasted OB 3.0 JSON or a VC-JWT, or an OB 2.0 hosted
URL (or pasted OB 2.0 JSON: only its id is used, the assertion is fetched again). OB 3.0
and VC-JWT go through the existing verifier; OB 2.0 hosted assertions are fetched with the
SSRF-safe client (badges.fetching) with their badge class and issuer, and checked the way
OB 2.0 says: the assertion's id is the URL it was fetched from, on the issuer's origin, not
revoked (flag or the issuer's revocation list), not expired. Nothing here trusts a report a
client sends: every check starts from the credential itself.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import json
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from badges import baking, data_integrity, vc_jwt
from badges.did import assertion_key, did_web_url, platform_did
from badges.fetching import DEFAULT_POLICY, AddressPolicy, FetchError, fetch_json
from badges.issuer_keys import IssuerKeys
from badges.verification import (
    LocalKeyResolver,
    ProofChecker,
    Report,
    StatusLookup,
    verify,
    verify_jwt,
)
from graph.core.database import Graph
from graph.credentials.contents import Status as OwnStatus
from graph.credentials.contents import assertion_status
from graph.external_credentials.external_credentials import NewExternal
from graph.people.people import person_by_id

MAX_FILE_BYTES = baking.MAX_BAKED_BYTES
MAX_TEXT_CHARS = 256 * 1024
MAX_URL_CHARS = 2048
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
# A status list is at most this long once inflated (the specification's minimum is 16 KiB).
MAX_STATUS_LIST_BYTES = 2 * 1024 * 1024


class Format(enum.StrEnum):
    OB2_HOSTED = "OB2_HOSTED"
    OB3_JSON = "OB3_JSON"
    VC_JWT = "VC_JWT"


class Status(enum.StrEnum):
    VALID = "VALID"
    INVALID = "INVALID"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"
    UNREACHABLE = "UNREACHABLE"


class Problem(enum.StrEnum):
    """Why something was refused before any report: stable, shown as extensions.reason."""

    TOO_BIG = "TOO_BIG"
    UNREACHABLE = "UNREACHABLE"
    PRIVATE_ADDRESS = "PRIVATE_ADDRESS"
    UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT"
    INVALID = "INVALID"


class Refused(Exception):
    """The input cannot be checked at all; `field` names the input at fault."""

    def __init__(self, problem: Problem, message: str, field: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Source:
    format: Format
    text: str  # the JSON text, the JWT, or (OB 2.0) the assertion's URL
    field: str


def _refuse_fetch(error: FetchError, field: str) -> Refused:
    return Refused(Problem(error.problem.value), error.message, field)


def read_source(file: bytes | None, text: str | None, url: str | None) -> Source:
    """What exactly one of file, text or url holds; raises Refused."""
    given = [name for name, value in (("file", file), ("text", text), ("url", url)) if value]
    if len(given) != 1:
        raise Refused(Problem.UNSUPPORTED_FORMAT, "Give exactly one of file, text or url.", "file")
    if url:
        if len(url) > MAX_URL_CHARS:
            raise Refused(Problem.TOO_BIG, "The URL is longer than 2048 characters.", "url")
        if not url.strip().lower().startswith(("https://", "http://")):
            raise Refused(Problem.UNSUPPORTED_FORMAT, "The URL must start with https://.", "url")
        return Source(Format.OB2_HOSTED, url.strip(), "url")
    if file:
        if len(file) > MAX_FILE_BYTES:
            raise Refused(Problem.TOO_BIG, "The file is larger than 2 MiB.", "file")
        return _from_file(file)
    assert text is not None
    if len(text) > MAX_TEXT_CHARS:
        raise Refused(Problem.TOO_BIG, "The text is longer than 256 KiB.", "text")
    return _from_text(text, "text")


def _from_file(data: bytes) -> Source:
    head = data.lstrip()[:5]
    if data.startswith(b"\x89PNG") or head.startswith(b"<"):
        try:
            baked = (
                baking.unbake_png(data) if data.startswith(b"\x89PNG") else baking.unbake_svg(data)
            )
        except baking.BakingError as exc:
            raise Refused(Problem.UNSUPPORTED_FORMAT, str(exc), "file") from None
        return _from_text(baked.payload, "file")
    try:
        return _from_text(data.decode("utf-8"), "file")
    except UnicodeDecodeError:
        raise Refused(
            Problem.UNSUPPORTED_FORMAT, "The file is not a badge image, JSON or a JWT.", "file"
        ) from None


def _from_text(text: str, field: str) -> Source:
    text = text.strip()
    if text.startswith("eyJ"):
        return Source(Format.VC_JWT, text, field)
    if text.lower().startswith(("https://", "http://")):
        return Source(Format.OB2_HOSTED, text, field)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(
            Problem.UNSUPPORTED_FORMAT, "That is not JSON, a JWT or a URL.", field
        ) from None
    if not isinstance(document, dict):
        raise Refused(Problem.UNSUPPORTED_FORMAT, "That is not a credential.", field)
    if _is_ob2(document):
        # A pasted OB 2.0 assertion is only a pointer: its hosted copy is what counts.
        hosted = document.get("id")
        verification = document.get("verification")
        kind = verification.get("type") if isinstance(verification, dict) else None
        if str(kind).lower() not in ("hosted", "hostedbadge") or not isinstance(hosted, str):
            raise Refused(
                Problem.UNSUPPORTED_FORMAT,
                "Only hosted Open Badges 2.0 assertions are supported.",
                field,
            )
        return Source(Format.OB2_HOSTED, hosted, field)
    if "@context" not in document:
        raise Refused(Problem.UNSUPPORTED_FORMAT, "That is not a credential (no @context).", field)
    return Source(Format.OB3_JSON, text, field)


def _is_ob2(document: dict[str, Any]) -> bool:
    context = document.get("@context")
    return (
        context == OB2_CONTEXT
        or (isinstance(context, list) and OB2_CONTEXT in context)
        or document.get("type") == "Assertion"
    )


@dataclass(frozen=True)
class Verifier:
    """What a check needs from the server: its keys, proof workers, status of Kring's own
    badges, the fetch policy (the default unless a test passes its own), and the learner."""

    public_url: str
    resolver: LocalKeyResolver
    proofs: ProofChecker
    lookup: StatusLookup
    learner_email: str | None
    policy: AddressPolicy = DEFAULT_POLICY


async def verifier_for(
    graph: Graph, public_url: str, key_dir: Path, proofs: ProofChecker, person_id: str
) -> Verifier:
    """What checking a credential for this learner needs (their address, Kring's keys)."""
    person = await person_by_id(graph, person_id)

    async def lookup(assertion_id: str) -> OwnStatus | None:
        return await assertion_status(graph, assertion_id)

    return Verifier(
        public_url=public_url,
        resolver=LocalKeyResolver(public_url, IssuerKeys(key_dir)),
        proofs=proofs,
        lookup=lookup,
        learner_email=person.email if person else None,
    )


@dataclass(frozen=True)
class Checked:
    format: Format
    credential_id: str
    name: str
    issuer_name: str
    issuer_url: str | None
    issuer_id: str | None  # with achievement_id, what a curator's mapping names
    issued_on: datetime | None
    achievement_id: str | None
    status: Status
    message: str
    document: str  # kept as given: the JSON text, the JWT, or the OB 2.0 assertion as fetched


def to_keep(checked: Checked) -> NewExternal:
    """What the learner's record keeps of a credential that was checked and accepted."""
    return NewExternal(
        credential_id=checked.credential_id,
        format=checked.format.value,
        name=checked.name,
        issuer_name=checked.issuer_name,
        issuer_url=checked.issuer_url,
        issuer_id=checked.issuer_id,
        achievement_id=checked.achievement_id,
        issued_on=checked.issued_on,
        status=checked.status.value,
        message=checked.message,
        document=checked.document,
    )


async def check(source: Source, verifier: Verifier, now: datetime | None = None) -> Checked:
    """Verify the credential; raises Refused when it cannot be checked at all."""
    moment = now or datetime.now(UTC)
    if source.format is Format.OB2_HOSTED:
        return await _check_ob2(source, verifier, moment)
    if source.format is Format.VC_JWT:
        if len(source.text) > MAX_TEXT_CHARS:
            raise Refused(Problem.TOO_BIG, "The JWT is longer than 256 KiB.", source.field)
        key = await _did_web_key(vc_jwt.key_id(source.text), verifier)
        report = await verify_jwt(
            source.text,
            verifier.resolver.with_known(key.known),
            verifier.proofs,
            verifier.lookup,
            now=moment,
        )
        credential = vc_jwt.stated_credential(source.text)
    else:
        credential = json.loads(source.text)
        key = await _did_web_key(_proof_method(credential), verifier)
        report = await verify(
            credential,
            verifier.public_url,
            verifier.proofs,
            verifier.lookup,
            now=moment,
            known=key.known,
        )
    return await _from_report(source, report, credential, verifier, moment, key)


@dataclass(frozen=True)
class ForeignKey:
    """Another issuer's did:web key, fetched from its DID document before the proof check."""

    known: dict[str, str]  # verification method -> Multikey; empty when none was found
    problem: str | None = None  # why not, in words, when its document could not be had
    unreachable: bool = False


async def _did_web_key(method: str | None, verifier: Verifier) -> ForeignKey:
    """Resolve a did:web verification method of another host with the SSRF-safe client."""
    if not method or not method.startswith("did:web:"):
        return ForeignKey({})  # did:key, or no proof: the verifier says so
    did = method.split("#", 1)[0]
    if did == platform_did(verifier.public_url) or did.startswith(
        platform_did(verifier.public_url) + ":"
    ):
        return ForeignKey({})  # ours: resolved from our own keys, never fetched
    # A test's own server speaks plain http (its policy allows it); did:web itself is https.
    url = did_web_url(did, scheme="http" if verifier.policy.allow_http else "https")
    if url is None:
        return ForeignKey({}, "Its issuer's did:web identifier is malformed.")
    try:
        fetched = await fetch_json(url, verifier.policy)
    except FetchError as exc:
        problem = f"Its issuer's DID document could not be fetched: {exc.message}"
        return ForeignKey({}, problem, unreachable=True)
    multikey = assertion_key(fetched.document, did, method)
    if multikey is None:
        return ForeignKey({}, "Its issuer's DID document does not list the signing key.")
    return ForeignKey({method: multikey})


def _proof_method(credential: Any) -> str | None:
    proof = credential.get("proof") if isinstance(credential, dict) else None
    method = proof.get("verificationMethod") if isinstance(proof, dict) else None
    return method if isinstance(method, str) else None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _achievement_id(credential: dict[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    found = achievement.get("id") if isinstance(achievement, dict) else None
    return found if isinstance(found, str) else None


def _issuer_url(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    url = issuer.get("url") if isinstance(issuer, dict) else None
    return url[:2048] if isinstance(url, str) else None


def _short(text: str | None, limit: int = 300) -> str:
    return (text or "")[:limit]


async def _from_report(
    source: Source,
    report: Report,
    credential: dict[str, Any],
    verifier: Verifier,
    moment: datetime,
    key: ForeignKey,
) -> Checked:
    if not report.credential_id:
        raise Refused(Problem.INVALID, "The credential has no id.", source.field)
    status, message = await _status(report, credential, verifier, moment, key)
    if status is Status.VALID and not _recipient_is(report, credential, verifier.learner_email):
        status, message = Status.INVALID, "The credential was issued to another e-mail address."
    return Checked(
        format=source.format,
        credential_id=_short(report.credential_id, 2048),
        name=_short(report.achievement_name) or "Unnamed achievement",
        issuer_name=_short(report.issuer_name) or _short(report.issuer_id) or "Unknown issuer",
        issuer_url=_issuer_url(credential) or _short(report.issuer_id, 2048) or None,
        issuer_id=_short(report.issuer_id, 2048) or None,
        issued_on=_time(report.valid_from),
        achievement_id=_short(_achievement_id(credential), 2048) or None,
        status=status,
        message=_short(message, 500),
        document=source.text,
    )


def _recipient_is(report: Report, credential: dict[str, Any], email: str | None) -> bool:
    """An e-mail identity must be the learner's (hashed or not); other identities (a DID)
    cannot be told apart here and pass."""
    if report.recipient_type not in ("emailAddress", "email") or report.recipient is None:
        return True
    if email is None:
        return False
    stated = report.recipient
    if not stated.startswith("sha256$"):
        return stated.lower() == email.lower()
    # The salt sits beside the hash in the subject's identifier, which the report omits.
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    first = identifiers[0] if isinstance(identifiers, list) and identifiers else identifiers
    salt = first.get("salt") if isinstance(first, dict) else None
    salt = salt if isinstance(salt, str) else ""
    digest = hashlib.sha256((email.lower() + salt).encode()).hexdigest()
    return stated.lower() == f"sha256${digest}"


async def _status(
    report: Report,
    credential: dict[str, Any],
    verifier: Verifier,
    moment: datetime,
    key: ForeignKey,
) -> tuple[Status, str]:
    if not report.proof_valid:
        if report.proof_message == data_integrity.KEY_UNRESOLVED:
            if key.problem:
                return (Status.UNREACHABLE if key.unreachable else Status.INVALID), key.problem
            return Status.INVALID, (
                "The issuer's key could not be resolved: Kring checks did:key and did:web "
                "issuers and its own."
            )
        return Status.INVALID, report.proof_message
    if report.status == "active":
        return Status.VALID, report.status_message
    if report.status == "revoked":
        return Status.REVOKED, report.status_message
    if report.status == "expired":
        return Status.EXPIRED, report.status_message
    credential_id = report.credential_id or ""
    if credential_id.startswith(f"{verifier.public_url}/"):
        return Status.INVALID, report.status_message  # ours, yet Kring has no record of it
    entry = credential.get("credentialStatus")
    if entry is None:
        return Status.VALID, "The proof holds; its issuer publishes no revocation status."
    return await _foreign_status(entry, report.issuer_id, verifier, moment, key)


async def _foreign_status(
    entry: Any, issuer_id: str | None, verifier: Verifier, moment: datetime, key: ForeignKey
) -> tuple[Status, str]:
    """A BitstringStatusList entry of another issuer, fetched and its proof checked."""
    entries = entry if isinstance(entry, list) else [entry]
    for item in entries[:3]:
        if not isinstance(item, dict) or item.get("type") != "BitstringStatusListEntry":
            return Status.INVALID, "Its revocation status is of a kind Kring cannot check."
        url, index = item.get("statusListCredential"), item.get("statusListIndex")
        try:
            position = int(str(index))
        except ValueError:
            return Status.INVALID, "Its statusListIndex is not a number."
        if not isinstance(url, str) or position < 0:
            return Status.INVALID, "Its status entry is malformed."
        try:
            fetched = await fetch_json(url, verifier.policy)
        except FetchError as exc:
            return Status.UNREACHABLE, f"Its status list could not be fetched: {exc.message}"
        listed = fetched.document
        if not isinstance(listed, dict):
            return Status.INVALID, "Its status list is not a credential."
        signer_method = _proof_method(listed)
        if signer_method not in key.known:  # signed with another of the issuer's keys
            key = await _did_web_key(signer_method, verifier)
        proofs = await verifier.proofs(listed, True, key.known)
        proof = proofs.credential
        signer = (proof.verification_method or "").split("#", 1)[0] if proof else ""
        if proof is None or not proof.valid or signer != issuer_id:
            return Status.INVALID, "Its status list is not signed by its issuer."
        subject = listed.get("credentialSubject")
        encoded = subject.get("encodedList") if isinstance(subject, dict) else None
        purpose = subject.get("statusPurpose") if isinstance(subject, dict) else None
        if not isinstance(encoded, str):
            return Status.INVALID, "Its status list carries no list."
        try:
            revoked = _bit(encoded, position)
        except ValueError as exc:
            return Status.INVALID, str(exc)
        if revoked and purpose in ("revocation", "suspension"):
            return Status.REVOKED, "Revoked by its issuer (its status list says so)."
    return Status.VALID, "The proof holds and its issuer's status list does not revoke it."


def _bit(encoded: str, position: int) -> bool:
    """The list's bit, inflated with a bound (a small gzip can hide a huge list)."""
    if not encoded.startswith("u"):
        raise ValueError("The status list is not multibase base64url.")
    raw = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        inflater = zlib.decompressobj(wbits=31)
        bits = inflater.decompress(packed, MAX_STATUS_LIST_BYTES)
    except (ValueError, zlib.error):
        raise ValueError("The status list cannot be read.") from None
    if inflater.unconsumed_tail:
        raise ValueError("The status list is too long.")
    if position // 8 >= len(bits):
        raise ValueError("The status index lies outside its list.")
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


# --- Open Badges 2.0, hosted --------------------------------------------------------------


async def _fetch(url: str, verifier: Verifier, field: str) -> tuple[dict[str, Any], str]:
    try:
        fetched = await fetch_json(url, verifier.policy)
    except FetchError as exc:
        raise _refuse_fetch(exc, field) from None
    if not isinstance(fetched.document, dict):
        raise Refused(Problem.INVALID, f"{url} is not an Open Badges document.", field)
    return fetched.document, fetched.text


async def _linked(value: Any, verifier: Verifier, field: str) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        return (await _fetch(value, verifier, field))[0]
    raise Refused(Problem.INVALID, "The assertion does not name its badge or issuer.", field)


def _origin(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else None


async def _check_ob2(source: Source, verifier: Verifier, moment: datetime) -> Checked:
    url, field = source.text, source.field
    assertion, text = await _fetch(url, verifier, field)
    if assertion.get("id") != url:
        raise Refused(Problem.INVALID, "The assertion's id is not the URL it came from.", field)
    badge = await _linked(assertion.get("badge"), verifier, field)
    issuer = await _linked(badge.get("issuer"), verifier, field)
    name = _short(badge.get("name") if isinstance(badge.get("name"), str) else None)
    issuer_name = issuer.get("name")
    issuer_url = issuer.get("url") or issuer.get("id")
    status, message = await _ob2_status(assertion, issuer, url, verifier, moment, field)
    recipient = assertion.get("recipient")
    if status is Status.VALID and not _ob2_recipient_is(recipient, verifier.learner_email):
        status, message = Status.INVALID, "The badge was issued to another e-mail address."
    badge_id = badge.get("id") if isinstance(badge.get("id"), str) else None
    return Checked(
        format=Format.OB2_HOSTED,
        credential_id=url,
        name=name or "Unnamed badge",
        issuer_name=_short(issuer_name if isinstance(issuer_name, str) else None) or "Unknown",
        issuer_url=_short(issuer_url, 2048) if isinstance(issuer_url, str) else None,
        issuer_id=_short(issuer["id"], 2048) if isinstance(issuer.get("id"), str) else None,
        issued_on=_ob2_time(assertion.get("issuedOn")),
        achievement_id=_short(badge_id, 2048) if badge_id else None,
        status=status,
        message=message,
        document=text,
    )


def _ob2_time(value: Any) -> datetime | None:
    if isinstance(value, int | float) and 0 < value < 1e11:
        return datetime.fromtimestamp(value, UTC)  # OB 2.0 allows a Unix timestamp
    return _time(value)


async def _ob2_status(
    assertion: dict[str, Any],
    issuer: dict[str, Any],
    url: str,
    verifier: Verifier,
    moment: datetime,
    field: str,
) -> tuple[Status, str]:
    verification = assertion.get("verification")
    kind = verification.get("type") if isinstance(verification, dict) else None
    if str(kind).lower() not in ("hosted", "hostedbadge"):
        return Status.INVALID, "Only hosted Open Badges 2.0 assertions are supported."
    allowed = verification.get("allowedOrigins") if isinstance(verification, dict) else None
    origins = {_origin(issuer.get("id")), _origin(issuer.get("url"))}
    if isinstance(allowed, list):
        origins |= {_origin(f"https://{a}") for a in allowed if isinstance(a, str)}
    if _origin(url) not in origins - {None}:
        return Status.INVALID, "The assertion is not hosted on its issuer's site."
    if assertion.get("revoked") is True:
        reason = assertion.get("revocationReason")
        return Status.REVOKED, reason if isinstance(reason, str) else "Revoked by its issuer."
    listed = issuer.get("revocationList")
    if isinstance(listed, str):
        revocations = (await _fetch(listed, verifier, field))[0]
        for item in (revocations.get("revokedAssertions") or [])[:10_000]:
            revoked_id = item.get("id") if isinstance(item, dict) else item
            if revoked_id == url:
                reason = item.get("revocationReason") if isinstance(item, dict) else None
                return Status.REVOKED, reason if isinstance(reason, str) else "Revoked."
    expires = _ob2_time(assertion.get("expires"))
    if expires is not None and expires <= moment:
        return Status.EXPIRED, "The badge has expired."
    return Status.VALID, "Hosted by its issuer, not revoked, not expired."


def _ob2_recipient_is(recipient: Any, email: str | None) -> bool:
    if not isinstance(recipient, dict) or recipient.get("type") != "email":
        return True
    identity = recipient.get("identity")
    if email is None or not isinstance(identity, str):
        return False
    if not recipient.get("hashed"):
        return identity.lower() == email.lower()
    salt = recipient.get("salt") if isinstance(recipient.get("salt"), str) else ""
    algorithm, _, digest = identity.partition("$")
    if algorithm.lower() != "sha256":
        return False
    return hashlib.sha256((email.lower() + str(salt)).encode()).hexdigest() == digest.lower()

"""OB 3.0 credentials as VC-JWT (EdDSA): the same credential, in the JOSE envelope."""

from __future__ import annotations

import json
import warnings
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from joserfc import jws, jwt
from joserfc.errors import JoseError, SecurityWarning
from joserfc.jwk import OKPKey

from badges.data_integrity import (
    KEY_UNRESOLVED,
    SIGNATURE_MISMATCH,
    KeyResolver,
    ProofCheck,
)

ALGORITHM = "EdDSA"  # what OB 3.0 verifiers accept besides RS256
JTI_MISMATCH = "The JWT's jti does not match the credential id."


def _epoch(value: str) -> int:
    return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def encode(credential: dict[str, Any], key: Ed25519PrivateKey, kid: str) -> str:
    """A compact JWT whose `vc` claim is the credential; iss, jti, nbf, exp mirror it."""
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    issuer = unsigned["issuer"]
    claims: dict[str, Any] = {
        "vc": unsigned,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": unsigned["id"],
        "nbf": _epoch(unsigned["validFrom"]),
    }
    subject = unsigned.get("credentialSubject", {}).get("id")
    if subject:
        claims["sub"] = subject
    if "validUntil" in unsigned:
        claims["exp"] = _epoch(unsigned["validUntil"])
    with warnings.catch_warnings():
        # joserfc marks "EdDSA" as superseded by RFC 9864; OB 3.0 still names it.
        warnings.simplefilter("ignore", SecurityWarning)
        token: str = jwt.encode(
            {"alg": ALGORITHM, "kid": kid, "typ": "JWT"},
            claims,
            OKPKey.import_key(key),
            algorithms=[ALGORITHM],
        )
    return token


def _unverified(token: str) -> tuple[dict[str, Any], bytes] | None:
    """The header and payload as stated, before any signature is judged; None: not a JWT."""
    try:
        compact = jws.extract_compact(token.encode())
    except (JoseError, ValueError, UnicodeError):
        return None
    return compact.protected, compact.payload


def key_id(token: str) -> str | None:
    """The kid its header names, unverified: which key to resolve before checking it."""
    found = _unverified(token)
    kid = found[0].get("kid") if found else None
    return kid if isinstance(kid, str) else None


def stated_credential(token: str) -> dict[str, Any]:
    """The vc claim as stated; read only after decode judged the signature."""
    found = _unverified(token)
    try:
        claims = json.loads(found[1]) if found else None
    except (ValueError, RecursionError):
        return {}
    credential = claims.get("vc") if isinstance(claims, dict) else None
    return credential if isinstance(credential, dict) else {}


def decode(token: str, resolve: KeyResolver) -> tuple[dict[str, Any] | None, ProofCheck]:
    """The credential inside a VC-JWT and whether its signature holds (never raises)."""
    found = _unverified(token)
    if found is None:
        return None, ProofCheck(False, None, "That is not a JWT.")
    header = found[0]
    kid = header.get("kid")
    if header.get("alg") != ALGORITHM or not isinstance(kid, str):
        return None, ProofCheck(False, None, f"Only {ALGORITHM} JWTs with a kid are supported.")
    public: Ed25519PublicKey | None = resolve(kid)
    if public is None:
        return None, ProofCheck(False, kid, KEY_UNRESOLVED)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SecurityWarning)
            decoded = jwt.decode(token, OKPKey.import_key(public), algorithms=[ALGORITHM])
    except (JoseError, ValueError):
        return None, ProofCheck(False, kid, SIGNATURE_MISMATCH)
    credential = decoded.claims.get("vc")
    if not isinstance(credential, dict):
        return None, ProofCheck(False, kid, "The JWT carries no credential (vc claim).")
    if decoded.claims.get("jti") != credential.get("id"):
        return None, ProofCheck(False, kid, JTI_MISMATCH)
    return credential, ProofCheck(True, kid, "The JWT signature is valid.")

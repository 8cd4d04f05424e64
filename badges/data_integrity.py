"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (sign and verify)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from badges.jsonld import CanonicalizationError, TooComplexError, canonicalize
from badges.multikey import decode_signature, encode_signature

CRYPTOSUITE = "eddsa-rdfc-2022"
# Reasons a verifier tells apart: the content changed after signing, or no key to check with.
SIGNATURE_MISMATCH = "The signature does not match the credential."
KEY_UNRESOLVED = "The signing key could not be resolved."


def hash_data(document: dict[str, Any], proof_options: dict[str, Any]) -> bytes:
    """sha256(canon(proof options)) || sha256(canon(document)), what the suite signs."""
    options = {**proof_options, "@context": document["@context"]}
    return (
        hashlib.sha256(canonicalize(options).encode()).digest()
        + hashlib.sha256(canonicalize(document).encode()).digest()
    )


def sign(
    document: dict[str, Any],
    key: Ed25519PrivateKey,
    verification_method: str,
    created: str,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """The document with a DataIntegrityProof added (the input is not changed)."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    options = {
        "type": "DataIntegrityProof",
        "created": created,
        "verificationMethod": verification_method,
        "cryptosuite": CRYPTOSUITE,
        "proofPurpose": proof_purpose,
    }
    signature = key.sign(hash_data(unsigned, options))
    return {
        **copy.deepcopy(unsigned),
        "proof": {**options, "proofValue": encode_signature(signature)},
    }


@dataclass(frozen=True)
class ProofCheck:
    valid: bool
    verification_method: str | None
    reason: str


# Finds the public key for a verification method id, or None when it cannot be resolved.
KeyResolver = Callable[[str], Ed25519PublicKey | None]


def verify(document: dict[str, Any], resolve: KeyResolver) -> ProofCheck:
    """Check the document's eddsa-rdfc-2022 proof; never raises on malformed input (a graph
    too complex to canonicalise raises TooComplexError)."""
    proof = document.get("proof")
    if not isinstance(proof, dict):
        return ProofCheck(False, None, "The credential has no proof.")
    method = proof.get("verificationMethod")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, None, f"Only DataIntegrityProof with {CRYPTOSUITE} is supported.")
    if not isinstance(method, str) or not isinstance(proof.get("proofValue"), str):
        return ProofCheck(False, None, "The proof lacks a verificationMethod or proofValue.")
    if proof.get("proofPurpose") != "assertionMethod":
        return ProofCheck(False, method, "Only assertionMethod proofs are accepted.")
    key = resolve(method)
    if key is None:
        return ProofCheck(False, method, KEY_UNRESOLVED)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    try:
        signature = decode_signature(proof["proofValue"])
        data = hash_data(unsigned, options)
        key.verify(signature, data)
    except TooComplexError:
        raise  # not a bad signature: the caller refuses to work on it
    except (
        InvalidSignature,
        ValueError,
        CanonicalizationError,
        KeyError,
        TypeError,
        RecursionError,
    ):
        return ProofCheck(False, method, SIGNATURE_MISMATCH)
    return ProofCheck(True, method, "The proof is valid.")

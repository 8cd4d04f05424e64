"""eddsa-rdfc-2022: 1EdTech's official OB 3.0 test vector, reproduced byte for byte."""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from badges import data_integrity
from badges.jsonld import UnknownContextError, canonicalize
from badges.multikey import decode_public_key, did_key, encode_public_key
from tests.helpers import repo_path
from tests.ob3_vector import CREDENTIAL, METHOD, PUBLIC, SECRET

VECTORS = repo_path("tests", "vectors")
OPTIONS = {
    "type": "DataIntegrityProof",
    "created": "2010-01-01T19:23:24Z",
    "verificationMethod": METHOD,
    "cryptosuite": "eddsa-rdfc-2022",
    "proofPurpose": "assertionMethod",
}
EXPECTED_PROOF_VALUE = (
    "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
)


def resolver(method: str) -> Ed25519PublicKey | None:
    return Ed25519PublicKey.from_public_bytes(PUBLIC) if method == METHOD else None


def test_canonical_forms_match_the_vector() -> None:
    assert canonicalize(CREDENTIAL) == (VECTORS / "document-canon.txt").read_text()
    proof = {**OPTIONS, "@context": CREDENTIAL["@context"]}
    assert canonicalize(proof) == (VECTORS / "proof-canon.txt").read_text()


def test_hashes_signature_and_proof_value_match_the_vector() -> None:
    data = data_integrity.hash_data(CREDENTIAL, OPTIONS)
    assert data.hex() == (
        "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
        "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
    )
    signed = data_integrity.sign(
        CREDENTIAL, Ed25519PrivateKey.from_private_bytes(SECRET), METHOD, "2010-01-01T19:23:24Z"
    )
    assert signed["proof"] == {**OPTIONS, "proofValue": EXPECTED_PROOF_VALUE}
    assert "proof" not in CREDENTIAL  # signing does not touch the input
    assert hashlib.sha256(b"").digest() != data  # sanity: real data was hashed


def test_the_vector_key_is_the_multikey_it_names() -> None:
    assert encode_public_key(PUBLIC) == "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    assert decode_public_key("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi") == PUBLIC
    assert did_key(PUBLIC) == "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"


def _signed() -> dict[str, Any]:
    return data_integrity.sign(
        CREDENTIAL, Ed25519PrivateKey.from_private_bytes(SECRET), METHOD, "2010-01-01T19:23:24Z"
    )


def test_the_signed_vector_verifies() -> None:
    check = data_integrity.verify(_signed(), resolver)
    assert check.valid, check.reason


def _string_paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _string_paths(v, (*path, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _string_paths(v, (*path, i))]
    return [path] if isinstance(node, str) else []


def _flip(document: dict[str, Any], path: tuple[Any, ...]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    target = changed
    for step in path[:-1]:
        target = target[step]
    value: str = target[path[-1]]
    middle = len(value) // 2
    target[path[-1]] = value[:middle] + chr(ord(value[middle]) ^ 1) + value[middle + 1 :]
    return changed


# Changing a context URL is covered by test_unknown_context_is_refused_not_fetched.
SIGNED_VALUES = [p for p in _string_paths(_signed()) if p[0] != "@context"]


@pytest.mark.parametrize("path", SIGNED_VALUES, ids=lambda p: ".".join(map(str, p)))
def test_changing_any_signed_value_breaks_the_proof(path: tuple[Any, ...]) -> None:
    tampered = _flip(_signed(), path)
    assert not data_integrity.verify(tampered, resolver).valid


def test_an_added_undefined_property_breaks_the_proof() -> None:
    tampered = copy.deepcopy(_signed())
    tampered["credentialSubject"]["sneaky"] = "added after signing"
    assert not data_integrity.verify(tampered, resolver).valid


def test_unknown_context_is_refused_not_fetched() -> None:
    tampered = copy.deepcopy(_signed())
    tampered["@context"] = [*tampered["@context"], "https://evil.example/context.json"]
    check = data_integrity.verify(tampered, resolver)
    assert not check.valid
    with pytest.raises(UnknownContextError):
        canonicalize(tampered)


def test_unresolvable_key_and_missing_proof_are_reported() -> None:
    other = copy.deepcopy(_signed())
    other["proof"]["verificationMethod"] = "https://example.edu/issuers/1#other"
    assert data_integrity.verify(other, resolver).reason == "The signing key could not be resolved."
    assert data_integrity.verify(CREDENTIAL, resolver).reason == "The credential has no proof."

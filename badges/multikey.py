"""Ed25519 public keys as Multikey (`z6Mk…`) and did:key identifiers."""

from __future__ import annotations

import base58

ED25519_PUB_PREFIX = b"\xed\x01"


def encode_public_key(raw: bytes) -> str:
    """`z` + base58btc(0xed 0x01 + 32-byte key), the publicKeyMultibase of an Ed25519 key."""
    if len(raw) != 32:
        raise ValueError("An Ed25519 public key has 32 bytes.")
    return "z" + base58.b58encode(ED25519_PUB_PREFIX + raw).decode()


def decode_public_key(multibase: str) -> bytes:
    if not multibase.startswith("z"):
        raise ValueError("Only base58btc multibase keys (z…) are supported.")
    decoded = base58.b58decode(multibase[1:])
    if not decoded.startswith(ED25519_PUB_PREFIX) or len(decoded) != 34:
        raise ValueError("Not an Ed25519 Multikey.")
    return decoded[2:]


def did_key(raw: bytes) -> str:
    return "did:key:" + encode_public_key(raw)


def encode_signature(signature: bytes) -> str:
    return "z" + base58.b58encode(signature).decode()


def decode_signature(value: str) -> bytes:
    if not value.startswith("z"):
        raise ValueError("proofValue must be base58btc multibase (z…).")
    return base58.b58decode(value[1:])

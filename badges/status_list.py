"""Bitstring Status Lists (W3C VC): which of an issuer's credentials are revoked."""

from __future__ import annotations

import base64
import gzip
from datetime import datetime
from typing import Any

from badges.jsonld import CREDENTIALS_V2
from badges.timestamps import xsd_datetime

LIST_SIZE = 131_072  # the minimum length the specification asks for, for herd privacy


def status_list_url(public_url: str, issuer_id: str, list_number: int) -> str:
    return f"{public_url}/status-lists/{issuer_id}/{list_number}"


def entry(public_url: str, issuer_id: str, index: int) -> dict[str, Any]:
    """The credentialStatus of the credential numbered `index` by its issuer."""
    list_number, position = divmod(index, LIST_SIZE)
    url = status_list_url(public_url, issuer_id, list_number)
    return {
        "id": f"{url}#{position}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(position),
        "statusListCredential": url,
    }


def encode(positions: list[int], size: int = LIST_SIZE) -> str:
    """Bit i set for each position; bit 0 is the most significant bit of byte 0."""
    bits = bytearray(size // 8)
    for position in positions:
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0 keeps the list byte-identical for identical content.
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def is_set(encoded: str, position: int) -> bool:
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url (u…).")
    raw = encoded[1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return bool(bits[position // 8] & (0x80 >> (position % 8)))


def credential(
    url: str, issuer_did: str, positions: list[int], valid_from: datetime
) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential."""
    return {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": xsd_datetime(valid_from),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode(positions),
        },
    }

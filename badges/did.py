"""did:web identifiers and DID documents for the platform and each issuer."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from badges.issuer_keys import PublicKey

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def did_web(public_url: str, *path: str) -> str:
    """did:web for a path under the public URL (a port is percent-encoded, per the method)."""
    parts = urlsplit(public_url)
    host = quote(parts.netloc, safe="")
    segments = [s for s in parts.path.split("/") if s] + list(path)
    return ":".join(["did:web", host, *segments])


def issuer_did(public_url: str, issuer_id: str) -> str:
    return did_web(public_url, "issuers", issuer_id)


def person_did(public_url: str, person_id: str) -> str:
    """A person's did:web, under the platform's: the home of their custodial key."""
    return did_web(public_url, "people", person_id)


def platform_did(public_url: str) -> str:
    return did_web(public_url)


def verification_method_id(did: str, key: PublicKey) -> str:
    return f"{did}#{key.multibase}"


def did_document(did: str, keys: list[PublicKey]) -> dict[str, Any]:
    methods = [
        {
            "id": verification_method_id(did, key),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.multibase,
        }
        for key in keys
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": DID_CONTEXT,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }

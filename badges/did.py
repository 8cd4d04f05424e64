"""did:web identifiers and DID documents for the platform and each issuer."""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from badges.issuer_keys import PublicKey
from badges.multikey import decode_public_key, encode_public_key

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


# did:web:<host, a port percent-encoded>[:<path segment>]*
_DID_WEB = re.compile(r"^did:web:([A-Za-z0-9.%-]+)((?::[A-Za-z0-9._~%-]+)*)$")
MAX_METHODS = 20


def did_web_url(did: str, *, scheme: str = "https") -> str | None:
    """Where a did:web's DID document lives: `host/a/b/did.json`, or the host's
    `/.well-known/did.json` without a path (the did:web method); None when malformed."""
    match = _DID_WEB.match(did)
    if match is None:
        return None
    host = unquote(match.group(1))
    segments = [unquote(s) for s in match.group(2).split(":") if s]
    if not re.fullmatch(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?", host) or any(
        s in (".", "..") or "/" in s or "?" in s or "#" in s for s in segments
    ):
        return None
    path = (
        "/".join(quote(s, safe="") for s in segments) + "/did.json"
        if segments
        else (".well-known/did.json")
    )
    return f"{scheme}://{host}/{path}"


def assertion_key(document: Any, did: str, method: str) -> str | None:
    """The Ed25519 key (Multikey) of `method` when the DID document is `did`'s and lists the
    method for assertions (signing credentials); None otherwise."""
    if not isinstance(document, dict) or document.get("id") != did:
        return None

    def absolute(value: Any) -> Any:
        return did + value if isinstance(value, str) and value.startswith("#") else value

    listed = document.get("assertionMethod")
    listed = listed[:MAX_METHODS] if isinstance(listed, list) else []
    declared = document.get("verificationMethod")
    declared = declared[:MAX_METHODS] if isinstance(declared, list) else []
    embedded = [m for m in listed if isinstance(m, dict)]
    if method not in {absolute(m) for m in listed if isinstance(m, str)} | {
        absolute(m.get("id")) for m in embedded
    }:
        return None
    for entry in (*embedded, *declared):
        if isinstance(entry, dict) and absolute(entry.get("id")) == method:
            if entry.get("controller", did) != did:
                return None
            return _ed25519(entry)
    return None


def _ed25519(entry: dict[str, Any]) -> str | None:
    multibase, jwk = entry.get("publicKeyMultibase"), entry.get("publicKeyJwk")
    try:
        if isinstance(multibase, str):
            return encode_public_key(decode_public_key(multibase))
        if isinstance(jwk, dict) and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            x = str(jwk.get("x", ""))
            return encode_public_key(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)))
    except (ValueError, binascii.Error):
        return None
    return None

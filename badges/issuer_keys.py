"""Issuers' Ed25519 signing keys, kept in the key directory and never in the graph.

Each issuer has a folder of keys; the newest signs, older ones stay published so that
credentials they signed keep verifying after a rotation. Replicas share the directory.
"""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from badges.multikey import encode_public_key

_SAFE_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def person_key_owner(person_id: str) -> str:
    """People's custodial keys live apart from issuers' (a person is never an issuer)."""
    return f"person-{person_id}"


@dataclass(frozen=True)
class PublicKey:
    multibase: str
    created: int

    def key(self) -> Ed25519PublicKey:
        from badges.multikey import decode_public_key

        return Ed25519PublicKey.from_public_bytes(decode_public_key(self.multibase))


@dataclass(frozen=True)
class SigningKey:
    multibase: str
    private: Ed25519PrivateKey


class IssuerKeys:
    def __init__(self, key_dir: Path) -> None:
        self.root = key_dir / "issuers"

    def _folder(self, issuer_id: str) -> Path:
        if not _SAFE_ID.match(issuer_id):
            raise ValueError("An issuer id is a UUID or 'platform'.")
        return self.root / issuer_id

    def _files(self, issuer_id: str) -> list[Path]:
        folder = self._folder(issuer_id)
        return sorted(folder.glob("*.json")) if folder.exists() else []

    def rotate(self, issuer_id: str) -> SigningKey:
        """Make a new newest key; earlier keys remain verifiable."""
        folder = self._folder(issuer_id)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        private = Ed25519PrivateKey.generate()
        raw = private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        multibase = encode_public_key(private.public_key().public_bytes_raw())
        created = time.time_ns()
        path = folder / f"{created:020d}-{multibase[-12:]}.json"
        # Written aside and renamed into place: readers never see half a key.
        partial = folder / f".{path.name}.{os.getpid()}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump({"multibase": multibase, "created": created, "private": raw.hex()}, handle)
        partial.replace(path)
        return SigningKey(multibase, private)

    def signing_key(self, issuer_id: str) -> SigningKey:
        """The newest key, created on first use. Replicas racing here may each create one:
        harmless, as every key is published and the newest signs."""
        files = self._files(issuer_id)
        if not files:
            return self.rotate(issuer_id)
        data = json.loads(files[-1].read_text())
        private = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(data["private"]))
        return SigningKey(data["multibase"], private)

    def public_keys(self, issuer_id: str) -> list[PublicKey]:
        """Every key the issuer ever had, oldest first."""
        keys = []
        for path in self._files(issuer_id):
            data = json.loads(path.read_text())
            keys.append(PublicKey(data["multibase"], data["created"]))
        return keys

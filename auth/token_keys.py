"""Kring's token-signing keys: P-256 JWKs in the key directory; the newest signs.

Rotation adds a key and keeps the old ones for verification, so nobody is logged out;
every replica must share the directory (a mounted secret).
"""

from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

from joserfc.jwk import ECKey, KeySet

FOLDER = "token-keys"
# Every request verifies a token; the directory is looked at again only this often (and
# at once when a token names a key we have not seen: see auth.backend).
RECHECK_SECONDS = 5.0


class TokenKeys:
    def __init__(self, key_dir: Path) -> None:
        self.folder = key_dir / FOLDER
        self._cached: tuple[tuple[str, ...], list[ECKey]] | None = None
        self._checked_at = 0.0

    def _files(self) -> list[Path]:
        return sorted(self.folder.glob("*.jwk.json")) if self.folder.exists() else []

    def rotate(self) -> ECKey:
        """A new newest key; tokens signed by older keys keep verifying."""
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = ECKey.generate_key("P-256", auto_kid=True)
        path = self.folder / f"{time.time_ns():020d}-{key.kid}.jwk.json"
        # Written aside and renamed into place: readers never see half a key.
        partial = self.folder / f".{path.name}.{os.getpid()}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(key.as_dict(private=True), handle)
        partial.replace(path)
        self._cached = None
        return key

    def _load(self, *, force: bool = False) -> list[ECKey]:
        now = time.monotonic()
        if self._cached is not None and not force and now - self._checked_at < RECHECK_SECONDS:
            return self._cached[1]
        self._checked_at = now
        files = self._files()
        names = tuple(p.name for p in files)
        if self._cached is None or self._cached[0] != names:
            keys = []
            for path in files:
                key = ECKey.import_key(json.loads(path.read_text()))
                key.ensure_kid()
                keys.append(key)
            self._cached = (names, keys)
        return self._cached[1]

    def signing_key(self) -> ECKey:
        """The newest key, made on first use (racing replicas may each make one: harmless)."""
        keys = self._load(force=True)  # signing is rare (sign-in, refresh): always current
        return keys[-1] if keys else self.rotate()

    def refresh(self) -> bool:
        """Look at the directory now; True if the keys changed (another replica rotated)."""
        before = self._cached[0] if self._cached else ()
        self._load(force=True)
        return (self._cached[0] if self._cached else ()) != before

    def verification_keys(self) -> KeySet:
        """Every key, private parts included (the verifier needs only the public halves)."""
        keys = self._load() or [self.rotate()]
        return KeySet(list(keys))

    def public_jwks(self) -> dict[str, object]:
        """The JWKS to publish at /.well-known/jwks.json."""
        keys = self._load(force=True) or [self.rotate()]
        return {"keys": [k.as_dict(private=False) for k in keys]}


def load_or_create_signing_key(key_dir: Path) -> ECKey:
    """The current signing key (for tools and tests that sign a token directly)."""
    return TokenKeys(key_dir).signing_key()


def _secret(key_dir: Path, name: str) -> str:
    """A random secret kept in the key directory, made once by whichever replica is first."""
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = key_dir / name
    if not path.exists():
        partial = key_dir / f".{name}.{os.getpid()}.partial"
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        partial.replace(path)
    return path.read_text().strip()


def session_secret(key_dir: Path) -> str:
    """The secret signing the short-lived OIDC flow cookie (shared by replicas)."""
    return _secret(key_dir, "session-secret")


def check_in_secret(key_dir: Path) -> bytes:
    """The secret the rotating check-in codes are derived from (shared by replicas)."""
    return _secret(key_dir, "check-in-secret").encode()


def bookmark_secret(key_dir: Path) -> bytes:
    """The secret sealing the database bookmarks handed to clients (shared by replicas)."""
    return _secret(key_dir, "bookmark-secret").encode()

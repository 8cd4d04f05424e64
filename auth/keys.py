"""Kring's own token-signing key: a P-256 JWK in the key directory, created on first use."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from joserfc.jwk import ECKey, KeySet

SIGNING_KEY_FILE = "token-signing-key.jwk.json"


def load_or_create_signing_key(key_dir: Path) -> ECKey:
    """Read the signing key, creating it atomically if no process has yet.

    Every replica must share this file (a mounted secret) so that all verify the same tokens.
    """
    key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = key_dir / SIGNING_KEY_FILE
    if not path.exists():
        key = ECKey.generate_key("P-256", auto_kid=True)
        data = json.dumps(key.as_dict(private=True)).encode()
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # link() fails if another process created the key first: theirs wins, ours is dropped.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
        tmp.unlink()
    loaded = ECKey.import_key(json.loads(path.read_text()))
    loaded.ensure_kid()
    return loaded


def public_key_set(key: ECKey) -> KeySet:
    return KeySet([ECKey.import_key(key.as_dict(private=False))])

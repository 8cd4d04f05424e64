"""The check-in secret, read once per key directory."""

from __future__ import annotations

import functools
from pathlib import Path

from auth.token_keys import check_in_secret
from server.settings import Settings


@functools.cache
def _secret(key_dir: Path) -> bytes:
    return check_in_secret(key_dir)


def secret_of(settings: Settings) -> bytes:
    return _secret(settings.key_dir)

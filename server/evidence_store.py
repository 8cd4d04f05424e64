"""Evidence files on disk: checked for size and type, stored once under their SHA-256."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path
from typing import Final

from graph.core.errors import BadUserInput

MAX_EVIDENCE_BYTES: Final = 5 * 1024 * 1024
TOO_LARGE: Final = "Evidence files are at most 5 MiB."
# Accepted types, each recognised by its content as well as its declared type.
SIGNATURES: Final[dict[str, tuple[bytes, ...]]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/pdf": (b"%PDF-",),
    "text/plain": (),
}


def check_content(media_type: str, body: bytes) -> None:
    """Refuse (BadUserInput on `file`) an empty, oversized or mistyped file."""
    if not body:
        raise BadUserInput("The file is empty.", field="file")
    if len(body) > MAX_EVIDENCE_BYTES:
        raise BadUserInput(TOO_LARGE, field="file")
    if media_type not in SIGNATURES:
        allowed = ", ".join(SIGNATURES)
        raise BadUserInput(f"Evidence files are one of {allowed}.", field="file")
    signatures = SIGNATURES[media_type]
    if signatures and not body.startswith(signatures):
        raise BadUserInput(f"The file is not a real {media_type}.", field="file")
    if media_type == "text/plain":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadUserInput("Text evidence must be UTF-8.", field="file") from None


class EvidenceStore:
    """Files under one directory, each at <directory>/<first two hex digits>/<sha256>."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, sha256: str) -> Path:
        return self.directory / sha256[:2] / sha256

    def put(self, body: bytes) -> str:
        """Write the bytes under their SHA-256 (once: equal files share one copy)."""
        digest = hashlib.sha256(body).hexdigest()
        path = self._path(digest)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written aside and renamed: a reader never sees half a file.
            tmp = path.with_name(f".{digest}.{os.getpid()}.{uuid.uuid4().hex}")
            tmp.write_bytes(body)
            tmp.replace(path)
        return digest

    def find(self, sha256: str) -> Path | None:
        """Where the file is, or None when it is not (or no longer) stored."""
        path = self._path(sha256)
        return path if path.exists() else None

    def discard(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)

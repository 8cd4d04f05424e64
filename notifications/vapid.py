"""The application server's VAPID key (RFC 8292): made once, kept in the shared key directory.

Browsers bind a push subscription to this key, so it must never change by accident: every
replica and worker reads the same file, and the first to need it creates it atomically.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

FILE = "vapid.pem"


def _create(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    try:
        # link() refuses to overwrite: when two processes race, the first key wins for both.
        os.link(partial, path)
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def load_vapid(key_dir: Path) -> Vapid:
    """The VAPID signing key, created on first use."""
    path = key_dir / FILE
    if not path.exists():
        _create(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError(f"{path} is not a P-256 private key")
    return Vapid(key)


def application_server_key(vapid: Vapid) -> str:
    """The public key browsers pass to `pushManager.subscribe` (base64url, no padding)."""
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

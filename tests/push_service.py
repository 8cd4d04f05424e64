"""A Web Push push service on loopback, written from RFC 8030/8188/8291/8292 for tests.

It shares no code with the sending libraries: it verifies VAPID with joserfc, decrypts
aes128gcm with `cryptography`, and records what a browser would have been handed.
"""

from __future__ import annotations

import asyncio
import base64
import json
import secrets
import struct
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

MAX_PAYLOAD = 4096  # RFC 8030 §7.2: the size a push service must accept
MAX_EXP_AHEAD = 24 * 60 * 60  # RFC 8292 §2
_HEADER_LEN = 16 + 4 + 1


def b64url(data: bytes) -> str:
    """Base64url without padding, as Web Push uses everywhere."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; raises ValueError on garbage."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _public_bytes(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def _hkdf(salt: bytes, ikm: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


@dataclass(frozen=True)
class Respond:
    """One scripted answer: status and headers, after an optional delay in seconds."""

    status: int = 201
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Device:
    """A browser's push subscription: endpoint plus the user agent's keys."""

    token: str
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def public_bytes(self) -> bytes:
        """The uncompressed P-256 point (RFC 8291 ua_public)."""
        return _public_bytes(self.private_key.public_key())

    def subscription(self) -> dict[str, str]:
        """The subscription as the browser would hand it to the application."""
        return {
            "endpoint": self.endpoint,
            "p256dh": b64url(self.public_bytes),
            "auth": b64url(self.auth_secret),
        }


@dataclass(frozen=True)
class Received:
    """A message the service accepted (2xx) and decrypted."""

    token: str
    payload: Any
    headers: dict[str, str]
    vapid_claims: dict[str, Any]
    vapid_key: str
    at: float


@dataclass(frozen=True)
class Attempt:
    """Any request that reached the service; `abandoned` when the sender left first."""

    token: str
    status: int
    at: float
    abandoned: bool = False


class Rejected(Exception):
    """A protocol failure: answered with `status`, never scripted."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def decrypt(device: Device, body: bytes) -> bytes:
    """Decrypt an RFC 8291 aes128gcm message body and strip its padding."""
    if len(body) < _HEADER_LEN:
        raise Rejected(400, f"body of {len(body)} bytes is shorter than the aes128gcm header")
    salt, (rs,), idlen = body[:16], struct.unpack(">I", body[16:20]), body[20]
    keyid, record = body[_HEADER_LEN : _HEADER_LEN + idlen], body[_HEADER_LEN + idlen :]
    if idlen != 65 or len(keyid) != 65:
        raise Rejected(400, f"keyid must be the sender's 65-byte public key, got {idlen} bytes")
    if rs < 18 or len(record) > rs:
        raise Rejected(400, f"expected a single record: rs={rs}, record is {len(record)} bytes")
    if len(record) < 17:
        raise Rejected(400, f"record of {len(record)} bytes cannot hold tag and delimiter")
    try:
        as_public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), keyid)
    except ValueError:
        raise Rejected(400, "keyid is not a P-256 point") from None
    ecdh_secret = device.private_key.exchange(ec.ECDH(), as_public)
    key_info = b"WebPush: info\x00" + device.public_bytes + keyid
    ikm = _hkdf(device.auth_secret, ecdh_secret, key_info, 32)
    cek = _hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = _hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    try:
        padded = AESGCM(cek).decrypt(nonce, record, None)
    except InvalidTag:
        raise Rejected(400, "aes128gcm record failed authentication") from None
    unpadded = padded.rstrip(b"\x00")
    if not unpadded.endswith(b"\x02"):
        raise Rejected(400, "last record lacks the 0x02 padding delimiter")
    return unpadded[:-1]


def parse_vapid(header: str | None) -> tuple[str, str]:
    """Split `vapid t=<jwt>, k=<key>` into (t, k)."""
    if header is None:
        raise Rejected(401, "missing Authorization header")
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "vapid":
        raise Rejected(401, f"Authorization scheme {scheme!r} is not vapid")
    params: dict[str, str] = {}
    for part in rest.split(","):
        name, sep, value = part.strip().partition("=")
        if sep:
            params[name.strip().lower()] = value.strip()
    if not params.get("t") or not params.get("k"):
        raise Rejected(401, f"vapid Authorization lacks t= or k=: {header!r}")
    return params["t"], params["k"]


def verify_vapid(token: str, k: str, audience: str) -> dict[str, Any]:
    """Verify the VAPID JWT against the key k and return its claims."""
    try:
        point = b64url_decode(k)
    except ValueError:
        raise Rejected(401, "k= is not base64url") from None
    if len(point) != 65 or point[0] != 4:
        raise Rejected(401, "k= is not an uncompressed P-256 point")
    try:
        key = ECKey.import_key(
            {"kty": "EC", "crv": "P-256", "x": b64url(point[1:33]), "y": b64url(point[33:])}
        )
        decoded = jwt.decode(token, key, algorithms=["ES256"])
    except (JoseError, ValueError) as exc:
        raise Rejected(403, f"VAPID JWT does not verify with k=: {exc!r}") from None
    if decoded.header.get("alg") != "ES256":
        raise Rejected(403, f"VAPID JWT alg {decoded.header.get('alg')!r} is not ES256")
    claims = dict(decoded.claims)
    if claims.get("aud") != audience:
        raise Rejected(403, f"VAPID aud {claims.get('aud')!r} is not {audience!r}")
    exp, now = claims.get("exp"), time.time()
    if not isinstance(exp, int | float) or isinstance(exp, bool):
        raise Rejected(403, f"VAPID exp {exp!r} is not a number")
    if exp <= now or exp > now + MAX_EXP_AHEAD:
        raise Rejected(403, f"VAPID exp is {exp - now:.0f}s from now, not within (0, 24h]")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub.startswith(("mailto:", "https:")):
        raise Rejected(403, f"VAPID sub {sub!r} is neither mailto: nor https:")
    return claims


class PushService:
    """An RFC 8030 push service on 127.0.0.1 that validates, decrypts and records."""

    def __init__(self, *, expected_key: str | None = None) -> None:
        self.expected_key = expected_key
        self.base_url = ""
        self.received: list[Received] = []
        self.attempts: list[Attempt] = []
        self.rejections: list[str] = []
        self._devices: dict[str, Device] = {}
        self._scripts: dict[str, deque[Respond]] = {}
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Bind a free loopback port and serve in the running loop."""
        app = web.Application()
        app.router.add_post("/push/{token}", self._handle)
        # A short shutdown so handlers sleeping on a scripted delay don't hold stop().
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port: int = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        """Close the listener and every connection."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> PushService:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def device(self) -> Device:
        """Subscribe a new browser and return its subscription."""
        token = secrets.token_urlsafe(16)
        device = Device(
            token=token,
            endpoint=f"{self.base_url}/push/{token}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=secrets.token_bytes(16),
        )
        self._devices[token] = device
        return device

    def script(self, device: Device, *answers: Respond) -> None:
        """Queue answers for the device's next valid requests; 201 once they run out."""
        self._scripts.setdefault(device.token, deque()).extend(answers)

    def for_device(self, device: Device) -> list[Received]:
        """The messages received for one device, in arrival order."""
        return [r for r in self.received if r.token == device.token]

    # A timeout parameter (not asyncio.timeout) so a miss fails with what was seen instead.
    async def wait_for(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until at least `count` messages were received."""
        await self._wait(lambda: len(self.received) >= count, f"{count} messages", timeout)

    async def wait_for_attempts(self, count: int, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until at least `count` requests were answered or abandoned."""
        await self._wait(lambda: len(self.attempts) >= count, f"{count} attempts", timeout)

    async def _wait(self, done: Callable[[], bool], what: str, within: float) -> None:
        deadline = time.monotonic() + within
        while not done():
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"push service did not see {what} within {within}s: "
                    f"received={len(self.received)}, "
                    f"attempts={[(a.token, a.status) for a in self.attempts]}, "
                    f"rejections={self.rejections}"
                )
            await asyncio.sleep(0.01)

    def _validate(self, request: web.Request, device: Device, body: bytes) -> Received:
        t, k = parse_vapid(request.headers.get("Authorization"))
        claims = verify_vapid(t, k, self.base_url)
        if self.expected_key is not None and k != self.expected_key:
            raise Rejected(403, f"VAPID key {k} is not the subscription's {self.expected_key}")
        ttl = request.headers.get("TTL")
        if ttl is None or not ttl.isascii() or not ttl.isdigit():
            raise Rejected(400, f"TTL header {ttl!r} is not a non-negative integer")
        encoding = request.headers.get("Content-Encoding")
        if encoding != "aes128gcm":
            raise Rejected(400, f"Content-Encoding {encoding!r} is not aes128gcm")
        if len(body) > MAX_PAYLOAD:
            raise Rejected(413, f"body of {len(body)} bytes exceeds {MAX_PAYLOAD}")
        plaintext = decrypt(device, body)
        try:
            payload = json.loads(plaintext)
        except ValueError:
            raise Rejected(400, f"plaintext is not JSON: {plaintext[:80]!r}") from None
        return Received(
            token=device.token,
            payload=payload,
            headers={name.lower(): value for name, value in request.headers.items()},
            vapid_claims=claims,
            vapid_key=k,
            at=time.monotonic(),
        )

    async def _handle(self, request: web.Request) -> web.Response:
        at = time.monotonic()
        token = request.match_info["token"]
        body = await request.read()
        device = self._devices.get(token)
        if device is None:
            self.attempts.append(Attempt(token, 404, at))
            return web.Response(status=404, text="no such subscription")
        try:
            message = self._validate(request, device, body)
        except Rejected as exc:
            self.rejections.append(f"{token}: {exc.status} {exc.reason}")
            self.attempts.append(Attempt(token, exc.status, at))
            return web.Response(status=exc.status, text=exc.reason)
        script = self._scripts.get(token)
        answer = script.popleft() if script else Respond()
        if answer.delay:
            await asyncio.sleep(answer.delay)
            if request.transport is None or request.transport.is_closing():
                self.attempts.append(Attempt(token, answer.status, at, abandoned=True))
                return web.Response(status=answer.status)
        self.attempts.append(Attempt(token, answer.status, at))
        if 200 <= answer.status < 300:
            self.received.append(message)
        headers = dict(answer.headers)
        if answer.status == 201:
            headers.setdefault("Location", f"{self.base_url}/message/{secrets.token_urlsafe(8)}")
        return web.Response(status=answer.status, headers=headers)

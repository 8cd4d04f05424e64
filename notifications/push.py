"""Sending one Web Push message with pywebpush, and what its answer means for a retry."""

from __future__ import annotations

import base64
import binascii
import enum
import json
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid
from pywebpush import WebPushException, webpush_async

from graph.notifications.outbox import Kind

# RFC 8030 urgency: phones batch low-urgency messages to save battery.
URGENCY = {
    Kind.OPPORTUNITY_NEARBY: "low",
    Kind.OPPORTUNITY_FOR_GOAL: "low",
    Kind.APPLICATION_RECEIVED: "high",
    Kind.ENDORSEMENT_REQUESTED: "high",
}
# How long a push service may hold a message for an offline device; news goes stale.
TTL_SECONDS = {Kind.OPPORTUNITY_NEARBY: 86_400, Kind.OPPORTUNITY_FOR_GOAL: 86_400}
DEFAULT_TTL_SECONDS = 7 * 86_400
# Only identifiers and public titles travel through the push service; free text such as a
# rejection reason stays in the app, fetched once the person opens it.
PUBLIC_KEYS = frozenset({"title", "name", "opportunityTitle"})


class InvalidSubscription(ValueError):
    """An endpoint or key a browser would never hand out, or a push service we do not use."""


def _b64url(value: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        raise InvalidSubscription("is not base64url") from None


def allowed_endpoint(endpoint: str, services: tuple[str, ...], allow_http: bool) -> bool:
    """Whether the worker may POST to `endpoint`: a known push service, over HTTPS."""
    parts = urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" and not (allow_http and parts.scheme == "http"):
        return False
    return any(host == s or host.endswith("." + s) for s in services)


def check_subscription(
    endpoint: str, p256dh: str, auth: str, services: tuple[str, ...], allow_http: bool
) -> None:
    """Refuse what no browser would send: raises InvalidSubscription naming the field."""
    if len(endpoint) > 2048 or not allowed_endpoint(endpoint, services, allow_http):
        raise InvalidSubscription("endpoint: not an HTTPS URL of a supported push service")
    # Bounded before decoding: a P-256 point is 87 characters, an auth secret 22.
    if len(p256dh) > 100:
        raise InvalidSubscription("p256dh: longer than any P-256 public key")
    if len(auth) > 50:
        raise InvalidSubscription("auth: longer than a 16-byte secret")
    try:
        point = _b64url(p256dh)
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except (InvalidSubscription, ValueError):
        raise InvalidSubscription("p256dh: not a P-256 public key (base64url)") from None
    if len(point) != 65:
        raise InvalidSubscription("p256dh: not an uncompressed P-256 public key")
    try:
        secret = _b64url(auth)
    except InvalidSubscription:
        raise InvalidSubscription("auth: not base64url") from None
    if len(secret) != 16:
        raise InvalidSubscription("auth: must be 16 bytes")


@dataclass(frozen=True)
class Message:
    notification_id: str
    kind: Kind
    recipient: str  # person id: a browser shared by two people shows only its own's
    data: dict[str, Any]

    def payload(self) -> str:
        """The encrypted body: what happened and which ids to open, nothing private."""
        public = {k: v for k, v in self.data.items() if k.endswith("Id") or k in PUBLIC_KEYS}
        return json.dumps(
            {
                "id": self.notification_id,
                "kind": self.kind.value,
                "recipient": self.recipient,
                "data": public,
            }
        )

    def headers(self) -> dict[str, str]:
        # A topic lets the push service replace an undelivered copy of the same message.
        topic = self.notification_id.replace("-", "")[:32]
        return {"Urgency": URGENCY.get(self.kind, "normal"), "Topic": topic}

    @property
    def ttl(self) -> int:
        return TTL_SECONDS.get(self.kind, DEFAULT_TTL_SECONDS)


@dataclass(frozen=True)
class Target:
    endpoint: str
    p256dh: str
    auth: str


class Verdict(enum.Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # 429, 5xx, timeouts, connection failures
    GONE = "gone"  # 404/410: the browser dropped the subscription
    FAILED = "failed"  # any other refusal: sending again would not help


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    status: int | None = None
    retry_after: float | None = None  # seconds the push service asked us to wait
    detail: str = ""


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def judge(status: int, retry_after: str | None) -> Outcome:
    """What a push service's answer means for this delivery."""
    if 200 <= status < 300:
        return Outcome(Verdict.DELIVERED, status)
    if status in (404, 410):
        return Outcome(Verdict.GONE, status, detail="subscription expired or unsubscribed")
    if status == 429 or status >= 500:
        return Outcome(Verdict.RETRY, status, retry_after_seconds(retry_after))
    return Outcome(Verdict.FAILED, status, detail=f"push service refused with {status}")


class _NoRedirects:
    """The one session method pywebpush uses, refusing redirects: the endpoint was checked,
    wherever a redirect points was not."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.session.post(url, allow_redirects=False, **kwargs)


class Pusher:
    """Encrypts (aes128gcm) and signs (VAPID) messages, over one pooled HTTP session."""

    def __init__(self, vapid: Vapid, subject: str, timeout: float) -> None:
        self.vapid = vapid
        self.subject = subject
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Pusher:
        self._session = aiohttp.ClientSession()
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(self, target: Target, message: Message) -> Outcome:
        subscription = {
            "endpoint": target.endpoint,
            "keys": {"p256dh": target.p256dh, "auth": target.auth},
        }
        try:
            response = await webpush_async(
                subscription,
                data=message.payload(),
                vapid_private_key=self.vapid,
                # pywebpush fills in `aud` and `exp` (12 h) on this fresh dict.
                vapid_claims={"sub": self.subject},
                ttl=message.ttl,
                headers=dict(message.headers()),
                timeout=self.timeout,
                aiohttp_session=_NoRedirects(self._session) if self._session else None,
            )
        except WebPushException as exc:
            if exc.response is None:
                return Outcome(Verdict.FAILED, detail=str(exc).splitlines()[0])
            return judge(exc.response.status, exc.response.headers.get("Retry-After"))
        except (TimeoutError, aiohttp.ClientError) as exc:
            return Outcome(Verdict.RETRY, detail=f"{type(exc).__name__}: {exc}"[:200])
        except ValueError as exc:
            # Keys stored before today's checks, or damaged: retrying cannot help.
            return Outcome(Verdict.FAILED, detail=f"cannot encrypt for this device: {exc}"[:200])
        assert isinstance(response, aiohttp.ClientResponse)
        return judge(response.status, None)

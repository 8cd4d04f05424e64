"""Read-your-writes across replicas: the database's bookmarks travel with the client.

A response to a request that wrote carries `Kring-Bookmark`: the bookmarks of its last write
transaction, sealed with a secret the replicas share (the key directory). The client sends it
back on its next requests; whichever replica serves them starts its transactions no earlier
than that write (graph.core.database.Causality), so on a cluster a follower waits until it has
caught up. A bookmark Kring did not seal is refused: a forged one could make every read of
that request wait for a transaction that never comes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.database import Causality, causality
from graph.core.errors import ErrorCode
from server.http_errors import send_error

HEADER = "kring-bookmark"
MAX_CHARS = 4096
MAX_BOOKMARKS = 16
MAC_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seal(secret: bytes, bookmarks: tuple[str, ...]) -> str:
    payload = json.dumps(sorted(bookmarks), separators=(",", ":")).encode()
    mac = hmac.new(secret, payload, hashlib.sha256).digest()[:MAC_BYTES]
    return f"{_b64(payload)}.{_b64(mac)}"


def unseal(secret: bytes, value: str) -> tuple[str, ...] | None:
    """The bookmarks in a value this Kring sealed; None for anything else."""
    if len(value) > MAX_CHARS or value.count(".") != 1:
        return None
    payload_text, mac_text = value.split(".")
    try:
        payload, mac = _unb64(payload_text), _unb64(mac_text)
    except (binascii.Error, ValueError):
        return None
    expected = hmac.new(secret, payload, hashlib.sha256).digest()[:MAC_BYTES]
    if not hmac.compare_digest(mac, expected):
        return None
    found = json.loads(payload)
    if not isinstance(found, list) or len(found) > MAX_BOOKMARKS:
        return None
    return tuple(str(b) for b in found)


class CausalConsistency:
    """Reads the client's bookmarks into the request's Causality and hands back those of
    its writes."""

    def __init__(self, app: ASGIApp, secret: bytes) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope["headers"] if k == HEADER.encode()), None)
        given: tuple[str, ...] = ()
        if raw is not None:
            opened = unseal(self.secret, raw.decode("latin-1"))
            if opened is None:
                await send_error(
                    send,
                    400,
                    "The Kring-Bookmark header is not one this Kring handed out; send the "
                    "request again without it.",
                    ErrorCode.BAD_USER_INPUT,
                )
                return
            given = opened
        chain = Causality(given)

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start" and chain.written:
                MutableHeaders(scope=message).append(
                    "Kring-Bookmark", seal(self.secret, chain.written)
                )
            await send(message)

        token = causality.set(chain)
        try:
            await self.app(scope, receive, sending)
        finally:
            causality.reset(token)

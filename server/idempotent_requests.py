"""`Idempotency-Key` on POST /graphql: a retried request acts once (see graph.core.idempotency)."""

from __future__ import annotations

import hashlib

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from auth.identity import Caller, session_caller
from graph.core import idempotency
from graph.core.errors import ErrorCode
from server.http_errors import send_error
from server.state import app_state

HEADER = b"idempotency-key"


def _valid(key: str) -> bool:
    return 1 <= len(key) <= 255 and key.isprintable()


def namespace(user: object) -> str:
    """Whose keys these are: a person's session, an app's token for them (GraphQL serves it as
    anonymous, so it must never be answered from the session's stored replies), or anyone."""
    session = session_caller(user)
    if session is not None:
        return session.person_id
    if isinstance(user, Caller):
        scopes = " ".join(sorted(user.scopes))
        return f"app\x1e{user.client_id or ''}\x1e{scopes}\x1e{user.person_id}"
    return "anonymous"


class IdempotentRequests:
    """Wraps the GraphQL app: with the header, one caller's request runs once per key; a
    retry gets the stored answer (marked `Idempotent-Replayed: true`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        given = dict(scope.get("headers") or []).get(HEADER)
        if scope["type"] != "http" or scope["method"] != "POST" or given is None:
            await self.app(scope, receive, send)
            return
        text = given.decode("latin-1").strip()
        if not _valid(text):
            await send_error(
                send,
                400,
                "Idempotency-Key is 1 to 255 printable characters.",
                ErrorCode.BAD_REQUEST,
            )
            return
        body = await _body(receive)
        # Keys are per caller: one person's key never answers for another.
        caller = namespace(scope.get("user"))
        key = hashlib.sha256(f"{caller}\x1f{text}".encode()).hexdigest()
        graph = app_state(HTTPConnection(scope)).graph
        stored = await idempotency.begin(graph, key, hashlib.sha256(body).hexdigest())
        if stored.begun is idempotency.Begun.REPLAY:
            await _replay(send, stored)
        elif stored.begun is idempotency.Begun.RUNNING:
            await send_error(
                send,
                409,
                "A request with this Idempotency-Key is still running; try again shortly.",
                ErrorCode.CONFLICT,
            )
        elif stored.begun is idempotency.Begun.APPLIED:
            await send_error(
                send,
                409,
                "The request with this Idempotency-Key was carried out, but its answer was "
                "lost; read the current state instead of retrying.",
                ErrorCode.CONFLICT,
            )
        elif stored.begun is idempotency.Begun.MISMATCH:
            await send_error(
                send,
                422,
                "This Idempotency-Key was used for a different request.",
                ErrorCode.BAD_REQUEST,
            )
        else:
            await self._run(scope, body, send, key)

    async def _run(self, scope: Scope, body: bytes, send: Send, key: str) -> None:
        graph = app_state(HTTPConnection(scope)).graph
        status, content_type, chunks = 500, "application/json", []
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def keep(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = dict(message.get("headers") or [])
                content_type = headers.get(b"content-type", b"application/json").decode()
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        marker = idempotency.current_key.set(key)
        try:
            await self.app(scope, replay, keep)
        finally:
            idempotency.current_key.reset(marker)
        if status >= 500:
            # Nothing is known to have happened: a retry may run it afresh (unless one of
            # its transactions did commit, which the record now says).
            await idempotency.abandon(graph, key)
        else:
            await idempotency.finish(graph, key, status, b"".join(chunks), content_type)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _replay(send: Send, stored: idempotency.Stored) -> None:
    content_type = (stored.content_type or "application/json").encode()
    await send(
        {
            "type": "http.response.start",
            "status": stored.status or 200,
            "headers": [(b"content-type", content_type), (b"idempotent-replayed", b"true")],
        }
    )
    await send({"type": "http.response.body", "body": stored.body or b""})

"""Bounded requests: no body larger than its route allows is ever held, and errors about
the request itself leave in the error contract's JSON shape."""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.core.errors import ErrorCode
from server.http_errors import send_error


class BodyLimitMiddleware:
    """Reads a request's body up to its route's limit before the app sees it: past the
    limit (declared or streamed) the answer is 413 PAYLOAD_TOO_LARGE and nothing more is
    read, so a huge POST costs at most the limit in memory."""

    def __init__(
        self, app: ASGIApp, default_bytes: int, by_path: Mapping[str, int] | None = None
    ) -> None:
        self.app = app
        self.default_bytes = default_bytes
        # Regular expressions of paths (full match) that allow more, or less.
        self.by_path = [(re.compile(p), n) for p, n in (by_path or {}).items()]

    def limit(self, path: str) -> int:
        for pattern, limit in self.by_path:
            if pattern.fullmatch(path):
                return limit
        return self.default_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        too_large = f"The request body is larger than {limit} bytes."
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            # The rest of the body is never read, so the connection cannot be reused.
            await send_error(send, 413, too_large, ErrorCode.PAYLOAD_TOO_LARGE, close=True)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await send_error(send, 413, too_large, ErrorCode.PAYLOAD_TOO_LARGE, close=True)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: only the disconnect is left to hear

        await self.app(scope, replay, send)

"""What several route modules share: content negotiation and reading a bounded body."""

from __future__ import annotations

from typing import Final

from starlette.requests import Request

JSON_LD: Final = "application/ld+json"


def wants_html(request: Request) -> bool:
    """A browser asking for a page, not a client asking for data."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "json" not in accept


async def read_limited(request: Request, limit: int) -> bytes | None:
    """The body, or None once it exceeds `limit` bytes (never buffered past it)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)

"""Relay connection pieces and opaque cursors that reject anything they did not issue."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import strawberry

from graph.core.errors import BadUserInput

MAX_PAGE_SIZE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def check_page_size(first: int) -> None:
    if not 1 <= first <= MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 1 and {MAX_PAGE_SIZE}.", field="first")


def encode_cursor(kind: str, payload: list[Any]) -> str:
    raw = json.dumps([kind, *payload], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str, length: int) -> list[Any]:
    """The payload of a cursor of `kind`, or BAD_USER_INPUT for anything else."""
    malformed = BadUserInput(
        "The cursor is malformed; use one returned by this query.", field="after"
    )
    if len(cursor) > 512:
        raise malformed
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        decoded = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise malformed from None
    if not isinstance(decoded, list) or len(decoded) != length + 1 or decoded[0] != kind:
        raise malformed
    return decoded[1:]

"""Times as credentials write them."""

from __future__ import annotations

from datetime import UTC, datetime


def xsd_datetime(value: datetime) -> str:
    """XML Schema dateTime in UTC, to the second, as VC examples write it."""
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")

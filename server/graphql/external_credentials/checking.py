"""Verifying what a learner brings, for the check, the import and the re-check on view."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime, timedelta

from badges import external
from graph.core.errors import BadUserInput
from graph.external_credentials.external_credentials import ExternalCredential
from server.graphql.context import Info
from server.graphql.external_credentials.types import ExternalCredentialInput

# A stored result older than this is verified again when its credential is viewed.
RECHECK_AFTER = timedelta(days=1)
# The GraphQL body's own limit (1 MiB) holds the base64 of a file this big.
MAX_FILE_BYTES = 512 * 1024


async def verifier(info: Info, person_id: str) -> external.Verifier:
    settings = info.context.settings
    return await external.verifier_for(
        info.context.graph, settings.public_url, settings.key_dir, info.context.proofs, person_id
    )


def refused(exc: external.Refused) -> BadUserInput:
    return BadUserInput(exc.message, field=exc.field, reason=exc.problem.value)


def source(given: ExternalCredentialInput) -> external.Source:
    """The input reduced to one format; bad input is BAD_USER_INPUT with a reason."""
    data: bytes | None = None
    if given.file_base64:
        if len(given.file_base64) > (MAX_FILE_BYTES * 4) // 3 + 4:
            raise BadUserInput(
                "The file is larger than 512 KiB.", field="fileBase64", reason="TOO_BIG"
            )
        try:
            data = base64.b64decode(given.file_base64, validate=True)
        except (binascii.Error, ValueError):
            raise BadUserInput(
                "The file is not base64.", field="fileBase64", reason="UNSUPPORTED_FORMAT"
            ) from None
    try:
        return external.read_source(data, given.text, given.url)
    except external.Refused as exc:
        raise refused(exc) from None


async def check(info: Info, person_id: str, given: ExternalCredentialInput) -> external.Checked:
    found = source(given)
    try:
        return await external.check(found, await verifier(info, person_id))
    except external.Refused as exc:
        raise refused(exc) from None


def stale(stored: ExternalCredential, now: datetime | None = None) -> bool:
    return stored.verified_at <= (now or datetime.now(UTC)) - RECHECK_AFTER


async def recheck(info: Info, person_id: str, stored: ExternalCredential) -> tuple[str, str]:
    """A fresh result for a stored credential; a hosted one out of reach is UNREACHABLE, and
    the record stays whatever the result."""
    kind = external.Format(stored.kind)
    text = stored.credential_id if kind is external.Format.OB2_HOSTED else stored.document
    try:
        checked = await external.check(
            external.Source(kind, text, "id"), await verifier(info, person_id)
        )
    except external.Refused as exc:
        if exc.problem in (external.Problem.UNREACHABLE, external.Problem.TOO_BIG):
            return external.Status.UNREACHABLE.value, exc.message
        return external.Status.INVALID.value, exc.message
    if checked.credential_id != stored.credential_id:
        return external.Status.INVALID.value, "The credential changed since it was imported."
    return checked.status.value, checked.message

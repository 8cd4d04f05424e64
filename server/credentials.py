"""HTTP for verifiable credentials: DID documents, hosted OB 3.0 credentials, /verify."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from auth.identity import Caller
from auth.permissions import can_see_badge
from badges import baking, data_integrity, ob3, status_list, vc_jwt
from badges.did import (
    did_document,
    issuer_did,
    person_did,
    platform_did,
    verification_method_id,
)
from badges.issuer_keys import IssuerKeys, PublicKey, person_key_owner
from badges.timestamps import xsd_datetime
from badges.verification import LocalKeyResolver, Report, verify, verify_jwt
from graph.badge_classes.badge_classes import badge_image
from graph.core.errors import VerificationTooComplex
from graph.credentials.contents import (
    CredentialData,
    Status,
    assertion_status,
    credential_data,
    revoked_positions,
)
from server.badge_images import badge_png, branded_svg
from server.state import app_state

MAX_VERIFY_BYTES = 256 * 1024
JSON_LD = "application/ld+json"


def issuer_keys(request: Request) -> IssuerKeys:
    return IssuerKeys(app_state(request).settings.key_dir)


def _not_found(what: str) -> JSONResponse:
    return JSONResponse({"error": f"No such {what}."}, status_code=404)


async def platform_did_document(request: Request) -> Response:
    settings = app_state(request).settings
    keys = issuer_keys(request)
    keys.signing_key("platform")
    document = did_document(platform_did(settings.public_url), keys.public_keys("platform"))
    return JSONResponse(document, media_type="application/did+json")


async def person_did_document(request: Request) -> Response:
    """/people/{id}/did.json: the custodial keys a person endorsed with."""
    settings = app_state(request).settings
    try:
        person_id = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        return _not_found("person")
    keys = issuer_keys(request).public_keys(person_key_owner(person_id))
    if not keys:
        return _not_found("person")
    document = did_document(person_did(settings.public_url, person_id), keys)
    return JSONResponse(document, media_type="application/did+json")


async def issuer_did_document(request: Request) -> Response:
    """/issuers/{id}/did.json: every key the issuer ever signed with."""
    settings = app_state(request).settings
    try:
        issuer_id = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        return _not_found("issuer")
    keys = issuer_keys(request).public_keys(issuer_id)
    if not keys:
        return _not_found("issuer")
    document = did_document(issuer_did(settings.public_url, issuer_id), keys)
    return JSONResponse(document, media_type="application/did+json")


async def _visible(request: Request) -> CredentialData | None:
    """The badge's credential data if this request may see it (its learner, or shared)."""
    try:
        assertion_id = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        return None
    return await _visible_to(request, assertion_id, request.query_params.get("token"))


async def _visible_to(
    request: Request, assertion_id: str, token: str | None
) -> CredentialData | None:
    data = await credential_data(app_state(request).graph, assertion_id)
    if data is None:
        return None
    user = request.scope.get("user")
    is_learner = isinstance(user, Caller) and user.person_id == data.learner_id
    visible = can_see_badge(is_learner, data.visibility, data.share_token, token)
    return data if visible else None


async def _credential_at(request: Request, url: str) -> dict[str, Any] | None:
    """The credential one of our own hosted URLs stands for; nothing is fetched."""
    public_url = app_state(request).settings.public_url
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != public_url:
        return None
    match = re.fullmatch(r"/credentials/([0-9a-fA-F-]{36})", parts.path)
    if match is None:
        return None
    token = parse_qs(parts.query).get("token", [None])[0]
    data = await _visible_to(request, match.group(1).lower(), token)
    if data is None:
        return None
    return ob3.signed(data, public_url, issuer_keys(request))


async def hosted_credential(request: Request) -> Response:
    """/credentials/{id}: the signed OpenBadgeCredential, for whoever may see the badge."""
    data = await _visible(request)
    if data is None:
        return _not_found("credential")
    public_url = app_state(request).settings.public_url
    credential = ob3.signed(data, public_url, issuer_keys(request))
    return JSONResponse(credential, media_type=JSON_LD, headers={"Cache-Control": "no-store"})


async def baked_badge(request: Request) -> Response:
    """/credentials/{id}/badge.svg or .png: the badge image with its credential baked in."""
    state = app_state(request)
    data = await _visible(request)
    if data is None or request.path_params["format"] not in ("svg", "png"):
        return _not_found("credential")
    public_url = state.settings.public_url
    payload = json.dumps(ob3.signed(data, public_url, issuer_keys(request)))
    image = await badge_image(state.graph, data.badge_class["id"])
    assert image is not None
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    # badge.png is drawn from the very SVG that badge.svg serves, so the two look the same.
    svg = branded_svg(image, "OFFICIAL" if data.validated else "COMMUNITY")
    if request.path_params["format"] == "svg":
        return Response(
            baking.bake_svg_ob3(svg, payload), media_type="image/svg+xml", headers=headers
        )
    baked = baking.bake_png(await badge_png(image, svg), baking.OB3_PNG_KEY, payload)
    return Response(baked, media_type="image/png", headers=headers)


async def hosted_credential_jwt(request: Request) -> Response:
    """/credentials/{id}/jwt: the same credential as a VC-JWT."""
    data = await _visible(request)
    if data is None:
        return _not_found("credential")
    public_url = app_state(request).settings.public_url
    keys = issuer_keys(request)
    key = keys.signing_key(data.issuer["id"])
    kid = verification_method_id(
        issuer_did(public_url, data.issuer["id"]), PublicKey(key.multibase, 0)
    )
    token = vc_jwt.encode(ob3.build(data, public_url), key.private, kid)
    return PlainTextResponse(
        token, media_type="application/jwt", headers={"Cache-Control": "no-store"}
    )


async def status_list_credential(request: Request) -> Response:
    """/status-lists/{issuer}/{n}: the signed revocation list the credentials point to."""
    state = app_state(request)
    try:
        issuer_id = str(uuid.UUID(request.path_params["issuer"]))
        list_number = int(request.path_params["number"])
    except ValueError:
        return _not_found("status list")
    if not 0 <= list_number < 10_000:
        return _not_found("status list")
    positions = await revoked_positions(state.graph, issuer_id, list_number, status_list.LIST_SIZE)
    if positions is None:
        return _not_found("status list")
    public_url = state.settings.public_url
    did = issuer_did(public_url, issuer_id)
    key = issuer_keys(request).signing_key(issuer_id)
    unsigned = status_list.credential(
        status_list.status_list_url(public_url, issuer_id, list_number),
        did,
        positions,
        datetime.now(UTC),
    )
    signed = data_integrity.sign(
        unsigned,
        key.private,
        verification_method_id(did, PublicKey(key.multibase, 0)),
        xsd_datetime(datetime.now(UTC)),
    )
    # Verifiers may cache it briefly; revocation shows within a minute.
    return JSONResponse(signed, media_type=JSON_LD, headers={"Cache-Control": "max-age=60"})


async def _read_limited(request: Request) -> bytes | None:
    """The body, or None once it exceeds the limit (never buffered past it)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_VERIFY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_VERIFY_BYTES:
            return None
    return bytes(body)


def _error(message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "BAD_USER_INPUT"}}]},
        status_code=400,
    )


async def verify_endpoint(request: Request) -> Response:
    """POST /verify: a credential as JSON, {"credential": {...}}, or a VC-JWT (raw or {"jwt"})."""
    state = app_state(request)
    body = await _read_limited(request)
    if body is None:
        return _error("The credential is larger than 256 KiB.")
    resolver = LocalKeyResolver(state.settings.public_url, issuer_keys(request))
    proofs = state.proofs

    def lookup(assertion_id: str) -> Awaitable[Status | None]:
        return assertion_status(state.graph, assertion_id)

    text = body.strip()
    if text.startswith((b"\x89PNG", b"<svg", b"<?xml")):
        try:
            baked = (
                baking.unbake_png(body) if text.startswith(b"\x89PNG") else baking.unbake_svg(body)
            )
        except baking.BakingError as exc:
            return _error(str(exc))
        if baked.version != 3:
            return _error("That image carries an Open Badges 2.0 assertion; send its URL.")
        text = baked.payload.encode()
        body = text
    if text.startswith(b"eyJ"):
        return await _checked(verify_jwt(text.decode("ascii", "replace"), resolver, proofs, lookup))
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        return _error("Send the credential as JSON, or a VC-JWT.")
    if isinstance(parsed, dict) and isinstance(parsed.get("url"), str):
        hosted = await _credential_at(request, parsed["url"])
        if hosted is None:
            return _error(
                "Kring verifies its own shared credential URLs only (nothing is fetched); "
                "send the credential itself."
            )
        parsed = hosted
    if isinstance(parsed, dict) and isinstance(parsed.get("jwt"), str):
        return await _checked(verify_jwt(parsed["jwt"], resolver, proofs, lookup))
    if isinstance(parsed, dict) and isinstance(parsed.get("credential"), dict):
        parsed = parsed["credential"]
    if not isinstance(parsed, dict) or "@context" not in parsed:
        return _error("That is not a verifiable credential (no @context).")
    return await _checked(verify(parsed, state.settings.public_url, proofs, lookup))


async def _checked(report: Awaitable[Report]) -> Response:
    """The report, or 422 VERIFICATION_TOO_COMPLEX for a credential not worth the work."""
    try:
        found = await report
    except VerificationTooComplex as exc:
        return JSONResponse(
            {"errors": [{"message": exc.message, "extensions": {"code": exc.code.value}}]},
            status_code=422,
        )
    return JSONResponse(found.as_dict())

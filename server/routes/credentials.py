"""HTTP for verifiable credentials: DID documents, hosted OB 3.0 credentials, /verify."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
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
from graph.core.errors import BadUserInput, NotFound
from graph.credentials.contents import (
    CredentialData,
    Status,
    assertion_status,
    credential_data,
    revoked_positions,
)
from server.routes.badge_images import badge_png, branded_svg
from server.routes.support import JSON_LD, read_limited
from server.state import app_state

MAX_VERIFY_BYTES = 256 * 1024
MAX_STATUS_LISTS = 10_000


def issuer_keys(request: Request) -> IssuerKeys:
    return IssuerKeys(app_state(request).settings.key_dir)


async def platform_did_document(request: Request) -> Response:
    settings = app_state(request).settings
    keys = issuer_keys(request)
    keys.signing_key("platform")
    document = did_document(platform_did(settings.public_url), keys.public_keys("platform"))
    return JSONResponse(document, media_type="application/did+json")


async def person_did_document(request: Request) -> Response:
    """/people/{id}/did.json: the custodial keys a person endorsed with."""
    settings = app_state(request).settings
    person_id = str(request.path_params["id"])
    keys = issuer_keys(request).public_keys(person_key_owner(person_id))
    if not keys:
        raise NotFound("No such person.")
    document = did_document(person_did(settings.public_url, person_id), keys)
    return JSONResponse(document, media_type="application/did+json")


async def issuer_did_document(request: Request) -> Response:
    """/issuers/{id}/did.json: every key the issuer ever signed with."""
    settings = app_state(request).settings
    issuer_id = str(request.path_params["id"])
    keys = issuer_keys(request).public_keys(issuer_id)
    if not keys:
        raise NotFound("No such issuer.")
    document = did_document(issuer_did(settings.public_url, issuer_id), keys)
    return JSONResponse(document, media_type="application/did+json")


async def visible_credential(request: Request) -> CredentialData:
    """The badge's credential data if this request may see it (its learner, or shared)."""
    token = request.query_params.get("token")
    data = await _visible_to(request, str(request.path_params["id"]), token)
    if data is None:
        # Not found and not allowed look the same: a private record does not leak.
        raise NotFound("No such credential.")
    return data


async def _visible_to(
    request: Request, assertion_id: str, token: str | None
) -> CredentialData | None:
    data = await credential_data(app_state(request).graph, assertion_id)
    if data is None:
        return None
    # An app's OAuth token is not the learner: it sees what anyone sees.
    user = session_caller(request.scope.get("user"))
    is_learner = user is not None and user.person_id == data.learner_id
    visible = can_see_badge(is_learner, data.visibility, data.share_token, token)
    return data if visible else None


_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# Our addresses that stand for one badge: its credential (JSON, VC-JWT, baked images), its
# page in the web app, and its OB 2.0 hosted assertion (and images).
OWN_BADGE_PATHS: Final = tuple(
    re.compile(pattern)
    for pattern in (
        rf"/credentials/({_UUID})(?:/jwt|/badge\.(?:png|svg))?",
        rf"/badges/({_UUID})",
        rf"/ob2/assertions/({_UUID})(?:/badge\.(?:png|svg))?",
    )
)


async def _credential_at(request: Request, url: str) -> dict[str, Any] | None:
    """The credential one of our own badge URLs stands for, resolved here: nothing is
    fetched, so no URL can make the server reach anywhere (SSRF)."""
    public_url = app_state(request).settings.public_url
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != public_url:
        return None
    found = (pattern.fullmatch(parts.path) for pattern in OWN_BADGE_PATHS)
    match = next((m for m in found if m is not None), None)
    if match is None:
        return None
    token = parse_qs(parts.query).get("token", [None])[0]
    data = await _visible_to(request, match.group(1).lower(), token)
    if data is None:
        return None
    return ob3.signed(data, public_url, issuer_keys(request))


async def hosted_credential(request: Request) -> Response:
    """/credentials/{id}: the signed OpenBadgeCredential, for whoever may see the badge."""
    data = await visible_credential(request)
    public_url = app_state(request).settings.public_url
    credential = ob3.signed(data, public_url, issuer_keys(request))
    return JSONResponse(credential, media_type=JSON_LD, headers={"Cache-Control": "no-store"})


async def baked_badge(request: Request) -> Response:
    """/credentials/{id}/badge.svg or .png: the badge image with its credential baked in."""
    state = app_state(request)
    data = await visible_credential(request)
    if request.path_params["format"] not in ("svg", "png"):
        raise NotFound("No such credential.")
    public_url = state.settings.public_url
    payload = json.dumps(ob3.signed(data, public_url, issuer_keys(request)))
    image = await badge_image(state.graph, data.badge_class.id)
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
    data = await visible_credential(request)
    public_url = app_state(request).settings.public_url
    keys = issuer_keys(request)
    key = keys.signing_key(data.issuer.id)
    kid = verification_method_id(
        issuer_did(public_url, data.issuer.id), PublicKey(key.multibase, 0)
    )
    token = vc_jwt.encode(ob3.build(data, public_url), key.private, kid)
    return PlainTextResponse(
        token, media_type="application/jwt", headers={"Cache-Control": "no-store"}
    )


async def status_list_credential(request: Request) -> Response:
    """/status-lists/{issuer}/{n}: the signed revocation list the credentials point to."""
    state = app_state(request)
    issuer_id = str(request.path_params["issuer"])
    list_number: int = request.path_params["number"]
    positions = (
        await revoked_positions(state.graph, issuer_id, list_number, status_list.LIST_SIZE)
        if list_number < MAX_STATUS_LISTS
        else None
    )
    if positions is None:
        raise NotFound("No such status list.")
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


async def verify_endpoint(request: Request) -> Response:
    """POST /verify: a credential as JSON, {"credential": {...}}, a VC-JWT (raw or {"jwt"}),
    a baked PNG or SVG, or {"url"} of one of our own badges."""
    # A credential not worth the work raises VerificationTooComplex: 422 by its code.
    state = app_state(request)
    body = await read_limited(request, MAX_VERIFY_BYTES)
    if body is None:
        raise BadUserInput("The credential is larger than 256 KiB.")
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
            raise BadUserInput(str(exc)) from None
        if baked.version != 3:
            raise BadUserInput("That image carries an Open Badges 2.0 assertion; send its URL.")
        text = baked.payload.encode()
        body = text
    if text.startswith(b"eyJ"):
        return _report(await verify_jwt(text.decode("ascii", "replace"), resolver, proofs, lookup))
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError):
        raise BadUserInput("Send the credential as JSON, or a VC-JWT.") from None
    if isinstance(parsed, dict) and isinstance(parsed.get("url"), str):
        hosted = await _credential_at(request, parsed["url"])
        if hosted is None:
            raise BadUserInput(
                "Kring verifies its own shared credential URLs only (nothing is fetched); "
                "send the credential itself."
            )
        parsed = hosted
    if isinstance(parsed, dict) and isinstance(parsed.get("jwt"), str):
        return _report(await verify_jwt(parsed["jwt"], resolver, proofs, lookup))
    if isinstance(parsed, dict) and isinstance(parsed.get("credential"), dict):
        parsed = parsed["credential"]
    if not isinstance(parsed, dict) or "@context" not in parsed:
        raise BadUserInput("That is not a verifiable credential (no @context).")
    return _report(await verify(parsed, state.settings.public_url, proofs, lookup))


def _report(found: Report) -> Response:
    return JSONResponse(found.as_dict())


routes: list[BaseRoute] = [
    Route("/.well-known/did.json", platform_did_document, methods=["GET"]),
    Route("/issuers/{id:uuid}/did.json", issuer_did_document, methods=["GET"]),
    Route("/people/{id:uuid}/did.json", person_did_document, methods=["GET"]),
    Route("/credentials/{id:uuid}", hosted_credential, methods=["GET"]),
    Route("/credentials/{id:uuid}/jwt", hosted_credential_jwt, methods=["GET"]),
    Route("/credentials/{id:uuid}/badge.{format:str}", baked_badge, methods=["GET"]),
    Route("/status-lists/{issuer:uuid}/{number:int}", status_list_credential, methods=["GET"]),
    Route("/verify", verify_endpoint, methods=["POST"]),
]

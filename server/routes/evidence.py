"""Evidence files over HTTP: uploaded to a claim, served only to those allowed to see them."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from auth.identity import session_caller
from auth.permissions import Permission, can_download_evidence, require
from graph.core.errors import BadUserInput, NotFound, Unauthenticated
from graph.recognition import claims
from server.evidence_store import MAX_EVIDENCE_BYTES, TOO_LARGE, EvidenceStore, check_content
from server.routes.support import read_limited
from server.state import app_state


async def upload_evidence(request: Request) -> Response:
    """PUT /claims/{id}/evidence?name=… with the file as the body and its Content-Type."""
    state = app_state(request)
    user = session_caller(request.scope.get("user"))
    if user is None:
        raise Unauthenticated("Sign in to add evidence.")
    claim_id = str(request.path_params["id"])
    name = (request.query_params.get("name") or "").strip()
    if not name or len(name) > 200:
        raise BadUserInput("Give the file a name (at most 200 characters).", field="name")
    body = await read_limited(request, MAX_EVIDENCE_BYTES)
    if body is None:
        raise BadUserInput(TOO_LARGE, field="file")
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    check_content(media_type, body)
    digest = EvidenceStore(state.settings.evidence_dir).put(body)
    item = claims.NewEvidence(
        name=name,
        description=(request.query_params.get("description") or "")[:2000],
        media_type=media_type,
        size=len(body),
        sha256=digest,
    )
    claim = await claims.add_evidence(
        state.graph, user.person_id, require(Permission.CLAIM_MANAGE), claim_id, (item,)
    )
    added = next(e for e in reversed(claim.evidence) if e.sha256 == digest)
    return JSONResponse({"id": added.id, "sha256": digest, "size": len(body)}, status_code=201)


async def download_evidence(request: Request) -> Response:
    """GET /evidence/{id}[?token=…]: the file, for whoever may see its claim or badge."""
    state = app_state(request)
    user = session_caller(request.scope.get("user"))
    actor = user.person_id if user else None
    found = await claims.evidence_file(state.graph, str(request.path_params["id"]), actor)
    if found is not None and not can_download_evidence(
        found.standing,
        found.visibility,
        found.submitted,
        found.share_token,
        request.query_params.get("token"),
        peer_reviewer=found.peer_reviewer,
        disputed=found.disputed,
    ):
        found = None
    path = EvidenceStore(state.settings.evidence_dir).find(found.sha256) if found else None
    if found is None or path is None:
        # Not found and not allowed look the same: a private record does not leak.
        raise NotFound("No such evidence.")
    return FileResponse(
        path,
        media_type=found.media_type,
        filename=found.name,
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'",
            "Cache-Control": "private, no-store",
        },
    )


routes: list[BaseRoute] = [
    Route("/claims/{id:uuid}/evidence", upload_evidence, methods=["PUT"]),
    Route("/evidence/{id:uuid}", download_evidence, methods=["GET"]),
]

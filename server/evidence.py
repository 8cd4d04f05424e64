"""Evidence files: uploaded to a claim, stored by content hash, served only to those allowed."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from auth.identity import session_caller
from auth.permissions import Permission, can_download_evidence, require
from graph.core.errors import BadUserInput, ErrorCode, KringError, NotFound, Unauthenticated
from graph.recognition import claims
from server.state import app_state

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# Accepted types, each recognised by its content as well as its declared type.
SIGNATURES = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/pdf": (b"%PDF-",),
    "text/plain": (),
}


def stored_path(evidence_dir: Path, sha256: str) -> Path:
    return evidence_dir / sha256[:2] / sha256


def check_content(media_type: str, body: bytes) -> None:
    if not body:
        raise BadUserInput("The file is empty.", field="file")
    if len(body) > MAX_EVIDENCE_BYTES:
        raise BadUserInput("Evidence files are at most 5 MiB.", field="file")
    if media_type not in SIGNATURES:
        allowed = ", ".join(SIGNATURES)
        raise BadUserInput(f"Evidence files are one of {allowed}.", field="file")
    signatures = SIGNATURES[media_type]
    if signatures and not body.startswith(signatures):
        raise BadUserInput(f"The file is not a real {media_type}.", field="file")
    if media_type == "text/plain":
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise BadUserInput("Text evidence must be UTF-8.", field="file") from None


def store(evidence_dir: Path, body: bytes) -> str:
    """Write the bytes under their SHA-256 (once: equal files share one copy)."""
    digest = hashlib.sha256(body).hexdigest()
    path = stored_path(evidence_dir, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{digest}.{os.getpid()}.{uuid.uuid4().hex}")
        tmp.write_bytes(body)
        tmp.replace(path)
    return digest


def _error(exc: KringError, status: int) -> JSONResponse:
    extensions: dict[str, str] = {"code": exc.code.value}
    if exc.field:
        extensions["field"] = exc.field
    return JSONResponse({"errors": [{"message": exc.message, "extensions": extensions}]}, status)


STATUS = {
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.PREREQUISITES_NOT_MET: 409,
}


async def upload_evidence(request: Request) -> Response:
    """PUT /claims/{id}/evidence?name=… with the file as the body and its Content-Type."""
    state = app_state(request)
    user = session_caller(request.scope.get("user"))
    try:
        if user is None:
            raise Unauthenticated("Sign in to add evidence.")
        try:
            claim_id = str(uuid.UUID(request.path_params["id"]))
        except ValueError:
            raise NotFound("No such claim.", field="claimId") from None
        name = (request.query_params.get("name") or "").strip()
        if not name or len(name) > 200:
            raise BadUserInput("Give the file a name (at most 200 characters).", field="name")
        declared = int(request.headers.get("content-length") or 0)
        if declared > MAX_EVIDENCE_BYTES:
            raise BadUserInput("Evidence files are at most 5 MiB.", field="file")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_EVIDENCE_BYTES:
                raise BadUserInput("Evidence files are at most 5 MiB.", field="file")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        check_content(media_type, bytes(body))
        digest = store(state.settings.evidence_dir, bytes(body))
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
    except KringError as exc:
        return _error(exc, STATUS.get(exc.code, 400))
    added = next(e for e in reversed(claim.evidence) if e.sha256 == digest)
    return JSONResponse({"id": added.id, "sha256": digest, "size": len(body)}, status_code=201)


async def download_evidence(request: Request) -> Response:
    """GET /evidence/{id}[?token=…]: the file, for whoever may see its claim or badge."""
    state = app_state(request)
    user = session_caller(request.scope.get("user"))
    actor = user.person_id if user else None
    try:
        evidence_id = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        return Response("No such evidence.", status_code=404, media_type="text/plain")
    found = await claims.evidence_file(state.graph, evidence_id, actor)
    if found is not None and not can_download_evidence(
        found.standing,
        found.visibility,
        found.submitted,
        found.share_token,
        request.query_params.get("token"),
    ):
        found = None
    path = stored_path(state.settings.evidence_dir, found.sha256) if found else None
    if found is None or path is None or not path.exists():
        # Not found and not allowed look the same: a private record does not leak.
        return Response("No such evidence.", status_code=404, media_type="text/plain")
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

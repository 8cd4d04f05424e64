"""One error body for every answer outside GraphQL, and the exception handlers that send it."""

from __future__ import annotations

import html
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any, Final

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ExceptionHandler, Send

from graph.core.errors import ErrorCode, KringError
from server.routes.support import wants_html

RETRY_AFTER_SECONDS: Final = 5

STATUS: Final[Mapping[ErrorCode, int]] = {
    ErrorCode.BAD_USER_INPUT: 400,
    ErrorCode.BAD_REQUEST: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.CONFLICT: 409,
    ErrorCode.PREREQUISITES_NOT_MET: 409,
    ErrorCode.FIELD_FROZEN: 409,
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 400,
    ErrorCode.PERSISTED_QUERY_NOT_IN_LIST: 400,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.VERIFICATION_TOO_COMPLEX: 422,
    ErrorCode.INTERNAL_SERVER_ERROR: 500,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
}

# A person who followed a link gets a page, not JSON; nothing on it loads or runs.
PAGE: Final = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} · Kring</title></head>
<body><main><h1>{title}</h1><p>{message}</p><p><code>{code}</code></p></main></body></html>
"""
PAGE_HEADERS: Final = {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
}


def error_document(message: str, code: ErrorCode, field: str | None = None) -> dict[str, Any]:
    # GraphQL's own error entry, so a client reads every Kring error alike.
    extensions: dict[str, str] = {"code": code.value}
    if field:
        extensions["field"] = field
    return {"errors": [{"message": message, "extensions": extensions}]}


def error_response(
    message: str,
    code: ErrorCode,
    *,
    status: int | None = None,
    field: str | None = None,
    headers: Mapping[str, str] | None = None,
    as_html: bool = False,
) -> Response:
    """The error as JSON (or, for a browser, the same facts as a page); status from the code."""
    status = status if status is not None else STATUS.get(code, 400)
    if as_html:
        page = PAGE.format(
            title=html.escape(HTTPStatus(status).phrase),
            message=html.escape(message),
            code=code.value,
        )
        return HTMLResponse(page, status_code=status, headers={**PAGE_HEADERS, **(headers or {})})
    return JSONResponse(error_document(message, code, field), status_code=status, headers=headers)


async def send_error(
    send: Send, status: int, message: str, code: ErrorCode, *, close: bool = False
) -> None:
    """For middleware that answers before any route: the same body, straight to ASGI."""
    response = error_response(
        message, code, status=status, headers={"Connection": "close"} if close else None
    )
    await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


def retry_after(code: ErrorCode) -> dict[str, str] | None:
    """A database out of reach is worth asking again shortly."""
    if code is ErrorCode.SERVICE_UNAVAILABLE:
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return None


async def kring_error(request: Request, exc: Exception) -> Response:
    """Any KringError a route raises, ServiceUnavailable (503, Retry-After) included."""
    assert isinstance(exc, KringError)
    return error_response(
        exc.message,
        exc.code,
        field=exc.field,
        headers=retry_after(exc.code),
        as_html=wants_html(request),
    )


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no such path, a path parameter of the wrong form, a wrong
    method) in the same body as Kring's."""
    assert isinstance(exc, HTTPException)
    if exc.status_code in {204, 304}:
        return Response(status_code=exc.status_code, headers=exc.headers)
    if exc.status_code == 404:
        code = ErrorCode.NOT_FOUND
    elif exc.status_code >= 500:
        code = ErrorCode.INTERNAL_SERVER_ERROR
    else:
        code = ErrorCode.BAD_REQUEST
    return error_response(
        exc.detail,
        code,
        status=exc.status_code,
        headers=exc.headers,
        as_html=wants_html(request),
    )


EXCEPTION_HANDLERS: Final[Mapping[Any, ExceptionHandler]] = {
    KringError: kring_error,
    HTTPException: http_error,
}

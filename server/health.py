"""Liveness and readiness endpoints for process managers and load balancers."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.migrations import is_migrated
from server.state import app_state

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """The process is up; says nothing about the database."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ready when Neo4j answers and every migration is applied."""
    graph = app_state(request).graph
    try:
        await graph.ping()
        migrated = await is_migrated(graph)
    except Exception:
        log.warning("readiness check failed", exc_info=True)
        return JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "unavailable", "neo4j": "not migrated"}, status_code=503)
    return JSONResponse({"status": "ready", "neo4j": "ok"})

"""Liveness and readiness endpoints for process managers and load balancers."""

from __future__ import annotations

import asyncio
import logging

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from graph.core.database import Graph
from graph.core.migrations import is_migrated
from server.state import app_state

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """The process is up; says nothing about the database."""
    return JSONResponse({"status": "ok"})


async def _migrated(graph: Graph) -> bool:
    await graph.ping()
    return await is_migrated(graph)


async def readyz(request: Request) -> JSONResponse:
    """Ready when Neo4j answers and every migration is applied."""
    graph = app_state(request).graph
    try:
        # Bounded: a load balancer asking must get an answer, even with the database away.
        migrated = await asyncio.wait_for(_migrated(graph), timeout=3)
    except Exception:
        log.warning("readiness check failed", exc_info=True)
        return JSONResponse({"status": "unavailable", "neo4j": "unreachable"}, status_code=503)
    if not migrated:
        return JSONResponse({"status": "unavailable", "neo4j": "not migrated"}, status_code=503)
    return JSONResponse({"status": "ready", "neo4j": "ok"})


routes: list[BaseRoute] = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
]

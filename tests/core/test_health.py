"""Health, readiness, request ids and the development-only GraphiQL."""

from __future__ import annotations

import dataclasses
import json
import logging

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graph.core.database import Neo4jTarget
from server.app import create_app
from server.logs import JsonFormatter
from server.settings import Environment, Settings


async def test_healthz_and_readyz(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "neo4j": "ok"}


async def test_readyz_is_unavailable_when_neo4j_is_unreachable(settings: Settings) -> None:
    dead = Neo4jTarget("bolt://127.0.0.1:1", "neo4j", "", "neo4j", source="test")
    app = create_app(settings, dead)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["neo4j"] == "unreachable"


async def test_request_id_is_echoed_or_generated(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"x-request-id": "abc-12345678"})
    assert given.headers["x-request-id"] == "abc-12345678"
    made = await client.get("/healthz", headers={"x-request-id": "bad id\n"})
    assert len(made.headers["x-request-id"]) == 32


async def test_graphiql_only_in_development(
    client: httpx.AsyncClient, settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    dev = await client.get("/graphql", headers={"accept": "text/html"})
    assert dev.status_code == 200
    assert "graphiql" in dev.text.lower()
    prod_app = create_app(dataclasses.replace(settings, env=Environment.PRODUCTION), neo4j_target)
    async with LifespanManager(prod_app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            prod = await c.get("/graphql", headers={"accept": "text/html"})
    assert prod.status_code == 404
    assert "graphiql" not in prod.text.lower()


def test_log_lines_are_json_with_request_id() -> None:
    from server.logs import request_id_var

    record = logging.LogRecord("kring.test", logging.INFO, __file__, 1, "hello %s", ("x",), None)
    record.path = "/graphql"
    token = request_id_var.set("rid-00000001")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "hello x"
    assert line["request_id"] == "rid-00000001"
    assert line["path"] == "/graphql"
    assert line["level"] == "INFO"


@pytest.mark.parametrize("path", ["/nope", "/graphql/extra"])
async def test_unknown_paths_are_404(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 404


async def test_a_database_out_of_reach_is_a_503_with_retry_after(settings: Settings) -> None:
    dead = Neo4jTarget("bolt://127.0.0.1:1", "neo4j", "", "neo4j", source="test")
    app = create_app(settings, dead)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            read = await c.post(
                "/graphql",
                json={"query": "{ universities { id } }"},
            )
            health = await c.get("/healthz")
            evidence = await c.get("/evidence/00000000-0000-4000-8000-000000000000")
    assert read.status_code == 503
    assert read.headers["retry-after"] == "5"
    assert read.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert "Internal" not in read.text
    assert evidence.status_code == 503
    assert evidence.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert health.status_code == 200  # the process itself is fine: liveness says so

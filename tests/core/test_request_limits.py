"""Requests are bounded: bodies, nesting, and what the schema tells strangers."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator

import httpx
from asgi_lifespan import LifespanManager

from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.settings import Environment, Settings
from tests.helpers import error_codes, gql

LIMIT = 1024 * 1024


async def test_an_oversized_body_is_refused_while_it_streams(client: httpx.AsyncClient) -> None:
    declared = await client.post(
        "/graphql",
        content=b'{"query": "{ __typename }", "pad": "' + b"x" * LIMIT + b'"}',
        headers={"content-type": "application/json"},
    )
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    sent: list[int] = []

    async def endless() -> AsyncIterator[bytes]:
        # No Content-Length: the limit must hold while the body streams in.
        for _ in range(64):
            sent.append(1)
            yield b"x" * 65536

    streamed = await client.post(
        "/auth/login", content=endless(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert streamed.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert len(sent) <= LIMIT // 65536 + 2  # it stopped reading soon after the limit
    # A body within the limit still works.
    fine = await gql(client, "{ __typename }")
    assert fine["data"] == {"__typename": "Query"}


async def test_json_nested_thousands_deep_is_a_clear_400(client: httpx.AsyncClient) -> None:
    deep = b'{"query": "{ __typename }", "variables": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = await client.post(
        "/graphql", content=deep, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    garbage = await client.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert (garbage.status_code, garbage.json()["errors"][0]["extensions"]["code"]) == (
        400,
        "BAD_REQUEST",
    )


async def test_production_tells_strangers_nothing_about_the_schema(
    settings: Settings, neo4j_target: Neo4jTarget, clean_graph: Graph
) -> None:
    production = dataclasses.replace(settings, env=Environment.PRODUCTION)
    app = create_app(production, neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            schema = await gql(c, "{ __schema { types { name } } }")
            typo = await gql(c, "{ opportunitie { id } }")
            plain = await gql(c, "{ __typename }")
    assert set(error_codes(schema)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert "data" not in schema or schema["data"] is None
    assert error_codes(typo) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean" not in typo["errors"][0]["message"]
    assert plain["data"] == {"__typename": "Query"}
    # Configured on, production answers introspection (say, for a schema registry).
    opened = dataclasses.replace(production, graphql_introspection=True)
    app = create_app(opened, neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            allowed = await gql(c, "{ __schema { queryType { name } } }")
    assert allowed["data"] == {"__schema": {"queryType": {"name": "Query"}}}

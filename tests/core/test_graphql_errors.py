"""Every GraphQL failure has a stable code; nothing leaks a stack trace."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from graphql import GraphQLError

from graph.core.database import Neo4jTarget
from server.app import create_app
from server.graphql.errors import shape
from server.logs import request_id_var
from server.settings import Settings
from tests.helpers import error_codes, gql

NEAR_ARGS = "near: {latitude: 51.05, longitude: 3.72, radiusKm: 2}"
DEPTH_5 = (
    f"{{ opportunitiesNear({NEAR_ARGS}) {{ edges {{ node {{ organisation {{ name }} }} }} }} }}"
)


@pytest.fixture
async def shallow_client(
    settings: Settings, neo4j_target: Neo4jTarget
) -> AsyncIterator[httpx.AsyncClient]:
    """An app configured with KRING_GRAPHQL_MAX_DEPTH=3."""
    app = create_app(dataclasses.replace(settings, graphql_max_depth=3), neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def test_query_deeper_than_the_limit_is_refused(
    client: httpx.AsyncClient, shallow_client: httpx.AsyncClient
) -> None:
    assert "errors" not in await gql(client, DEPTH_5)
    body = await gql(shallow_client, DEPTH_5)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]
    assert "depth" in body["errors"][0]["message"]
    assert body.get("data") is None


async def test_introspection_depth_bomb_is_refused(client: httpx.AsyncClient) -> None:
    bomb = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    body = await gql(client, bomb)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_the_standard_introspection_query_still_works(client: httpx.AsyncClient) -> None:
    from graphql import get_introspection_query

    body = await gql(client, get_introspection_query(descriptions=True))
    assert "errors" not in body
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"Query", "Opportunity", "NearInput"} <= names


async def test_alias_bomb_is_refused(client: httpx.AsyncClient) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(50)) + " }"
    body = await gql(client, query)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_token_bomb_is_refused(client: httpx.AsyncClient) -> None:
    query = "{ __typename " + " ".join(["__typename"] * 5000) + " }"
    body = await gql(client, query)
    assert error_codes(body) == ["QUERY_TOO_COMPLEX"]


async def test_syntax_error_is_parse_failed(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ opportunitiesNear(near: { ")
    assert error_codes(body) == ["GRAPHQL_PARSE_FAILED"]


async def test_unknown_field_is_validation_failed(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ nothingHere }")
    assert error_codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nothingHere" in body["errors"][0]["message"]


async def test_wrongly_typed_variable_is_bad_user_input(client: httpx.AsyncClient) -> None:
    query = (
        "query Q($near: NearInput!) { opportunitiesNear(near: $near) { pageInfo { endCursor } } }"
    )
    body = await gql(client, query, {"near": {"latitude": "north", "longitude": 3, "radiusKm": 1}})
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_no_error_carries_a_stack_trace(client: httpx.AsyncClient) -> None:
    bodies = [
        await gql(client, "{ nothingHere }"),
        await gql(client, "{ opportunitiesNear("),
        await gql(
            client,
            "{ opportunitiesNear(near: {latitude: 99, longitude: 0, radiusKm: 1}) "
            "{ pageInfo { endCursor } } }",
        ),
    ]
    for body in bodies:
        for error in body["errors"]:
            assert set(error["extensions"]) <= {"code", "field", "requestId"}
            assert "Traceback" not in str(error)


def test_unexpected_errors_are_masked_and_logged_with_the_request_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from server.graphql.errors import log_errors

    token = request_id_var.set("req-1234abcd")
    try:
        internal = GraphQLError(
            "connection pool exhausted at 10.0.0.5", original_error=RuntimeError("secret detail")
        )
        with caplog.at_level(logging.ERROR):
            log_errors([internal], None)
        shaped = shape(internal)
    finally:
        request_id_var.reset(token)
    assert shaped.message.startswith("Internal server error")
    assert "10.0.0.5" not in shaped.message
    assert shaped.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-1234abcd"}
    assert any("secret detail" in (r.exc_text or "") or r.exc_info for r in caplog.records)

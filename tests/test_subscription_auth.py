"""GraphQL over WebSocket (graphql-transport-ws) authenticates at connection_init."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from graph.database import Neo4jTarget
from server.app import create_app
from server.settings import Settings

PROTOCOL = "graphql-transport-ws"


@pytest.fixture
def ws_client(settings: Settings, neo4j_target: Neo4jTarget) -> Iterator[TestClient]:
    with TestClient(create_app(settings, neo4j_target)) as client:
        yield client


def test_a_valid_token_in_connection_init_is_acknowledged(
    ws_client: TestClient, token_for: Callable[[str], str]
) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {token_for('p1')}"}}
        )
        assert ws.receive_json()["type"] == "connection_ack"


def test_a_bad_token_in_connection_init_closes_the_socket(ws_client: TestClient) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {"Authorization": "Bearer forged"}})
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 4403


def test_no_token_is_an_anonymous_connection(ws_client: TestClient) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"

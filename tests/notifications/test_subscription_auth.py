"""GraphQL over WebSocket (graphql-transport-ws) authenticates at connection_init."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from graph.core.database import Neo4jTarget
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


def test_new_notifications_stream_to_their_recipient_only(
    ws_client: TestClient, neo4j_target: Neo4jTarget, token_for: Callable[[str], str]
) -> None:
    import time
    import uuid

    import neo4j

    me, other = str(uuid.uuid4()), str(uuid.uuid4())
    with neo4j.GraphDatabase.driver(neo4j_target.uri, auth=neo4j_target.auth) as driver:
        driver.execute_query(
            "UNWIND $ids AS id CREATE (:Person {id: id, email: id + '@x.example', name: id})",
            ids=[me, other],
            database_=neo4j_target.database,
        )
        with ws_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
            ws.send_json(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {token_for(me)}"}}
            )
            assert ws.receive_json()["type"] == "connection_ack"
            ws.send_json(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": "subscription { notificationAdded { kind data } }"},
                }
            )
            time.sleep(1.5)  # let the subscription take its starting point
            for person, marker in ((other, "not for me"), (me, "for me")):
                driver.execute_query(
                    "MATCH (p:Person {id: $p}) CREATE (:Notification {id: randomUUID(), "
                    "kind: 'BADGE_ISSUED', data: $data, createdAt: datetime()})-[:TO]->(p)",
                    p=person,
                    data=f'{{"title": "{marker}"}}',
                    database_=neo4j_target.database,
                )
            message = ws.receive_json()
            assert message["type"] == "next"
            assert message["payload"]["data"]["notificationAdded"] == {
                "kind": "BADGE_ISSUED",
                "data": {"title": "for me"},
            }
            ws.send_json({"id": "1", "type": "complete"})


def test_subscribing_without_signing_in_is_unauthenticated(ws_client: TestClient) -> None:
    with ws_client.websocket_connect("/graphql", subprotocols=[PROTOCOL]) as ws:
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json(
            {
                "id": "1",
                "type": "subscribe",
                "payload": {"query": "subscription { notificationAdded { kind } }"},
            }
        )
        message = ws.receive_json()
        assert message["type"] == "next"
        assert message["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

"""/metrics: Prometheus text on its own port when KRING_METRICS_PORT is set, nowhere else."""

from __future__ import annotations

import dataclasses
import socket
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.metrics import operation_label
from server.settings import Settings
from tests.processes import serving


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _value(text: str, name: str, **labels: str) -> float:
    """The sample `name` with exactly these labels, 0 when it was never counted."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return float(sample.value)
    return 0.0


async def test_metrics_count_operations_errors_and_transactions(
    settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    port = _free_port()
    app = create_app(dataclasses.replace(settings, metrics_port=port), neo4j_target)
    url = f"http://127.0.0.1:{port}/metrics"
    async with LifespanManager(app) as manager, httpx.AsyncClient() as scraper:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            before = (await scraper.get(url)).text
            ok = await client.post(
                "/graphql", json={"query": "query MetricsProbe { universities { id } }"}
            )
            bad = await client.post("/graphql", json={"query": "query MetricsBroken { nope }"})
            scraped = await scraper.get(url)
    assert ok.json().get("errors") is None
    assert bad.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain")
    after = scraped.text

    def grew(name: str, **labels: str) -> float:
        return _value(after, name, **labels) - _value(before, name, **labels)

    timed = "kring_graphql_operation_seconds_count"
    assert grew(timed, operation="MetricsProbe", type="query") == 1
    assert grew(timed, operation="MetricsBroken", type="query") == 1
    assert grew("kring_graphql_errors_total", code="GRAPHQL_VALIDATION_FAILED") == 1
    assert grew("kring_neo4j_transaction_seconds_count", mode="read") >= 1
    # The others are there from the start, at zero or more.
    assert "kring_graphql_subscriptions" in after
    assert "kring_neo4j_transaction_retries_total" in after


async def test_no_metrics_unless_configured(client: httpx.AsyncClient, settings: Settings) -> None:
    assert settings.metrics_port is None
    response = await client.get("/metrics")
    assert response.status_code == 404
    assert "kring_graphql" not in response.text
    # Configured, the listener is on loopback unless told otherwise.
    assert Settings.from_env({"KRING_METRICS_PORT": "9100"}).metrics_host == "127.0.0.1"


def test_operation_names_from_callers_are_bounded() -> None:
    assert operation_label(None) == "anonymous"
    assert operation_label("Nearby") == "Nearby"
    assert operation_label('x"} 1\nkring_fake 2') == "other"
    assert operation_label("a" * 65) == "other"


def _eventually(condition: Callable[[], bool]) -> bool:
    """Whether `condition` holds within a few seconds (the server's tasks run on their own)."""
    deadline = time.monotonic() + 10
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_open_subscriptions_are_counted_while_open(
    settings: Settings,
    neo4j_target: Neo4jTarget,
    graph: Graph,  # migrated: a token is checked against the graph's sessions
    token_for: Callable[[str], str],
) -> None:
    def open_now() -> float:
        return REGISTRY.get_sample_value("kring_graphql_subscriptions") or 0.0

    with TestClient(create_app(settings, neo4j_target)) as client:
        before = open_now()
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            token = token_for("metrics-subscriber")
            ws.send_json(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
            )
            assert ws.receive_json()["type"] == "connection_ack"
            query = "subscription { notificationAdded { kind } }"
            ws.send_json({"id": "1", "type": "subscribe", "payload": {"query": query}})
            assert _eventually(lambda: open_now() == before + 1)
            ws.send_json({"id": "1", "type": "complete"})
            assert _eventually(lambda: open_now() == before)


def test_several_server_processes_are_measured_together(
    tmp_path: Path, neo4j_target: Neo4jTarget
) -> None:
    """`kring serve --workers 2`: the supervising process serves the sum of both."""
    port = _free_port()
    with serving(
        tmp_path / "data",
        "--workers",
        "2",
        KRING_ENV="development",
        KRING_METRICS_PORT=str(port),
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
    ) as server:
        with httpx.Client(base_url=server.url, timeout=30) as http:
            for _ in range(10):
                answer = http.post("/graphql", json={"query": "query Summed { __typename }"})
                assert answer.json() == {"data": {"__typename": "Query"}}
            scraped = http.get(f"http://127.0.0.1:{port}/metrics").text
        assert server.stop() == 0, server.log()
    count = "kring_graphql_operation_seconds_count"
    assert _value(scraped, count, operation="Summed", type="query") == 10

"""W3C Trace Context: the trace id of an incoming `traceparent` is on every log line of its
request; a malformed header is ignored and a new trace begun, as with no header."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from server.logs import JsonFormatter, trace_id_of

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE}-00f067aa0ba902b7-01"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (TRACEPARENT, TRACE),
        (f"  {TRACEPARENT} ", TRACE),
        # A later version may add fields after the flags; its trace id still counts.
        (f"01-{TRACE}-00f067aa0ba902b7-01-extra", TRACE),
        (f"00-{TRACE}-00f067aa0ba902b7-01-extra", None),  # version 00 has exactly four
        (f"ff-{TRACE}-00f067aa0ba902b7-01", None),  # version ff is forbidden
        (f"00-{TRACE.upper()}-00f067aa0ba902b7-01", None),  # lower-case hex only
        (f"00-{'0' * 32}-00f067aa0ba902b7-01", None),  # an all-zero trace id is invalid
        (f"00-{TRACE}-{'0' * 16}-01", None),  # so is an all-zero parent id
        (f"00-{TRACE[:-1]}-00f067aa0ba902b7-01", None),
        ("00-not-a-trace-01", None),
        ("", None),
    ],
)
def test_trace_id_of_a_traceparent_header(header: str, expected: str | None) -> None:
    assert trace_id_of(header) == expected


@contextlib.contextmanager
def _capture() -> Iterator[list[dict[str, Any]]]:
    """Every line logged meanwhile, as the JSON the server writes, read back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    # The request's own line (kring.http) and the GraphQL error's (server.graphql.errors,
    # at debug): two lines of one request.
    loggers = [logging.getLogger("kring.http"), logging.getLogger("server.graphql.errors")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    lines: list[dict[str, Any]] = []
    try:
        yield lines
    finally:
        root.removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
        lines.extend(json.loads(line) for line in stream.getvalue().splitlines())


async def _broken_query(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    response = await client.post("/graphql", json={"query": "{ nope }"}, headers=headers)
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    return response.headers["x-request-id"]


async def test_every_log_line_of_a_request_carries_its_incoming_trace_id(
    client: httpx.AsyncClient,
) -> None:
    with _capture() as lines:
        request_id = await _broken_query(client, {"traceparent": TRACEPARENT})
    mine = [line for line in lines if line.get("request_id") == request_id]
    assert {line["message"] for line in mine} >= {"GraphQL error", "request"}
    assert {line["trace_id"] for line in mine} == {TRACE}


async def test_a_malformed_or_missing_traceparent_begins_a_new_trace(
    client: httpx.AsyncClient,
) -> None:
    with _capture() as lines:
        malformed = await _broken_query(client, {"traceparent": f"00-{TRACE.upper()}-x-01"})
        missing = await _broken_query(client, {})
    traces = {}
    for request_id in (malformed, missing):
        ids = {line["trace_id"] for line in lines if line.get("request_id") == request_id}
        assert len(ids) == 1
        traces[request_id] = ids.pop()
    assert all(len(t) == 32 and int(t, 16) > 0 for t in traces.values())
    assert TRACE not in {t.lower() for t in traces.values()}
    assert traces[malformed] != traces[missing]

"""Prometheus metrics: the API's own measures, and the listener that serves all of them.

/metrics is never on the public port. With KRING_METRICS_PORT set, a separate listener on
KRING_METRICS_HOST (loopback unless configured) answers it; unset, there is none. With
`kring serve --workers N` the processes write their samples to a shared directory
(prometheus-client's multiprocess mode) and the supervising process serves their sum.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from graphql import OperationDefinitionNode
from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    start_http_server,
)
from prometheus_client import multiprocess as prometheus_multiprocess
from strawberry.extensions import SchemaExtension

from graph.core.errors import ErrorCode

log = logging.getLogger(__name__)

# prometheus-client's own switch: set, every process writes its samples to files there.
MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

OPERATION_SECONDS = Histogram(
    "kring_graphql_operation_seconds",
    "Time to answer a GraphQL operation (parse, validate, execute), by operation name.",
    ["operation", "type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "kring_graphql_errors_total",
    "GraphQL errors returned, by their extensions.code.",
    ["code"],
)
SUBSCRIPTIONS = Gauge(
    "kring_graphql_subscriptions",
    "Operations open over graphql-transport-ws WebSockets (live subscriptions).",
    multiprocess_mode="livesum",
)

# Operation names come from the caller: only identifiers, and only so many distinct ones, so
# that a client cannot grow the metrics without bound (the web app has a few hundred).
MAX_OPERATION_NAMES = 500
_OPERATION_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_KNOWN_CODES = frozenset(code.value for code in ErrorCode)
_seen_names: set[str] = set()


def operation_label(name: str | None) -> str:
    """The label an operation is counted under: its name, `anonymous`, or `other`."""
    if not name:
        return "anonymous"
    if not _OPERATION_NAME.fullmatch(name):
        return "other"
    if name not in _seen_names:
        if len(_seen_names) >= MAX_OPERATION_NAMES:
            return "other"
        _seen_names.add(name)
    return name


def count_error(code: str | None) -> None:
    """One error returned to a client, under its stable code (unknown ones as OTHER)."""
    ERRORS.labels(code if code in _KNOWN_CODES else "OTHER").inc()


class Measured(SchemaExtension):
    """Times each operation by name and counts the errors it returns, by code."""

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        try:
            kind = context.operation_type.value
        except Exception:  # an unparsable or ambiguous document has no operation type
            kind = "unknown"
        name = context.operation_name
        if name is None and context.graphql_document is not None:
            # A document of one operation need not name it in the request.
            operations = [
                d
                for d in context.graphql_document.definitions
                if isinstance(d, OperationDefinitionNode)
            ]
            if len(operations) == 1 and operations[0].name is not None:
                name = operations[0].name.value
        OPERATION_SECONDS.labels(operation_label(name), kind).observe(time.perf_counter() - started)
        result = context.result
        for error in (result.errors or []) if result is not None else []:
            extensions: dict[str, Any] = error.extensions or {}
            count_error(str(extensions.get("code")) if "code" in extensions else None)


@contextlib.contextmanager
def exposed(host: str, port: int | None, registry: Any = REGISTRY) -> Iterator[None]:
    """Serve `registry` at http://host:port/metrics while inside; nothing if `port` is None."""
    if port is None:
        yield
        return
    server, thread = start_http_server(port, addr=host, registry=registry)
    log.info("metrics served", extra={"url": f"http://{host}:{port}/metrics"})
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def shared_by_processes() -> Iterator[CollectorRegistry]:
    """A fresh multiprocess directory for the processes started inside (they inherit it from
    the environment), and a registry that sums what they wrote."""
    directory = tempfile.mkdtemp(prefix="kring-metrics-")
    os.environ[MULTIPROC_DIR] = directory
    registry = CollectorRegistry()
    prometheus_multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    try:
        yield registry
    finally:
        os.environ.pop(MULTIPROC_DIR, None)
        shutil.rmtree(directory, ignore_errors=True)


def forget_this_process() -> None:
    """A process of a multiprocess set stops: its live gauges (open subscriptions) no longer
    count. (A process that is killed outright cannot say so; see the README.)"""
    if os.environ.get(MULTIPROC_DIR):
        prometheus_multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

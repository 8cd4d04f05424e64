"""Prometheus measures of the database work (exposed by server.metrics at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

TRANSACTION_SECONDS = Histogram(
    "kring_neo4j_transaction_seconds",
    "Time a managed Neo4j transaction took, retries included.",
    ["mode"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
TRANSACTION_RETRIES = Counter(
    "kring_neo4j_transaction_retries_total",
    "Transaction functions run again by the driver after a transient error.",
    ["mode"],
)
UNAVAILABLE = Counter(
    "kring_neo4j_unavailable_total",
    "Transactions given up because the database could not be reached (after retries).",
    ["mode"],
)

"""Prometheus measures of notification delivery (exposed by server.metrics at /metrics)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

DELIVERIES = Counter(
    "kring_deliveries_total",
    "Delivery attempts by channel (PUSH, EMAIL) and the state they left the delivery in "
    "(DELIVERED, PENDING for a retry, GONE, DEAD).",
    ["channel", "outcome"],
)
# Sampled by a delivery worker; with several, the most recent sample is the queue's depth.
QUEUE_DEPTH = Gauge(
    "kring_delivery_queue_depth",
    "Deliveries waiting (PENDING), being sent (SENDING) and dead-lettered (DEAD).",
    ["state"],
    multiprocess_mode="mostrecent",
)
QUEUE_STATES = ("PENDING", "SENDING", "DEAD")

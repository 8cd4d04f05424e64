"""The delivery worker: expands pending saved-area fan-outs into notifications, claims due
deliveries, sends them (Web Push or e-mail), and records what happened.

Run it inside the server (`make run`) or as `kring worker`; any number may run at once,
since each delivery and each fan-out batch goes to one worker (see graph.notifications'
deliveries and fan_out).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import socket
import time
from dataclasses import dataclass

from py_vapid import Vapid

from badges.issuer_keys import IssuerKeys
from badges.transparency_log import sign_tree_head
from graph.core import idempotency, throttles
from graph.core.database import Graph
from graph.notifications import deliveries, fan_out
from graph.notifications.outbox import Kind
from graph.oauth import oauth
from graph.peer_assessment import assignment as peer_assignment
from notifications import metrics
from notifications.letters import letter
from notifications.mail import MailSender, deliver
from notifications.push import Message, Outcome, Pusher, Target, Verdict, allowed_endpoint

log = logging.getLogger("kring.worker")

BATCH = 50
POLL_SECONDS = 1.0
ERROR_PAUSE_SECONDS = 5.0
PRUNE_EVERY_SECONDS = 600.0
# The queue's depth is counted for /metrics this often (one small aggregate read).
QUEUE_DEPTH_EVERY_SECONDS = 15.0
# Overdue peer reviews are expired and reassigned this often (graph.peer_assessment).
PEER_SWEEP_EVERY_SECONDS = 300
# The transparency log's tree head is signed this often, when the log grew meanwhile.
LOG_SIGN_EVERY_SECONDS = 300
SETTLE_RETRY_SECONDS = 1.0
# Longest we wait on a push service's Retry-After.
MAX_RETRY_AFTER_SECONDS = 86_400.0
# Watchers told per fan-out transaction: their notifications and deliveries stay a modest
# transaction, and a round still leaves time for the deliveries in between.
FAN_OUT_BATCH = 1000
# A step takes well under a second; a fan-out whose worker died resumes after this.
FAN_OUT_LEASE_SECONDS = 15.0


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    backoff_seconds: float
    cap_seconds: float

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Exponential backoff with equal jitter, never sooner than the service asked."""
        ceiling = min(self.cap_seconds, self.backoff_seconds * 2.0 ** (attempt - 1))
        # Jitter spreads the retries of many deliveries that failed together.
        delay = ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - not a secret
        if retry_after is not None:
            delay = max(delay, min(retry_after, MAX_RETRY_AFTER_SECONDS))
        return delay

    def settle(self, claimed: deliveries.Claimed, outcome: Outcome) -> deliveries.Settled:
        """The delivery's next state after this attempt."""
        state = {
            Verdict.DELIVERED: "DELIVERED",
            Verdict.GONE: "GONE",
            Verdict.FAILED: "DEAD",
            Verdict.RETRY: "PENDING",
        }[outcome.verdict]
        retry_in = 0.0
        if state == "PENDING":
            if claimed.attempt >= self.max_attempts:
                state = "DEAD"
            else:
                retry_in = self.delay(claimed.attempt, outcome.retry_after)
        return deliveries.Settled(
            id=claimed.id,
            attempt=claimed.attempt,
            state=state,
            retry_in_ms=int(retry_in * 1000),
            status=outcome.status,
            error=outcome.detail or None,
        )


@dataclass(frozen=True)
class WorkerConfig:
    public_url: str  # links in e-mails point here
    services: tuple[str, ...]  # push service hosts the worker may POST to
    allow_http: bool  # plain-HTTP push services exist only on a developer's machine
    vapid_subject: str
    timeout_seconds: float
    policy: RetryPolicy
    poll_seconds: float = POLL_SECONDS
    batch: int = BATCH
    fan_out_batch: int = FAN_OUT_BATCH
    fan_out_lease_seconds: float = FAN_OUT_LEASE_SECONDS
    # The platform's keys, to sign the transparency log's tree head (None: not this worker).
    log_keys: IssuerKeys | None = None


@dataclass(frozen=True)
class Round:
    """What one round did: the deliveries it claimed, and the fan-out batch it expanded."""

    claimed: list[deliveries.Claimed]
    contended: bool  # due deliveries were seen but a rival took them
    expanded: fan_out.Expanded | None = None

    @property
    def busy(self) -> bool:
        """Whether more work may be waiting right now."""
        return bool(self.claimed) or self.contended or self.expanded is not None


class Worker:
    """One delivery worker; use as an async context manager around `run` or `run_once`."""

    def __init__(self, graph: Graph, vapid: Vapid, mail: MailSender, config: WorkerConfig) -> None:
        self.graph = graph
        self.mail = mail
        self.id = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.config = config
        self.policy = config.policy
        # The lease outlasts the longest send, so it only lapses when a worker died.
        self.lease_seconds = config.timeout_seconds * 2 + 30
        self.pusher = Pusher(vapid, config.vapid_subject, config.timeout_seconds)
        self._pruned_at = 0.0
        self._fanning: str | None = None  # the fan-out whose lease this worker holds
        self._peer_swept_at = 0.0
        self._log_signed_at = 0.0
        self._measured_at = 0.0

    async def __aenter__(self) -> Worker:
        await self.pusher.__aenter__()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.pusher.__aexit__(*exc)

    async def _push(self, claimed: deliveries.Claimed) -> Outcome:
        assert claimed.endpoint
        assert claimed.p256dh
        assert claimed.auth
        assert claimed.recipient
        if not allowed_endpoint(claimed.endpoint, self.config.services, self.config.allow_http):
            return Outcome(Verdict.FAILED, detail="push service no longer allowed")
        target = Target(claimed.endpoint, claimed.p256dh, claimed.auth)
        message = Message(
            claimed.notification_id, Kind(claimed.kind), claimed.recipient, claimed.data
        )
        return await self.pusher.send(target, message)

    async def _email(self, claimed: deliveries.Claimed) -> Outcome:
        assert claimed.address
        mail = letter(Kind(claimed.kind), claimed.data, self.config.public_url, claimed.link)
        # The same Message-ID on a retry lets a mail system drop a copy it already has.
        headers = {"Message-ID": f"<{claimed.id}@kring>", "Auto-Submitted": "auto-generated"}
        return await deliver(self.mail, claimed.address, mail.subject, mail.body, headers)

    async def _send(self, claimed: deliveries.Claimed) -> deliveries.Settled:
        try:
            if claimed.channel is deliveries.Channel.EMAIL:
                outcome = await self._email(claimed)
            else:
                outcome = await self._push(claimed)
        except Exception as exc:
            # One delivery that cannot be sent must not hold back the rest of its batch.
            log.exception("delivery failed", extra={"delivery": claimed.id})
            outcome = Outcome(Verdict.FAILED, detail=f"{type(exc).__name__}: {exc}"[:200])
        settled = self.policy.settle(claimed, outcome)
        metrics.DELIVERIES.labels(claimed.channel.value, settled.state).inc()
        if settled.state != "DELIVERED":
            log.info(
                "not delivered",
                extra={
                    "delivery": claimed.id,
                    "channel": claimed.channel.value,
                    "attempt": claimed.attempt,
                    "state": settled.state,
                    "status": outcome.status,
                    "detail": outcome.detail,
                },
            )
        return settled

    async def _record(self, settled: list[deliveries.Settled], lease_ends: float) -> None:
        """Record the outcomes, retrying while the lease holds: they were already sent."""
        while True:
            try:
                await deliveries.settle(self.graph, self.id, settled)
                return
            except Exception:
                if time.monotonic() + SETTLE_RETRY_SECONDS >= lease_ends:
                    raise
                log.exception("recording push outcomes failed; retrying")
                await asyncio.sleep(SETTLE_RETRY_SECONDS)

    async def _fan_out(self) -> fan_out.Expanded | None:
        """Take the next step of one pending fan-out, if there is one."""
        # The fan-out this worker holds the lease on is not due for others: carry it on.
        chosen = self._fanning
        if chosen is None:
            due = await fan_out.due(self.graph, 8)
            if not due:
                return None
            # A random one of the oldest, so rivals rarely queue on the same fan-out's lock.
            chosen = random.choice(due)  # noqa: S311 - not a secret
        self._fanning = None
        expanded = await fan_out.expand(
            self.graph,
            chosen,
            self.id,
            self.config.fan_out_batch,
            self.config.fan_out_lease_seconds,
        )
        if expanded is not None and expanded.state == "PENDING":
            self._fanning = chosen
        return expanded

    async def run_once(self) -> Round:
        """Claim one batch of deliveries, send it, record it; then one step of a fan-out."""
        claim = await deliveries.claim(
            self.graph,
            self.id,
            self.config.batch,
            self.lease_seconds,
            self.policy.max_attempts,
        )
        lease_ends = time.monotonic() + self.lease_seconds
        if claim.claimed:
            settled = await asyncio.gather(*(self._send(c) for c in claim.claimed))
            await self._record(list(settled), lease_ends)
        try:
            expanded = await self._fan_out()
        except Exception:
            # A fan-out that cannot be expanded must not stop deliveries; it is tried again.
            log.exception("fan-out step failed", extra={"worker": self.id})
            expanded = None
        if time.monotonic() - self._peer_swept_at > PEER_SWEEP_EVERY_SECONDS:
            self._peer_swept_at = time.monotonic()
            try:
                await peer_assignment.sweep(self.graph)
            except Exception:
                # Reviews are reassigned on the next sweep; deliveries must go on.
                log.exception("peer-review sweep failed", extra={"worker": self.id})
        keys = self.config.log_keys
        if keys is not None and time.monotonic() - self._log_signed_at > LOG_SIGN_EVERY_SECONDS:
            self._log_signed_at = time.monotonic()
            try:
                await sign_tree_head(self.graph, self.config.public_url, keys, only_if_grown=True)
            except Exception:
                # The next round signs it; deliveries must go on.
                log.exception("signing the log's tree head failed", extra={"worker": self.id})
        if time.monotonic() - self._measured_at > QUEUE_DEPTH_EVERY_SECONDS:
            self._measured_at = time.monotonic()
            await self.measure_queue()
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_SECONDS:
            self._pruned_at = time.monotonic()
            await deliveries.prune(self.graph)
            await fan_out.prune(self.graph)
            # Expired throttles and idempotency records, for every replica.
            await throttles.prune(self.graph)
            await oauth.prune(self.graph)
            await idempotency.prune(self.graph)
        return Round(claim.claimed, claim.contended, expanded)

    async def measure_queue(self) -> None:
        """Sample the delivery queue's depth for /metrics."""
        counts = await deliveries.queue_counts(self.graph)
        for state in metrics.QUEUE_STATES:
            metrics.QUEUE_DEPTH.labels(state).set(counts.get(state, 0))

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; a batch already claimed is finished first."""
        log.info("push worker started", extra={"worker": self.id})
        while not stop.is_set():
            try:
                busy = (await self.run_once()).busy
            except Exception:
                # A lost database connection must not end delivery for good.
                log.exception("push worker round failed", extra={"worker": self.id})
                busy = False
                pause = ERROR_PAUSE_SECONDS
            else:
                pause = self.config.poll_seconds
            if busy:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=pause)
        log.info("push worker stopped", extra={"worker": self.id})

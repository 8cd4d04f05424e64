"""Wiring the delivery worker (Web Push and e-mail) from settings, for the server's
lifespan and `kring worker`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from badges.issuer_keys import IssuerKeys
from graph.core.database import Graph
from notifications.mail import LogMailSender, MailSender, SmtpMailSender
from notifications.vapid import load_vapid
from notifications.worker import RetryPolicy, Worker, WorkerConfig
from server.settings import Settings

log = logging.getLogger("kring.worker")


def mail_sender(settings: Settings) -> MailSender:
    if settings.smtp_host:
        return SmtpMailSender(
            settings.smtp_host,
            settings.smtp_port,
            settings.mail_from,
            settings.smtp_user,
            settings.smtp_password.get_secret_value() if settings.smtp_password else None,
            settings.smtp_security,
            str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
        )
    return LogMailSender(reveal_body=settings.development)


def worker_config(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        public_url=settings.public_url,
        services=settings.push_services,
        allow_http=settings.development,
        vapid_subject=settings.vapid_subject,
        timeout_seconds=settings.push_timeout_seconds,
        policy=RetryPolicy(
            settings.push_max_attempts,
            settings.push_backoff_seconds,
            settings.push_backoff_cap_seconds,
        ),
        log_keys=IssuerKeys(settings.key_dir),
    )


def make_worker(graph: Graph, settings: Settings, mail: MailSender | None = None) -> Worker:
    return Worker(
        graph,
        load_vapid(settings.key_dir),
        mail or mail_sender(settings),
        worker_config(settings),
    )


@asynccontextmanager
async def running_worker(
    graph: Graph, settings: Settings, mail: MailSender | None = None
) -> AsyncIterator[Worker]:
    """A worker delivering in the background until the block ends, then finishing its batch."""
    stop = asyncio.Event()
    async with make_worker(graph, settings, mail) as worker:
        task = asyncio.create_task(worker.run(stop), name="kring-delivery-worker")
        try:
            yield worker
        finally:
            stop.set()
            # Sends in flight finish (each bounded by the push timeout) and are recorded.
            await task

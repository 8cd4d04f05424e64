"""Live notifications: one feed per replica, fanned out to every subscriber on it.

Each `notificationAdded` subscriber used to poll the graph once a second; now the replica
reads once a tick what arrived for all the people subscribed on it (one indexed statement,
graph.notifications.outbox.ARRIVED) and hands each notification to its person's
subscribers. The graph stays the source of truth, so any replica serves any subscriber and
an event caused through another replica arrives within a tick. No subscriber, no query.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from graph.core.database import Graph
from graph.notifications import outbox
from graph.notifications.outbox import Notification

log = logging.getLogger("kring.live")

POLL_SECONDS = 1.0
# A commit can carry a createdAt a little older than one already read (its transaction began
# earlier): read back this far, and skip what was handed out already.
OVERLAP = timedelta(seconds=10)
# Rows per statement; a busier tick continues from the last row it read.
BATCH = 2_000
# A subscriber that does not keep up loses the oldest; its client reloads the list anyway.
QUEUE_SIZE = 100


@dataclass(eq=False)
class Subscriber:
    person_id: str
    # Only what is newer than the person's newest notification when they subscribed.
    after: tuple[datetime, str] | None
    queue: asyncio.Queue[Notification] = field(
        default_factory=lambda: asyncio.Queue(maxsize=QUEUE_SIZE)
    )

    def offer(self, notification: Notification) -> bool:
        if self.after and (notification.created_at, notification.id) <= self.after:
            return False
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(notification)
        return True


class LiveFeed:
    """The replica's subscribers by person, and the one reader that serves them all."""

    def __init__(self, poll_seconds: float = POLL_SECONDS, batch: int = BATCH) -> None:
        self.poll_seconds = poll_seconds
        self.batch = batch
        self.subscribers: dict[str, set[Subscriber]] = {}
        self.since: datetime | None = None  # when the last tick began
        self.handed: dict[str, datetime] = {}  # ids handed out within the overlap
        self.reads = 0  # statements run: what the subscribers cost the graph

    @property
    def count(self) -> int:
        return sum(len(s) for s in self.subscribers.values())

    @contextlib.asynccontextmanager
    async def subscribe(
        self, person_id: str, after: Notification | None
    ) -> AsyncIterator[asyncio.Queue[Notification]]:
        """A queue of the person's new notifications while the context lasts."""
        subscriber = Subscriber(person_id, (after.created_at, after.id) if after else None)
        self.subscribers.setdefault(person_id, set()).add(subscriber)
        try:
            yield subscriber.queue
        finally:
            mine = self.subscribers.get(person_id)
            if mine is not None:
                mine.discard(subscriber)
                if not mine:
                    del self.subscribers[person_id]

    async def read(self, graph: Graph) -> int:
        """One tick: read what arrived for everyone subscribed, hand it out; returns how
        many notifications were handed out."""
        if not self.subscribers:
            self.since = None  # whoever subscribes next starts from their own newest
            return 0
        tick = datetime.now(UTC)
        since, after_id = (self.since or tick) - OVERLAP, None
        handed = 0
        while True:
            arrived = await outbox.arrived(
                graph, sorted(self.subscribers), since, self.batch, after_id
            )
            self.reads += 1
            for item in arrived:
                n = item.notification
                if n.id in self.handed:
                    continue
                self.handed[n.id] = n.created_at
                for subscriber in self.subscribers.get(item.person_id, ()):
                    handed += subscriber.offer(n)
            if len(arrived) < self.batch:
                break
            last = arrived[-1].notification
            since, after_id = last.created_at, last.id
        # The next tick reads back OVERLAP from here: a window of bounded width however long
        # nothing arrived, and what it sees twice was handed out already.
        self.since = tick
        horizon = tick - 3 * OVERLAP
        self.handed = {k: v for k, v in self.handed.items() if v > horizon}
        return handed

    async def follow(self, graph: Graph, stop: asyncio.Event) -> None:
        """Read every tick until `stop` is set (idle while nobody is subscribed)."""
        while not stop.is_set():
            try:
                await self.read(graph)
            except Exception:
                log.warning("could not read new notifications", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll_seconds)

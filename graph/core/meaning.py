"""What things mean, as vectors: written beside their text, kept current after a model change.

A vector is stored with the id of the model that made it; every query asks only for vectors
of the model it encodes with, so a vector of another model is never served. Each domain says
what one of its nodes means (an `Embedded`: graph/opportunities/meaning.py,
graph/badge_classes/meaning.py); the upkeep here is the same for all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows, single
from graph.core.database import Graph
from graph.core.transactions import reads, writes

# Longest text given to the model: encoders cut at their own window anyway, and a bound
# keeps a 10,000-character description from costing more than it adds.
MAX_CHARS = 2_000
BATCH = 64


def index_score(cosine: float) -> float:
    """A cosine as a vector index scores it: (1 + c) / 2, in [0, 1]."""
    return (1 + cosine) / 2


class Embedder(Protocol):
    """A sentence-embedding model (embeddings.Encoder is one); graph/ only needs this much."""

    @property
    def model(self) -> str: ...

    async def passages(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of texts to be found (a query may be encoded differently)."""
        ...


@dataclass(frozen=True)
class Embedded:
    """A label whose nodes carry `embedding` and `embeddingModel`, and what they mean."""

    label: str
    index: str  # its vector index (cosine), made by a migration for the default model
    source: str  # `UNWIND $ids AS id` ... RETURN id and the columns `passage` reads
    passage: Callable[[Any], str]  # one source row's text
    only: str = "true"  # which nodes of the label are embedded at all (a fixed predicate)

    def text(self, record: Any) -> str:
        return self.passage(record)[:MAX_CHARS]


def passage_of(*parts: object) -> str:
    """Non-empty parts, one per line."""
    return "\n".join(str(p).strip() for p in parts if p)


async def embed(
    tx: AsyncManagedTransaction, embedder: Embedder, kind: Embedded, ids: Sequence[str]
) -> int:
    """(Re)write the vectors of `kind`'s nodes `ids` in this transaction; how many."""
    found = await rows(tx, kind.source, ids=list(ids))
    if not found:
        return 0
    vectors = await embedder.passages([kind.text(r) for r in found])
    await execute(
        tx,
        f"UNWIND $vectors AS v MATCH (n:{kind.label} {{id: v.id}}) "
        "SET n.embedding = v.vector, n.embeddingModel = $model",
        vectors=[{"id": r["id"], "vector": v} for r, v in zip(found, vectors, strict=True)],
        model=embedder.model,
    )
    return len(found)


def _stale(kind: Embedded) -> str:
    return (
        f"MATCH (n:{kind.label}) WHERE ({kind.only}) "
        "AND (n.embeddingModel IS NULL OR n.embeddingModel <> $model)"
    )


@reads
async def stale(tx: AsyncManagedTransaction, kind: Embedded, model: str, limit: int) -> list[str]:
    """Nodes whose vector is missing or from another model."""
    found = await rows(
        tx, _stale(kind) + " RETURN n.id AS id LIMIT $limit", model=model, limit=limit
    )
    return [r["id"] for r in found]


@reads
async def count_stale(tx: AsyncManagedTransaction, kind: Embedded, model: str) -> int:
    record = await single(tx, _stale(kind) + " RETURN count(n) AS stale", model=model)
    return int(record["stale"]) if record else 0


@writes
async def embed_batch(
    tx: AsyncManagedTransaction, embedder: Embedder, kind: Embedded, ids: Sequence[str]
) -> int:
    """One re-embedding batch in its own transaction."""
    return await embed(tx, embedder, kind, ids)


INDEX_SHAPE = """
SHOW VECTOR INDEXES YIELD name, options
WHERE name = $name
RETURN options.indexConfig['vector.dimensions'] AS dimensions
"""


@reads
async def index_dimensions(tx: AsyncManagedTransaction, index: str) -> int | None:
    """The width an index was made for; None when there is no such index."""
    record = await single(tx, INDEX_SHAPE, name=index)
    return int(record["dimensions"]) if record else None


async def _drop_index(tx: AsyncManagedTransaction, index: str) -> None:
    await execute(tx, f"DROP INDEX {index} IF EXISTS")


async def _create_index(tx: AsyncManagedTransaction, kind: Embedded, dimensions: int) -> None:
    # Schema commands take no parameters; the width is an int, never anyone's text.
    await execute(
        tx,
        f"CREATE VECTOR INDEX {kind.index} IF NOT EXISTS FOR (n:{kind.label}) ON (n.embedding) "
        f"OPTIONS {{indexConfig: {{`vector.dimensions`: {int(dimensions)}, "
        "`vector.similarity_function`: 'cosine'}}",
    )


async def reembed(
    graph: Graph,
    embedder: Embedder,
    dimensions: int,
    kinds: Sequence[Embedded],
    progress: Callable[[int, int], None],
) -> int:
    """Embed every node of `kinds` whose vector is missing or from another model, in batches
    of BATCH, each its own transaction; `progress(done, total)` after each. Search works
    throughout: a vector is replaced, never removed first."""
    for kind in kinds:
        if await index_dimensions(graph, kind.index) != dimensions:
            # Another model's width: the old vectors cannot be queried with the new model's.
            await graph.write(_drop_index, kind.index)
            await graph.write(_create_index, kind, dimensions)
    total = sum([await count_stale(graph, kind, embedder.model) for kind in kinds])
    done = 0
    progress(done, total)
    for kind in kinds:
        while ids := await stale(graph, kind, embedder.model, BATCH):
            embedded = await embed_batch(graph, embedder, kind, ids)
            if not embedded:  # deleted meanwhile: nothing left that this run can do
                break
            done += embedded
            progress(done, total)
    return done

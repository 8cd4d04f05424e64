"""What an opportunity means, as a vector: the text it is embedded from, and its upkeep.

A vector is stored with the id of the model that made it; discovery asks only for vectors of
the model it encodes queries with, so a vector of another model is never served.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows, single
from graph.core.database import Graph
from graph.core.transactions import reads, writes


class Embedder(Protocol):
    """A sentence-embedding model (embeddings.Encoder is one); graph/ only needs this much."""

    @property
    def model(self) -> str: ...

    async def passages(self, texts: Sequence[str]) -> list[list[float]]:
        """Unit vectors of texts to be found (a query may be encoded differently)."""
        ...


# The index is made for the default model's width (migration 20); another model's width
# needs `kring reembed`, which rebuilds it.
INDEX = "opportunity_meaning"

# Everything a learner might describe an opportunity by: its words, the badge it leads to and
# what that badge recognises.
SOURCE = """
UNWIND $ids AS id
MATCH (o:Opportunity {id: id})
OPTIONAL MATCH (o)-[:LEADS_TO]->(b:BadgeClass)
RETURN o.id AS id, o.title AS title, o.synopsis AS synopsis, o.description AS description,
       b.name AS badge, b.criteria AS criteria,
       COLLECT { MATCH (b)-[:ALIGNED_TO]->(c:Competency) RETURN c.name ORDER BY c.name }
         AS competencies
"""
WRITE = """
UNWIND $vectors AS v
MATCH (o:Opportunity {id: v.id})
SET o.embedding = v.vector, o.embeddingModel = $model
"""
# Longest text given to the model: encoders cut at their own window anyway, and a bound
# keeps a 10,000-character description from costing more than it adds.
MAX_CHARS = 2_000


def passage(record: Any) -> str:
    """The text one opportunity is embedded from."""
    parts = [
        record["title"],
        record["synopsis"],
        record["badge"],
        ", ".join(record["competencies"] or []),
        record["criteria"],
        record["description"],
    ]
    return "\n".join(str(p).strip() for p in parts if p)[:MAX_CHARS]


async def embed(tx: AsyncManagedTransaction, embedder: Embedder, ids: Sequence[str]) -> int:
    """(Re)write the vectors of the opportunities `ids` in this transaction; how many."""
    found = await rows(tx, SOURCE, ids=list(ids))
    if not found:
        return 0
    vectors = await embedder.passages([passage(r) for r in found])
    await execute(
        tx,
        WRITE,
        vectors=[{"id": r["id"], "vector": v} for r, v in zip(found, vectors, strict=True)],
        model=embedder.model,
    )
    return len(found)


LEADING_TO = "MATCH (:BadgeClass {id: $id})<-[:LEADS_TO]-(o:Opportunity) RETURN o.id AS id"


async def embed_leading_to(
    tx: AsyncManagedTransaction, embedder: Embedder, badge_class_id: str
) -> int:
    """Embed again every opportunity leading to a badge class whose words changed."""
    ids = [r["id"] for r in await rows(tx, LEADING_TO, id=badge_class_id)]
    return await embed(tx, embedder, ids) if ids else 0


# Opportunities whose vector is missing or from another model, oldest first.
STALE = """
MATCH (o:Opportunity)
WHERE o.embeddingModel IS NULL OR o.embeddingModel <> $model
RETURN o.id AS id
LIMIT $limit
"""
COUNT_STALE = """
MATCH (o:Opportunity)
WHERE o.embeddingModel IS NULL OR o.embeddingModel <> $model
RETURN count(o) AS stale
"""


@reads
async def stale(tx: AsyncManagedTransaction, model: str, limit: int) -> list[str]:
    return [r["id"] for r in await rows(tx, STALE, model=model, limit=limit)]


@reads
async def count_stale(tx: AsyncManagedTransaction, model: str) -> int:
    record = await single(tx, COUNT_STALE, model=model)
    return int(record["stale"]) if record else 0


@writes
async def embed_batch(tx: AsyncManagedTransaction, embedder: Embedder, ids: Sequence[str]) -> int:
    """One re-embedding batch in its own transaction."""
    return await embed(tx, embedder, ids)


@dataclass(frozen=True)
class IndexShape:
    dimensions: int | None  # None: no index yet


INDEX_SHAPE = """
SHOW VECTOR INDEXES YIELD name, options
WHERE name = $name
RETURN options.indexConfig['vector.dimensions'] AS dimensions
"""


@reads
async def index_shape(tx: AsyncManagedTransaction) -> IndexShape:
    record = await single(tx, INDEX_SHAPE, name=INDEX)
    return IndexShape(int(record["dimensions"]) if record else None)


INDEX_STATEMENT = (
    f"CREATE VECTOR INDEX {INDEX} IF NOT EXISTS FOR (o:Opportunity) ON (o.embedding) "
    "OPTIONS {{indexConfig: {{`vector.dimensions`: {dimensions}, "
    "`vector.similarity_function`: 'cosine'}}}}"
)


async def _drop_index(tx: AsyncManagedTransaction) -> None:
    await execute(tx, f"DROP INDEX {INDEX} IF EXISTS")


async def _create_index(tx: AsyncManagedTransaction, dimensions: int) -> None:
    # Schema commands take no parameters; the width is an int, never anyone's text.
    await execute(tx, INDEX_STATEMENT.format(dimensions=int(dimensions)))


async def reembed(
    graph: Graph, embedder: Embedder, dimensions: int, progress: Callable[[int, int], None]
) -> int:
    """Embed every opportunity whose vector is missing or from another model, in batches of
    BATCH, each its own transaction; `progress(done, total)` after each. Search works
    throughout: a vector is replaced, never removed first."""
    if (await index_shape(graph)).dimensions != dimensions:
        # Another model's width: the old vectors cannot be queried with the new model's.
        await graph.write(_drop_index)
        await graph.write(_create_index, dimensions)
    total = await count_stale(graph, embedder.model)
    done = 0
    progress(done, total)
    while ids := await stale(graph, embedder.model, BATCH):
        embedded = await embed_batch(graph, embedder, ids)
        if not embedded:  # deleted meanwhile: nothing left that this run can do
            break
        done += embedded
        progress(done, total)
    return done


BATCH = 64

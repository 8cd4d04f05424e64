"""What an opportunity means: its words, the badge it leads to and what that recognises."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.badge_classes.meaning import BADGE_CLASS
from graph.core.cypher import rows
from graph.core.database import Graph
from graph.core.meaning import Embedded, Embedder, embed, passage_of, reembed

# The index is made for the default model's width (migration 20); another model's width
# needs `kring reembed`, which rebuilds it.
INDEX = "opportunity_meaning"

SOURCE = """
UNWIND $ids AS id
MATCH (o:Opportunity {id: id})
OPTIONAL MATCH (o)-[:LEADS_TO]->(b:BadgeClass)
RETURN o.id AS id, o.title AS title, o.synopsis AS synopsis, o.description AS description,
       b.name AS badge, b.criteria AS criteria,
       COLLECT { MATCH (b)-[:ALIGNED_TO]->(c:Competency) RETURN c.name ORDER BY c.name }
         AS competencies
"""


def passage(record: Any) -> str:
    """The text one opportunity is embedded from."""
    return passage_of(
        record["title"],
        record["synopsis"],
        record["badge"],
        ", ".join(record["competencies"] or []),
        record["criteria"],
        record["description"],
    )


OPPORTUNITY = Embedded("Opportunity", INDEX, SOURCE, passage)


async def embed_opportunities(
    tx: AsyncManagedTransaction, embedder: Embedder, ids: list[str]
) -> int:
    """(Re)write these opportunities' vectors in this transaction."""
    return await embed(tx, embedder, OPPORTUNITY, ids)


LEADING_TO = "MATCH (:BadgeClass {id: $id})<-[:LEADS_TO]-(o:Opportunity) RETURN o.id AS id"


async def embed_leading_to(
    tx: AsyncManagedTransaction, embedder: Embedder, badge_class_id: str
) -> int:
    """Embed again every opportunity leading to a badge class whose words changed."""
    ids = [r["id"] for r in await rows(tx, LEADING_TO, id=badge_class_id)]
    return await embed(tx, embedder, OPPORTUNITY, ids) if ids else 0


# Everything discovery embeds: what `kring reembed` keeps current.
EMBEDDED = (OPPORTUNITY, BADGE_CLASS)


async def reembed_all(
    graph: Graph, embedder: Embedder, dimensions: int, progress: Callable[[int, int], None]
) -> int:
    """Embed every opportunity and badge class whose vector is missing or stale."""
    return await reembed(graph, embedder, dimensions, EMBEDDED, progress)

"""Finding open quests: near a point (the public area's point index), by words (the quest_text
full-text index), by domain; nearest first with a place, else newest first, keyset-paged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import rows
from graph.core.fulltext import every_word
from graph.core.geo import GeoPoint
from graph.core.paging import Position, after_parameters, newest_after, position_columns
from graph.core.transactions import reads
from graph.core.vocabulary import Domain
from graph.quests.quests import VIEW, Quest, quest_from

MAX_WORDS = 8
# Words narrow the candidates to the index's best matches; a listing by words is bounded.
MAX_TEXT_CANDIDATES = 1000


@dataclass(frozen=True)
class QuestFilters:
    centre: GeoPoint | None = None
    radius_m: float | None = None
    text: str | None = None
    domains: tuple[Domain, ...] | None = None


@dataclass(frozen=True)
class Found:
    quest: Quest
    distance_m: float | None
    position: Position | None  # newest-first listings
    distance_cursor: tuple[float, str] | None  # nearest-first listings


# Only what anyone may find: open, not expired (the listing forgets a quest the moment it
# expires, is taken, closed or hidden).
OPEN = "q.status = 'OPEN' AND q.expiresAt > datetime()"
LISTED = f"{OPEN} AND ($domains IS NULL OR q.domain IN $domains)"
WITHIN = "point.distance(q.area, point($centre)) <= $radius"
AFTER_DISTANCE = (
    "($afterDistance IS NULL OR distance > $afterDistance "
    "OR (distance = $afterDistance AND q.id > $afterId))"
)

NEAR = f"""
MATCH (q:Quest)
WHERE {WITHIN} AND {LISTED}
WITH q, point.distance(q.area, point($centre)) AS distance
WHERE {AFTER_DISTANCE}
WITH q, distance ORDER BY distance, q.id LIMIT $limit
"""
NEWEST = f"""
MATCH (q:Quest)
WHERE q.status = 'OPEN' AND q.createdAt IS NOT NULL AND q.expiresAt > datetime()
  AND ($domains IS NULL OR q.domain IN $domains) AND {newest_after("q", "createdAt")}
WITH q, null AS distance ORDER BY q.createdAt DESC, q.id DESC LIMIT $limit
"""
WORDS = """
CALL db.index.fulltext.queryNodes('quest_text', $words, {limit: $candidates}) YIELD node AS q
WHERE """
TEXT_NEAR = (
    WORDS
    + f"""{LISTED} AND {WITHIN}
WITH q, point.distance(q.area, point($centre)) AS distance
WHERE {AFTER_DISTANCE}
WITH q, distance ORDER BY distance, q.id LIMIT $limit
"""
)
TEXT_NEWEST = (
    WORDS
    + f"""{LISTED} AND {newest_after("q", "createdAt")}
WITH q, null AS distance ORDER BY q.createdAt DESC, q.id DESC LIMIT $limit
"""
)
TAIL = VIEW.replace(
    "RETURN q {", "RETURN distance, " + position_columns("q", "createdAt") + ", q {", 1
)
# A quest as one row of a listing that also holds opportunities (graph/opportunities/
# discovery.py): the view folded into one map, beside the listing's sort columns.
MIXED_TAIL = (
    VIEW.replace("RETURN q {", "WITH q, distance, score, sortKey, q {", 1)
    + """RETURN null AS opportunity, null AS organisation,
       {quest: quest, giver: giver, university: university, helper: helper, mine: mine,
        offers: offers, claimId: claimId, moderated: moderated} AS quest,
       distance, score, sortKey, q.id AS id
"""
)


def statement(filters: QuestFilters) -> str:
    """The one statement for these filters (public for the plan tests)."""
    heads = {(True, True): TEXT_NEAR, (True, False): TEXT_NEWEST, (False, True): NEAR}
    return heads.get((bool(filters.text), filters.centre is not None), NEWEST) + TAIL


def parameters(
    filters: QuestFilters,
    actor_id: str | None,
    limit: int,
    after_newest: Position | None = None,
    after_distance: tuple[float, str] | None = None,
) -> dict[str, Any]:
    centre = filters.centre
    return {
        "actor": actor_id,
        "limit": limit,
        "domains": [d.value for d in filters.domains] if filters.domains else None,
        "centre": {"latitude": centre.latitude, "longitude": centre.longitude} if centre else None,
        "radius": filters.radius_m,
        "words": every_word(filters.text, MAX_WORDS) if filters.text else None,
        "candidates": MAX_TEXT_CANDIDATES,
        "afterDistance": after_distance[0] if after_distance else None,
        **({"afterId": after_distance[1]} if after_distance else after_parameters(after_newest)),
    }


@reads
async def find(
    tx: AsyncManagedTransaction,
    filters: QuestFilters,
    actor_id: str | None,
    limit: int,
    after_newest: Position | None = None,
    after_distance: tuple[float, str] | None = None,
) -> list[Found]:
    """Up to `limit` open quests after the cursor, as `actor_id` may see them."""
    found = await rows(
        tx,
        statement(filters),
        **parameters(filters, actor_id, limit, after_newest, after_distance),
    )
    result = []
    for r in found:
        quest = quest_from(r, actor_id)
        distance = r["distance"]
        result.append(
            Found(
                quest=quest,
                distance_m=float(distance) if distance is not None else None,
                position=None
                if distance is not None
                else (int(r["seconds"]), int(r["nanos"]), quest.id),
                distance_cursor=(float(distance), quest.id) if distance is not None else None,
            )
        )
    return result

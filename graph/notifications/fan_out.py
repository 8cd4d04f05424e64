"""Telling the watchers of saved areas about a newly published opportunity, and those who want
to develop a competency it leads to, off the hot path.

Publication records one pending `:FanOut` about the opportunity, in its own transaction. A
worker expands it later, a step per transaction: first one seek of the saved-area point
index links the fan-out to each watcher (`TELLS`), then each batch consumes up to `batch` of
those links, writing the notifications in the same transaction. Each step takes the
fan-out's write lock before reading anything, so a watcher is told exactly once: a rival
waits for the lock and finds the links already gone, and a step that dies rolls back whole.
A lease keeps rivals on other work while a worker is busy with a fan-out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.cypher import execute, rows, single
from graph.core.database import Graph
from graph.core.transactions import reads, writes
from graph.notifications.outbox import DELIVER, EMAIL_BY_DEFAULT, Kind
from graph.notifications.saved_areas import MAX_AREA_RADIUS_KM

# The kinds a fan-out tells (see PLAN), and when one is worth queueing at all: nobody may
# want to develop what an opportunity leads to, and that is cheap to see at once.
KINDS = (Kind.OPPORTUNITY_NEARBY, Kind.OPPORTUNITY_FOR_GOAL)
RECORD = """
MATCH (o:Opportunity {id: $opportunity})
WHERE $kind <> $forGoal
   OR EXISTS { (o)-[:LEADS_TO]->(:BadgeClass)-[:ALIGNED_TO]->(:Competency)
               <-[:ASSESSES {wantToDevelop: true}]-(:Person) }
CREATE (:FanOut {id: randomUUID(), kind: $kind, data: $data, state: 'PENDING',
                 dueAt: datetime(), createdAt: datetime()})-[:ABOUT]->(o)
"""


async def record(tx: AsyncManagedTransaction, opportunity_id: str, data: dict[str, Any]) -> None:
    """Queue telling the opportunity's audiences (saved areas, goals); touches nobody yet."""
    for kind in KINDS:
        await execute(
            tx,
            RECORD,
            opportunity=opportunity_id,
            kind=kind.value,
            forGoal=Kind.OPPORTUNITY_FOR_GOAL.value,
            data=json.dumps(data),
        )


RECORD_QUEST = """
MATCH (q:Quest {id: $quest})
CREATE (:FanOut {id: randomUUID(), kind: $kind, data: $data, state: 'PENDING',
                 dueAt: datetime(), createdAt: datetime()})-[:ABOUT]->(q)
"""


async def record_quest(tx: AsyncManagedTransaction, quest_id: str, data: dict[str, Any]) -> None:
    """Queue telling everyone whose saved area holds the quest's public area (not its giver)."""
    await execute(
        tx, RECORD_QUEST, quest=quest_id, kind=Kind.QUEST_NEARBY.value, data=json.dumps(data)
    )


# Due fan-outs, oldest first, in index order (see graph.notifications.deliveries): waiting
# ones, and ones whose worker's lease lapsed.
CANDIDATES = """
MATCH (f:FanOut)
WHERE f.state = 'PENDING' AND f.dueAt <= datetime()
RETURN f.id AS id
ORDER BY f.state, f.dueAt
LIMIT $limit
"""


@reads
async def due(tx: AsyncManagedTransaction, limit: int) -> list[str]:
    """Ids of fan-outs nobody is expanding now."""
    return [r["id"] for r in await rows(tx, CANDIDATES, limit=limit)]


# The write lock first, in a statement of its own: a rival's step has committed by the time
# the next statement reads the fan-out and its links.
LOCK = """
MATCH (f:FanOut {id: $id})
SET f.lockedAt = datetime()
RETURN f.kind AS kind, f.data AS data
"""
# Due, or this worker's: a rival's lease keeps others away while it lives.
MINE = """
MATCH (f:FanOut {id: $id})
WHERE f.state = 'PENDING' AND (f.dueAt <= datetime() OR f.leasedBy = $worker)
"""
LEASE = """
SET f.leasedBy = CASE state WHEN 'PENDING' THEN $worker END,
    f.state = state,
    f.dueAt = CASE state WHEN 'PENDING' THEN datetime() + duration({milliseconds: $leaseMs})
              ELSE datetime() END
"""
# What a fan-out is about while watchers may still hear of it: a published opportunity, or an
# open quest not yet expired (hidden, closed or taken quests tell nobody more).
LIVE = (
    "((o:Opportunity AND o.status = 'PUBLISHED') "
    "OR (o:Quest AND o.status = 'OPEN' AND o.expiresAt > datetime()))"
)
# An area that holds the place `at`: its own radius and the domains it follows.
HOLDS = """point.distance(area.location, at) <= area.radiusKm * 1000.0
    AND (area.domains = [] OR o.domain IN area.domains)"""
# The first step, once, by the fan-out's kind. Nearby (an opportunity, or a quest by its
# public area: watchers learn no more than anyone else, and its giver is not told): one seek
# on the saved-area point index around the place (every area lies within MAX_AREA_RADIUS_KM of
# its centre, so no area further away can hold it), then each area's own radius and domains.
# For a goal: those who want to develop a competency the opportunity's badge shows and do not
# hold that badge, less the watchers the nearby fan-out tells already. A person found twice is
# one link. Only links are written, far cheaper than the notifications the batches write.
PLAN = (
    MINE
    + f"""
  AND f.plannedAt IS NULL
OPTIONAL MATCH (f)-[:ABOUT]->(o)
WHERE {LIVE}
CALL (f, o) {{
  WITH f, o WHERE o IS NOT NULL
  WITH f, o, CASE WHEN o:Quest THEN o.area ELSE o.location END AS at
  CALL (f, o, at) {{
    WITH f, o, at WHERE f.kind IN ['{Kind.OPPORTUNITY_NEARBY.value}', '{Kind.QUEST_NEARBY.value}']
    MATCH (area:SavedArea)
    USING INDEX area:SavedArea(location)
    WHERE point.distance(area.location, at) <= {MAX_AREA_RADIUS_KM * 1000.0}
      AND {HOLDS}
    MATCH (p:Person)-[:WATCHES]->(area)
    WHERE NOT EXISTS {{ (p)-[:POSTED]->(o) }}
    RETURN p
    UNION
    WITH f, o, at WHERE f.kind = '{Kind.OPPORTUNITY_FOR_GOAL.value}'
    MATCH (o)-[:LEADS_TO]->(b:BadgeClass)-[:ALIGNED_TO]->(:Competency)
          <-[:ASSESSES {{wantToDevelop: true}}]-(p:Person)
    WHERE NOT EXISTS {{
        (p)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b) WHERE a.revokedAt IS NULL
      }}
      AND NOT EXISTS {{ MATCH (p)-[:WATCHES]->(area:SavedArea) WHERE {HOLDS} }}
    RETURN p
  }}
  WITH DISTINCT f, p
  CREATE (f)-[:TELLS]->(p)
  RETURN count(p) AS watchers
}}
WITH f, watchers, CASE WHEN o IS NULL THEN 'DROPPED' WHEN watchers = 0 THEN 'DONE'
                       ELSE 'PENDING' END AS state
SET f.plannedAt = datetime(), f.watchers = watchers
"""
    + LEASE
    + """
RETURN f.state AS state, watchers
"""
)
# Each later step: the next links, consumed as their notifications are written. Once the
# opportunity is no longer published (closed since), the links go and nobody more is told.
BATCH = (
    MINE
    + """
  AND f.plannedAt IS NOT NULL
OPTIONAL MATCH (f)-[:ABOUT]->(o)
WHERE """
    + LIVE
    + """
CALL (f) {
  OPTIONAL MATCH (f)-[t:TELLS]->(p:Person)
  WITH t, p LIMIT $batch
  DELETE t
  RETURN collect(p) AS batch
}
WITH f, o, batch, CASE WHEN size(batch) = $batch THEN 'PENDING' WHEN o IS NULL THEN 'DROPPED'
                       ELSE 'DONE' END AS state
"""
    + LEASE
    + """
WITH f, CASE WHEN o IS NULL THEN [] ELSE batch END AS told
CALL (told) {
  UNWIND told AS p
  WITH p, $data AS data
"""
    + DELIVER
    + """
  RETURN count(n) AS notified
}
RETURN f.state AS state, size(told) AS told, notified
"""
)


@dataclass(frozen=True)
class Expanded:
    state: str  # PENDING (more to come), DONE, or DROPPED (no longer published)
    planned: int  # on the first step: the watchers found (none is told yet)
    told: int  # on a later step: the watchers this batch went through
    notified: int  # of them, those whose preferences let a notification be written


@writes
async def expand(
    tx: AsyncManagedTransaction, fan_out_id: str, worker: str, batch: int, lease_seconds: float
) -> Expanded | None:
    """Take the fan-out's next step; None when it is finished or another worker's."""
    locked = await single(tx, LOCK, id=fan_out_id)
    if locked is None:
        return None
    lease = {"id": fan_out_id, "worker": worker, "leaseMs": int(lease_seconds * 1000)}
    planned = await single(tx, PLAN, **lease)
    if planned is not None:
        return Expanded(planned["state"], int(planned["watchers"]), 0, 0)
    found = await single(
        tx,
        BATCH,
        **lease,
        batch=batch,
        kind=locked["kind"],
        data=locked["data"],
        emailByDefault=Kind(locked["kind"]) in EMAIL_BY_DEFAULT,
    )
    if found is None:
        return None
    return Expanded(found["state"], 0, int(found["told"]), int(found["notified"]))


# Finished fan-outs are kept a week for inspection, then go in small batches.
PRUNE = """
MATCH (f:FanOut)
WHERE f.state IN ['DONE', 'DROPPED'] AND f.dueAt < datetime() - duration({days: 7})
WITH f LIMIT $limit
DETACH DELETE f
RETURN count(*) AS pruned
"""


@writes
async def _prune(tx: AsyncManagedTransaction, limit: int) -> int:
    found = await single(tx, PRUNE, limit=limit)
    return int(found["pruned"]) if found else 0


async def prune(graph: Graph, limit: int = 1000, max_batches: int = 100) -> int:
    """Drop fan-outs finished more than a week ago; how many went."""
    total = 0
    for _ in range(max_batches):
        pruned = await _prune(graph, limit)
        total += pruned
        if pruned < limit:
            break
    return total

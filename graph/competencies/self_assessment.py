"""A learner's self-assessment against a framework: their own level per competency, the ones
they want to develop, and what their badges show beside it.

Private like the rest of a learner's record: every statement starts at the learner, and only
the learner's own resolvers call these. The current rating sits on `(:Person)-[:ASSESSES]->`
for cheap reads (For you); every change is also kept as a `:SelfAssessment` in the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.competencies.frameworks import COMPETENCY, FrameworkCompetency, competency_from
from graph.core.cypher import one, rows
from graph.core.errors import NotFound
from graph.core.transactions import reads, writes

MAX_RATINGS = 500
# Changes kept per learner and competency; older ones go as new ones come.
HISTORY = 50


@dataclass(frozen=True)
class ShownBy:
    badge_class_id: str
    name: str
    level: int


@dataclass(frozen=True)
class Item:
    competency: FrameworkCompetency
    level: int | None  # 0 "not yet" to 3; None: never rated
    want_to_develop: bool
    assessed_at: datetime | None
    # The learner's badges aligned to it, highest level first (with the classes their
    # mapped credentials from elsewhere count as: graph.external_credentials).
    shown_by: tuple[ShownBy, ...]

    @property
    def shown_level(self) -> int:
        return self.shown_by[0].level if self.shown_by else 0

    @property
    def gap(self) -> int | None:
        """Own level minus what the badges show (positive: not yet recognised)."""
        return None if self.level is None else self.level - self.shown_level


@dataclass(frozen=True)
class Rating:
    competency_id: str
    level: int
    want_to_develop: bool


@dataclass(frozen=True)
class Entry:
    level: int
    want_to_develop: bool
    at: datetime


MINE = f"""
MATCH (f:CompetencyFramework {{id: $framework}})-[h:HAS]->(k:Competency)
OPTIONAL MATCH (me:Person {{id: $person}})
OPTIONAL MATCH (me)-[r:ASSESSES]->(k)
RETURN {COMPETENCY} AS competency, r.level AS level,
       coalesce(r.wantToDevelop, false) AS want, r.at AS at,
       COLLECT {{
         CALL (me, k) {{
           MATCH (me)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)-[:ALIGNED_TO]->(k)
           WHERE a.revokedAt IS NULL
           RETURN b
           UNION
           // A credential from elsewhere counts only as a curator mapped it, while VALID.
           MATCH (me)-[:HOLDS_EXTERNAL]->(x:ExternalCredential {{status: 'VALID'}})
           MATCH (m:ExternalMapping {{issuerId: x.issuerId, achievementId: x.achievementId}})
                 -[:MAPS_TO]->(b:BadgeClass)-[:ALIGNED_TO]->(k)
           RETURN b
         }}
         RETURN DISTINCT b {{ .id, .name, .level }} AS b ORDER BY b.level DESC, b.name
       }} AS shownBy
ORDER BY h.position
"""


def _item(record: Any) -> Item:
    return Item(
        competency=competency_from(record["competency"]),
        level=record["level"],
        want_to_develop=bool(record["want"]),
        assessed_at=record["at"].to_native() if record["at"] is not None else None,
        shown_by=tuple(ShownBy(b["id"], b["name"], int(b["level"])) for b in record["shownBy"]),
    )


@reads
async def mine(tx: AsyncManagedTransaction, person_id: str, framework_id: str) -> list[Item]:
    """Every competency of the framework, in its order, with the learner's rating and badges."""
    return [_item(r) for r in await rows(tx, MINE, person=person_id, framework=framework_id)]


# A rating that changes nothing (same level, same wish) leaves the history alone.
ASSESS = """
MATCH (me:Person {id: $person}) WHERE me.deletedAt IS NULL
MATCH (f:CompetencyFramework {id: $framework})
UNWIND $ratings AS rating
MATCH (f)-[:HAS]->(k:Competency {id: rating.competency})
MERGE (me)-[r:ASSESSES]->(k)
WITH me, k, r, rating,
     r.level IS NULL OR r.level <> rating.level OR r.wantToDevelop <> rating.want AS changed
SET r.level = rating.level, r.wantToDevelop = rating.want,
    r.at = CASE WHEN changed THEN datetime() ELSE r.at END
WITH me, k, rating, changed
CALL (me, k, rating, changed) {
  WITH * WHERE changed
  CREATE (me)-[:SELF_ASSESSED]->(:SelfAssessment {
    level: rating.level, wantToDevelop: rating.want, at: datetime()
  })-[:OF]->(k)
  WITH me, k
  MATCH (me)-[:SELF_ASSESSED]->(old:SelfAssessment)-[:OF]->(k)
  WITH old ORDER BY old.at DESC SKIP $history
  DETACH DELETE old
}
RETURN count(*) AS rated
"""


@writes
async def assess(
    tx: AsyncManagedTransaction, person_id: str, framework_id: str, ratings: list[Rating]
) -> list[Item]:
    """Record the learner's ratings (all or none: each must be of the framework's)."""
    rated = await one(
        tx,
        ASSESS,
        person=person_id,
        framework=framework_id,
        history=HISTORY,
        ratings=[
            {"competency": r.competency_id, "level": r.level, "want": r.want_to_develop}
            for r in ratings
        ],
    )
    if rated["rated"] != len(ratings):
        raise NotFound("A rated competency is not in this framework.", field="ratings")
    return [_item(r) for r in await rows(tx, MINE, person=person_id, framework=framework_id)]


HISTORY_OF = """
MATCH (:Person {id: $person})-[:SELF_ASSESSED]->(s:SelfAssessment)-[:OF]->(:Competency {id: $id})
RETURN s.level AS level, s.wantToDevelop AS want, s.at AS at
ORDER BY s.at DESC
"""


@reads
async def history(tx: AsyncManagedTransaction, person_id: str, competency_id: str) -> list[Entry]:
    """The learner's changes to one competency's rating, newest first."""
    return [
        Entry(int(r["level"]), bool(r["want"]), r["at"].to_native())
        for r in await rows(tx, HISTORY_OF, person=person_id, id=competency_id)
    ]

"""For you: opportunities a learner may want next, each with the reasons Kring thinks so.

Every reason starts at the learner and reads only what is theirs (their badges, open claims,
completed participations, saved areas, the competencies they want to develop), never another
learner's, so nobody's private record
shapes what someone else is shown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import rows
from graph.core.meaning import index_score
from graph.core.transactions import reads
from graph.core.vocabulary import UNDECIDED_CLAIM, ApplicationStatus, OpportunityStatus
from graph.opportunities.fields import PROJECTION, Opportunity, opportunity_from_record
from graph.opportunities.meaning import INDEX as MEANING_INDEX


class Why(enum.Enum):
    """A reason to recommend; `because` names what of the learner's it comes from."""

    NEXT_LEVEL = "next level"  # a badge they hold, and this leads one level up in its domain
    PATHWAY = "pathway"  # a pathway (stacked badge class) they started
    CLAIMING = "claiming"  # leads to the badge class of a claim they have open
    LIKE_DONE = "like done"  # alike in meaning to an opportunity they completed
    SAVED_AREA = "saved area"  # in an area they watch, in its domains
    WANT_TO_DEVELOP = "want to develop"  # leads to a badge showing a competency they want


# How much each reason counts: the learner's own recognised path first, then what they did,
# then where they like to be.
WEIGHTS = {
    Why.NEXT_LEVEL: 3,
    Why.PATHWAY: 3,
    Why.CLAIMING: 3,
    Why.WANT_TO_DEVELOP: 3,
    Why.LIKE_DONE: 2,
    Why.SAVED_AREA: 1,
}
# Each source gives at most this many candidates (a saved area in the centre holds thousands).
PER_SOURCE = 50
# Only the few most alike to each opportunity completed: "like what you did" is a strong claim.
ALIKE_PER_DONE = 5
MAX_REASONS = 3

RECOMMEND = (
    f"""
MATCH (me:Person {{id: $learner}})
USING INDEX SEEK me:Person(id)
CALL (me) {{
  MATCH (me)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(held:BadgeClass)
  WHERE a.revokedAt IS NULL AND held.level < 3
  MATCH (up:BadgeClass {{domain: held.domain, level: held.level + 1}})
  USING INDEX up:BadgeClass(domain, level)
  MATCH (o:Opportunity)-[:LEADS_TO]->(up)
  WHERE o.status = $published AND o.startsAt > datetime()
  WITH o, held ORDER BY o.startsAt LIMIT $perSource
  RETURN o, 'NEXT_LEVEL' AS why, held.name AS because, held.id AS becauseId
  UNION
  MATCH (me)-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(:BadgeClass)<-[:REQUIRES]-(pathway:BadgeClass)
        -[:REQUIRES]->(missing:BadgeClass)
  WHERE a.revokedAt IS NULL
    AND NOT EXISTS {{
      (me)-[:HOLDS]->(h:Assertion)-[:OF_BADGE]->(missing) WHERE h.revokedAt IS NULL
    }}
  MATCH (o:Opportunity)-[:LEADS_TO]->(missing)
  WHERE o.status = $published AND o.startsAt > datetime()
  WITH o, pathway ORDER BY o.startsAt LIMIT $perSource
  RETURN o, 'PATHWAY' AS why, pathway.name AS because, pathway.id AS becauseId
  UNION
  MATCH (me)-[:CLAIMED]->(c:Claim)-[:FOR_BADGE]->(b:BadgeClass)
  WHERE c.status IN $undecided
  MATCH (o:Opportunity)-[:LEADS_TO]->(b)
  WHERE o.status = $published AND o.startsAt > datetime()
  WITH o, b ORDER BY o.startsAt LIMIT $perSource
  RETURN o, 'CLAIMING' AS why, b.name AS because, b.id AS becauseId
  UNION
  MATCH (me)-[:APPLIED]->(app:Application)-[:FOR]->(done:Opportunity)
  WHERE app.status = $completed AND done.embeddingModel = $model
  WITH done ORDER BY app.decidedAt DESC LIMIT 3
  CALL (done) {{
    CALL db.index.vector.queryNodes('{MEANING_INDEX}', $pool, done.embedding)
      YIELD node AS o, score
    WHERE o <> done AND o.status = $published AND o.embeddingModel = $model
      AND score >= $related AND o.startsAt > datetime()
    RETURN o ORDER BY score DESC LIMIT $alikePerDone
  }}
  RETURN o, 'LIKE_DONE' AS why, done.title AS because, done.id AS becauseId
  UNION
  MATCH (me)-[:WATCHES]->(area:SavedArea)
  MATCH (o:Opportunity)
  USING INDEX o:Opportunity(location)
  WHERE point.distance(o.location, area.location) <= area.radiusKm * 1000
    AND o.status = $published AND o.startsAt > datetime()
    AND (size(area.domains) = 0 OR o.domain IN area.domains)
  WITH o, area ORDER BY o.startsAt LIMIT $perSource
  RETURN o, 'SAVED_AREA' AS why, area.name AS because, area.id AS becauseId
  UNION
  MATCH (me)-[want:ASSESSES {{wantToDevelop: true}}]->(c:Competency)
  MATCH (c)<-[:ALIGNED_TO]-(b:BadgeClass)<-[:LEADS_TO]-(o:Opportunity)
  WHERE o.status = $published AND o.startsAt > datetime()
    AND NOT EXISTS {{
      (me)-[:HOLDS]->(h:Assertion)-[:OF_BADGE]->(b) WHERE h.revokedAt IS NULL
    }}
  WITH o, c ORDER BY o.startsAt LIMIT $perSource
  RETURN o, 'WANT_TO_DEVELOP' AS why, c.name AS because, c.id AS becauseId
}}
WITH me, o, why, because, becauseId
WHERE NOT EXISTS {{ (me)-[:APPLIED]->(:Application)-[:FOR]->(o) }}
WITH o, collect({{why: why, because: because, becauseId: becauseId}}) AS reasons,
     sum(CASE why {" ".join(f"WHEN '{w.name}' THEN {n}" for w, n in WEIGHTS.items())} END)
       AS weight
ORDER BY weight DESC, o.startsAt, o.id
LIMIT $limit
"""
    + PROJECTION
    + "RETURN opportunity, organisation, reasons ORDER BY weight DESC, opportunity.startsAt, "
    "opportunity.id"
)


@dataclass(frozen=True)
class Reason:
    why: Why
    because: str  # the name of the badge, pathway, claim's class, opportunity or area
    because_id: str


@dataclass(frozen=True)
class Recommendation:
    opportunity: Opportunity
    reasons: tuple[Reason, ...]  # the strongest first, at most MAX_REASONS


@reads
async def recommend(
    tx: AsyncManagedTransaction, learner_id: str, model: str, related: float, limit: int
) -> list[Recommendation]:
    """Published opportunities not yet started nor applied for, the most reasons first."""
    found = await rows(
        tx,
        RECOMMEND,
        learner=learner_id,
        published=OpportunityStatus.PUBLISHED.value,
        completed=ApplicationStatus.COMPLETED.value,
        undecided=[s.value for s in UNDECIDED_CLAIM],
        model=model,
        related=index_score(related),
        pool=PER_SOURCE,
        perSource=PER_SOURCE,
        alikePerDone=ALIKE_PER_DONE,
        limit=limit,
    )
    recommendations = []
    for r in found:
        reasons = sorted(
            {Reason(Why[x["why"]], x["because"] or "", x["becauseId"]) for x in r["reasons"]},
            key=lambda reason: (-WEIGHTS[reason.why], reason.why.name, reason.because),
        )
        recommendations.append(
            Recommendation(
                opportunity_from_record(r["opportunity"], r["organisation"]),
                tuple(reasons[:MAX_REASONS]),
            )
        )
    return recommendations

"""Reading opportunities: discovery for learners (near, text, filters), one by id, next steps."""

from __future__ import annotations

import dataclasses
import enum
import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.access import STANDING, STANDING_FIELDS, standing_from
from graph.core.cypher import rows, single
from graph.core.database import Graph
from graph.core.fulltext import every_word
from graph.core.geo import GeoPoint
from graph.core.meaning import index_score
from graph.core.records import camel, from_record
from graph.core.transactions import reads
from graph.core.vocabulary import ApplicationStatus, Domain, Level, OpportunityStatus
from graph.opportunities.fields import (
    PROJECTION,
    Opportunity,
    OpportunityView,
    OrganisationSummary,
    opportunity_from_record,
)
from graph.opportunities.meaning import INDEX as MEANING_INDEX
from graph.quests.discovery import MIXED_TAIL as QUEST_TAIL
from graph.quests.discovery import OPEN as QUEST_OPEN
from graph.quests.quests import Quest, quest_from

# --- discovery ------------------------------------------------------------------------------


class Kind(enum.Enum):
    """What discovery lists: opportunities organisations publish, quests people post."""

    OPPORTUNITY = "OPPORTUNITY"
    QUEST = "QUEST"


class Order(enum.Enum):
    """How results are sorted; each maps to a fixed statement, never to built Cypher."""

    DISTANCE = "distance"  # nearest first; needs a circle
    RELEVANCE = "relevance"  # best match first; needs text
    START = "start"  # soonest first


@dataclass(frozen=True)
class Circle:
    center: GeoPoint
    radius_m: float


@dataclass(frozen=True)
class Filters:
    circle: Circle | None = None
    text: str | None = None
    domains: tuple[Domain, ...] = ()
    levels: tuple[Level, ...] = ()
    starts_after: datetime | None = None
    starts_before: datetime | None = None
    organisation_id: str | None = None
    competency_key: str | None = None
    # "Has free places" means "a learner can still apply": a free place and not yet started.
    free_places_only: bool = False
    # None: nearest first with a circle, else best match with text, else soonest.
    sort: Order | None = None
    # Sorted, so that the filters' text (the cursor's fingerprint) is the same in every process.
    kinds: tuple[Kind, ...] = (Kind.OPPORTUNITY,)
    # The person whose "want to develop" competencies the results must lead to: always the
    # caller (their self-assessment is theirs alone); part of the cursor's fingerprint.
    goals_of: str | None = None

    @property
    def order(self) -> Order:
        if self.sort is not None:
            return self.sort
        if self.text:
            return Order.RELEVANCE
        if self.circle is not None:
            return Order.DISTANCE
        return Order.START


@dataclass(frozen=True)
class Meaning:
    """The learner's words as a vector, and the model that made it (only its vectors match)."""

    vector: tuple[float, ...]
    model: str
    related: float = 0.0  # the model's cosine below which a text is about something else


def sort_problem(filters: Filters) -> str | None:
    """Why the filters' sort cannot be served, or None when it can."""
    if filters.sort is Order.DISTANCE and filters.circle is None:
        return "Sorting by distance needs a place to measure from (near)."
    if filters.sort is Order.RELEVANCE and not filters.text:
        return "Sorting by relevance needs words to match (text)."
    return None


@dataclass(frozen=True)
class Position:
    """Where a page ended: keyset pagination on (sort key, id) for the filters' order."""

    key: float | str
    id: str


@dataclass(frozen=True)
class Found:
    opportunity: Opportunity
    distance_m: float | None
    score: float | None
    position: Position


@dataclass(frozen=True)
class Discovered:
    """One row of a listing of several kinds: an opportunity or a quest."""

    item: Opportunity | Quest
    distance_m: float | None
    score: float | None
    position: Position


# Each optional filter is a fixed fragment; a statement holds only the filters that are set,
# so no row pays for the others (no `$x IS NULL OR …` per row, no guarded subqueries).
FILTERS = {
    "domains": "o.domain IN $domains",
    "levels": "o.level IN $levels",
    "startsAfter": "o.startsAt >= $startsAfter",
    "startsBefore": "o.startsAt <= $startsBefore",
    "freeOnly": "coalesce(o.placesTaken, 0) < o.capacity AND o.startsAt > datetime()",
    "organisation": "EXISTS { (o)-[:OFFERED_BY]->(:Organisation {id: $organisation}) }",
    "competency": "EXISTS { (o)-[:LEADS_TO]->(:BadgeClass)-[:ALIGNED_TO]->"
    "(:Competency {key: $competency}) }",
    "goals": "EXISTS { (o)-[:LEADS_TO]->(:BadgeClass)-[:ALIGNED_TO]->(:Competency)"
    "<-[:ASSESSES {wantToDevelop: true}]-(:Person {id: $goalsOf}) }",
}
DISTANCE = "point.distance(o.location, point({latitude: $latitude, longitude: $longitude}))"

# Where candidates come from: with words, the full-text index (and the vector index too when
# the words could be encoded: HYBRID_SOURCE), the circle, if any, then filtering them; else the
# point index when there is a circle (the hint pins it: at scale it is the selective
# predicate, never a scan of every published opportunity); else the label. The circle tests
# the status after the point index, whose locations then stay cached.
TEXT_SOURCE = """
CALL db.index.fulltext.queryNodes('opportunity_text', $text) YIELD node AS o, score"""
# Meaning and words, fused by reciprocal rank (Cormack et al., 2009): each list gives a
# candidate 1 / (FUSION_K + its rank there), and the sums order the result. Ranks, not raw
# scores, because a cosine and a BM25 score share no scale. Each list holds the POOL best, a
# constant so that every page of one search ranks the same candidates.
HYBRID_SOURCE = f"""
CALL () {{
  CALL db.index.vector.queryNodes('{MEANING_INDEX}', $pool, $vector) YIELD node, score
  WHERE node.embeddingModel = $model AND score >= $related
  WITH collect(node) AS found
  UNWIND range(0, size(found) - 1) AS i
  RETURN found[i] AS o, i + 1 AS rank
  UNION ALL
  CALL db.index.fulltext.queryNodes('opportunity_text', $text, {{limit: $pool}})
    YIELD node, score
  WITH collect(node) AS found
  UNWIND range(0, size(found) - 1) AS i
  RETURN found[i] AS o, i + 1 AS rank
}}
WITH o, sum(1.0 / ($fusionK + rank)) AS score"""
# With a circle, nearness is the third list: the candidates inside it, ranked by distance,
# at half the weight: inside the circle the learner chose, what it is about comes first.
PLACE_RANK = """
WITH o, score, distance ORDER BY distance, o.id
WITH collect({o: o, score: score, distance: distance}) AS inside
UNWIND range(0, size(inside) - 1) AS i
WITH inside[i].o AS o, inside[i].score + $placeWeight / ($fusionK + i + 1) AS score,
     inside[i].distance AS distance"""
POOL = 100
FUSION_K = 60
PLACE_WEIGHT = 0.5
CIRCLE_SOURCE = f"""
MATCH (o:Opportunity)
USING INDEX o:Opportunity(location)
WHERE {DISTANCE} <= $radius"""
ALL_SOURCE = """
MATCH (o:Opportunity)
WHERE o.status = $published"""

SORT_KEYS = {Order.DISTANCE: "distance", Order.RELEVANCE: "-score", Order.START: "o.startsAt"}
# Relevance sorts descending through its negated score, so every order pages "after" upwards.
AFTER = {
    Order.DISTANCE: "$afterKey",
    Order.RELEVANCE: "$afterKey",
    Order.START: "datetime($afterKey)",
}
# The cursor's key travels as text for times (cheaper to decode than a driver DateTime).
KEY = {Order.DISTANCE: "sortKey", Order.RELEVANCE: "sortKey", Order.START: "toString(sortKey)"}

# What a reader may ask of an opportunity, each a fixed fragment of the returned map; times
# travel as ISO text, cheaper for the driver to decode than its DateTime.
FIELDS: dict[str, str] = {
    **{f.name: "." + camel(f.name) for f in dataclasses.fields(Opportunity)},
    "starts_at": "startsAt: toString(o.startsAt)",
    "ends_at": "endsAt: toString(o.endsAt)",
    "badge_class_id": "badgeClassId: badgeClassId",
}
del FIELDS["organisation"]
# Looked up after the page is cut, in subqueries: a pattern in the projection itself would stop
# the planner from reusing the locations the point index already read.
ORGANISATION = """
CALL (o) {
  MATCH (o)-[:OFFERED_BY]->(org:Organisation)
  RETURN org { .id, .name, .website } AS organisation LIMIT 1
}"""
BADGE_CLASS = """
CALL (o) {
  OPTIONAL MATCH (o)-[:LEADS_TO]->(b:BadgeClass)
  RETURN b.id AS badgeClassId LIMIT 1
}"""
EVERY_FIELD = frozenset(FIELDS) | {"organisation"}


@dataclass(frozen=True)
class Shape:
    """What decides a discovery statement's text; never a value."""

    order: Order
    circle: bool
    text: bool
    filters: frozenset[str]
    paged: bool
    fields: frozenset[str]
    hybrid: bool = False
    kinds: tuple[Kind, ...] = (Kind.OPPORTUNITY,)


def shape_of(
    filters: Filters,
    after: Position | None = None,
    fields: frozenset[str] = EVERY_FIELD,
    meaning: Meaning | None = None,
) -> Shape:
    given = {
        "domains": bool(filters.domains),
        "levels": bool(filters.levels),
        "startsAfter": filters.starts_after is not None,
        "startsBefore": filters.starts_before is not None,
        "freeOnly": filters.free_places_only,
        "organisation": filters.organisation_id is not None,
        "competency": filters.competency_key is not None,
        "goals": filters.goals_of is not None,
    }
    return Shape(
        filters.order,
        filters.circle is not None,
        bool(filters.text),
        frozenset(name for name, on in given.items() if on),
        after is not None,
        # The id is always read: it breaks ties in the order and ends the cursor.
        (fields & EVERY_FIELD) | {"id"},
        hybrid=bool(filters.text) and meaning is not None,
        kinds=filters.kinds,
    )


# Few shapes occur (sources, filter sets, paged or not, the field sets clients ask for): each
# statement is built once and kept.
@functools.lru_cache(maxsize=4096)
def statement(shape: Shape) -> str:
    """The discovery statement for `shape`, assembled from the fixed fragments above."""
    if not lists_quests(shape):
        return _opportunities(shape, mixed=False)
    branches = [_quests(shape)]
    if Kind.OPPORTUNITY in shape.kinds:
        branches.insert(0, _opportunities(shape, mixed=True))
    # Each branch returns its own best `$limit`; the page is the best of those.
    return (
        "CALL () {"
        + "UNION ALL".join(branches)
        + "}\nRETURN opportunity, organisation, quest, distance, score,"
        + f" {KEY[shape.order]} AS key\nORDER BY sortKey, id\nLIMIT $limit\n"
    )


# Quests have no level, organisation, competency, places or fixed start: a listing filtered
# by any of those holds no quests.
QUEST_FILTERS = frozenset({"domains"})


def lists_quests(shape: Shape) -> bool:
    return Kind.QUEST in shape.kinds and shape.filters <= QUEST_FILTERS


def _opportunities(shape: Shape, *, mixed: bool) -> str:
    order = shape.order
    if shape.hybrid:
        source = HYBRID_SOURCE
    elif shape.text:
        source = TEXT_SOURCE
    else:
        source = CIRCLE_SOURCE if shape.circle else ALL_SOURCE
    tests = [FILTERS[name] for name in sorted(shape.filters)]
    if source is not ALL_SOURCE:
        tests.insert(0, "o.status = $published")
    if shape.circle and shape.text:
        tests.append("distance <= $radius")
    after = AFTER[order]
    paged = (
        f"\nWHERE sortKey > {after} OR (sortKey = {after} AND o.id > $afterId)"
        if shape.paged
        else ""
    )
    wanted = ", ".join(FIELDS[name] for name in sorted(shape.fields - {"organisation"}))
    organisation = "organisation" in shape.fields
    return (
        source
        + f"\nWITH o, {'score' if shape.text else 'null AS score'},"
        + f" {DISTANCE if shape.circle else 'null'} AS distance"
        + ("\nWHERE " + "\n  AND ".join(tests) if tests else "")
        + (PLACE_RANK if shape.hybrid and shape.circle else "")
        + f"\nWITH o, score, distance, {SORT_KEYS[order]} AS sortKey"
        + paged
        + "\nWITH o, distance, score, sortKey\nORDER BY sortKey, o.id\nLIMIT $limit"
        + (ORGANISATION if organisation else "")
        + (BADGE_CLASS if "badge_class_id" in shape.fields else "")
        + f"\nRETURN o {{ {wanted} }} AS opportunity,"
        + f" {'organisation' if organisation else 'null AS organisation'},"
        + (
            " null AS quest, distance, score, sortKey, o.id AS id\n"
            if mixed
            else f" distance, score, {KEY[order]} AS key\nORDER BY sortKey, o.id\n"
        )
    )


# A quest's place in a listing is its public area, never its exact address; its start is its
# time if it has one, else now (it is open): soonest-first lists it among today's.
QUEST_DISTANCE = "point.distance(q.area, point({latitude: $latitude, longitude: $longitude}))"
QUEST_SORT_KEYS = {
    Order.DISTANCE: "distance",
    Order.RELEVANCE: "-score",
    Order.START: "coalesce(q.startsAt, q.createdAt)",
}
QUEST_CIRCLE_SOURCE = f"""
MATCH (q:Quest)
USING INDEX q:Quest(area)
WHERE {QUEST_DISTANCE} <= $radius"""
# The open quests come from the (status, createdAt) index: every property of a composite
# index needs a predicate, hence the existence test.
QUEST_ALL_SOURCE = f"""
MATCH (q:Quest)
USING INDEX q:Quest(status, createdAt)
WHERE {QUEST_OPEN} AND q.createdAt IS NOT NULL"""
# Words narrow the quests to the index's best matches, a constant for every page of a search.
QUEST_CANDIDATES = 1000
QUEST_TEXT_SOURCE = """
CALL db.index.fulltext.queryNodes('quest_text', $text, {limit: $questCandidates})
  YIELD node AS q, score"""
# Quests have no meaning vectors: with meaning, a quest's words give it the reciprocal rank an
# opportunity gets from each of its lists, so the two kinds share one scale.
QUEST_RANK = """
WITH q, score, distance ORDER BY score DESC, q.id
WITH collect({q: q, distance: distance}) AS found
UNWIND range(0, size(found) - 1) AS i
WITH found[i].q AS q, 1.0 / ($fusionK + i + 1) AS score, found[i].distance AS distance"""


def _quests(shape: Shape) -> str:
    order = shape.order
    if shape.text:
        source = QUEST_TEXT_SOURCE
    else:
        source = QUEST_CIRCLE_SOURCE if shape.circle else QUEST_ALL_SOURCE
    tests = [] if source is QUEST_ALL_SOURCE else [QUEST_OPEN]
    if "domains" in shape.filters:
        tests.append("q.domain IN $domains")
    if shape.circle and shape.text:
        tests.append("distance <= $radius")
    after = AFTER[order]
    paged = (
        f"\nWHERE sortKey > {after} OR (sortKey = {after} AND q.id > $afterId)"
        if shape.paged
        else ""
    )
    return (
        source
        + f"\nWITH q, {'score' if shape.text else 'null AS score'},"
        + f" {QUEST_DISTANCE if shape.circle else 'null'} AS distance"
        + ("\nWHERE " + "\n  AND ".join(tests) if tests else "")
        + (QUEST_RANK if shape.hybrid else "")
        + f"\nWITH q, score, distance, {QUEST_SORT_KEYS[order]} AS sortKey"
        + paged
        + "\nWITH q, distance, score, sortKey\nORDER BY sortKey, q.id\nLIMIT $limit\n"
        + QUEST_TAIL
    )


def lucene_terms(text: str) -> str:
    """The user's words as a Lucene query requiring every word, special characters escaped."""
    return every_word(text, 12)


def discovery_statement(
    filters: Filters,
    after: Position | None = None,
    fields: frozenset[str] = EVERY_FIELD,
    meaning: Meaning | None = None,
) -> str:
    return statement(shape_of(filters, after, fields, meaning))


def discovery_parameters(
    filters: Filters,
    limit: int,
    after: Position | None,
    meaning: Meaning | None = None,
    actor_id: str | None = None,
) -> dict[str, Any]:
    circle = filters.circle
    hybrid = bool(filters.text) and meaning is not None
    return {
        "published": OpportunityStatus.PUBLISHED.value,
        "latitude": circle.center.latitude if circle else None,
        "longitude": circle.center.longitude if circle else None,
        "radius": circle.radius_m if circle else None,
        "text": lucene_terms(filters.text) if filters.text else None,
        "vector": list(meaning.vector) if hybrid and meaning else None,
        "model": meaning.model if hybrid and meaning else None,
        "related": index_score(meaning.related) if hybrid and meaning else None,
        "pool": POOL,
        "fusionK": FUSION_K,
        "placeWeight": PLACE_WEIGHT,
        "domains": [d.value for d in filters.domains] or None,
        "levels": [int(level) for level in filters.levels] or None,
        "startsAfter": filters.starts_after,
        "startsBefore": filters.starts_before,
        "organisation": filters.organisation_id,
        "competency": filters.competency_key,
        "goalsOf": filters.goals_of,
        "afterKey": after.key if after else None,
        "afterId": after.id if after else None,
        "limit": limit,
        "questCandidates": QUEST_CANDIDATES,
        "actor": actor_id,
    }


def _found(record: Any) -> Found:
    organisation = record["organisation"]
    opportunity = from_record(
        Opportunity,
        record["opportunity"],
        organisation=from_record(OrganisationSummary, organisation) if organisation else None,
    )
    return Found(
        opportunity, record["distance"], record["score"], Position(record["key"], opportunity.id)
    )


@reads
async def discover(
    tx: AsyncManagedTransaction,
    filters: Filters,
    limit: int,
    after: Position | None = None,
    fields: frozenset[str] = EVERY_FIELD,
    meaning: Meaning | None = None,
) -> list[Found]:
    """Published opportunities matching every filter, in the filters' order, after `after`.
    With text and `meaning`, ranked by meaning, words and place together (HYBRID_SOURCE).
    Of each opportunity only `fields` (and its id) are read; the others stay None."""
    if filters.text is not None and not lucene_terms(filters.text):
        return []
    params = discovery_parameters(filters, limit, after, meaning)
    text = discovery_statement(filters, after, fields, meaning)
    return [_found(r) for r in await _page(tx, text, params, filters, limit, after)]


async def _page(
    tx: AsyncManagedTransaction,
    text: str,
    params: dict[str, Any],
    filters: Filters,
    limit: int,
    after: Position | None,
) -> list[Any]:
    probe = probe_radius(filters, after)
    if probe is not None:
        # A full page inside the smaller circle is the nearest page of the whole circle:
        # everything outside it lies farther than all it holds. Else ask the whole circle.
        result = await rows(tx, text, **{**params, "radius": probe})
        if len(result) >= limit:
            return result
    return await rows(tx, text, **params)


@reads
async def discover_kinds(
    tx: AsyncManagedTransaction,
    filters: Filters,
    actor_id: str | None,
    limit: int,
    after: Position | None = None,
    fields: frozenset[str] = EVERY_FIELD,
    meaning: Meaning | None = None,
) -> list[Discovered]:
    """Published opportunities and open quests (as `filters.kinds` asks) matching every
    filter, in one order, after `after`; each quest as `actor_id` may see it."""
    shape = shape_of(filters, after, fields, meaning)
    if filters.text is not None and not lucene_terms(filters.text):
        return []
    if Kind.OPPORTUNITY not in filters.kinds and not lists_quests(shape):
        return []
    params = discovery_parameters(filters, limit, after, meaning, actor_id)
    found = await _page(tx, statement(shape), params, filters, limit, after)
    return [_discovered(r, actor_id) for r in found]


def _discovered(record: Any, actor_id: str | None) -> Discovered:
    # A listing that can hold no quests runs the opportunities' own statement: no such column.
    if record.get("quest") is not None:
        quest = quest_from(record["quest"], actor_id)
        return Discovered(
            quest, record["distance"], record["score"], Position(record["key"], quest.id)
        )
    found = _found(record)
    return Discovered(found.opportunity, found.distance_m, found.score, found.position)


# In a city centre a 2 km circle holds thousands of opportunities, a page twenty: reading the
# nearest ring first spares the point index most of them (Ghent, median: 6,760 → 1,110 db hits).
PROBE_M = 500.0


def probe_radius(filters: Filters, after: Position | None) -> float | None:
    """The smaller circle nearest-first discovery asks first, or None when it would not help."""
    circle = filters.circle
    if circle is None or filters.text or filters.order is not Order.DISTANCE:
        return None
    start = float(after.key) if after is not None else 0.0
    probe = start + PROBE_M
    return probe if probe < circle.radius_m else None


async def published_near(
    graph: Graph, center: GeoPoint, radius_m: float, limit: int, after: Position | None = None
) -> list[Found]:
    """Published opportunities within `radius_m` of `center`, nearest first."""
    return await discover(graph, Filters(circle=Circle(center, radius_m)), limit, after)


# --- one opportunity ------------------------------------------------------------------------

BY_ID = (
    """
MATCH (o:Opportunity {id: $id})-[:OFFERED_BY]->(org:Organisation)-[:PARTNER_OF]->(uni:University)
"""
    + STANDING
    + """
CALL (o, actor) {
  OPTIONAL MATCH (actor)-[:APPLIED]->(a:Application)-[:FOR]->(o)
  RETURN count(a) > 0 AS applied
}
WITH *
"""
    + PROJECTION
    + "RETURN opportunity, organisation, applied, "
    + STANDING_FIELDS
)


@reads
async def opportunity_by_id(
    tx: AsyncManagedTransaction, opportunity_id: str, actor_id: str | None
) -> OpportunityView | None:
    """The opportunity and the reader's standing (an applicant counts as its owner)."""
    record = await single(tx, BY_ID, id=opportunity_id, actor=actor_id)
    if record is None:
        return None
    return OpportunityView(
        opportunity_from_record(record["opportunity"], record["organisation"]),
        standing_from(record, actor_id, is_owner=record["applied"]),
    )


BY_ORGANISATION = (
    """
MATCH (o:Opportunity)-[:OFFERED_BY]->(:Organisation {id: $organisation})
WHERE $statuses IS NULL OR o.status IN $statuses
WITH o ORDER BY o.startsAt DESC, o.id LIMIT $limit
"""
    + PROJECTION
    + "RETURN opportunity, organisation ORDER BY opportunity.startsAt DESC, opportunity.id"
)


@reads
async def opportunities_of_organisation(
    tx: AsyncManagedTransaction,
    organisation_id: str,
    statuses: tuple[OpportunityStatus, ...] | None,
    limit: int = 200,
) -> list[Opportunity]:
    wanted = [s.value for s in statuses] if statuses else None
    result = await rows(
        tx, BY_ORGANISATION, organisation=organisation_id, statuses=wanted, limit=limit
    )
    return [opportunity_from_record(r["opportunity"], r["organisation"]) for r in result]


# From the university (its unique id) outwards: a university has few partners, each a few
# opportunities, where the status index would read every university's submissions.
SUBMITTED_TO = (
    """
MATCH (uni:University {id: $university})<-[:PARTNER_OF]-(:Organisation)
      <-[:OFFERED_BY]-(o:Opportunity)
USING INDEX SEEK uni:University(id)
WHERE o.status = $status
WITH o ORDER BY o.startsAt, o.id LIMIT $limit
"""
    + PROJECTION
    + "RETURN opportunity, organisation ORDER BY opportunity.startsAt, opportunity.id"
)


@reads
async def submitted_to_university(
    tx: AsyncManagedTransaction, university_id: str, limit: int
) -> list[Opportunity]:
    """Opportunities of the university's partners waiting for a moderator, soonest first."""
    result = await rows(
        tx,
        SUBMITTED_TO,
        university=university_id,
        status=OpportunityStatus.SUBMITTED.value,
        limit=limit,
    )
    return [opportunity_from_record(r["opportunity"], r["organisation"]) for r in result]


# --- similar opportunities ------------------------------------------------------------------

# The nearest first, each with what an opportunity card shows.
NEAREST_FIRST = (
    """
WITH o, score ORDER BY score DESC, o.id LIMIT $limit
"""
    + PROJECTION
    + "RETURN opportunity, organisation ORDER BY score DESC, opportunity.id"
)
# Nearest in meaning to a published opportunity, among those a learner can still take part
# in; the extra one asked of the index is the opportunity itself.
SIMILAR = (
    f"""
MATCH (source:Opportunity {{id: $id}})
WHERE source.status = $published AND source.embeddingModel = $model
CALL db.index.vector.queryNodes('{MEANING_INDEX}', $pool, source.embedding) YIELD node AS o, score
WHERE o <> source AND o.status = $published AND o.embeddingModel = $model
  AND score >= $related AND o.endsAt > datetime()"""
    + NEAREST_FIRST
)
# "Did you mean": for words that found nothing, the nearest in meaning however far (in
# meaning and in place).
SUGGESTIONS = (
    f"""
CALL db.index.vector.queryNodes('{MEANING_INDEX}', $pool, $vector) YIELD node AS o, score
WHERE o.status = $published AND o.embeddingModel = $model AND o.endsAt > datetime()"""
    + NEAREST_FIRST
)


def _pool(limit: int) -> int:
    # Filtering follows the index's nearest: ask a few times the page.
    return max(4 * limit, 20)


@reads
async def similar_to(
    tx: AsyncManagedTransaction, opportunity_id: str, model: str, related: float, limit: int
) -> list[Opportunity]:
    """Published, not yet ended opportunities about the same thing as a published one."""
    result = await rows(
        tx,
        SIMILAR,
        id=opportunity_id,
        model=model,
        related=index_score(related),
        published=OpportunityStatus.PUBLISHED.value,
        pool=_pool(limit),
        limit=limit,
    )
    return [opportunity_from_record(r["opportunity"], r["organisation"]) for r in result]


@reads
async def suggestions(
    tx: AsyncManagedTransaction, meaning: Meaning, limit: int
) -> list[Opportunity]:
    """Published, not yet ended opportunities nearest in meaning, whatever their distance."""
    result = await rows(
        tx,
        SUGGESTIONS,
        vector=list(meaning.vector),
        model=meaning.model,
        published=OpportunityStatus.PUBLISHED.value,
        pool=_pool(limit),
        limit=limit,
    )
    return [opportunity_from_record(r["opportunity"], r["organisation"]) for r in result]


# --- next steps -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    opportunity: Opportunity
    pathway_id: str
    pathway_name: str
    completes_badge_class_id: str


# A learner has started a pathway once they achieved one badge class it requires; every
# published opportunity leading to another required class they lack, and still open for
# applications (not started), is a next step.
NEXT_STEPS = (
    """
MATCH (me:Person {id: $learner})
USING INDEX SEEK me:Person(id)
MATCH (me)-[:APPLIED]->(:Application {status: $completed})
      -[:FOR]->(:Opportunity)-[:LEADS_TO]->(done:BadgeClass)
WITH me, collect(DISTINCT done) AS achieved
UNWIND achieved AS d
MATCH (d)<-[:REQUIRES]-(pathway:BadgeClass)-[:REQUIRES]->(missing:BadgeClass)
WHERE NOT missing IN achieved
MATCH (o:Opportunity {status: $published})-[:LEADS_TO]->(missing)
WHERE o.startsAt > datetime()
  AND NOT EXISTS { (me)-[:APPLIED]->(:Application)-[:FOR]->(o) }
WITH o, collect(pathway)[0] AS pathway, collect(missing)[0] AS missing
ORDER BY o.startsAt, o.id
LIMIT $limit
"""
    + PROJECTION
    + """
RETURN opportunity, organisation, pathway { .id, .name } AS pathway, missing.id AS missingId
ORDER BY opportunity.startsAt, opportunity.id
"""
)


@reads
async def next_steps(
    tx: AsyncManagedTransaction, learner_id: str, limit: int = 20
) -> list[NextStep]:
    """Opportunities that bring the learner closer to finishing a pathway they started."""
    result = await rows(
        tx,
        NEXT_STEPS,
        learner=learner_id,
        completed=ApplicationStatus.COMPLETED.value,
        published=OpportunityStatus.PUBLISHED.value,
        limit=limit,
    )
    return [
        NextStep(
            opportunity_from_record(r["opportunity"], r["organisation"]),
            pathway_id=r["pathway"]["id"],
            pathway_name=r["pathway"]["name"],
            completes_badge_class_id=r["missingId"],
        )
        for r in result
    ]

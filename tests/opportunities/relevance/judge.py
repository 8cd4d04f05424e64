"""Relevance metrics over the labelled queries: recall@k, success@k and graded nDCG@k.

Pure functions of rankings (lists of listing keys); a ranked key the judgements do not know
(a demo opportunity, say) simply counts as not relevant.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypedDict, get_args

from tests.opportunities.relevance.catalogue import Language, Listing

Kind = Literal["paraphrase", "no-shared-word", "misspelling", "cross-lingual", "short"]
KINDS: tuple[Kind, ...] = get_args(Kind)
QUERIES_FILE = Path(__file__).with_name("queries.json")
HIGHLY_RELEVANT = 2
RECALL_K = 5
NDCG_K = 10


@dataclass(frozen=True)
class Query:
    """One labelled query; `relevant` grades topics 2 (the answer) or 1 (related)."""

    id: str
    language: Language
    text: str
    kind: Kind
    relevant: Mapping[str, int]


class Scores(TypedDict):
    queries: int
    recall_at_5: float
    success_at_5: float
    ndcg_at_10: float


class Report(TypedDict):
    overall: Scores
    by_kind: dict[str, Scores]
    by_language: dict[str, Scores]


def load_queries(path: Path = QUERIES_FILE) -> list[Query]:
    """The committed queries, checked for shape as they are read."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    queries = []
    for row in rows:
        if row["kind"] not in KINDS or row["language"] not in ("nl", "en"):
            raise ValueError(f"query {row['id']}: unknown kind or language")
        relevant = {str(topic): int(grade) for topic, grade in row["relevant"].items()}
        if not set(relevant.values()) <= {1, 2} or HIGHLY_RELEVANT not in relevant.values():
            raise ValueError(f"query {row['id']}: grades must be 1 or 2, with at least one 2")
        queries.append(Query(row["id"], row["language"], row["text"], row["kind"], relevant))
    return queries


def gains(query: Query, listings_by_key: Mapping[str, Listing]) -> dict[str, int]:
    """Each listing's grade for the query (its topic's grade); only grades above 0 kept."""
    return {
        key: query.relevant[listing.topic]
        for key, listing in listings_by_key.items()
        if listing.topic in query.relevant
    }


def recall_at(ranked_keys: Sequence[str], gains: Mapping[str, int], k: int = RECALL_K) -> float:
    """Grade-2 listings in the top k over the most the top k could hold."""
    answers = {key for key, grade in gains.items() if grade == HIGHLY_RELEVANT}
    # Divide by min(k, …): with 40 answers per topic, plain recall@5 could never exceed 1/8.
    possible = min(k, len(answers))
    if possible == 0:
        return 0.0
    return len(answers & set(_top(ranked_keys, k))) / possible


def success_at(ranked_keys: Sequence[str], gains: Mapping[str, int], k: int = RECALL_K) -> float:
    """1.0 when the top k holds at least one grade-2 listing, else 0.0."""
    hit = any(gains.get(key) == HIGHLY_RELEVANT for key in _top(ranked_keys, k))
    return 1.0 if hit else 0.0


def ndcg_at(ranked_keys: Sequence[str], gains: Mapping[str, int], k: int = NDCG_K) -> float:
    """Graded nDCG with gain 2^g - 1; the ideal is the best top k of the whole catalogue."""
    ideal = _dcg(sorted(gains.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([gains.get(key, 0) for key in _top(ranked_keys, k)]) / ideal


def report(
    rankings: Mapping[str, Sequence[str]],
    queries: Sequence[Query],
    listings: Iterable[Listing],
) -> Report:
    """Mean scores overall, per kind and per language; a query without a ranking scores 0."""
    by_key = {listing.key: listing for listing in listings}
    per_query: list[tuple[Query, float, float, float]] = []
    for query in queries:
        ranked = rankings.get(query.id, ())
        graded = gains(query, by_key)
        per_query.append(
            (
                query,
                recall_at(ranked, graded),
                success_at(ranked, graded),
                ndcg_at(ranked, graded),
            )
        )
    kinds = sorted({query.kind for query in queries})
    languages = sorted({query.language for query in queries})
    return Report(
        overall=_mean(per_query),
        by_kind={kind: _mean([row for row in per_query if row[0].kind == kind]) for kind in kinds},
        by_language={
            language: _mean([row for row in per_query if row[0].language == language])
            for language in languages
        },
    )


def _top(ranked_keys: Sequence[str], k: int) -> list[str]:
    # A ranking that repeats a key must not be credited twice for it.
    return list(dict.fromkeys(ranked_keys))[:k]


def _dcg(grades: Sequence[int]) -> float:
    return sum((2.0**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def _mean(rows: Sequence[tuple[Query, float, float, float]]) -> Scores:
    count = len(rows)
    if count == 0:
        return Scores(queries=0, recall_at_5=0.0, success_at_5=0.0, ndcg_at_10=0.0)
    return Scores(
        queries=count,
        recall_at_5=sum(row[1] for row in rows) / count,
        success_at_5=sum(row[2] for row in rows) / count,
        ndcg_at_10=sum(row[3] for row in rows) / count,
    )

"""Benchmark: how well discovery finds what people mean, and what a query's meaning costs.

The labelled set (tests/opportunities/relevance: 2,000 generated Ghent opportunities in Dutch
and English, 96 labelled queries) is loaded into a scratch Neo4j and embedded; each query is
asked three ways: full text only (today's every-word search), meaning only (the vector index's
nearest), and hybrid (discovery with text and meaning, as the API asks it). Reports recall@5
and nDCG@10 of each; goals: hybrid nDCG@10 >= 0.75 and at least 0.2 above full text. Also
the time to embed one query on one thread (goal: p95 under 15 ms).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import embeddings
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from graph.opportunities import discovery, meaning
from tests.bench.report import Figure, Report, percentile
from tests.bench.store import scratch_neo4j
from tests.opportunities.relevance.catalogue import Listing, catalogue
from tests.opportunities.relevance.judge import NDCG_K, Query, load_queries
from tests.opportunities.relevance.judge import report as judge

NAME = "relevance"
LOAD = """
CREATE (u:University {id: 'bench-university', name: 'Bench University'})
CREATE (org:Organisation {id: 'bench-organisation', name: 'Buurtwerk', status: 'APPROVED',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
WITH org
UNWIND $listings AS l
CREATE (o:Opportunity {id: l.key, title: l.title, synopsis: l.synopsis,
        description: l.description, domain: l.domain, level: l.level, status: 'PUBLISHED',
        startsAt: datetime($startsAt), endsAt: datetime($startsAt) + duration('PT2H'),
        capacity: 10, placesTaken: 0, address: 'Gent',
        location: point({latitude: l.latitude, longitude: l.longitude})})
CREATE (o)-[:OFFERED_BY]->(org)
"""
MEANING_ONLY = """
CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score
WHERE node.embeddingModel = $model AND node.status = 'PUBLISHED'
RETURN node.id AS id ORDER BY score DESC, id
"""
QUERY_RUNS = 200


async def _load(graph: Graph, listings: list[Listing]) -> None:
    starts = (datetime.now(UTC) + timedelta(days=7)).isoformat()

    async def work(tx: Any) -> None:
        await (
            await tx.run(LOAD, listings=[vars(item) for item in listings], startsAt=starts)
        ).consume()

    await graph.write(work)


async def _rank(
    graph: Graph, encoder: embeddings.Encoder, query: Query
) -> tuple[list[str], list[str], list[str]]:
    filters = discovery.Filters(text=query.text)
    words = await discovery.discover(graph, filters, NDCG_K)
    vector = await encoder.query(query.text)

    async def nearest(tx: Any) -> list[str]:
        result = await tx.run(
            MEANING_ONLY, index=meaning.INDEX, k=NDCG_K, vector=list(vector), model=encoder.model
        )
        return [r["id"] async for r in result]

    by_meaning = await graph.read(nearest)
    hybrid = await discovery.discover(
        graph, filters, NDCG_K, meaning=discovery.Meaning(vector, encoder.model, encoder.related)
    )
    return (
        [f.opportunity.id for f in words],
        by_meaning,
        [f.opportunity.id for f in hybrid],
    )


async def _measure(target: Neo4jTarget, report: Report) -> None:
    encoder = embeddings.load()
    listings = catalogue()
    queries = load_queries()
    graph = Graph.connect(target)
    try:
        await migrate(graph)
        await _load(graph, listings)
        began = time.perf_counter()
        await meaning.reembed_all(graph, encoder, encoder.dimensions, lambda *_: None)
        print(f"embedded {len(listings)} listings in {time.perf_counter() - began:.0f} s")
        rankings: dict[str, dict[str, list[str]]] = {"full text": {}, "meaning": {}, "hybrid": {}}
        for query in queries:
            words, by_meaning, hybrid = await _rank(graph, encoder, query)
            rankings["full text"][query.id] = words
            rankings["meaning"][query.id] = by_meaning
            rankings["hybrid"][query.id] = hybrid
    finally:
        await graph.close()
    scores = {mode: judge(ranked, queries, listings) for mode, ranked in rankings.items()}
    for mode, scored in scores.items():
        print(f"{mode}: {scored['overall']}")
        for kind, by_kind in scored["by_kind"].items():
            print(f"  {kind}: {by_kind}")
    text_ndcg = scores["full text"]["overall"]["ndcg_at_10"]
    for mode, scored in scores.items():
        overall = scored["overall"]
        fused = mode == "hybrid"
        report.add(
            Figure(
                NAME,
                f"{mode}: recall@5",
                round(overall["recall_at_5"], 3),
                "",
                note=f"{overall['queries']} queries, 2,000 opportunities",
            ),
            Figure(
                NAME,
                f"{mode}: nDCG@10",
                round(overall["ndcg_at_10"], 3),
                "",
                goal=">= 0.75 and >= full text + 0.2" if fused else None,
                met=(overall["ndcg_at_10"] >= 0.75 and overall["ndcg_at_10"] >= text_ndcg + 0.2)
                if fused
                else None,
                reference="full text" if fused else None,
                ratio=round(overall["ndcg_at_10"] / text_ndcg, 2) if fused and text_ndcg else None,
            ),
        )
    # A learner's words, one at a time on one thread, as the server encodes them.
    samples = []
    for i in range(QUERY_RUNS):
        text = f"{queries[i % len(queries)].text} {i}"  # never the cached vector
        # CPU time of this thread: what one core spends, whatever else the machine runs.
        began = time.thread_time()
        encoder.encode([text])
        samples.append((time.thread_time() - began) * 1000)
    p95 = percentile(samples, 95)
    report.add(
        Figure(
            NAME,
            "embedding one query, p95",
            round(p95, 1),
            "ms",
            goal="< 15 ms",
            met=p95 < 15,
            note=f"{encoder.model}, CPU time on one thread, {QUERY_RUNS} queries",
        )
    )


def measure(report: Report) -> None:
    with scratch_neo4j() as target:
        asyncio.run(_measure(target, report))

"""For you: recommendations from a learner's own record, each with its reasons, never from
anyone else's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

import embeddings
from graph.core.database import Graph
from graph.opportunities import meaning
from graph.opportunities.recommendations import PER_SOURCE, RECOMMEND
from tests.factories import new_id
from tests.helpers import error_codes, gql, plan_operators, run, scans

FOR_YOU = """
query { recommendations(first: 10) { opportunity { title } reasons { why because } } }
"""
NOW = datetime.now(UTC).replace(microsecond=0)

# A learner (`me`) and someone else (`other`), badge classes a to e and opportunities, each
# reachable from one part of a record.
SEED = """
CREATE (u:University {id: randomUUID(), name: 'U'})
CREATE (org:Organisation {id: randomUUID(), name: 'Buurtwerk', status: 'APPROVED',
        location: point({latitude: 51.05, longitude: 3.72})})-[:PARTNER_OF]->(u)
CREATE (me:Person {id: $me, name: 'Me', email: $meEmail})
CREATE (other:Person {id: $other, name: 'Other', email: $otherEmail})
CREATE (a:BadgeClass {id: randomUUID(), name: 'Repair basics', domain: 'SUSTAINABILITY',
        level: 1})
CREATE (b:BadgeClass {id: randomUUID(), name: 'Repair skilled', domain: 'SUSTAINABILITY',
        level: 2})
CREATE (c:BadgeClass {id: randomUUID(), name: 'Compost keeper', domain: 'SUSTAINABILITY',
        level: 1})
CREATE (pathway:BadgeClass {id: randomUUID(), name: 'Circular citizen',
        domain: 'SUSTAINABILITY', level: 2})
CREATE (pathway)-[:REQUIRES]->(a), (pathway)-[:REQUIRES]->(c)
CREATE (d:BadgeClass {id: randomUUID(), name: 'Language buddy', domain: 'GLOBAL_CITIZENSHIP',
        level: 1})
CREATE (e:BadgeClass {id: randomUUID(), name: 'Bird counter', domain: 'RESEARCH', level: 1})
CREATE (e2:BadgeClass {id: randomUUID(), name: 'Bird surveyor', domain: 'RESEARCH', level: 2})
CREATE (me)-[:HOLDS]->(:Assertion {id: randomUUID(), visibility: 'PRIVATE',
        issuedAt: datetime()})-[:OF_BADGE]->(a)
CREATE (other)-[:HOLDS]->(:Assertion {id: randomUUID(), visibility: 'PRIVATE',
        issuedAt: datetime()})-[:OF_BADGE]->(e)
CREATE (me)-[:CLAIMED]->(:Claim {id: randomUUID(), status: 'OPEN'})-[:FOR_BADGE]->(d)
CREATE (me)-[:WATCHES]->(:SavedArea {id: randomUUID(), name: 'Home', radiusKm: 1.0,
        domains: ['DIGITAL_LITERACY'], location: point({latitude: 51.10, longitude: 3.72})})
WITH org, me, other, a, b, c, d, e, e2
UNWIND $rows AS row
CREATE (o:Opportunity {id: row.id, title: row.title, synopsis: row.synopsis, description: '',
        domain: row.domain, level: 1, status: row.status, startsAt: datetime(row.starts),
        endsAt: datetime(row.starts) + duration('PT2H'), capacity: 9, placesTaken: 0,
        address: 'Gent', location: point({latitude: row.latitude, longitude: 3.72})})
CREATE (o)-[:OFFERED_BY]->(org)
WITH o, row, me, other,
     CASE row.leadsTo WHEN 'b' THEN b WHEN 'c' THEN c WHEN 'd' THEN d WHEN 'e2' THEN e2
       ELSE null END AS badge
FOREACH (x IN CASE WHEN badge IS NULL THEN [] ELSE [badge] END | CREATE (o)-[:LEADS_TO]->(x))
FOREACH (x IN CASE row.done WHEN 'me' THEN [me] WHEN 'other' THEN [other] ELSE [] END |
  CREATE (x)-[:APPLIED]->(:Application {id: randomUUID(), status: 'COMPLETED',
          decidedAt: datetime()})-[:FOR]->(o))
FOREACH (x IN CASE WHEN row.applied THEN [me] ELSE [] END |
  CREATE (x)-[:APPLIED]->(:Application {id: randomUUID(), status: 'PENDING'})-[:FOR]->(o))
"""


def _row(
    title: str,
    synopsis: str = "",
    *,
    leads_to: str | None = None,
    days: int = 5,
    status: str = "PUBLISHED",
    domain: str = "SUSTAINABILITY",
    latitude: float = 51.05,
    done: str | None = None,
    applied: bool = False,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "title": title,
        "synopsis": synopsis or title,
        "leadsTo": leads_to,
        "starts": (NOW + timedelta(days=days)).isoformat(),
        "status": status,
        "domain": domain,
        "latitude": latitude,
        "done": done,
        "applied": applied,
    }


ROWS = [
    _row("Advanced repair evening", leads_to="b"),  # one level up from my Repair basics
    _row("Compost workshop", leads_to="c"),  # the rest of the pathway I started
    _row("Language café", leads_to="d"),  # the badge of my open claim
    _row("Coding for kids at home", domain="DIGITAL_LITERACY", latitude=51.101),  # my area
    _row(
        "Repair café Sluizeken",
        "Bring broken lamps, toasters and clothes: volunteers fix them with you.",
        days=-20,
        done="me",
    ),
    _row("Naaiatelier: kleren herstellen", "Samen versleten kleding herstellen."),  # like that
    _row("Advanced repair, already applied", leads_to="b", applied=True),
    _row("Advanced repair, started", leads_to="b", days=-1),
    _row("Advanced repair, a draft", leads_to="b", status="DRAFT"),
    # Someone else's record: their badge's next level, and like what they completed.
    _row("Bird survey in the Bourgoyen", leads_to="e2", domain="RESEARCH"),
    _row(
        "Counting birds in the Citadelpark",
        "Record which birds visit the park.",
        days=-30,
        done="other",
        domain="RESEARCH",
    ),
    _row("Owl evening walk", "Listen for owls and record the birds you hear.", domain="RESEARCH"),
]


@pytest.fixture
async def record(clean_graph: Graph) -> dict[str, str]:
    people = {"me": new_id(), "other": new_id()}
    await run(
        clean_graph,
        SEED,
        rows=ROWS,
        meEmail=f"me-{people['me']}@x.example",
        otherEmail=f"other-{people['other']}@x.example",
        **people,
    )
    encoder = embeddings.load()
    await meaning.reembed_all(clean_graph, encoder, encoder.dimensions, lambda *_: None)
    return people


async def for_you(client: httpx.AsyncClient, token: str) -> dict[str, list[tuple[str, str]]]:
    body = await gql(client, FOR_YOU, token=token)
    assert "errors" not in body, body
    return {
        r["opportunity"]["title"]: [(x["why"], x["because"]) for x in r["reasons"]]
        for r in body["data"]["recommendations"]
    }


async def test_each_recommendation_comes_from_my_own_record_with_its_reason(
    client: httpx.AsyncClient, record: dict[str, str], token_for: Callable[[str], str]
) -> None:
    mine = await for_you(client, token_for(record["me"]))
    # The strongest reason first (what I did may add one: the repair evening is also like
    # the repair café I completed).
    assert mine["Advanced repair evening"][0] == ("NEXT_LEVEL", "Repair basics")
    assert mine["Compost workshop"][0] == ("PATHWAY", "Circular citizen")
    assert mine["Language café"][0] == ("CLAIMING", "Language buddy")
    assert ("SAVED_AREA", "Home") in mine["Coding for kids at home"]
    assert ("LIKE_DONE", "Repair café Sluizeken") in mine["Naaiatelier: kleren herstellen"]
    # Not what I applied for, what started already, or a draft; nor what I completed.
    for title in (
        "Advanced repair, already applied",
        "Advanced repair, started",
        "Advanced repair, a draft",
        "Repair café Sluizeken",
    ):
        assert title not in mine
    # The strongest reasons first: my recognised path before where I like to be.
    titles = list(mine)
    assert titles.index("Advanced repair evening") < titles.index("Coding for kids at home")


async def test_nobody_elses_record_shapes_what_i_am_shown(
    client: httpx.AsyncClient, record: dict[str, str], token_for: Callable[[str], str]
) -> None:
    mine = await for_you(client, token_for(record["me"]))
    # The other learner's private badge and completed participation lead somewhere for
    # them, never for me.
    for theirs in ("Bird survey in the Bourgoyen", "Owl evening walk"):
        assert theirs not in mine
    others = await for_you(client, token_for(record["other"]))
    assert others["Bird survey in the Bourgoyen"][0] == ("NEXT_LEVEL", "Bird counter")
    assert "Advanced repair evening" not in others
    assert all(why != "CLAIMING" for reasons in others.values() for why, _ in reasons)


async def test_recommendations_are_for_a_signed_in_learner(client: httpx.AsyncClient) -> None:
    assert error_codes(await gql(client, FOR_YOU)) == ["UNAUTHENTICATED"]


async def test_the_recommendation_statement_starts_at_the_learner_and_scans_nothing(
    graph: Graph,
) -> None:
    params = {
        "learner": "someone",
        "published": "PUBLISHED",
        "completed": "COMPLETED",
        "undecided": ["OPEN"],
        "model": "m",
        "related": 0.6,
        "pool": PER_SOURCE,
        "perSource": PER_SOURCE,
        "alikePerDone": 5,
        "limit": 10,
    }
    operators = await plan_operators(graph, RECOMMEND, params)
    assert scans(operators) == [], operators
    assert any("vector.queryNodes" in op for op in operators), operators
    assert any(op.startswith("NodeIndexSeekByRange") for op in operators), operators  # areas
    assert any("up:BadgeClass(domain, level)" in op for op in operators), operators

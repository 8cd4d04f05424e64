"""The demo's templates and its teacher's badge on the spot, loaded once however often."""

from __future__ import annotations

from datetime import date

from deploy.demo import seed_demo
from graph.core.database import Graph
from tests.helpers import run

ON_THE_SPOT = """
MATCH (t:BadgeTemplate)-[:PROVIDED_BY]->(:University)
WITH count(t) AS templates
OPTIONAL MATCH (teacher:Person)-[:ISSUED_ON_THE_SPOT]->(b:BadgeClass)<-[:OF_BADGE]-(a:Assertion)
WITH templates, teacher, a, b ORDER BY a.issuedAt
RETURN templates, collect(teacher.name) AS issuers, collect(a.consent) AS consents,
       collect(b.name) AS names
"""


async def test_the_demo_has_two_templates_and_a_badge_issued_on_the_spot(
    clean_graph: Graph,
) -> None:
    await seed_demo(clean_graph, date(2026, 11, 24))
    await seed_demo(clean_graph, date(2026, 11, 24))
    assert await run(clean_graph, ON_THE_SPOT) == [
        {
            "templates": 2,
            # The second is for the demo's portfolio page (deploy.demo.seed_portfolios).
            "issuers": ["Tine Teacher", "Tine Teacher"],
            "consents": ["ON_THE_SPOT", "ON_THE_SPOT"],
            "names": ["Helped at the repair café", "Presented to the group"],
        }
    ]

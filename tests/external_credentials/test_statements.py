"""The read statements of credentials from elsewhere start at an index, never a scan."""

from __future__ import annotations

import pytest

from graph.competencies.self_assessment import MINE as SELF_ASSESSMENT
from graph.core.database import Graph
from graph.external_credentials import external_credentials as externals
from tests.helpers import plan_operators, scans


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        (externals.LIST, {"person": "p"}),
        (externals.ONE, {"person": "p", "id": "x"}),
        (externals.MAPPINGS, {"badgeClass": "b"}),
        (SELF_ASSESSMENT, {"framework": "f", "person": "p"}),
    ],
)
async def test_reads_use_indexes(graph: Graph, statement: str, params: dict[str, str]) -> None:
    operators = await plan_operators(graph, statement, params)
    assert scans(operators) == [], operators


async def test_a_mapping_is_found_by_its_issuer_and_achievement(graph: Graph) -> None:
    operators = await plan_operators(graph, externals.LIST, {"person": "p"})
    assert any(
        "external_mapping_achievement" in op or "ExternalMapping(issuerId" in op for op in operators
    ), operators

"""The new statements seek what they start from by its unique index, and scan no label."""

from __future__ import annotations

from typing import Any

import pytest

from graph.badge_templates import on_the_spot, templates
from graph.core.database import Graph
from tests.helpers import plan_operators, scans

STATEMENTS: dict[str, tuple[str, dict[str, Any], str]] = {
    "list": (
        templates.LIST,
        {"university": "u", "actor": "p", "approved": "APPROVED", "archived": False, "limit": 5},
        "uni:University(id)",
    ),
    "facts": (
        on_the_spot.FACTS,
        {"template": "t", "issuer": "i", "actor": "p", "approved": "APPROVED"},
        "t:BadgeTemplate(id)",
    ),
    "learners": (on_the_spot.LEARNERS, {"emails": ["a@x.example"]}, "p:Person(email)"),
    "today": (on_the_spot.TODAY, {"actor": "p"}, "actor:Person(id)"),
    "begin": (on_the_spot.BEGIN, {"request": "r", "actor": "p", "fingerprint": "f"}, ""),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
async def test_each_statement_seeks_by_a_unique_index(clean_graph: Graph, name: str) -> None:
    statement, params, seek = STATEMENTS[name]
    operators = await plan_operators(clean_graph, statement, params)
    assert scans(operators) == [], operators
    assert any(
        op.startswith(("NodeUniqueIndexSeek", "AssertSameNode", "Merge")) and seek in op
        for op in operators
    ), operators

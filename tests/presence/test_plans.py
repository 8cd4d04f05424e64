"""Every read statement of proof of presence starts from an index, never a label scan."""

from __future__ import annotations

from typing import Any

import pytest

from graph.core.database import Graph
from graph.presence import check_in, claim_codes
from tests.helpers import plan_operators, scans

STATEMENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "screen": (
        check_in.SCREEN_FACTS,
        {"opportunity": "x", "actor": "y", "present": check_in.PRESENT},
    ),
    "attend": (
        check_in.ATTEND_FACTS,
        {"opportunity": "x", "actor": "y", "present": [], "latitude": 51.0, "longitude": 3.7},
    ),
    "attendees": (check_in.ATTENDED, {"opportunity": "x", "actor": "y", "accepted": "ACCEPTED"}),
    "class standing": (claim_codes.CLASS_STANDING, {"badgeClass": "x", "actor": "y"}),
    "list": (claim_codes.LIST, {"badgeClass": "x", "limit": 10}),
    "lock": (claim_codes.LOCK_CODE, {"hash": "x"}),
    "redeem facts": (claim_codes.REDEEM_FACTS, {"code": "x", "actor": "y"}),
    "code's class": (claim_codes.CODE_CLASS, {"id": "x"}),
}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
async def test_statements_start_from_an_index(name: str, graph: Graph) -> None:
    statement, params = STATEMENTS[name]
    operators = await plan_operators(graph, statement, params)
    assert scans(operators) == [], operators

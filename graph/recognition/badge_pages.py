"""What an issued badge shows outside the app, on its certificate and in its link preview."""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import AsyncManagedTransaction

from graph.core.cypher import single
from graph.core.transactions import reads
from graph.recognition.assertions import ASSERTION_FIELDS, Assertion, assertion_from


@dataclass(frozen=True)
class BadgeSheet:
    """An issued badge with its class's words and its issuer's name."""

    assertion: Assertion
    issuer_name: str
    description: str
    criteria: str


# ASSERTION_FIELDS leaves the badge class `b` in scope; its issuer is read beside it.
SHEET = (
    "MATCH (a:Assertion {id: $id}) WITH a"
    + ASSERTION_FIELDS
    + """
RETURN assertion, b.description AS description, b.criteria AS criteria,
       [(b)-[:ISSUED_BY]->(issuer) | issuer.name][0] AS issuerName
"""
)


@reads
async def badge_sheet(tx: AsyncManagedTransaction, assertion_id: str) -> BadgeSheet | None:
    """The badge and what its certificate says, or None when there is no such badge."""
    record = await single(tx, SHEET, id=assertion_id)
    if record is None:
        return None
    return BadgeSheet(
        assertion=assertion_from(record["assertion"]),
        issuer_name=record["issuerName"] or "",
        description=record["description"] or "",
        criteria=record["criteria"] or "",
    )

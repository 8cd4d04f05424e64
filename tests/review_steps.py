"""The claim-review tests' steps through the API: self-assert, invite, endorse, approve,
withdraw an endorsement, and the claim's status in the graph."""

from __future__ import annotations

from graph.core.database import Graph
from tests.helpers import run

SELF_ASSERT = """
mutation($b: ID!) { selfAssert(input: {title: "Fixed the café's lamps", narrative: "I did",
  badgeClassId: $b}) { id status } }
"""
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!, $r: Relationship!) {
  endorseClaim(claimId: $c, relationship: $r, testimonial: "Saw it") { status }
}
"""
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }"
WITHDRAW_ENDORSEMENT = "mutation($id: ID!) { withdrawEndorsement(id: $id) { id } }"
STATUS = "MATCH (c:Claim {id: $c}) RETURN c.status AS status"


async def status_of(graph: Graph, claim_id: str) -> str:
    found = await run(graph, STATUS, c=claim_id)
    return str(found[0]["status"])

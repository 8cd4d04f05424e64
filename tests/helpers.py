"""Small helpers for talking to the app under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from graph.core.database import Graph
from server.settings import REPO_ROOT


async def gql(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    token: str | None = None,
) -> dict[str, Any]:
    """POST a GraphQL operation and return the decoded body (any HTTP status)."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    body: dict[str, Any] = response.json()
    body["_status"] = response.status_code
    return body


async def run(graph: Graph, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run one Cypher statement in a write transaction; its rows as dicts."""

    async def work(tx: Any) -> list[dict[str, Any]]:
        return [r.data() async for r in await tx.run(query, params)]

    return await graph.write(work)


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def repo_path(*parts: str) -> Path:
    return REPO_ROOT.joinpath(*parts)


async def plan_operators(graph: Graph, statement: str, params: dict[str, Any]) -> list[str]:
    """The EXPLAIN plan of a statement, flattened to "Operator details" lines."""

    async def explain(tx: Any) -> Any:
        result = await tx.run("EXPLAIN " + statement, params)
        return (await result.consume()).plan

    operators: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        operators.append(f"{node['operatorType']} {node.get('args', {}).get('Details', '')}")
        for child in node.get("children", []):
            walk(child)

    walk(await graph.read(explain))
    return operators


def seeks_on(operators: list[str], index: str) -> list[str]:
    """Index seeks on `index` ("p:PortfolioPage(id)"), unique or not, never a scan of it: a
    plain USING INDEX hint let the planner read the whole index on near-empty graphs (whole-
    suite runs), hence USING INDEX SEEK on every id lookup."""
    seeking = ("NodeUniqueIndexSeek", "NodeIndexSeek")
    return [op for op in operators if op.startswith(seeking) and index in op]


def scans(operators: list[str]) -> list[str]:
    """Operators that read every node (of a label): what an index should have avoided."""
    return [op for op in operators if op.startswith(("AllNodesScan", "NodeByLabelScan"))]


INBOX = """
query($first: Int!, $after: String, $unread: Boolean!) {
  notifications(first: $first, after: $after, unreadOnly: $unread) {
    edges { cursor node { id kind data readAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def inbox(
    client: httpx.AsyncClient, token: str, *, unread: bool = False, first: int = 50
) -> list[dict[str, Any]]:
    body = await gql(client, INBOX, {"first": first, "unread": unread}, token=token)
    return [e["node"] for e in body["data"]["notifications"]["edges"]]


def kinds(items: list[dict[str, Any]]) -> list[str]:
    return [i["kind"] for i in items]


CLAIM_FIELDS = """
id status tier kind title assertionId
endorsements { endorserName relationship status
  trust { holdsSameBadge supervisesHost isTeacher reciprocal } }
"""


CLAIM = (
    'mutation($a: ID!) { claimParticipation(applicationId: $a, narrative: "I fixed 3 bikes", '
    'evidence: [{url: "https://blog.example/bikes", name: "blog"}]) { ' + CLAIM_FIELDS + " } }"
)


INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"


ENDORSE = f"""
mutation($c: ID!, $r: Relationship!) {{
  endorseClaim(claimId: $c, relationship: $r, testimonial: "Saw it", observed: "All") {{
    {CLAIM_FIELDS}
  }}
}}
"""


READ_CLAIM = f"query($id: ID!) {{ claim(id: $id) {{ {CLAIM_FIELDS} }} }}"

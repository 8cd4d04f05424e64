"""A learner's claims and badges, paged: complete and newest first across ties, cursors
bound to their listing, and listings that seek from the learner instead of scanning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from server.graphql.pagination import encode_cursor
from tests.factories import World, make_person, make_world, new_id
from tests.helpers import error_codes, gql, run

# Seven claims, three at the very same instant and two a nanosecond apart, so page
# boundaries fall inside ties; three are PUBLIC and three were issued (two of them public).
LISTED = """
MATCH (p:Person {id: $p}), (b:BadgeClass {id: $b}), (u:University {id: $u})
UNWIND $rows AS row
CREATE (p)-[:CLAIMED]->(c:Claim {id: row.id, kind: 'SELF_ASSERTED', title: row.id,
        narrative: 'n', status: CASE WHEN row.issued THEN 'ISSUED' ELSE 'OPEN' END,
        visibility: row.visibility, version: 0, revision: 1,
        createdAt: datetime({epochSeconds: $base, nanosecond: row.nanos})})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
WITH p, b, u, c, row WHERE row.issued
CREATE (a:Assertion {id: row.assertion, visibility: row.visibility, version: 0,
        statusIndex: -1, issuedAt: datetime({epochSeconds: $base, nanosecond: row.nanos})})
CREATE (c)-[:ISSUED_AS]->(a), (p)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), (a)-[:BRANDED_BY]->(u)
"""
LISTING_ROWS = [  # (nanosecond, visibility, issued)
    (0, "PRIVATE", False),
    (0, "PUBLIC", True),
    (0, "PRIVATE", True),
    (1, "PUBLIC", False),
    (2, "PRIVATE", False),
    (2, "PUBLIC", True),
    (500, "PRIVATE", False),
]
PAGE_FIELDS = (
    "totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }"
)
MY_CLAIMS = f"query($n: Int!, $a: String) {{ myClaims(first: $n, after: $a) {{ {PAGE_FIELDS} }} }}"
MY_ASSERTIONS = (
    f"query($n: Int!, $a: String) {{ myAssertions(first: $n, after: $a) {{ {PAGE_FIELDS} }} }}"
)
PROFILE_CLAIMS = (
    "query($p: ID!, $n: Int!, $a: String) { profile(personId: $p) { "
    f"claims(first: $n, after: $a) {{ {PAGE_FIELDS} }} }} }}"
)


async def listing_world(graph: Graph) -> tuple[World, str, list[dict[str, Any]]]:
    """A learner with LISTING_ROWS; the rows (ids included), newest first."""
    world = await make_world(graph)
    learner = await make_person(graph, "pages@world.example", "Pages")
    rows = [
        {"id": new_id(), "assertion": new_id(), "nanos": n, "visibility": v, "issued": i}
        for n, v, i in LISTING_ROWS
    ]
    await run(
        graph,
        LISTED,
        p=learner,
        b=world.badge_class,
        u=world.university,
        base=1_750_000_000,
        rows=rows,
    )
    return world, learner, sorted(rows, key=lambda r: (r["nanos"], r["id"]), reverse=True)


async def every_page(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    pick: Callable[[dict[str, Any]], dict[str, Any]],
    token: str | None = None,
) -> tuple[list[str], set[int]]:
    """Every id, page by page of two, and the totalCounts the pages gave."""
    seen: list[str] = []
    totals: set[int] = set()
    after = None
    while True:
        body = await gql(client, query, {**variables, "n": 2, "a": after}, token=token)
        assert "errors" not in body, body
        page = pick(body["data"])
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert len(page["edges"]) <= 2
        seen += [e["node"]["id"] for e in page["edges"]]
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            return seen, totals
        after = page["pageInfo"]["endCursor"]
        assert after == page["edges"][-1]["cursor"]


async def test_my_claims_and_badges_are_paged_completely_newest_first(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, learner, newest_first = await listing_world(clean_graph)
    token = token_for(learner)

    claims, totals = await every_page(client, MY_CLAIMS, {}, lambda d: d["myClaims"], token)
    assert claims == [r["id"] for r in newest_first]  # no gaps, no repeats, in order
    assert totals == {7}
    badges, totals = await every_page(client, MY_ASSERTIONS, {}, lambda d: d["myAssertions"], token)
    # Badges tie-break on their own id, as claims do on theirs.
    issued = sorted(
        (r for r in newest_first if r["issued"]),
        key=lambda r: (r["nanos"], r["assertion"]),
        reverse=True,
    )
    assert badges == [r["assertion"] for r in issued]
    assert totals == {3}
    # Anyone sees only what was made PUBLIC, paged and counted the same way.
    public, totals = await every_page(
        client, PROFILE_CLAIMS, {"p": learner}, lambda d: d["profile"]["claims"]
    )
    assert public == [r["id"] for r in newest_first if r["visibility"] == "PUBLIC"]
    assert totals == {3}
    # Everything in one page when it fits.
    whole = await gql(client, MY_CLAIMS, {"n": 100}, token=token)
    assert [e["node"]["id"] for e in whole["data"]["myClaims"]["edges"]] == claims
    assert whole["data"]["myClaims"]["pageInfo"]["hasNextPage"] is False
    # Another learner's listing is their own.
    other = await gql(client, MY_CLAIMS, {"n": 100}, token=token_for(world.people["learner"]))
    assert not set(claims) & {e["node"]["id"] for e in other["data"]["myClaims"]["edges"]}


async def test_a_cursor_from_another_listing_is_refused(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world, learner, _ = await listing_world(clean_graph)
    token = token_for(learner)
    claims = (await gql(client, MY_CLAIMS, {"n": 1}, token=token))["data"]["myClaims"]
    claim_cursor = claims["pageInfo"]["endCursor"]
    badges = (await gql(client, MY_ASSERTIONS, {"n": 1}, token=token))["data"]["myAssertions"]
    profile = await gql(client, PROFILE_CLAIMS, {"p": learner, "n": 1})
    profile_cursor = profile["data"]["profile"]["claims"]["pageInfo"]["endCursor"]
    notifications = "query($a: String) { notifications(first: 1, after: $a) { edges { cursor } } }"

    refused = [
        await gql(client, MY_ASSERTIONS, {"n": 1, "a": claim_cursor}, token=token),
        await gql(client, MY_CLAIMS, {"n": 1, "a": badges["pageInfo"]["endCursor"]}, token=token),
        await gql(client, MY_CLAIMS, {"n": 1, "a": profile_cursor}, token=token),
        await gql(client, notifications, {"a": claim_cursor}, token=token),
        # A profile's cursor belongs to that person's profile.
        await gql(client, PROFILE_CLAIMS, {"p": learner, "n": 1, "a": claim_cursor}),
        await gql(
            client,
            PROFILE_CLAIMS,
            {"p": world.people["owner"], "n": 1, "a": profile_cursor},
        ),
        # Forged: the right kind, a payload it never issued.
        await gql(
            client, MY_CLAIMS, {"n": 1, "a": encode_cursor("my-claims", ["x", 0, "y"])}, token=token
        ),
        await gql(
            client,
            MY_CLAIMS,
            {"n": 1, "a": encode_cursor("my-claims", [0, 10**9, "y"])},
            token=token,
        ),
        await gql(client, MY_CLAIMS, {"n": 1, "a": "not a cursor"}, token=token),
        await gql(client, MY_CLAIMS, {"n": 0}, token=token),
        await gql(client, MY_CLAIMS, {"n": 101}, token=token),
    ]
    for body in refused:
        assert error_codes(body) == ["BAD_USER_INPUT"], body
    assert error_codes(await gql(client, MY_CLAIMS, {"n": 1})) == ["UNAUTHENTICATED"]
    assert error_codes(await gql(client, MY_ASSERTIONS, {"n": 1})) == ["UNAUTHENTICATED"]


async def test_the_listings_seek_from_the_learner_and_never_scan(clean_graph: Graph) -> None:
    from graph.recognition import assertions, claims
    from tests.helpers import plan_operators, scans

    params = {
        "learner": "x",
        "publicOnly": False,
        "limit": 21,
        "afterSeconds": 1_750_000_000,
        "afterNanos": 0,
        "afterId": "y",
    }
    for statement in (
        claims.OF_LEARNER,
        claims.COUNT_OF_LEARNER,
        assertions.OF_LEARNER,
        assertions.COUNT_OF_LEARNER,
    ):
        operators = await plan_operators(clean_graph, statement, params)
        assert scans(operators) == [], operators
        assert any("UNIQUE me:Person(id)" in op for op in operators), operators
        if statement in (claims.OF_LEARNER, assertions.OF_LEARNER):
            # The page is cut (top-k) before anyone's fields are read, not after.
            assert any(op.startswith("Top") and "LIMIT $limit" in op for op in operators)

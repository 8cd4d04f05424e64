"""Reads where they belong on a cluster: every query runs without a write transaction, and a
client's bookmark (from its last write, on any replica) makes its next reads start no earlier."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from graphql import GraphQLNonNull, GraphQLObjectType, get_named_type, is_leaf_type

from auth.token_keys import bookmark_secret
from graph.core.database import Graph, WriteInQuery, query_only
from server.bookmarks import seal, unseal
from server.graphql.schema import build_schema
from server.settings import Settings
from tests.factories import ROLES, make_world
from tests.helpers import gql, run

WRITE = "mutation { markAllNotificationsRead }"
ME = "query { me { id name } }"


def _argument_free_queries() -> list[str]:
    """A document for every Query field that needs no argument: what a client can read
    without knowing an id, the widest sweep of read paths there is."""
    query_type = build_schema()._schema.query_type
    assert isinstance(query_type, GraphQLObjectType)
    documents = []
    for name, field in sorted(query_type.fields.items()):
        if any(
            isinstance(a.type, GraphQLNonNull) and a.default_value is None
            for a in field.args.values()
        ):
            continue
        named = get_named_type(field.type)
        selection = "" if is_leaf_type(named) else " { __typename }"
        documents.append(f"query {{ {name}{selection} }}")
    return documents


async def test_a_write_inside_a_query_is_refused(graph: Graph) -> None:
    async def work(tx: Any) -> None:
        await (await tx.run("CREATE (:Stray)")).consume()

    token = query_only.set(True)
    try:
        with pytest.raises(WriteInQuery):
            await graph.write(work)
    finally:
        query_only.reset(token)
    assert await run(graph, "MATCH (s:Stray) RETURN count(s) AS n") == [{"n": 0}]


async def test_no_query_opens_a_write_transaction_for_anyone(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    documents = _argument_free_queries()
    assert len(documents) > 20  # the sweep reaches the schema, not a handful
    for role in (None, *ROLES):
        token = token_for(world.people[role]) if role else None
        for document in documents:
            body = await gql(client, document, token=token)
            codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
            # A write inside a query would be refused and surface as an internal error.
            assert "INTERNAL_SERVER_ERROR" not in codes, (role, document, body)
            assert body["_status"] < 500, (role, document, body)


async def test_a_write_hands_its_bookmark_to_the_client_for_its_next_reads(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await make_world(clean_graph)
    headers = {"authorization": f"Bearer {token_for(world.people['learner'])}"}
    read = await client.post("/graphql", json={"query": ME}, headers=headers)
    assert read.status_code == 200
    assert "kring-bookmark" not in read.headers  # nothing written, nothing to wait for
    wrote = await client.post(
        "/graphql",
        json={"query": WRITE},
        headers=headers,
    )
    assert "errors" not in wrote.json(), wrote.json()
    bookmark = wrote.headers["kring-bookmark"]
    # Sealed by this Kring: a database bookmark inside, readable only with the shared secret.
    opened = unseal(bookmark_secret(settings.key_dir), bookmark)
    assert opened
    assert all(isinstance(b, str) and b for b in opened)
    # The next read, on this replica or another, waits for it and then answers.
    after = await client.post(
        "/graphql", json={"query": ME}, headers={**headers, "Kring-Bookmark": bookmark}
    )
    assert after.status_code == 200
    assert after.json()["data"]["me"]["id"] == world.people["learner"]

    # One not sealed by Kring (or changed) is refused, saying what to do; nothing runs.
    forged = seal(b"another secret", opened)
    payload, mac = bookmark.split(".")
    for wrong in (forged, payload + "." + mac[::-1], "x" * 5000, "no-dot"):
        refused = await client.post(
            "/graphql",
            json={"query": WRITE},
            headers={**headers, "Kring-Bookmark": wrong},
        )
        assert refused.status_code == 400, wrong
        [error] = refused.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "Kring-Bookmark" in error["message"]

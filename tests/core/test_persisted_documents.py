"""Persisted documents (the web app sends hashes) and the cache of parsed and validated
documents, against the real app and Neo4j, with a stand-in web build holding the manifest."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette
from starlette.testclient import TestClient

from graph.core.database import Graph, Neo4jTarget
from server.app import create_app
from server.graphql.documents import DocumentCache
from server.routes import web
from server.routes.web import WebApp
from server.settings import Settings
from tests.helpers import error_codes

OPPORTUNITIES = (
    "query Opportunities($first: Int!) { opportunities(first: $first) { edges { node { id } } } }"
)
ADDED = "subscription Added { notificationAdded { kind } }"
ARBITRARY = "{ opportunities(first: 1) { edges { cursor } } }"
EDGES = "edges { cursor }"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text_or_hash: str) -> dict[str, Any]:
    digest = text_or_hash if len(text_or_hash) == 64 else sha256(text_or_hash)
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def stand_in_build(root: Path) -> Path:
    """A web build as far as the server reads it, its manifest as the code generator writes."""
    dist = root / "dist"
    dist.mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><html><head></head><body></body></html>")
    (dist / "routes.json").write_text('["/"]')
    manifest = {f"sha256:{sha256(text)}": text for text in (OPPORTUNITIES, ADDED)}
    (dist / "persisted-documents.json").write_text(json.dumps(manifest))
    return dist


def built_app(
    settings: Settings, target: Neo4jTarget, root: Path, monkeypatch: pytest.MonkeyPatch
) -> Starlette:
    monkeypatch.setattr(web, "routes", [WebApp(stand_in_build(root))])
    return create_app(settings, target)


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.fixture
def trusted(settings: Settings) -> Settings:
    return dataclasses.replace(settings, graphql_trusted_documents=True)


async def post(client: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await client.post("/graphql", json=body)


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The answer's body to a document sent as text."""
    body: dict[str, Any] = (await post(client, query=query, variables=variables or {})).json()
    return body


async def test_a_known_hash_runs_the_builds_document(
    settings: Settings,
    neo4j_target: Neo4jTarget,
    clean_graph: Graph,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = built_app(settings, neo4j_target, tmp_path, monkeypatch)
    async with serving(app) as client:
        by_hash = await post(client, extensions=persisted(OPPORTUNITIES), variables={"first": 2})
        # Apollo's GET form too: the extension as a JSON query parameter.
        by_get = await client.get(
            "/graphql",
            params={
                "extensions": json.dumps(persisted(OPPORTUNITIES)),
                "variables": '{"first": 1}',
            },
        )
    assert by_hash.status_code == 200, by_hash.text
    assert by_hash.json() == {"data": {"opportunities": {"edges": []}}}
    assert by_get.json() == {"data": {"opportunities": {"edges": []}}}


async def test_an_unknown_hash_is_not_found_and_a_wrong_one_a_bad_request(
    settings: Settings,
    trusted: Settings,
    neo4j_target: Neo4jTarget,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for configured in (settings, trusted):
        app = built_app(configured, neo4j_target, tmp_path / str(id(configured)), monkeypatch)
        async with serving(app) as client:
            unknown = await post(client, extensions=persisted("0" * 64))
            mismatched = await post(client, query=ARBITRARY, extensions=persisted(OPPORTUNITIES))
            malformed = await post(
                client, extensions={"persistedQuery": {"version": 1, "sha256Hash": "abc"}}
            )
        assert unknown.status_code == 400
        assert error_codes(unknown.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
        assert error_codes(mismatched.json()) == ["BAD_REQUEST"]
        assert error_codes(malformed.json()) == ["BAD_REQUEST"]


async def test_trusted_documents_refuse_any_other_text(
    settings: Settings,
    trusted: Settings,
    neo4j_target: Neo4jTarget,
    clean_graph: Graph,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    open_app = built_app(settings, neo4j_target, tmp_path / "open", monkeypatch)
    async with serving(open_app) as client:
        accepted = await gql(client, ARBITRARY)
        # An unknown hash sent with its text runs the text (its hash checked), as APQ does.
        with_text = await post(client, query=ARBITRARY, extensions=persisted(ARBITRARY))
    assert accepted == {"data": {"opportunities": {"edges": []}}}
    assert with_text.json() == accepted

    trusted_app = built_app(trusted, neo4j_target, tmp_path / "trusted", monkeypatch)
    async with serving(trusted_app) as client:
        refused = await client.post("/graphql", json={"query": ARBITRARY})
        refused_with_hash = await post(client, query=ARBITRARY, extensions=persisted(ARBITRARY))
        # The build's own document is accepted as text too, and by hash.
        own_text = await gql(client, OPPORTUNITIES, {"first": 1})
        own_hash = await post(client, extensions=persisted(OPPORTUNITIES), variables={"first": 1})
    assert refused.status_code == 400
    assert error_codes(refused.json()) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert "data" not in refused.json()
    assert error_codes(refused_with_hash.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert own_text == {"data": {"opportunities": {"edges": []}}}
    assert own_hash.json() == own_text


async def test_trusted_documents_without_a_build_refuse_everything(
    trusted: Settings, neo4j_target: Neo4jTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "routes", [WebApp(tmp_path / "never-built")])
    async with serving(create_app(trusted, neo4j_target)) as client:
        text = await gql(client, OPPORTUNITIES, {"first": 1})
        by_hash = await post(client, extensions=persisted(OPPORTUNITIES))
    assert error_codes(text) == ["PERSISTED_QUERY_NOT_IN_LIST"]
    assert error_codes(by_hash.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


@contextmanager
def subscription(app: Starlette, payload: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The first message answering a subscribe over graphql-transport-ws, anonymously."""
    with (
        TestClient(app) as client,
        client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws,
    ):
        ws.send_json({"type": "connection_init", "payload": {}})
        assert ws.receive_json()["type"] == "connection_ack"
        ws.send_json({"id": "1", "type": "subscribe", "payload": payload})
        yield ws.receive_json()


def test_subscriptions_take_hashes_and_trusted_documents_hold_there_too(
    trusted: Settings, neo4j_target: Neo4jTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = built_app(trusted, neo4j_target, tmp_path, monkeypatch)
    # graphql-ws insists on a query: a hash-only subscribe leaves it empty.
    with subscription(app, {"query": "", "extensions": persisted(ADDED)}) as message:
        # The document ran: its resolver wants a signed-in person.
        assert message["type"] == "next"
        assert error_codes(message["payload"]) == ["UNAUTHENTICATED"]
    arbitrary = "subscription { notificationAdded { id } }"
    with subscription(app, {"query": arbitrary}) as refused:
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
    with subscription(app, {"query": "", "extensions": persisted("1" * 64)}) as unknown:
        assert unknown["type"] == "error"
        assert unknown["payload"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_document_cache_keeps_its_size(
    settings: Settings, neo4j_target: Neo4jTarget, clean_graph: Graph
) -> None:
    small = dataclasses.replace(settings, graphql_document_cache=3)
    app = create_app(small, neo4j_target)
    cache: DocumentCache = app.state.document_cache
    async with serving(app) as client:
        answers = [
            await gql(client, f"query Q{n} {{ opportunities(first: {n}) {{ {EDGES} }} }}")
            for n in range(1, 8)
        ]
        size_after = len(cache)
        # The most recent document is still answered (from the cache) as before.
        again = await gql(client, "query Q7 { opportunities(first: 7) { edges { cursor } } }")
    assert answers == [{"data": {"opportunities": {"edges": []}}}] * 7
    assert size_after == 3
    assert again == answers[-1]
    assert len(cache) == 3


async def test_a_cached_invalid_document_still_gets_its_errors(
    settings: Settings, neo4j_target: Neo4jTarget
) -> None:
    app = create_app(settings, neo4j_target)
    cache: DocumentCache = app.state.document_cache
    typo = "{ opportunitie(first: 1) { edges { cursor } } }"
    aliased = "{ " + " ".join(f"a{n}: __typename" for n in range(21)) + " }"
    async with serving(app) as client:
        before = len(cache)
        first_typo, second_typo = await gql(client, typo), await gql(client, typo)
        cached = len(cache)
        first_aliased, second_aliased = await gql(client, aliased), await gql(client, aliased)
    assert cached == before + 1  # the second answer came from the cache
    assert error_codes(first_typo) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "Did you mean 'opportunities'" in first_typo["errors"][0]["message"]
    assert second_typo == first_typo  # message, locations and code alike
    # The limits hold for a cached document too.
    assert error_codes(first_aliased) == ["QUERY_TOO_COMPLEX"]
    assert second_aliased == first_aliased


async def test_no_cache_answers_the_same(
    settings: Settings, neo4j_target: Neo4jTarget, clean_graph: Graph
) -> None:
    app = create_app(dataclasses.replace(settings, graphql_document_cache=0), neo4j_target)
    async with serving(app) as client:
        valid = await gql(client, ARBITRARY)
        invalid = await gql(client, "{ opportunitie { id } }")
    assert len(app.state.document_cache) == 0
    assert valid == {"data": {"opportunities": {"edges": []}}}
    assert error_codes(invalid) == ["GRAPHQL_VALIDATION_FAILED"]

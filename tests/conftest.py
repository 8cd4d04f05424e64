"""Fixtures: one real Neo4j per session (NEO4J_URI, Docker, or the local launcher)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from auth.token_keys import load_or_create_signing_key
from auth.tokens import TokenSettings, issue_access_token
from badges.issuer_keys import IssuerKeys
from badges.transparency_log import CredentialNotary
from deploy.neo4j_source import DatabaseUnavailable, provide_neo4j
from graph.core.database import Graph, Neo4jTarget
from graph.core.migrations import migrate
from server.app import create_app
from server.settings import REPO_ROOT, Environment, PushWorker, Settings

CACHE_DIR = REPO_ROOT / ".kring" / "cache"


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    """The session's Neo4j; fails every dependent test loudly if none can be had."""
    try:
        with provide_neo4j(
            uri=os.environ.get("NEO4J_URI") or None,
            user=os.environ.get("NEO4J_USER", "neo4j"),
            password=os.environ.get("NEO4J_PASSWORD", ""),
            database=os.environ.get("NEO4J_DATABASE", "neo4j"),
            local_store=tmp_path_factory.mktemp("neo4j-store"),
            local_port=None,
            cache_dir=CACHE_DIR,
        ) as target:
            yield target
    except DatabaseUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
async def graph(neo4j_target: Neo4jTarget, settings: Settings) -> AsyncIterator[Graph]:
    # The app's own notary: log entries written by tests carry the credential as served.
    notary = CredentialNotary(settings.public_url, IssuerKeys(settings.key_dir))
    graph = Graph.connect(neo4j_target, notary=notary)
    await migrate(graph)
    yield graph
    await graph.close()


async def _wipe(tx: Any) -> None:
    await (await tx.run("MATCH (n) WHERE NOT n:Migration DETACH DELETE n")).consume()


@pytest.fixture
async def clean_graph(graph: Graph) -> Graph:
    """The migrated graph with every data node removed: each test starts from empty."""
    await graph.write(_wipe)
    return graph


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        env=Environment.DEVELOPMENT,
        data_dir=tmp_path_factory.mktemp("kring-data"),
        public_url="http://testserver",
        # Tests drive delivery workers themselves; the shared app must not race them.
        push_worker=PushWorker.OFF,
        push_services=("127.0.0.1",),
    )


@pytest.fixture(scope="session")
async def client(
    settings: Settings, neo4j_target: Neo4jTarget, graph: Graph
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, neo4j_target)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.fixture
def token_for(settings: Settings) -> Any:
    """Makes a valid access token for a person id, signed with the app's key."""
    key = load_or_create_signing_key(settings.key_dir)
    token_settings = TokenSettings(
        settings.token_issuer, settings.token_audience, settings.token_ttl_seconds
    )

    def make(person_id: str) -> str:
        return issue_access_token(key, token_settings, person_id)

    return make

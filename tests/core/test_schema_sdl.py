"""The committed SDL is the API: any change to it must show up in review."""

from __future__ import annotations

from server.graphql.schema import build_schema
from tests.helpers import repo_path


def test_committed_schema_matches_the_code() -> None:
    committed = repo_path("server", "graphql", "schema.graphql").read_text()
    assert committed == build_schema().as_str() + "\n", (
        "server/graphql/schema.graphql is stale: run `make schema` and commit the result"
    )

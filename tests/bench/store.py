"""A throwaway local Neo4j for a benchmark: never the database NEO4J_URI points at."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deploy.neo4j_source import provide_neo4j
from graph.core.database import Neo4jTarget
from server.settings import REPO_ROOT


class RefusedTarget(RuntimeError):
    """NEO4J_URI is set: benchmark data must not land in a real database."""


@contextmanager
def scratch_neo4j() -> Iterator[Neo4jTarget]:
    if os.environ.get("NEO4J_URI"):
        raise RefusedTarget("refusing to load benchmark data into NEO4J_URI; unset it")
    with (
        tempfile.TemporaryDirectory(prefix="kring-bench-") as store,
        provide_neo4j(
            uri=None,
            user="neo4j",
            password="",
            database="neo4j",
            local_store=Path(store),
            local_port=None,
            cache_dir=REPO_ROOT / ".kring" / "cache",
        ) as target,
    ):
        yield target

"""`kring log sign` and `kring log verify` as an auditor runs them, against a real `kring
serve` on a loopback port: nothing but its public endpoints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from graph.core.database import Graph, Neo4jTarget
from tests.factories import make_world
from tests.helpers import gql, run
from tests.processes import kring, serving
from tests.review_steps import APPROVE


async def test_log_verify_passes_an_honest_server_and_fails_a_tampered_one(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    neo4j_target: Neo4jTarget,
    token_for: Callable[[str], str],
    tmp_path: Path,
) -> None:
    world = await make_world(clean_graph)
    body = await gql(
        client, APPROVE, {"c": world.review_claim}, token=token_for(world.people["org_admin"])
    )
    assert body["data"]["approveClaim"]["status"] == "ISSUED"
    database = {
        "NEO4J_URI": neo4j_target.uri,
        "NEO4J_USER": neo4j_target.user,
        "NEO4J_PASSWORD": neo4j_target.password,
    }
    data = tmp_path / "data"
    with serving(
        data,
        KRING_ENV="development",
        NEO4J_URI=neo4j_target.uri,
        NEO4J_USER=neo4j_target.user,
        NEO4J_PASSWORD=neo4j_target.password,
    ) as server:
        # The server's own data dir: its platform key signs, as `kring log sign` there would.
        env = {"KRING_DATA_DIR": str(data), "KRING_PUBLIC_URL": server.url, **database}
        signed = kring("log", "sign", **env)
        assert signed.returncode == 0, signed.stderr
        assert "signed the tree head of 1 entries" in signed.stdout

        state = tmp_path / "checked.json"
        honest = kring("log", "verify", "--base-url", server.url, "--state", str(state))
        assert honest.returncode == 0, honest.stderr
        assert "log verified: 1 entries" in honest.stdout
        assert state.exists()

        await run(
            clean_graph,
            "MATCH (l:LogLeaf {index: 0}) SET l.leaf = replace(l.leaf, 'ISSUED', 'REVOKED')",
        )
        tampered = kring("log", "verify", "--base-url", server.url)
        assert tampered.returncode == 1
        assert "Leaf 0 does not hash to its recorded hash" in tampered.stderr


def test_log_verify_says_when_the_server_cannot_be_reached(tmp_path: Path) -> None:
    done = kring("log", "verify", "--base-url", "http://127.0.0.1:9", KRING_DATA_DIR=str(tmp_path))
    assert done.returncode == 1
    assert "the transparency log does not check out" in done.stderr

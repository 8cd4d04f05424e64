"""/verify and the badge page say where the log recorded a badge (from the log, not the UI);
the log's lookups use their indexes; the endpoints refuse what they cannot answer."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from badges.issuer_keys import IssuerKeys
from badges.transparency_log import sign_tree_head
from graph.core.database import Graph
from graph.transparency_log import log
from server.settings import Settings
from tests.factories import make_world
from tests.helpers import gql, plan_operators, scans
from tests.review_steps import APPROVE

BADGE = """
query($id: ID!) { assertion(id: $id) {
  transparencyLog { index treeSize treeHeadSignedAt revocationIndex }
} }
"""


async def test_verify_and_the_badge_page_report_the_leaf_and_its_signed_tree_head(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    # The world's claim in review: its organisation's admin approves it, which issues it.
    body = await gql(
        client, APPROVE, {"c": world.review_claim}, token=token_for(world.people["org_admin"])
    )
    badge = body["data"]["approveClaim"]["assertionId"]
    seen = await gql(client, BADGE, {"id": badge}, token=owner)
    assert seen["data"]["assertion"]["transparencyLog"] == {
        "index": 0,
        "treeSize": None,
        "treeHeadSignedAt": None,
        "revocationIndex": None,
    }
    head = await sign_tree_head(clean_graph, settings.public_url, IssuerKeys(settings.key_dir))
    assert head is not None
    seen = await gql(client, BADGE, {"id": badge}, token=owner)
    logged = seen["data"]["assertion"]["transparencyLog"]
    assert (logged["index"], logged["treeSize"]) == (0, 1)
    assert logged["treeHeadSignedAt"] is not None

    served = await client.get(f"/credentials/{badge}", headers={"authorization": f"Bearer {owner}"})
    report = (await client.post("/verify", content=served.content)).json()
    assert report["verdict"] == "valid"
    facts = report["transparency_log"]
    assert (facts["index"], facts["tree_size"], facts["same_as_recorded"]) == (0, 1, True)
    assert facts["tree_head_signed_at"] is not None
    graphql = await gql(
        client,
        "query($c: JSON!) { verifyCredential(credential: $c) { transparencyLog { index "
        "treeSize sameAsRecorded treeHeadSignedAt } } }",
        {"c": served.json()},
    )
    by_graphql = graphql["data"]["verifyCredential"]["transparencyLog"]
    assert (by_graphql["index"], by_graphql["treeSize"], by_graphql["sameAsRecorded"]) == (
        0,
        1,
        True,
    )
    assert by_graphql["treeHeadSignedAt"] == facts["tree_head_signed_at"]
    # The VC-JWT form is the same badge, but not the bytes the log recorded.
    jwt = await client.get(
        f"/credentials/{badge}/jwt", headers={"authorization": f"Bearer {owner}"}
    )
    by_jwt = (await client.post("/verify", content=jwt.content)).json()
    assert by_jwt["transparency_log"]["index"] == 0
    assert by_jwt["transparency_log"]["same_as_recorded"] is False
    # The world's own badge came from the factory, before any log: no claim to a leaf.
    old = await client.get(
        f"/credentials/{world.assertion}", headers={"authorization": f"Bearer {owner}"}
    )
    assert (await client.post("/verify", content=old.content)).json()["transparency_log"] is None


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/transparency-log/get-sth", 404),  # nothing signed yet
        ("/transparency-log/get-entries?start=5&end=1", 400),
        ("/transparency-log/get-entries?start=-1&end=1", 400),
        ("/transparency-log/get-entries?start=%C2%B2&end=3", 400),  # "²": a digit to isdigit()
        ("/transparency-log/get-sth-consistency?first=2&second=1", 400),
        ("/transparency-log/get-sth-consistency?first=0&second=9", 400),
        ("/transparency-log/get-proof-by-hash?hash=abc&tree_size=1", 400),
        (f"/transparency-log/get-proof-by-hash?hash={'A' * 43}=&tree_size=1", 404),
        ("/transparency-log/get-proof-by-credential?id=x&tree_size=1", 400),
    ],
)
async def test_the_endpoints_refuse_what_they_cannot_answer(
    client: httpx.AsyncClient, clean_graph: Graph, path: str, status: int
) -> None:
    answer = await client.get(path)
    assert answer.status_code == status, answer.text


@pytest.mark.parametrize(
    ("statement", "params"),
    [
        (log.BY_HASH, {"hash": "00" * 32}),
        (log.BY_SUBJECT, {"subject": "s", "limit": 16}),
        (log.ENTRIES, {"start": 0, "end": 256}),
        (log.NODES, {"leaves": [0, 2], "nodes": [[1, 0], [2, 0]]}),
        (log.RECORDED, {"subjects": ["s"], "limit": 16}),
        (log.LATEST_HEAD, {}),
    ],
)
async def test_leaf_and_node_lookups_use_their_indexes(
    graph: Graph, statement: str, params: dict[str, object]
) -> None:
    operators = await plan_operators(graph, statement, params)
    assert scans(operators) == [], operators

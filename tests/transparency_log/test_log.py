"""The transparency log grown through real issuances, revocations and validations: every
inclusion and consistency proof through the public endpoints, the digest of each badge as
served, 50 issuances at once, and `kring log verify` on an honest and a tampered log."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from badges.issuer_keys import IssuerKeys
from badges.transparency_log import LogCheckFailed, check_log, sign_tree_head
from graph.core.database import Graph
from graph.transparency_log import merkle
from graph.transparency_log.log import TreeHead
from server.settings import Settings
from tests.factories import World, make_world, new_id
from tests.helpers import gql, run
from tests.review_steps import APPROVE

REVOKE = "mutation($id: ID!, $r: String!) { revokeAssertion(id: $id, reason: $r) { status } }"
VALIDATE = 'mutation($id: ID!) { validateBadgeClass(id: $id, note: "ok") { id } }'
WITHDRAW = 'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "no") { id } }'

# `count` learners, each with a claim on the world's badge class waiting for the
# organisation's review, endorsed by the world's teacher and a peer (its policy is met).
CLAIMS_IN_REVIEW = """
MATCH (b:BadgeClass {id: $badge})-[:ISSUED_BY]->(:Organisation)-[:PARTNER_OF]->(u:University)
WHERE u.id = $university
MATCH (teacher:Person {id: $teacher}), (peer:Person {id: $peer})
UNWIND $claims AS row
CREATE (p:Person {id: row.learner, email: row.learner + '@log.example', name: 'Learner'})
CREATE (p)-[:CLAIMED]->(c:Claim {id: row.claim, kind: 'SELF_ASSERTED', title: 'Fixed bikes',
        narrative: 'I fixed them', status: 'IN_REVIEW', visibility: 'PRIVATE',
        createdAt: datetime(), submittedAt: datetime(), inReviewSince: datetime(), version: 0,
        revision: 1})
CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)
CREATE (teacher)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'TEACHER',
        testimonial: 'Taught them', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(c)
CREATE (peer)-[:ENDORSED]->(:Endorsement {id: randomUUID(), relationship: 'PEER',
        testimonial: 'Saw them', observed: '', status: 'ACTIVE', createdAt: datetime(),
        revision: 1})-[:OF]->(c)
"""


async def claims_in_review(graph: Graph, world: World, count: int) -> list[tuple[str, str]]:
    """(learner, claim) pairs, each claim ready for the organisation to approve."""
    pairs = [(new_id(), new_id()) for _ in range(count)]
    await run(
        graph,
        CLAIMS_IN_REVIEW,
        badge=world.badge_class,
        university=world.university,
        teacher=world.people["teacher"],
        peer=world.people["accepted_learner"],
        claims=[{"learner": p, "claim": c} for p, c in pairs],
    )
    return pairs


async def approve(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], claim: str
) -> str:
    body = await gql(client, APPROVE, {"c": claim}, token=token_for(world.people["org_admin"]))
    assert "errors" not in body, body
    assertion: str = body["data"]["approveClaim"]["assertionId"]
    return assertion


def fetcher(client: httpx.AsyncClient) -> Callable[[str], Any]:
    """What `kring log verify` does over the network, against the test app."""

    async def fetch(path: str) -> Any:
        answer = await client.get(path)
        if answer.status_code != 200:
            raise LogCheckFailed(f"GET {path} answered {answer.status_code}.")
        return answer.json()

    return fetch


async def sign(graph: Graph, settings: Settings) -> TreeHead:
    head = await sign_tree_head(graph, settings.public_url, IssuerKeys(settings.key_dir))
    assert head is not None
    return head


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


async def get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    answer = await client.get(path, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_a_log_grown_by_issuance_revocation_and_validation_proves_every_leaf(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    pairs = await claims_in_review(clean_graph, world, 5)
    badges = [await approve(client, world, token_for, claim) for _, claim in pairs]
    admin = token_for(world.people["org_admin"])
    curator = token_for(world.people["curator"])
    revoked = await gql(client, REVOKE, {"id": badges[1], "r": "copied"}, token=admin)
    assert revoked["data"]["revokeAssertion"]["status"] == "REVOKED"
    validated = await gql(client, VALIDATE, {"id": world.badge_class}, token=curator)
    assert "errors" not in validated, validated
    withdrawn = await gql(client, WITHDRAW, {"id": world.badge_class}, token=curator)
    assert "errors" not in withdrawn, withdrawn

    head = await sign(clean_graph, settings)
    assert head.tree_size == 8
    sth = await get(client, "/transparency-log/get-sth")
    assert sth["tree_size"] == 8
    entries = (await get(client, "/transparency-log/get-entries", start=0, end=99))["entries"]
    assert [(e["index"], e["kind"], e["subject"]) for e in entries] == [
        *[(i, "ISSUED", b) for i, b in enumerate(badges)],
        (5, "REVOKED", badges[1]),
        (6, "VALIDATED", world.badge_class),
        (7, "VALIDATION_WITHDRAWN", world.badge_class),
    ]
    # Each issuance's leaf carries the digest of the very bytes /credentials/{id} serves.
    learner = token_for(pairs[0][0])
    served = await client.get(
        f"/credentials/{badges[0]}", headers={"authorization": f"Bearer {learner}"}
    )
    assert entries[0]["digest"] == hashlib.sha256(served.content).hexdigest()
    assert entries[6]["digest"] is not None
    assert entries[7]["digest"] is None

    roots = {size: merkle.root([unb64(e["leaf_hash"]) for e in entries[:size]]) for size in (1, 8)}
    assert unb64(sth["sha256_root_hash"]) == roots[8]
    for size in range(1, 9):
        root = merkle.root([unb64(e["leaf_hash"]) for e in entries[:size]])
        for entry in entries[:size]:
            proof = await get(
                client,
                "/transparency-log/get-proof-by-hash",
                hash=entry["leaf_hash"],
                tree_size=size,
            )
            path = [unb64(p) for p in proof["audit_path"]]
            assert proof["leaf_index"] == entry["index"]
            assert merkle.verify_inclusion(
                entry["index"], size, unb64(entry["leaf_hash"]), path, root
            )
        for first in range(1, size + 1):
            old = merkle.root([unb64(e["leaf_hash"]) for e in entries[:first]])
            answer = await get(
                client, "/transparency-log/get-sth-consistency", first=first, second=size
            )
            proof = [unb64(p) for p in answer["consistency"]]
            assert merkle.verify_consistency(first, size, old, root, proof), (first, size)

    # A badge's own leaves, issued and revoked, each with its audit path.
    mine = await get(client, "/transparency-log/get-proof-by-credential", id=badges[1], tree_size=8)
    assert [(e["index"], e["kind"]) for e in mine["entries"]] == [(1, "ISSUED"), (5, "REVOKED")]
    for e in mine["entries"]:
        path = [unb64(p) for p in e["audit_path"]]
        assert merkle.verify_inclusion(e["index"], 8, unb64(e["leaf_hash"]), path, roots[8])

    checked = await check_log(fetcher(client), settings.public_url)
    assert (checked.tree_size, checked.root_hash) == (8, roots[8])


async def test_fifty_issuances_at_once_make_one_gap_free_consistent_log(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    pairs = await claims_in_review(clean_graph, world, 50)
    badges = await asyncio.gather(*(approve(client, world, token_for, c) for _, c in pairs))
    leaves = await run(
        clean_graph,
        "MATCH (l:LogLeaf) RETURN l.index AS index, l.subjectId AS subject ORDER BY index",
    )
    assert [leaf["index"] for leaf in leaves] == list(range(50))
    assert sorted(leaf["subject"] for leaf in leaves) == sorted(badges)
    head = await sign(clean_graph, settings)
    assert head.tree_size == 50
    checked = await check_log(fetcher(client), settings.public_url)
    assert checked.root_hash == head.root_hash


async def test_log_verify_passes_an_honest_log_and_proves_it_only_grew(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
) -> None:
    world = await make_world(clean_graph)
    pairs = await claims_in_review(clean_graph, world, 4)
    for _, claim in pairs[:3]:
        await approve(client, world, token_for, claim)
    await sign(clean_graph, settings)
    first = await check_log(fetcher(client), settings.public_url)
    await approve(client, world, token_for, pairs[3][1])
    await sign(clean_graph, settings)
    second = await check_log(fetcher(client), settings.public_url, (3, first.root_hash))
    assert (second.tree_size, second.consistent_with) == (4, 3)
    # A head that is not the one checked before (another history) is not consistent.
    with pytest.raises(LogCheckFailed, match="not an extension"):
        await check_log(fetcher(client), settings.public_url, (3, merkle.leaf_hash(b"other")))


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        # A leaf says something else, its recorded hash left alone.
        (
            "MATCH (l:LogLeaf {index: 1}) SET l.leaf = replace(l.leaf, 'ISSUED', 'REVOKED'), "
            "l.kind = 'REVOKED'",
            "does not hash to its recorded hash",
        ),
        # A leaf rewritten with a matching hash: the signed root no longer adds up.
        ("REWRITE", "do not add up to the signed root"),
        # The signed tree head's root replaced.
        (
            "MATCH (t:TreeHead) SET t.rootHash = '00' + substring(t.rootHash, 2)",
            "signature of the tree head",
        ),
        # A leaf taken away.
        ("MATCH (l:LogLeaf {index: 2}) DETACH DELETE l", "skipped or repeated index 2"),
    ],
)
async def test_log_verify_detects_a_tampered_leaf_or_tree_head(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
    tamper: str,
    message: str,
) -> None:
    world = await make_world(clean_graph)
    for _, claim in await claims_in_review(clean_graph, world, 4):
        await approve(client, world, token_for, claim)
    await sign(clean_graph, settings)
    await check_log(fetcher(client), settings.public_url)
    if tamper == "REWRITE":
        found = await run(clean_graph, "MATCH (l:LogLeaf {index: 1}) RETURN l.leaf AS leaf")
        forged = str(found[0]["leaf"]).replace("ISSUED", "REVOKED")
        await run(
            clean_graph,
            "MATCH (l:LogLeaf {index: 1}) SET l.leaf = $leaf, l.hash = $hash, l.kind = 'REVOKED'",
            leaf=forged,
            hash=merkle.leaf_hash(forged.encode()).hex(),
        )
    else:
        await run(clean_graph, tamper)
    with pytest.raises(LogCheckFailed, match=message):
        await check_log(fetcher(client), settings.public_url)

"""Verification of untrusted credentials is bounded: a poison graph is refused, not worked on."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from badges.jsonld import CREDENTIALS_V2, OB_V3, TooComplexError, canonicalize
from badges.proof_workers import ProofWorkers
from graph.core.database import Graph
from graph.core.errors import VerificationTooComplex
from server.settings import Settings
from tests.factories import World, make_world
from tests.helpers import error_codes, gql


def entangled(n: int) -> list[dict[str, Any]]:
    """`n` blank nodes that all point at each other: canonicalisation's worst case."""
    return [
        {
            "@id": f"_:b{i}",
            "https://example.org/knows": [{"@id": f"_:b{j}"} for j in range(n) if j != i],
        }
        for i in range(n)
    ]


async def kring_credential(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> dict[str, Any]:
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    found: dict[str, Any] = (
        await client.get(f"/credentials/{world.assertion}", headers=owner)
    ).json()
    return found


def poisoned(credential: dict[str, Any], nodes: int = 7) -> dict[str, Any]:
    """The credential with an embedded endorsement whose subject is a poison graph."""
    hostile = copy.deepcopy(credential)
    hostile["endorsement"] = [
        {
            "@context": [CREDENTIALS_V2, OB_V3],
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "issuer": {"id": "did:example:mallory", "type": ["Profile"], "name": "M"},
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": {
                "id": credential["id"],
                "type": ["EndorsementSubject"],
                "https://example.org/knows": entangled(nodes),
            },
        }
    ]
    return hostile


def test_a_poison_graph_is_refused_within_its_budget() -> None:
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OB_V3],
        "type": ["VerifiableCredential"],
        "issuer": "did:example:x",
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:s", "https://example.org/knows": entangled(4)},
    }
    assert "_:c14n4" in canonicalize(document)  # four tangled nodes are still fine
    document["credentialSubject"]["https://example.org/knows"] = entangled(8)
    started = time.monotonic()
    with pytest.raises(TooComplexError):
        canonicalize(document)
    # Eight such nodes used to take minutes; the budget gives up in a fraction of a second.
    assert time.monotonic() - started < 2


async def test_verify_refuses_a_poison_graph_and_the_server_stays_responsive(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    credential = await kring_credential(client, world, token_for)
    assert (await client.post("/verify", json=credential)).status_code == 200  # workers up
    hostile = poisoned(credential)

    async def health() -> float:
        started = time.monotonic()
        assert (await client.get("/healthz")).status_code == 200
        return time.monotonic() - started

    started = time.monotonic()
    refused, pauses = await asyncio.gather(
        client.post("/verify", json=hostile), asyncio.gather(*(health() for _ in range(5)))
    )
    assert time.monotonic() - started < 2
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["extensions"]["code"] == "VERIFICATION_TOO_COMPLEX"
    assert max(pauses) < 1
    # The same through GraphQL, and the honest credential still verifies afterwards.
    body = await gql(
        client,
        "query($c: JSON!) { verifyCredential(credential: $c) { verified } }",
        {"c": hostile},
    )
    assert error_codes(body) == ["VERIFICATION_TOO_COMPLEX"]
    again = (await client.post("/verify", json=credential)).json()
    assert again["proof_valid"] is True


async def test_a_check_past_its_deadline_is_stopped_and_the_workers_carry_on(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    settings: Settings,
    token_for: Callable[[str], str],
    tmp_path: Path,
) -> None:
    world = await make_world(clean_graph)
    credential = await kring_credential(client, world, token_for)
    # A credential within every bound that still takes a while: thousands of evidence links.
    heavy = copy.deepcopy(credential)
    heavy["evidence"] = [
        {"id": f"https://example.org/e/{n}", "type": ["Evidence"], "name": f"e{n}"}
        for n in range(900)
    ]
    # A deadline no honest machine meets for this credential: the check must be stopped.
    workers = ProofWorkers(settings.public_url, settings.key_dir, workers=1, timeout=0.02)
    try:
        with pytest.raises(VerificationTooComplex, match=r"longer than 0\.02 s"):
            await workers(heavy, True)
        # The worker was replaced: with a usual deadline again, the next check runs and
        # finds the honest proof valid.
        workers.timeout = 5.0
        proofs = await workers(credential, True)
        assert proofs.credential is not None
        assert proofs.credential.valid is True
    finally:
        workers.close()

"""An Idempotency-Key makes a retried mutation act once, across replicas."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_person
from tests.helpers import run

SAVE = {
    "query": 'mutation { saveArea(input: {name: "Home", latitude: 51.05, longitude: 3.72, '
    "radiusKm: 2}) { id name } }"
}


async def post(
    client: httpx.AsyncClient, token: str, key: str, body: object = SAVE
) -> httpx.Response:
    return await client.post(
        "/graphql",
        json=body,
        headers={"authorization": f"Bearer {token}", "idempotency-key": key},
    )


async def areas(graph: Graph) -> int:
    found = await run(graph, "MATCH (a:SavedArea) RETURN count(a) AS n")
    return int(found[0]["n"])


async def test_the_same_mutation_sent_twice_with_one_key_acts_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    token = token_for(await make_person(clean_graph, "ida@x.example", "Ida"))
    first = await post(client, token, "retry-1")
    again = await post(client, token, "retry-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await areas(clean_graph) == 1
    # A new key is a new request; the same key with another body is refused.
    assert (await post(client, token, "retry-2")).status_code == 200
    assert await areas(clean_graph) == 2
    other = {"query": SAVE["query"].replace("Home", "Work")}
    reused = await post(client, token, "retry-1", other)
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    # Keys belong to their caller: someone else's "retry-1" is their own request.
    stranger = token_for(await make_person(clean_graph, "jon@x.example", "Jon"))
    assert "idempotent-replayed" not in (await post(client, stranger, "retry-1")).headers
    assert await areas(clean_graph) == 3


async def test_two_sends_at_once_act_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    token = token_for(await make_person(clean_graph, "kim@x.example", "Kim"))
    responses = await asyncio.gather(*(post(client, token, "burst") for _ in range(4)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(200) >= 1
    assert set(statuses) <= {200, 409}
    assert await areas(clean_graph) == 1


async def test_a_commit_whose_answer_was_lost_is_not_repeated(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    person = await make_person(clean_graph, "lux@x.example", "Lux")
    token = token_for(person)
    assert (await post(client, token, "lost")).status_code == 200
    # As if the first answer never got stored (the client timed out, the server died).
    await run(clean_graph, "MATCH (r:IdempotentRequest) REMOVE r.status, r.body")
    again = await post(client, token, "lost")
    assert again.status_code == 409
    assert "carried out" in again.json()["errors"][0]["message"]
    assert await areas(clean_graph) == 1
    # A failure that changed nothing can be retried with the same key.
    bad = {
        "query": 'mutation { saveArea(input: {name: "", latitude: 91, longitude: 3.7, '
        "radiusKm: 2}) { id } }"
    }
    refused = await post(client, token, "fixable", bad)
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    replayed = await post(client, token, "fixable", bad)
    assert replayed.headers["idempotent-replayed"] == "true"  # the same refusal, not rerun

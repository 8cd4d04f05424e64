"""Saved areas: a learner hears once about each opportunity published inside one (the
fan-out itself is tested in test_fan_out)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from graph.notifications.saved_areas import MAX_AREAS
from server.settings import Settings
from tests.factories import make_world
from tests.helpers import error_codes, gql, inbox, run
from tests.push_world import fanning_out, worker

SAVE = """
mutation($name: String!, $lat: Float!, $lon: Float!, $r: Float!, $domains: [Domain!]!) {
  saveArea(input: {name: $name, latitude: $lat, longitude: $lon, radiusKm: $r,
                   domains: $domains}) {
    id name radiusKm domains centre { latitude longitude }
  }
}
"""
PUBLISH = "mutation($id: ID!) { publishOpportunity(id: $id) { id } }"
# The world's opportunities sit at 51.05, 3.72 (Ghent) in SUSTAINABILITY.
GHENT = (51.05, 3.72)
BRUSSELS = (50.85, 4.35)


async def save(
    client: httpx.AsyncClient,
    token: str,
    where: tuple[float, float],
    radius_km: float,
    domains: list[str] | None = None,
    name: str = "Area",
) -> dict[str, Any]:
    variables = {
        "name": name,
        "lat": where[0],
        "lon": where[1],
        "r": radius_km,
        "domains": domains or [],
    }
    return await gql(client, SAVE, variables, token=token)


def nearby(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["kind"] == "OPPORTUNITY_NEARBY"]


async def test_publication_reaches_each_watcher_once_and_nobody_else(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await make_world(clean_graph)
    # Only the notifications matter here: no push to the world's device on a dead port.
    await run(clean_graph, "MATCH (s:PushSubscription) DETACH DELETE s")
    tok = {role: token_for(pid) for role, pid in world.people.items()}
    # Two overlapping areas: still one notification.
    assert "errors" not in await save(client, tok["learner"], (51.051, 3.721), 5)
    assert "errors" not in await save(client, tok["learner"], GHENT, 10)
    # The right domain, a tight circle around the spot.
    await save(client, tok["teacher"], GHENT, 1, ["SUSTAINABILITY"])
    # Another domain only.
    await save(client, tok["accepted_learner"], GHENT, 10, ["RESEARCH"])
    # Inside the largest radius of anyone, but outside this area's own 2 km (≈ 3.3 km away).
    await save(client, tok["org_supervisor"], (51.08, 3.72), 2)
    # Far away.
    await save(client, tok["curator"], BRUSSELS, 25)

    body = await gql(
        client, PUBLISH, {"id": world.submitted_opportunity}, token=tok["uni_moderator"]
    )
    assert "errors" not in body, body
    # The delivery worker tells the watchers after the publication (as `kring serve` does).
    async with worker(clean_graph, settings) as w:
        while await fanning_out(clean_graph):
            await w.run_once()

    told = nearby(await inbox(client, tok["learner"]))
    assert len(told) == 1
    assert told[0]["data"] == {
        "opportunityId": world.submitted_opportunity,
        "title": "submitted_opportunity",
    }
    assert len(nearby(await inbox(client, tok["teacher"]))) == 1
    # Wrong domain, outside its own radius, far away, no saved area at all.
    for role in ("accepted_learner", "org_supervisor", "curator", "platform_admin"):
        assert nearby(await inbox(client, tok[role])) == [], role


async def test_saving_listing_and_removing_areas_with_clear_errors(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    token = token_for(world.people["learner"])
    saved = await save(client, token, GHENT, 2.5, ["RESEARCH", "SUSTAINABILITY"], name="Home")
    area = saved["data"]["saveArea"]
    assert area["name"] == "Home"
    assert area["radiusKm"] == 2.5
    assert sorted(area["domains"]) == ["RESEARCH", "SUSTAINABILITY"]
    assert area["centre"] == {"latitude": 51.05, "longitude": 3.72}

    bad = [
        ((51.05, 3.72), 0, "input.radiusKm"),
        ((51.05, 3.72), 25.5, "input.radiusKm"),
        ((91.0, 3.72), 2, "input.latitude"),
        ((51.05, 181.0), 2, "input.longitude"),
    ]
    for where, radius, field in bad:
        body = await save(client, token, where, radius)
        assert error_codes(body) == ["BAD_USER_INPUT"], body
        assert body["errors"][0]["extensions"]["field"] == field
    body = await save(client, token, GHENT, 2, name="  ")
    assert error_codes(body) == ["BAD_USER_INPUT"]

    for n in range(MAX_AREAS - 1):
        assert "errors" not in await save(client, token, GHENT, 1, name=f"A{n}")
    body = await save(client, token, GHENT, 1, name="one too many")
    assert error_codes(body) == ["CONFLICT"]

    listed = await gql(client, "{ savedAreas { id name } }", token=token)
    assert len(listed["data"]["savedAreas"]) == MAX_AREAS
    removed = await gql(
        client, "mutation($id: ID!) { removeSavedArea(id: $id) }", {"id": area["id"]}, token=token
    )
    assert removed["data"]["removeSavedArea"] is True
    listed = await gql(client, "{ savedAreas { id } }", token=token)
    assert area["id"] not in [a["id"] for a in listed["data"]["savedAreas"]]
    # Someone else's areas are not visible to a stranger.
    assert error_codes(await gql(client, "{ savedAreas { id } }")) == ["UNAUTHENTICATED"]

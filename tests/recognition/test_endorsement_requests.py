"""What the web app's claim page reads: whom the learner asked to endorse (only the learner
sees it, and an address never tells them who is behind it), and who the viewer is to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_person, make_world
from tests.helpers import error_codes, gql

REQUESTS = """
query($id: ID!) {
  claim(id: $id) {
    mine invitedToEndorse
    endorsementRequests { email personId personName message acceptedAt endorsed expiresAt
                          createdAt link }
  }
}
"""
ASK = """
mutation($c: ID!, $e: String, $p: ID, $m: String!) {
  requestEndorsement(claimId: $c, email: $e, personId: $p, message: $m) {
    id link message createdAt personName endorsed acceptedAt
  }
}
"""
REDEEM = (
    "mutation($t: String!) { redeemEndorsementInvitation(token: $t) { mine invitedToEndorse } }"
)
ENDORSE = (
    'mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, testimonial: "Yes") '
    "{ mine invitedToEndorse endorsementRequests { id } } }"
)


async def read(client: httpx.AsyncClient, claim: str, token: str | None) -> dict[str, Any] | None:
    body = await gql(client, REQUESTS, {"id": claim}, token=token)
    assert "errors" not in body, body
    found: dict[str, Any] | None = body["data"]["claim"]
    return found


async def test_the_learner_sees_whom_they_asked_and_how_far_each_got(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])

    # The world asked the teacher and the peer by name (the peer endorsed) and a friend by
    # e-mail; now the owner asks someone else by e-mail, with a message.
    asked = await gql(
        client,
        ASK,
        {"c": world.open_claim, "e": "Mentor@Mail.example", "p": None, "m": "You saw me."},
        token=owner,
    )
    made = asked["data"]["requestEndorsement"]
    assert made["link"].startswith("http")
    assert "/endorse/" in made["link"]
    assert (made["message"], made["personName"], made["endorsed"], made["acceptedAt"]) == (
        "You saw me.",
        None,
        False,
        None,
    )
    assert made["createdAt"]

    claim = await read(client, world.open_claim, owner)
    assert claim is not None
    assert (claim["mine"], claim["invitedToEndorse"]) == (True, False)
    listed = claim["endorsementRequests"]
    assert len(listed) == 4
    assert listed[0]["email"] == "mentor@mail.example"  # newest first
    assert listed[0]["message"] == "You saw me."
    assert all(r["link"] is None for r in listed)  # the link's secret is shown once only
    by_name = {r["personName"]: r for r in listed if r["personName"]}
    assert set(by_name) == {"teacher", "accepted_learner"}
    assert by_name["accepted_learner"]["endorsed"] is True
    assert by_name["teacher"]["endorsed"] is False
    assert by_name["teacher"]["personId"] == world.people["teacher"]

    # Someone follows the mentor's link, then endorses: the request says so.
    redeemed = await gql(
        client,
        REDEEM,
        {"t": made["link"].rsplit("/", 1)[1]},
        token=token_for(world.people["learner"]),
    )
    assert redeemed["data"]["redeemEndorsementInvitation"] == {
        "mine": False,
        "invitedToEndorse": True,
    }
    claim = await read(client, world.open_claim, owner)
    assert claim is not None
    mentor = claim["endorsementRequests"][0]
    assert mentor["acceptedAt"] is not None
    assert mentor["endorsed"] is False
    assert mentor["personId"] is None
    assert mentor["personName"] is None

    endorsed = await gql(
        client, ENDORSE, {"c": world.open_claim}, token=token_for(world.people["learner"])
    )
    assert endorsed["data"]["endorseClaim"]["endorsementRequests"] == []  # not theirs to see
    claim = await read(client, world.open_claim, owner)
    assert claim is not None
    assert claim["endorsementRequests"][0]["endorsed"] is True


async def test_an_address_on_kring_stays_an_address_in_the_list(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await make_person(clean_graph, "known@x.example", "Known Person")
    owner = token_for(world.people["owner"])
    body = await gql(
        client,
        ASK,
        {"c": world.open_claim, "e": "known@x.example", "p": None, "m": ""},
        token=owner,
    )
    assert "errors" not in body, body
    claim = await read(client, world.open_claim, owner)
    assert claim is not None
    known = claim["endorsementRequests"][0]
    assert (known["email"], known["personId"], known["personName"]) == (
        "known@x.example",
        None,
        None,
    )


async def test_only_the_learner_sees_the_requests(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    teacher = await read(client, world.open_claim, token_for(world.people["teacher"]))
    assert teacher == {"mine": False, "invitedToEndorse": True, "endorsementRequests": []}
    # Not invited: a private claim is not there at all.
    assert await read(client, world.open_claim, token_for(world.people["curator"])) is None

    made_public = await gql(
        client,
        "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }",
        {"c": world.open_claim},
        token=token_for(world.people["owner"]),
    )
    assert error_codes(made_public) == []
    for token in (token_for(world.people["curator"]), None):
        seen = await read(client, world.open_claim, token)
        assert seen == {"mine": False, "invitedToEndorse": False, "endorsementRequests": []}


async def test_my_claims_list_each_claims_requests(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world: World = await make_world(clean_graph)
    body = await gql(
        client,
        "{ myClaims(first: 10) { edges { node { id mine endorsementRequests { id } } } } }",
        token=token_for(world.people["owner"]),
    )
    nodes = {e["node"]["id"]: e["node"] for e in body["data"]["myClaims"]["edges"]}
    assert len(nodes[world.open_claim]["endorsementRequests"]) == 3
    assert all(n["mine"] for n in nodes.values())
    assert nodes[world.review_claim]["endorsementRequests"] == []

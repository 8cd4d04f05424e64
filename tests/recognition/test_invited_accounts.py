"""Joining Kring from an invitation to endorse: the link proves the address, so one step makes
a verified account, accepts the invitation and signs in."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import run

PASSWORD = "a long enough password"
INVITED = "query($id: ID!) { claim(id: $id) { id invitedToEndorse learnerName } }"


async def test_a_newcomer_joins_and_can_endorse_at_once(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    token = world.invitation_token
    peek = await client.post("/auth/invitation", json={"token": token})
    assert peek.status_code == 200, peek.text
    assert peek.json() == {
        "email": "friend@x.example",
        "learnerName": "owner",
        "claimTitle": "Ran a repair cafe",
        "state": "open",
        "hasAccount": False,
    }

    joined = await client.post(
        "/auth/register-invited", json={"token": token, "name": "Frie Friend", "password": PASSWORD}
    )
    assert joined.status_code == 200, joined.text
    answer = joined.json()
    assert answer["claimId"] == world.open_claim
    bearer = {"authorization": f"Bearer {answer['access_token']}"}
    read = (
        await client.post(
            "/graphql",
            json={"query": INVITED, "variables": {"id": world.open_claim}},
            headers=bearer,
        )
    ).json()
    assert read["data"]["claim"]["invitedToEndorse"] is True, read

    [person] = await run(
        clean_graph,
        "MATCH (p:Person {email: 'friend@x.example'}) RETURN p.name AS name, "
        "p.emailVerified AS verified, p.passwordHash IS NOT NULL AS password",
    )
    assert person == {"name": "Frie Friend", "verified": True, "password": True}
    # The address is verified: signing in with the password works from now on.
    login = await client.post(
        "/auth/login", json={"email": "friend@x.example", "password": PASSWORD}
    )
    assert login.status_code == 200, login.text

    # The link worked once.
    again = await client.post(
        "/auth/register-invited", json={"token": token, "name": "Other", "password": PASSWORD}
    )
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    assert (await client.post("/auth/invitation", json={"token": token})).json()["state"] == "used"


async def test_an_address_with_an_account_signs_in_instead(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "CREATE (:Person {id: randomUUID(), email: 'friend@x.example', name: 'Known'})",
    )
    peek = await client.post("/auth/invitation", json={"token": world.invitation_token})
    assert peek.json()["hasAccount"] is True
    refused = await client.post(
        "/auth/register-invited",
        json={"token": world.invitation_token, "name": "Someone", "password": PASSWORD},
    )
    assert refused.status_code == 409
    assert refused.json()["error"] == "account_exists"
    # Nothing was used up: the owner of the address still accepts it after signing in.
    [request] = await run(
        clean_graph,
        "MATCH (r:EndorsementRequest {email: 'friend@x.example'}) RETURN r.usedAt AS usedAt",
    )
    assert request["usedAt"] is None


async def test_someone_added_to_an_organisation_by_address_joins_through_the_invitation(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    # Added as a member before having an account: the address is theirs to claim, and joining
    # keeps the membership they were given.
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (o:Organisation) WITH o LIMIT 1 "
        "CREATE (:Person {id: randomUUID(), email: 'friend@x.example', name: 'friend@x.example',"
        " invitedAt: datetime()})-[:MEMBER_OF {role: 'SUPERVISOR'}]->(o)",
    )
    peek = await client.post("/auth/invitation", json={"token": world.invitation_token})
    assert peek.json()["hasAccount"] is False
    joined = await client.post(
        "/auth/register-invited",
        json={"token": world.invitation_token, "name": "Frie Friend", "password": PASSWORD},
    )
    assert joined.status_code == 200, joined.text
    people = await run(
        clean_graph,
        "MATCH (p:Person {email: 'friend@x.example'}) "
        "RETURN p.name AS name, count { (p)-[:MEMBER_OF]->() } AS memberships",
    )
    assert people == [{"name": "Frie Friend", "memberships": 1}]


async def test_bad_links_and_passwords_are_refused(
    client: httpx.AsyncClient, clean_graph: Graph
) -> None:
    world = await make_world(clean_graph)
    unknown = await client.post("/auth/invitation", json={"token": "no-such-token"})
    assert (unknown.status_code, unknown.json()) == (200, {"state": "invalid"})
    for body, error in (
        ({"token": "no-such-token", "name": "N", "password": PASSWORD}, "invalid_grant"),
        ({"token": world.invitation_token, "name": "N", "password": "short"}, "invalid_request"),
        (
            {"token": world.invitation_token, "name": "N", "password": "friend@x.example"},
            "invalid_request",
        ),
        ({"token": world.invitation_token, "password": PASSWORD}, "invalid_request"),
    ):
        refused = await client.post("/auth/register-invited", json=body)
        assert (refused.status_code, refused.json()["error"]) == (400, error), body
    await run(
        clean_graph,
        "MATCH (r:EndorsementRequest {email: 'friend@x.example'}) "
        "SET r.expiresAt = datetime() - duration('PT1M')",
    )
    expired = await client.post(
        "/auth/register-invited",
        json={"token": world.invitation_token, "name": "N", "password": PASSWORD},
    )
    assert expired.status_code == 400
    assert "expired" in expired.json()["error_description"]
    assert await run(clean_graph, "MATCH (p:Person {email: 'friend@x.example'}) RETURN p") == []

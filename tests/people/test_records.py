"""The learner's own record: everything about them exported, and erased (badges revoked,
endorsements they gave kept without their name) when they delete their account."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import error_codes, gql, run


async def test_export_holds_everything_about_me(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    body = await gql(client, "{ exportMyData }", token=token_for(world.people["owner"]))
    data = body["data"]["exportMyData"]
    assert data["person"]["email"] == "owner@world.example"
    assert {a["status"] for a in data["applications"]} == {"PENDING", "COMPLETED"}
    assert {c["title"] for c in data["claims"]} == {
        "Ran a repair cafe",
        "Test Badge",
        "Fixed bikes",
        "Hosted a workshop",
    }
    open_claim = next(c for c in data["claims"] if c["title"] == "Ran a repair cafe")
    assert open_claim["endorsementsReceived"][0]["testimonial"] == "Saw it"
    assert len(data["assertions"]) == 1
    peer = await gql(client, "{ exportMyData }", token=token_for(world.people["accepted_learner"]))
    given = peer["data"]["exportMyData"]["endorsementsGiven"]
    assert {e["claimTitle"] for e in given} == {
        "Ran a repair cafe",
        "Fixed bikes",
        "Hosted a workshop",
    }
    assert error_codes(await gql(client, "{ exportMyData }")) == ["UNAUTHENTICATED"]


async def test_deleting_an_account_erases_and_revokes(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    wrong = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "someone@else.example") }', token=owner
    )
    assert error_codes(wrong) == ["BAD_USER_INPUT"]
    done = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "owner@world.example") }', token=owner
    )
    assert done["data"]["deleteMyAccount"] is True
    # Their token stops at once: the erased person can do nothing more.
    assert error_codes(await gql(client, "{ me { id } }", token=owner)) == ["UNAUTHENTICATED"]
    left = await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) "
        "RETURN p.email AS email, p.name AS name, COUNT { (p)--() } AS links, "
        "COUNT { (:Assertion {id: $a, anonymised: true}) WHERE EXISTS "
        "{ MATCH (a:Assertion {id: $a}) WHERE a.revokedAt IS NOT NULL } } AS revoked, "
        "COUNT { (:Claim {id: $c}) } AS claims",
        p=world.people["owner"],
        a=world.assertion,
        c=world.open_claim,
    )
    assert left == [{"email": None, "name": "Deleted user", "links": 0, "revoked": 1, "claims": 0}]
    # The place the deleted learner held is free again.
    free = await gql(
        client,
        "query($id: ID!) { opportunity(id: $id) { freePlaces } }",
        {"id": world.live_opportunity},
    )
    assert free["data"]["opportunity"]["freePlaces"] == 9

    sole_admin = token_for(world.people["org_admin"])
    refused = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "org_admin@world.example") }',
        token=sole_admin,
    )
    assert error_codes(refused) == ["CONFLICT"]


async def test_endorsements_given_by_a_deleted_account_become_anonymous(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    peer = token_for(world.people["accepted_learner"])
    await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "accepted_learner@world.example") }',
        token=peer,
    )
    seen = await gql(
        client,
        "query($id: ID!) { claim(id: $id) { endorsements { endorserName status } } }",
        {"id": world.open_claim},
        token=token_for(world.people["owner"]),
    )
    # The claim was still open, so the endorsement is withdrawn and names no one.
    assert seen["data"]["claim"]["endorsements"] == [
        {"endorserName": "A former Kring member", "status": "WITHDRAWN"}
    ]


# --- quests (issue 18) ----------------------------------------------------------------------


async def test_quests_are_exported_and_erased_without_leaking_others_places(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    from tests.quests.world import COMPLETE, OFFER, call, done_by, make_quest_world, post

    world = await make_quest_world(clean_graph, client, token_for)
    done = await done_by(client, world, "giver", "helper")
    await call(client, world, "giver", COMPLETE, q=done["id"])
    pending = await post(client, world, title="Fix my bike")
    await call(client, world, "helper2", OFFER, q=pending["id"])

    mine = (await gql(client, "{ exportMyData }", token=world.tokens["giver"]))["data"]
    posted = mine["exportMyData"]["questsPosted"]
    assert {q["title"] for q in posted} == {"Help me set up my laptop", "Fix my bike"}
    assert {q["address"] for q in posted} == {"Dampoortstraat 12, 9000 Gent"}
    theirs = (await gql(client, "{ exportMyData }", token=world.tokens["helper2"]))["data"]
    [offer] = theirs["exportMyData"]["questOffers"]
    assert offer["questTitle"] == "Fix my bike"
    assert "Dampoortstraat" not in str(theirs)

    gone = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "giver@q.example") }',
        token=world.tokens["giver"],
    )
    assert gone["data"]["deleteMyAccount"] is True
    left = await run(
        clean_graph,
        "MATCH (q:Quest) RETURN q.title AS title, q.address AS address, "
        "q.description AS description, q.location = q.area AS rounded, "
        "COUNT { (:QuestOffer)-[:ON]->(q) } AS offers",
    )
    # The done quest stays for the helper's badge, without the giver's words or door.
    assert left == [
        {
            "title": "Help me set up my laptop",
            "address": None,
            "description": "",
            "rounded": True,
            "offers": 1,
        }
    ]
    helper_gone = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "helper@q.example") }',
        token=world.tokens["helper"],
    )
    assert helper_gone["data"]["deleteMyAccount"] is True
    assert await run(clean_graph, "MATCH (o:QuestOffer) RETURN o.id AS id") == []

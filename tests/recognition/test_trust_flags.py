"""Trust flags: reciprocal endorsements and closed cycles wait for a curator, and nobody
clears a flag about themselves."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import make_person, make_world
from tests.helpers import error_codes, gql, run
from tests.issuance_steps import APPROVE, INVITE, badge_class, self_assert

ENDORSE = """
mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, testimonial: "Yes")
  { status endorsements { flag counts } } }
"""


async def _claims(
    client: httpx.AsyncClient, token_for: Callable[[str], str], people: list[str], badge: str
) -> list[str]:
    made = [await self_assert(client, token_for(p), badge) for p in people]
    return [m["data"]["selfAssert"]["id"] for m in made]


async def _endorse(
    client: httpx.AsyncClient,
    token_for: Callable[[str], str],
    learner: str,
    claim: str,
    endorser: str,
) -> dict[str, Any]:
    await gql(client, INVITE, {"c": claim, "p": endorser}, token=token_for(learner))
    body = await gql(client, ENDORSE, {"c": claim}, token=token_for(endorser))
    assert "errors" not in body, body
    endorsed: dict[str, Any] = body["data"]["endorseClaim"]
    return endorsed


async def test_reciprocal_endorsements_wait_for_a_curator(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin, curator = token_for(world.people["org_admin"]), token_for(world.people["curator"])
    badge = await badge_class(client, admin, world.organisation, "Helping hand", minimum=1)
    ann, bob, cas = [
        await make_person(clean_graph, f"{n}@world.example", n.title())
        for n in ("ann", "bob", "cas")
    ]
    ann_claim, bob_claim = await _claims(client, token_for, [ann, bob], badge)
    assert (await _endorse(client, token_for, bob, bob_claim, ann))["status"] == "IN_REVIEW"
    back = await _endorse(client, token_for, ann, ann_claim, bob)
    assert back == {"status": "OPEN", "endorsements": [{"flag": "RECIPROCAL", "counts": False}]}
    # Bob's claim met its policy with Ann's endorsement, which is now reciprocal too.
    refused = await gql(client, APPROVE, {"c": bob_claim}, token=admin)
    assert error_codes(refused) == ["CONFLICT"]

    held = await gql(
        client,
        "query($u: ID!) { heldEndorsements(universityId: $u) { endorsementId claimTitle "
        "learnerName endorserName flag reason } }",
        {"u": world.university},
        token=curator,
    )
    mine = [h for h in held["data"]["heldEndorsements"] if h["learnerName"] in ("Ann", "Bob")]
    assert sorted((h["learnerName"], h["endorserName"], h["flag"]) for h in mine) == [
        ("Ann", "Bob", "RECIPROCAL"),
        ("Bob", "Ann", "RECIPROCAL"),
    ]
    assert next(h for h in mine if h["learnerName"] == "Ann")["reason"] == "Ann also endorsed Bob."
    forbidden = await gql(
        client,
        "query($u: ID!) { heldEndorsements(universityId: $u) { endorsementId } }",
        {"u": world.university},
        token=admin,
    )
    assert error_codes(forbidden) == ["FORBIDDEN"]

    # A third, unrelated endorsement meets Bob's policy without the flagged one.
    await _endorse(client, token_for, bob, bob_claim, cas)
    assert (await gql(client, APPROVE, {"c": bob_claim}, token=admin))["data"]["approveClaim"][
        "status"
    ] == "ISSUED"
    # The curator clears Ann's: it counts, and her claim goes to the reviewers.
    on_ann = next(h for h in mine if h["learnerName"] == "Ann")["endorsementId"]
    cleared = await gql(
        client,
        'mutation($id: ID!) { clearEndorsementFlag(id: $id, note: "Colleagues at the café") }',
        {"id": on_ann},
        token=curator,
    )
    assert cleared["data"] == {"clearEndorsementFlag": True}
    status = await run(clean_graph, "MATCH (c:Claim {id: $c}) RETURN c.status AS s", c=ann_claim)
    assert status == [{"s": "IN_REVIEW"}]
    twice = await gql(
        client,
        'mutation($id: ID!) { clearEndorsementFlag(id: $id, note: "again") }',
        {"id": on_ann},
        token=curator,
    )
    assert error_codes(twice) == ["CONFLICT"]


async def test_a_three_person_cycle_is_flagged_with_who_closes_it(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    badge = await badge_class(client, admin, world.organisation, "Circle", minimum=1)
    dan, eva, fay = [
        await make_person(clean_graph, f"{n}@world.example", n.title())
        for n in ("dan", "eva", "fay")
    ]
    dan_claim, eva_claim, fay_claim = await _claims(client, token_for, [dan, eva, fay], badge)
    await _endorse(client, token_for, eva, eva_claim, dan)  # Dan -> Eva
    await _endorse(client, token_for, fay, fay_claim, eva)  # Eva -> Fay
    closing = await _endorse(client, token_for, dan, dan_claim, fay)  # Fay -> Dan
    assert closing == {"status": "OPEN", "endorsements": [{"flag": "CYCLE", "counts": False}]}
    held = await gql(
        client,
        "query($u: ID!) { heldEndorsements(universityId: $u) { learnerName flag reason } }",
        {"u": world.university},
        token=token_for(world.people["curator"]),
    )
    dans = [h for h in held["data"]["heldEndorsements"] if h["learnerName"] == "Dan"]
    assert dans == [
        {
            "learnerName": "Dan",
            "flag": "CYCLE",
            "reason": "Fay endorsed Dan, who endorsed Eva, who endorsed Fay.",
        }
    ]


async def test_nobody_clears_a_flag_about_themselves(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    badge = await badge_class(client, admin, world.organisation, "Peer help", minimum=1)
    curator = world.people["curator"]
    other = await make_person(clean_graph, "curator2@world.example", "Second Curator")
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}), (u:University {id: $u}) "
        "CREATE (p)-[:MEMBER_OF {role: 'CURATOR'}]->(u)",
        p=other,
        u=world.university,
    )
    pal = await make_person(clean_graph, "pal@world.example", "Pal")
    curator_claim, pal_claim = await _claims(client, token_for, [curator, pal], badge)
    await _endorse(client, token_for, curator, curator_claim, pal)
    await _endorse(client, token_for, pal, pal_claim, curator)
    held = await run(
        clean_graph,
        "MATCH (e:Endorsement)-[:OF]->(c:Claim) WHERE c.id IN $claims "
        "RETURN e.id AS id ORDER BY c.id",
        claims=[curator_claim, pal_claim],
    )
    clear = 'mutation($id: ID!) { clearEndorsementFlag(id: $id, note: "Fine") }'
    for endorsement in held:
        mine = await gql(client, clear, {"id": endorsement["id"]}, token=token_for(curator))
        assert error_codes(mine) == ["FORBIDDEN"]
    theirs = await gql(client, clear, {"id": held[0]["id"]}, token=token_for(other))
    assert theirs["data"] == {"clearEndorsementFlag": True}

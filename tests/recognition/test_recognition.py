"""Claims, endorsements and issuance: the rules, exactly-once issuance, and races."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_person, make_world
from tests.helpers import CLAIM, ENDORSE, INVITE, READ_CLAIM, error_codes, gql, run
from tests.issuance_steps import consent_to_community_policy


async def claimed(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str]
) -> dict[str, Any]:
    """The owner claims their completed participation (badge policy: 2, one SUPERVISOR)."""
    body = await gql(
        client, CLAIM, {"a": world.completed_application}, token=token_for(world.people["owner"])
    )
    claim: dict[str, Any] = body["data"]["claimParticipation"]
    return claim


async def invite(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], claim: str, *who: str
) -> None:
    owner = token_for(world.people["owner"])
    for role in who:
        body = await gql(client, INVITE, {"c": claim, "p": world.people[role]}, token=owner)
        assert "errors" not in body, body


async def test_participation_claim_becomes_a_community_badge_once_endorsed(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    claim = await claimed(client, world, token_for)
    assert (claim["status"], claim["tier"], claim["kind"]) == (
        "OPEN",
        "SELF_ASSERTED",
        "PARTICIPATION",
    )
    await invite(client, world, token_for, claim["id"], "org_supervisor", "teacher", "learner")

    first = await gql(
        client,
        ENDORSE,
        {"c": claim["id"], "r": "SUPERVISOR"},
        token=token_for(world.people["org_supervisor"]),
    )
    after_one = first["data"]["endorseClaim"]
    assert after_one["status"] == "OPEN"  # policy: two endorsements
    assert after_one["endorsements"][0]["trust"]["supervisesHost"] is True

    second = await gql(
        client, ENDORSE, {"c": claim["id"], "r": "PEER"}, token=token_for(world.people["learner"])
    )
    issued = second["data"]["endorseClaim"]
    assert issued["status"] == "ISSUED"
    assert issued["tier"] == "COMMUNITY"
    assert issued["assertionId"] is not None

    badges = await gql(
        client,
        "{ myAssertions { edges { node { "
        "id tier status universityName endorsementCount badgeClassName } } } }",
        token=token_for(world.people["owner"]),
    )
    edges = badges["data"]["myAssertions"]["edges"]
    mine = [e["node"] for e in edges if e["node"]["id"] == issued["assertionId"]]
    assert mine == [
        {
            "id": issued["assertionId"],
            "tier": "COMMUNITY",
            "status": "ACTIVE",
            "universityName": "Hogeschool Test",
            "endorsementCount": 2,
            "badgeClassName": "Test Badge",
        }
    ]
    late = await gql(
        client,
        ENDORSE,
        {"c": claim["id"], "r": "TEACHER"},
        token=token_for(world.people["teacher"]),
    )
    assert error_codes(late) == ["CONFLICT"]


async def test_endorsement_rules(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    claim = await claimed(client, world, token_for)
    cid = claim["id"]
    await invite(client, world, token_for, cid, "learner", "other_org_admin", "teacher")

    own = await gql(
        client, ENDORSE, {"c": cid, "r": "PEER"}, token=token_for(world.people["owner"])
    )
    assert error_codes(own) == ["FORBIDDEN"]
    uninvited = await gql(
        client, ENDORSE, {"c": cid, "r": "PEER"}, token=token_for(world.people["curator"])
    )
    assert error_codes(uninvited) == ["FORBIDDEN"]
    fake_teacher = await gql(
        client, ENDORSE, {"c": cid, "r": "TEACHER"}, token=token_for(world.people["learner"])
    )
    assert error_codes(fake_teacher) == ["FORBIDDEN"]
    assert "teacher of a university" in fake_teacher["errors"][0]["message"]
    wrong_org = await gql(
        client,
        ENDORSE,
        {"c": cid, "r": "SUPERVISOR"},
        token=token_for(world.people["other_org_admin"]),
    )
    assert error_codes(wrong_org) == ["FORBIDDEN"]
    assert "organisation that ran the opportunity" in wrong_org["errors"][0]["message"]

    teacher = token_for(world.people["teacher"])
    ok = await gql(client, ENDORSE, {"c": cid, "r": "TEACHER"}, token=teacher)
    assert ok["data"]["endorseClaim"]["endorsements"][0]["trust"]["isTeacher"] is True
    twice = await gql(client, ENDORSE, {"c": cid, "r": "PEER"}, token=teacher)
    assert error_codes(twice) == ["CONFLICT"]

    # Withdrawn before issuance: allowed, and then the teacher may endorse afresh.
    endorsement = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:ENDORSED]->(e:Endorsement) RETURN e.id AS id",
        p=world.people["teacher"],
    )
    withdrawn = await gql(
        client,
        "mutation($id: ID!) { withdrawEndorsement(id: $id) { endorsements { status } } }",
        {"id": endorsement[0]["id"]},
        token=teacher,
    )
    assert withdrawn["data"]["withdrawEndorsement"]["endorsements"][0]["status"] == "WITHDRAWN"
    stranger_view = await gql(
        client, READ_CLAIM, {"id": cid}, token=token_for(world.people["curator"])
    )
    assert stranger_view["data"]["claim"] is None


async def test_email_invitation_is_single_use_and_expires(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    claim = await claimed(client, world, token_for)
    owner = token_for(world.people["owner"])
    made = await gql(
        client,
        'mutation($c: ID!) { requestEndorsement(claimId: $c, email: "Friend@Mail.example") '
        "{ email link expiresAt } }",
        {"c": claim["id"]},
        token=owner,
    )
    request = made["data"]["requestEndorsement"]
    assert request["email"] == "friend@mail.example"
    token = request["link"].rsplit("/", 1)[1]
    redeem = "mutation($t: String!) { redeemEndorsementInvitation(token: $t) { id title } }"

    assert error_codes(await gql(client, redeem, {"t": token}, token=owner)) == ["FORBIDDEN"]
    friend = await make_person(clean_graph, "friend@mail.example", "Friend")
    redeemed = await gql(client, redeem, {"t": token}, token=token_for(friend))
    assert redeemed["data"]["redeemEndorsementInvitation"]["id"] == claim["id"]
    endorsed = await gql(client, ENDORSE, {"c": claim["id"], "r": "PEER"}, token=token_for(friend))
    assert endorsed["data"]["endorseClaim"]["endorsements"][0]["endorserName"] == "Friend"

    other = await make_person(clean_graph, "other@mail.example", "Other")
    reused = await gql(client, redeem, {"t": token}, token=token_for(other))
    assert error_codes(reused) == ["CONFLICT"]
    assert "already used" in reused["errors"][0]["message"]

    stale = await gql(
        client,
        'mutation($c: ID!) { requestEndorsement(claimId: $c, email: "late@x.example") { link } }',
        {"c": claim["id"]},
        token=owner,
    )
    stale_token = stale["data"]["requestEndorsement"]["link"].rsplit("/", 1)[1]
    await run(
        clean_graph,
        "MATCH (r:EndorsementRequest {email: 'late@x.example'}) "
        "SET r.expiresAt = datetime() - duration('PT1M')",
    )
    expired = await gql(client, redeem, {"t": stale_token}, token=token_for(other))
    assert error_codes(expired) == ["CONFLICT"]
    assert "expired" in expired["errors"][0]["message"]
    assert error_codes(await gql(client, redeem, {"t": "guess"}, token=token_for(other))) == [
        "NOT_FOUND"
    ]


async def test_self_assertion_follows_the_university_default_policy(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    # The university consents to the default policy (tests/recognition/test_community_policy
    # for what happens without).
    await consent_to_community_policy(client, token_for(world.people["curator"]), world.university)
    learner = token_for(world.people["learner"])
    missing = await gql(
        client,
        'mutation { selfAssert(input: {title: "T", narrative: "N"}) { id } }',
        token=learner,
    )
    assert error_codes(missing) == ["BAD_USER_INPUT"]
    made = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Led a clean-up", narrative: '
        '"40 volunteers, 2 tonnes", universityId: $u, domain: SUSTAINABILITY, '
        'evidence: [{url: "https://photos.example/a", name: "photos"}]}) '
        "{ id kind tier universityName badgeClassName } }",
        {"u": world.university},
        token=learner,
    )
    claim = made["data"]["selfAssert"]
    assert claim["kind"] == "SELF_ASSERTED"
    assert claim["badgeClassName"] == "Led a clean-up"
    owner = token_for(world.people["learner"])
    for role in ("accepted_learner", "other_org_admin", "teacher"):
        await gql(client, INVITE, {"c": claim["id"], "p": world.people[role]}, token=owner)
    # Two peers are not enough: the default policy wants a teacher or supervisor among them.
    for role in ("accepted_learner", "other_org_admin"):
        body = await gql(
            client, ENDORSE, {"c": claim["id"], "r": "PEER"}, token=token_for(world.people[role])
        )
        assert body["data"]["endorseClaim"]["status"] == "OPEN"
    done = await gql(
        client,
        ENDORSE,
        {"c": claim["id"], "r": "TEACHER"},
        token=token_for(world.people["teacher"]),
    )
    assert done["data"]["endorseClaim"]["status"] == "ISSUED"
    assert done["data"]["endorseClaim"]["tier"] == "COMMUNITY"


async def _count_assertions(graph: Graph, claim_id: str) -> int:
    found = await run(
        graph,
        "MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a:Assertion) RETURN count(a) AS n",
        c=claim_id,
    )
    return int(found[0]["n"])


async def test_concurrent_endorsements_issue_exactly_one_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    for _ in range(3):
        world = await make_world(clean_graph)
        claim = await claimed(client, world, token_for)
        await invite(client, world, token_for, claim["id"], "org_supervisor")
        await gql(
            client,
            ENDORSE,
            {"c": claim["id"], "r": "SUPERVISOR"},
            token=token_for(world.people["org_supervisor"]),
        )
        peers = [
            await make_person(clean_graph, f"peer{n}-{claim['id']}@x.example") for n in range(4)
        ]
        owner = token_for(world.people["owner"])
        for peer in peers:
            await gql(client, INVITE, {"c": claim["id"], "p": peer}, token=owner)
        bodies = await asyncio.gather(
            *(
                gql(client, ENDORSE, {"c": claim["id"], "r": "PEER"}, token=token_for(p))
                for p in peers
            )
        )
        issued = [b for b in bodies if "errors" not in b]
        assert len(issued) == 1
        assert all(error_codes(b) == ["CONFLICT"] for b in bodies if "errors" in b)
        assert await _count_assertions(clean_graph, claim["id"]) == 1
        await run(clean_graph, "MATCH (n) WHERE NOT n:Migration DETACH DELETE n")


async def test_withdrawal_racing_issuance_leaves_a_consistent_graph(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    outcomes = set()
    for _ in range(4):
        world = await make_world(clean_graph)
        claim = await claimed(client, world, token_for)
        await invite(client, world, token_for, claim["id"], "org_supervisor", "learner")
        supervisor = token_for(world.people["org_supervisor"])
        first = await gql(client, ENDORSE, {"c": claim["id"], "r": "SUPERVISOR"}, token=supervisor)
        assert first["data"]["endorseClaim"]["status"] == "OPEN"
        endorsement = await run(
            clean_graph,
            "MATCH (:Person {id: $p})-[:ENDORSED]->(e:Endorsement) RETURN e.id AS id",
            p=world.people["org_supervisor"],
        )
        withdraw, endorse = await asyncio.gather(
            gql(
                client,
                "mutation($id: ID!) { withdrawEndorsement(id: $id) { status } }",
                {"id": endorsement[0]["id"]},
                token=supervisor,
            ),
            gql(
                client,
                ENDORSE,
                {"c": claim["id"], "r": "PEER"},
                token=token_for(world.people["learner"]),
            ),
        )
        state = await run(
            clean_graph,
            "MATCH (c:Claim {id: $c}) OPTIONAL MATCH (c)-[:ISSUED_AS]->(a:Assertion) "
            "OPTIONAL MATCH (a)-[:CARRIES]->(carried:Endorsement) "
            "MATCH (e:Endorsement {id: $e}) "
            "RETURN c.status AS claim, count(DISTINCT a) AS assertions, "
            "count(DISTINCT carried) AS carried, e.status AS supervisor",
            c=claim["id"],
            e=endorsement[0]["id"],
        )
        s = state[0]
        if s["assertions"] == 1:  # the endorsement won: the withdrawal must have been refused
            assert (s["claim"], s["supervisor"], s["carried"]) == ("ISSUED", "ACTIVE", 2)
            assert error_codes(withdraw) == ["CONFLICT"]
        else:  # the withdrawal won: nothing issued, one endorsement left
            assert (s["claim"], s["supervisor"], s["assertions"]) == ("OPEN", "WITHDRAWN", 0)
            assert endorse["data"]["endorseClaim"]["status"] == "OPEN"
        outcomes.add(s["assertions"])
        await run(clean_graph, "MATCH (n) WHERE NOT n:Migration DETACH DELETE n")
    assert outcomes <= {0, 1}


async def test_a_completed_participation_is_claimed_once_and_only_by_its_learner(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await claimed(client, world, token_for)
    again = await gql(
        client, CLAIM, {"a": world.completed_application}, token=token_for(world.people["owner"])
    )
    assert error_codes(again) == ["CONFLICT"]
    pending = await gql(
        client, CLAIM, {"a": world.pending_application}, token=token_for(world.people["owner"])
    )
    assert error_codes(pending) == ["CONFLICT"]
    assert "Only a completed participation" in pending["errors"][0]["message"]

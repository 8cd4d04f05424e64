"""Quests: the lifecycle, its races, the safety rule (no exact place before acceptance),
reports, expiry, rate limits, and the recognition a completed quest brings."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import make_person
from tests.helpers import error_codes, gql, inbox, kinds, run
from tests.quests.world import (
    ACCEPT,
    CLOSE,
    COMPLETE,
    ENABLE,
    LAT,
    LON,
    MINE,
    OFFER,
    POST,
    QUEST,
    QUESTS,
    REPORT,
    REPORTED,
    REVIEW,
    WITHDRAW,
    QuestWorld,
    call,
    done_by,
    make_quest_world,
    post,
    quest_input,
)

Tokens = Callable[[str], str]


async def held(graph: Graph, person: str) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass) "
        "RETURN b.name AS name, a.consent AS consent ORDER BY b.name",
        p=person,
    )


async def test_post_offer_accept_complete_recognises_the_helper(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    quest = await post(client, world)
    assert quest["status"] == "OPEN"
    assert quest["mine"] is True
    assert quest["address"] == "Dampoortstraat 12, 9000 Gent"
    # The public point is rounded: not the door, but within about 500 m of it.
    area = quest["area"]
    assert (area["latitude"], area["longitude"]) != (LAT, LON)
    assert abs(area["latitude"] - LAT) < 0.003
    assert abs(area["longitude"] - LON) < 0.004

    # No quest to yourself: the giver cannot offer; nobody offers twice.
    own = await call(client, world, "giver", OFFER, q=quest["id"])
    assert error_codes(own) == ["FORBIDDEN"]
    first = await call(client, world, "helper", OFFER, q=quest["id"])
    assert first["data"]["offerHelp"]["myOffer"]["status"] == "PENDING"
    twice = await call(client, world, "helper", OFFER, q=quest["id"])
    assert error_codes(twice) == ["CONFLICT"]
    second = await call(client, world, "helper2", OFFER, q=quest["id"])
    assert "errors" not in second, second

    seen = (await call(client, world, "giver", QUEST, id=quest["id"]))["data"]["quest"]
    assert [(o["helperName"], o["status"]) for o in seen["offers"]] == [
        ("Helper", "PENDING"),
        ("Helper2", "PENDING"),
    ]
    assert kinds(await inbox(client, world.tokens["giver"])) == ["QUEST_OFFER_RECEIVED"] * 2

    chosen = first["data"]["offerHelp"]["myOffer"]["id"]
    accepted = await call(client, world, "giver", ACCEPT, q=quest["id"], o=chosen)
    assert accepted["data"]["acceptHelper"]["status"] == "ACCEPTED"
    assert accepted["data"]["acceptHelper"]["helperName"] == "Helper"
    assert kinds(await inbox(client, world.tokens["helper"])) == ["QUEST_HELPER_ACCEPTED"]
    assert kinds(await inbox(client, world.tokens["helper2"])) == ["QUEST_OFFER_DECLINED"]
    declined = (await call(client, world, "helper2", QUEST, id=quest["id"]))["data"]["quest"]
    assert declined["myOffer"]["status"] == "DECLINED"

    # Only the giver completes, only as PEER or OTHER.
    by_helper = await call(client, world, "helper", COMPLETE, q=quest["id"])
    assert error_codes(by_helper) == ["FORBIDDEN"]
    as_teacher = await call(client, world, "giver", COMPLETE, q=quest["id"], r="TEACHER")
    assert error_codes(as_teacher) == ["BAD_USER_INPUT"]
    done = await call(client, world, "giver", COMPLETE, q=quest["id"], r="OTHER")
    completed = done["data"]["completeQuest"]
    assert completed["status"] == "DONE"
    assert completed["claimId"]
    assert await held(clean_graph, world.people["helper"]) == [
        {"name": "Helping hand — digital literacy", "consent": "HELPING_HAND"}
    ]
    [endorsement] = await run(
        clean_graph,
        "MATCH (g:Person)-[:ENDORSED]->(e:Endorsement)-[:OF]->(c:Claim {id: $c}) "
        "RETURN g.id AS giver, e.relationship AS relationship, e.testimonial AS testimonial, "
        "c.status AS status, c.kind AS kind",
        c=completed["claimId"],
    )
    assert endorsement == {
        "giver": world.people["giver"],
        "relationship": "OTHER",
        "testimonial": "Set up my laptop patiently",
        "status": "ISSUED",
        "kind": "QUEST",
    }
    again = await call(client, world, "giver", COMPLETE, q=quest["id"])
    assert error_codes(again) == ["CONFLICT"]


async def test_helping_hand_must_be_enabled_by_the_university(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for, enable=False)
    refused = await call(client, world, "giver", POST, i=quest_input(world))
    assert error_codes(refused) == ["CONFLICT"]
    assert refused["errors"][0]["extensions"]["reason"] == "HELPING_HAND_OFF"
    by_learner = await call(client, world, "giver", ENABLE, u=world.university)
    assert error_codes(by_learner) == ["FORBIDDEN"]
    by_other = await call(client, world, "other_moderator", ENABLE, u=world.university)
    assert error_codes(by_other) == ["FORBIDDEN"]
    for _ in range(2):  # enabling twice changes nothing
        body = await call(client, world, "curator", ENABLE, u=world.university)
        assert body["data"]["enableHelpingHand"]["id"] == world.university
    classes = await run(
        clean_graph,
        "MATCH (b:BadgeClass)-[:ISSUED_BY]->(:University {id: $u}) "
        "RETURN b.name AS name, b.level AS level, b.policyMinimum AS minimum, "
        "b.issuanceConsentBy AS consentBy, b.embeddingModel AS model ORDER BY name",
        u=world.university,
    )
    assert len(classes) == 7
    assert {c["consentBy"] for c in classes} == {world.people["curator"]}
    # Embedded at once: discovery by meaning knows them without a `kring reembed`.
    assert None not in {c["model"] for c in classes}
    assert classes[0]["name"] == "Helping hand I"
    assert classes[1]["name"] == "Helping hand II"
    [event] = await run(
        clean_graph,
        "MATCH (e:AuditEvent {action: 'enable_helping_hand', targetId: $u}) RETURN e.actorId AS a",
        u=world.university,
    )
    assert event["a"] == world.people["curator"]
    body = await call(client, world, "giver", POST, i=quest_input(world))
    assert "errors" not in body, body


async def test_two_accepts_at_once_exactly_one_wins(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    quest = await post(client, world)
    offers = []
    for helper in ("helper", "helper2"):
        body = await call(client, world, helper, OFFER, q=quest["id"])
        offers.append(body["data"]["offerHelp"]["myOffer"]["id"])
    bodies = await asyncio.gather(
        *(call(client, world, "giver", ACCEPT, q=quest["id"], o=o) for o in offers)
    )
    assert sorted(str(error_codes(b)) for b in bodies) == ["['CONFLICT']", "[]"]
    rows = await run(
        clean_graph,
        "MATCH (o:QuestOffer)-[:ON]->(:Quest {id: $q}) RETURN o.status AS s ORDER BY s",
        q=quest["id"],
    )
    assert [r["s"] for r in rows] == ["ACCEPTED", "DECLINED"]


async def test_the_exact_place_reaches_only_the_giver_and_the_accepted_helper(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    quest = await post(client, world)
    await call(client, world, "helper", OFFER, q=quest["id"])
    pending = await call(client, world, "helper2", OFFER, q=quest["id"])

    async def every_view(who: str | None) -> list[dict[str, Any]]:
        token = world.tokens[who] if who else None
        views = []
        listed = await gql(client, QUESTS, {}, token=token)
        views += [e["node"] for e in listed["data"]["quests"]["edges"]]
        near = {"near": {"latitude": LAT, "longitude": LON, "radiusKm": 2}, "text": "laptop"}
        listed = await gql(client, QUESTS, {"f": near}, token=token)
        views += [e["node"] for e in listed["data"]["quests"]["edges"]]
        if token:
            views.append(
                (await gql(client, QUEST, {"id": quest["id"]}, token=token))["data"]["quest"]
            )
            for role in ("GIVER", "HELPER"):
                views += (await gql(client, MINE, {"r": role}, token=token))["data"]["myQuests"]
        return views

    def private(view: dict[str, Any]) -> list[Any]:
        return [view["location"], view["address"], view["helperName"], view["claimId"]]

    for who in (None, "stranger", "helper", "helper2"):
        views = await every_view(who)
        assert views, who
        assert all(private(v) == [None, None, None, None] for v in views), (who, views)
        assert all(v["offers"] == [] for v in views), who
    accepted = await call(
        client,
        world,
        "giver",
        ACCEPT,
        q=quest["id"],
        o=pending["data"]["offerHelp"]["myOffer"]["id"],
    )
    assert "errors" not in accepted
    for who in ("stranger", "helper"):
        views = await every_view(who)
        assert all(private(v) == [None, None, None, None] for v in views), (who, views)
    for who in ("giver", "helper2"):
        seen = (await call(client, world, who, QUEST, id=quest["id"]))["data"]["quest"]
        assert seen["address"] == "Dampoortstraat 12, 9000 Gent"
        assert seen["location"] == {"latitude": LAT, "longitude": LON}
        assert seen["helperName"] == "Helper2"
    # An accepted quest is no longer listed for anyone.
    assert (await gql(client, QUESTS, {}))["data"]["quests"]["edges"] == []


async def test_expired_and_closed_quests_leave_discovery_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    expiring = await post(client, world, title="Water my plants")
    closing = await post(client, world, title="Carry boxes")
    listed = (await gql(client, QUESTS, {}))["data"]["quests"]["edges"]
    assert [e["node"]["title"] for e in listed] == ["Carry boxes", "Water my plants"]
    await run(
        clean_graph,
        "MATCH (q:Quest {id: $q}) SET q.expiresAt = datetime() - duration('PT1S')",
        q=expiring["id"],
    )
    closed = await call(client, world, "giver", CLOSE, q=closing["id"])
    assert closed["data"]["closeQuest"]["status"] == "CLOSED"
    assert (await gql(client, QUESTS, {}))["data"]["quests"]["edges"] == []
    seen = (await call(client, world, "stranger", QUEST, id=expiring["id"]))["data"]["quest"]
    assert seen["status"] == "EXPIRED"
    late = await call(client, world, "helper", OFFER, q=expiring["id"])
    assert error_codes(late) == ["CONFLICT"]
    anonymous = await gql(client, QUEST, {"id": expiring["id"]})
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_a_report_hides_the_quest_until_a_moderator_looks(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    quest = await post(client, world)
    own = await call(client, world, "giver", REPORT, q=quest["id"])
    assert error_codes(own) == ["FORBIDDEN"]
    reported = await call(client, world, "stranger", REPORT, q=quest["id"])
    assert reported["data"]["reportQuest"] is True
    assert (await gql(client, QUESTS, {}))["data"]["quests"]["edges"] == []
    assert (await call(client, world, "stranger", QUEST, id=quest["id"]))["data"]["quest"] is None
    offered = await call(client, world, "helper", OFFER, q=quest["id"])
    assert error_codes(offered) == ["CONFLICT"]
    mine = (await call(client, world, "giver", QUEST, id=quest["id"]))["data"]["quest"]
    assert mine["status"] == "HIDDEN"
    assert kinds(await inbox(client, world.tokens["giver"])) == ["QUEST_HIDDEN"]

    queue = await call(client, world, "moderator", REPORTED, u=world.university)
    assert [q["id"] for q in queue["data"]["reportedQuests"]] == [quest["id"]]
    # Moderators see it as anyone would: not the exact place.
    assert queue["data"]["reportedQuests"][0]["address"] is None
    for who in ("other_moderator", "curator", "stranger"):
        refused = await call(client, world, who, REPORTED, u=world.university)
        assert error_codes(refused) == ["FORBIDDEN"], who
    refused = await call(client, world, "other_moderator", REVIEW, q=quest["id"], r=True)
    assert error_codes(refused) == ["FORBIDDEN"]
    restored = await call(client, world, "moderator", REVIEW, q=quest["id"], r=True)
    assert restored["data"]["reviewReportedQuest"]["status"] == "OPEN"
    assert len((await gql(client, QUESTS, {}))["data"]["quests"]["edges"]) == 1
    again = await call(client, world, "stranger", REPORT, q=quest["id"])
    assert error_codes(again) == ["CONFLICT"]
    await call(client, world, "helper", REPORT, q=quest["id"])
    closed = await call(client, world, "moderator", REVIEW, q=quest["id"], r=False)
    assert closed["data"]["reviewReportedQuest"]["status"] == "CLOSED"


async def test_withdrawing_the_accepted_offer_reopens_the_quest(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    quest = await done_by(client, world, "giver", "helper")
    told_before = kinds(await inbox(client, world.tokens["giver"]))
    withdrawn = await call(client, world, "helper", WITHDRAW, q=quest["id"])
    assert withdrawn["data"]["withdrawOffer"]["status"] == "OPEN"
    # The giver counted on this helper: they hear the quest is open again.
    told = kinds(await inbox(client, world.tokens["giver"]))
    assert told.count("QUEST_HELPER_WITHDREW") == 1
    assert len(told) == len(told_before) + 1
    assert withdrawn["data"]["withdrawOffer"]["myOffer"]["status"] == "WITHDRAWN"
    assert withdrawn["data"]["withdrawOffer"]["address"] is None
    renewed = await call(client, world, "helper", OFFER, q=quest["id"])
    assert renewed["data"]["offerHelp"]["myOffer"]["status"] == "PENDING"
    nothing = await call(client, world, "stranger", WITHDRAW, q=quest["id"])
    assert error_codes(nothing) == ["CONFLICT"]


async def test_posts_per_day_are_limited(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    for n in range(5):
        await post(client, world, title=f"Quest number {n}")
    sixth = await call(client, world, "giver", POST, i=quest_input(world))
    assert error_codes(sixth) == ["CONFLICT"]
    assert "5 quests a day" in sixth["errors"][0]["message"]
    assert sixth["errors"][0]["extensions"]["reason"] == "DAILY_LIMIT"
    bad = await call(client, world, "giver2", POST, i=quest_input(world, title="ab"))
    assert error_codes(bad) == ["BAD_USER_INPUT"]
    bad = await call(client, world, "giver2", POST, i=quest_input(world, expiresInDays=31))
    assert error_codes(bad) == ["BAD_USER_INPUT"]


async def test_meta_badge_once_at_its_threshold_even_when_two_complete_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    first = await done_by(client, world, "giver", "helper")
    second = await done_by(client, world, "giver2", "helper", domain="SUSTAINABILITY")
    for quest in (first, second):
        body = await call(client, world, quest_giver(world, quest), COMPLETE, q=quest["id"])
        assert "errors" not in body, body
    assert [b["name"] for b in await held(clean_graph, world.people["helper"])] == [
        "Helping hand — digital literacy",
        "Helping hand — sustainability",
    ]
    third = await done_by(client, world, "giver3", "helper")
    fourth = await done_by(client, world, "giver4", "helper")
    bodies = await asyncio.gather(
        call(client, world, "giver3", COMPLETE, q=third["id"]),
        call(client, world, "giver4", COMPLETE, q=fourth["id"]),
    )
    assert all("errors" not in b for b in bodies), bodies
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand I") == 1
    assert "Helping hand II" not in names
    [meta] = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:CLAIMED]->(c:Claim)-[:FOR_BADGE]->(:BadgeClass "
        "{name: 'Helping hand I'}) MATCH (c)-[:ISSUED_AS]->(a:Assertion) "
        "RETURN c.narrative AS narrative, a.consent AS consent, "
        "COUNT { (c)-[:COUNTS]->(:Quest) } AS quests",
        p=world.people["helper"],
    )
    assert meta["consent"] == "HELPING_HAND"
    assert meta["quests"] == 3
    assert "Help me set up my laptop" in meta["narrative"]


CLEAR = 'mutation($id: ID!) { clearEndorsementFlag(id: $id, note: "Neighbours, not a ring") }'


async def test_a_testimonial_held_back_then_cleared_still_counts_towards_the_meta_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    for giver, domain in (("giver", "DIGITAL_LITERACY"), ("giver2", "SUSTAINABILITY")):
        quest = await done_by(client, world, giver, "helper", domain=domain)
        assert "errors" not in await call(client, world, giver, COMPLETE, q=quest["id"])
    # The helper once endorsed giver3: giver3's testimonial is reciprocal, held for a curator.
    await run(
        clean_graph,
        "MATCH (h:Person {id: $h}), (g:Person {id: $g}) "
        "CREATE (h)-[:ENDORSED]->(:Endorsement {id: randomUUID(), status: 'ACTIVE'})"
        "-[:OF]->(:Claim {id: randomUUID(), title: 'Earlier'})<-[:CLAIMED]-(g)",
        h=world.people["helper"],
        g=world.people["giver3"],
    )
    third = await done_by(client, world, "giver3", "helper")
    assert "errors" not in await call(client, world, "giver3", COMPLETE, q=third["id"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert "Helping hand I" not in names
    [flagged] = await run(
        clean_graph,
        "MATCH (:Quest {id: $q})<-[:FROM]-(:Claim)<-[:OF]-(e:Endorsement) RETURN e.id AS id",
        q=third["id"],
    )
    cleared = await call(client, world, "curator", CLEAR, id=flagged["id"])
    assert cleared["data"] == {"clearEndorsementFlag": True}, cleared
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand — digital literacy") == 2
    assert names.count("Helping hand I") == 1


def quest_giver(world: QuestWorld, quest: dict[str, Any]) -> str:
    return {"Giver": "giver", "Giver2": "giver2"}[quest["giverName"]]


async def test_meta_badges_count_people_helped_not_quests_one_giver_posts(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    for n in range(5):  # one giver, however many quests: one person helped
        quest = await done_by(client, world, "giver", "helper", title=f"Q {n}")
        assert "errors" not in await call(client, world, "giver", COMPLETE, q=quest["id"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand — digital literacy") == 5
    assert "Helping hand I" not in names
    for giver in ("giver2", "giver3"):
        quest = await done_by(client, world, giver, "helper")
        assert "errors" not in await call(client, world, giver, COMPLETE, q=quest["id"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand I") == 1
    [meta] = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:CLAIMED]->(c:Claim)-[:FOR_BADGE]->(:BadgeClass "
        "{name: 'Helping hand I'}) RETURN c.narrative AS narrative, "
        "COUNT { (c)-[:COUNTS]->(:Quest) } AS quests",
        p=world.people["helper"],
    )
    assert meta["quests"] == 3
    assert meta["narrative"].startswith("Recognised for helping 3 people: “Q 0”")
    # Helping hand II: ten people, in at least two domains.
    for n in range(4, 11):
        name = f"giver{n}"
        if name not in world.people:
            world.people[name] = await make_person(clean_graph, f"{name}@q.example", name)
            world.tokens[name] = token_for(world.people[name])
        quest = await done_by(client, world, name, "helper")
        assert "errors" not in await call(client, world, name, COMPLETE, q=quest["id"])
    assert "Helping hand II" not in [
        b["name"] for b in await held(clean_graph, world.people["helper"])
    ]
    # A second quest for someone already helped brings the second domain: every recognised
    # quest's domain counts, though the person counts once.
    quest = await done_by(client, world, "giver2", "helper", domain="RESEARCH", title="Q R")
    assert "errors" not in await call(client, world, "giver2", COMPLETE, q=quest["id"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand II") == 1
    assert names.count("Helping hand — research") == 1
    # Its evidence shows both domains: one quest per person, and the one that brought research.
    [ii] = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:CLAIMED]->(c:Claim)-[:FOR_BADGE]->(:BadgeClass "
        "{name: 'Helping hand II'}) RETURN c.narrative AS narrative, "
        "[(c)-[:COUNTS]->(q:Quest) | q.domain] AS domains",
        p=world.people["helper"],
    )
    assert sorted(set(ii["domains"])) == ["DIGITAL_LITERACY", "RESEARCH"]
    assert len(ii["domains"]) == 11
    assert ii["narrative"].startswith("Recognised for helping 10 people: ")
    assert "“Q R” (research)" in ii["narrative"]


async def test_a_giver_who_leaves_and_registers_again_is_not_a_new_person_helped(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    for round_ in range(3):
        quest = await done_by(client, world, "giver", "helper", title=f"Round {round_}")
        assert "errors" not in await call(client, world, "giver", COMPLETE, q=quest["id"])
        left = await call(
            client, world, "giver", 'mutation { deleteMyAccount(confirmEmail: "giver@q.example") }'
        )
        assert left["data"] == {"deleteMyAccount": True}, left
        world.people["giver"] = await make_person(clean_graph, "giver@q.example", "Giver")
        world.tokens["giver"] = token_for(world.people["giver"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand — digital literacy") == 3
    assert "Helping hand I" not in names  # three accounts, one person who left: one count
    for giver in ("giver2", "giver3"):
        quest = await done_by(client, world, giver, "helper")
        assert "errors" not in await call(client, world, giver, COMPLETE, q=quest["id"])
    names = [b["name"] for b in await held(clean_graph, world.people["helper"])]
    assert names.count("Helping hand I") == 1


async def test_helping_hand_badges_cannot_be_claimed_by_hand(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    world = await make_quest_world(clean_graph, client, token_for)
    offered = await call(
        client,
        world,
        "helper",
        "query($u: ID!) { selfAssertableBadgeClasses(universityId: $u) { id } }",
        u=world.university,
    )
    assert offered["data"]["selfAssertableBadgeClasses"] == []
    [target] = await run(
        clean_graph,
        "MATCH (b:BadgeClass {helpingHand: 'DOMAIN', domain: 'RESEARCH'}) RETURN b.id AS id",
    )
    claimed = await call(
        client,
        world,
        "helper",
        'mutation($b: ID!) { selfAssert(input: {title: "Helped", narrative: "n", '
        "badgeClassId: $b}) { id } }",
        b=target["id"],
    )
    assert error_codes(claimed) == ["CONFLICT"]
    # Nor peer-assessed: the class says what it is, as the web app's peer-assessment link reads.
    kind = await call(
        client,
        world,
        "curator",
        "query($b: ID!) { badgeClass(id: $b) { helpingHand oneOff peerAssessed } }",
        b=target["id"],
    )
    assert kind["data"]["badgeClass"] == {
        "helpingHand": True,
        "oneOff": False,
        "peerAssessed": False,
    }
    peers = await call(
        client,
        world,
        "curator",
        "mutation($b: ID!) { configurePeerAssessment(badgeClassId: $b, "
        "settings: {passingScore: 1, disagreement: 1}) { enabled } }",
        b=target["id"],
    )
    assert error_codes(peers) == ["CONFLICT"]

"""A small quest world: a university with Helping hand enabled, givers, helpers, staff."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from graph.core.database import Graph
from graph.core.vocabulary import Role
from tests.factories import make_person, make_university
from tests.helpers import gql

ENABLE = "mutation($u: ID!) { enableHelpingHand(universityId: $u) { id name } }"
QUEST_FIELDS = """
id title status domain mine giverName helperName areaName address claimId universityName
area { latitude longitude } location { latitude longitude }
myOffer { id status helperName } offers { id helperName message status }
"""
POST = "mutation($i: PostQuestInput!) { postQuest(input: $i) { " + QUEST_FIELDS + " } }"
OFFER = (
    'mutation($q: ID!) { offerHelp(questId: $q, message: "I can help") { ' + QUEST_FIELDS + " } }"
)
WITHDRAW = "mutation($q: ID!) { withdrawOffer(questId: $q) { " + QUEST_FIELDS + " } }"
ACCEPT = (
    "mutation($q: ID!, $o: ID!) { acceptHelper(questId: $q, offerId: $o) { " + QUEST_FIELDS + " } }"
)
COMPLETE = (
    "mutation($q: ID!, $r: Relationship! = PEER) { completeQuest(questId: $q, "
    'testimonial: "Set up my laptop patiently", relationship: $r) { ' + QUEST_FIELDS + " } }"
)
CLOSE = "mutation($q: ID!) { closeQuest(questId: $q) { " + QUEST_FIELDS + " } }"
REPORT = 'mutation($q: ID!) { reportQuest(questId: $q, reason: "spam") }'
REVIEW = (
    "mutation($q: ID!, $r: Boolean!) { reviewReportedQuest(questId: $q, restore: $r) { "
    + QUEST_FIELDS
    + " } }"
)
QUEST = "query($id: ID!) { quest(id: $id) { " + QUEST_FIELDS + " } }"
QUESTS = (
    "query($f: QuestFilter, $first: Int! = 20, $after: String) { quests(filter: $f, "
    "first: $first, after: $after) { edges { cursor distanceKm node { "
    + QUEST_FIELDS
    + " } } pageInfo { hasNextPage endCursor } } }"
)
MINE = "query($r: QuestRole!) { myQuests(role: $r) { " + QUEST_FIELDS + " } }"
REPORTED = "query($u: ID!) { reportedQuests(universityId: $u) { " + QUEST_FIELDS + " } }"

# Dampoort, Gent: the exact door; the public area is rounded.
LAT, LON = 51.0571, 3.7412


@dataclass(frozen=True)
class QuestWorld:
    university: str
    people: dict[str, str]
    tokens: dict[str, str]


async def make_quest_world(
    graph: Graph, client: httpx.AsyncClient, token_for: Callable[[str], str], *, enable: bool = True
) -> QuestWorld:
    university = await make_university(graph, "Quest University")
    other = await make_university(graph, "Other University")
    people = {
        "moderator": await make_person(
            graph, "mod@q.example", "Mo Derator", role=Role.MODERATOR, body_id=university
        ),
        "other_moderator": await make_person(
            graph, "mod2@q.example", "Other Mod", role=Role.MODERATOR, body_id=other
        ),
        "curator": await make_person(
            graph, "cur@q.example", "Cu Rator", role=Role.CURATOR, body_id=university
        ),
    }
    for name in ("giver", "giver2", "giver3", "giver4", "helper", "helper2", "stranger"):
        people[name] = await make_person(graph, f"{name}@q.example", name.title())
    tokens = {k: token_for(v) for k, v in people.items()}
    if enable:
        body = await gql(client, ENABLE, {"u": university}, token=tokens["moderator"])
        assert "errors" not in body, body
    return QuestWorld(university, people, tokens)


def quest_input(world: QuestWorld, **changes: Any) -> dict[str, Any]:
    given = {
        "universityId": world.university,
        "title": "Help me set up my laptop",
        "description": "A new laptop; I would like e-mail and video calls working.",
        "domain": "DIGITAL_LITERACY",
        "latitude": LAT,
        "longitude": LON,
        "address": "Dampoortstraat 12, 9000 Gent",
        "areaName": "Dampoort, Gent",
    }
    given.update(changes)
    return given


async def post(
    client: httpx.AsyncClient, world: QuestWorld, giver: str = "giver", **changes: Any
) -> dict[str, Any]:
    body = await gql(client, POST, {"i": quest_input(world, **changes)}, token=world.tokens[giver])
    assert "errors" not in body, body
    quest: dict[str, Any] = body["data"]["postQuest"]
    return quest


async def call(
    client: httpx.AsyncClient, world: QuestWorld, who: str, document: str, **variables: Any
) -> dict[str, Any]:
    return await gql(client, document, variables, token=world.tokens[who])


async def done_by(
    client: httpx.AsyncClient, world: QuestWorld, giver: str, helper: str, **changes: Any
) -> dict[str, Any]:
    """A quest `giver` posts, `helper` offers on, is accepted for; ready to complete."""
    quest = await post(client, world, giver, **changes)
    offered = await call(client, world, helper, OFFER, q=quest["id"])
    offer = offered["data"]["offerHelp"]["myOffer"]["id"]
    accepted = await call(client, world, giver, ACCEPT, q=quest["id"], o=offer)
    assert "errors" not in accepted, accepted
    return quest

"""Reviews and what they decide: passing issues once (with the issuer's consent), a spread
beyond the threshold goes to staff, failing declines, consent switched off issues nothing,
anonymity, configuration and who may do what."""

from __future__ import annotations

from typing import Any

import httpx

from graph.core.database import Graph
from tests.helpers import error_codes, gql, inbox, kinds, run
from tests.peer_assessment.world import (
    ASSIGNMENTS,
    DECIDE,
    DISPUTES,
    MINE,
    PeerWorld,
    Tokens,
    assigned,
    configure,
    make_badge_class,
    make_peer_world,
    review,
    submit,
)


async def held(graph: Graph, person: str) -> list[dict[str, Any]]:
    return await run(
        graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass) "
        "WHERE b.level = 3 RETURN b.name AS name, a.consent AS consent",
        p=person,
    )


async def _reviewers(graph: Graph, world: PeerWorld, claim: str) -> list[tuple[str, str]]:
    by_id = {v: k for k, v in world.people.items()}
    return sorted((by_id[p], x) for p, x in (await assigned(graph, claim)).items())


async def test_passing_reviews_issue_the_badge_once_with_the_issuers_consent(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for)
    mine = await submit(client, world)
    assert mine["state"] == "REVIEWING"
    (a, xa), (b, xb), (c, xc) = await _reviewers(graph, world, mine["id"])

    # The reviewer sees the portfolio and the rubric, not the learner's name.
    listed = (await gql(client, ASSIGNMENTS, token=world.token(a)))["data"]["myPeerAssignments"]
    assert [x["id"] for x in listed] == [xa]
    assert listed[0]["submission"]["learnerName"] is None
    assert listed[0]["submission"]["evidence"] == [
        {"name": "My report", "url": "https://example.org/report", "downloadUrl": None}
    ]
    assert len(listed[0]["submission"]["rubric"]) == 2

    first = await review(client, world, a, xa, 3, 3, anonymous=True)
    assert first["data"]["reviewPortfolio"]["myReview"] == {
        "total": 6,
        "passed": True,
        "anonymous": True,
        "reviewerName": "Ann",  # the reviewer sees their own name
    }
    assert "errors" not in await review(client, world, b, xb, 3, 2)
    assert await held(graph, world.people["learner"]) == []
    assert "errors" not in await review(client, world, c, xc, 4, 3)
    assert await held(graph, world.people["learner"]) == [
        {"name": "Research III", "consent": "PEER_ASSESSED"}
    ]
    # Reviewing again changes nothing: the assignment is done.
    again = await review(client, world, c, xc, 4, 4)
    assert error_codes(again) == ["CONFLICT"]
    assert len(await held(graph, world.people["learner"])) == 1

    seen = (await gql(client, MINE, token=world.token("learner")))["data"]["myPeerSubmissions"]
    assert seen[0]["state"] == "ISSUED"
    assert seen[0]["assertionId"] is not None
    # Anonymous: the learner sees no name; the others are named.
    assert sorted(r["reviewerName"] or "-" for r in seen[0]["reviews"]) == ["-", "Bob", "Cat"]
    got = kinds(await inbox(client, world.token("learner")))
    assert got.count("REVIEW_RECEIVED") == 3
    assert "BADGE_ISSUED" in got


async def test_disagreement_goes_to_staff_who_decide(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, disagreement=2)
    mine = await submit(client, world)
    (a, xa), (b, xb), (c, xc) = await _reviewers(graph, world, mine["id"])
    await review(client, world, a, xa, 4, 4, anonymous=True)
    await review(client, world, b, xb, 3, 3)
    await review(client, world, c, xc, 1, 2)  # 8 - 3 = 5 > 2

    assert await held(graph, world.people["learner"]) == []
    # Staff see it with every reviewer named (anonymous ones included) and the learner.
    queue = await gql(client, DISPUTES, {"i": world.university}, token=world.token("curator"))
    [disputed] = queue["data"]["peerDisputes"]
    assert disputed["state"] == "DISPUTED"
    assert disputed["disputeReason"] == "DISAGREEMENT"
    assert disputed["learnerName"] == "Lea Rner"
    assert sorted(r["reviewerName"] for r in disputed["reviews"]) == ["Ann", "Bob", "Cat"]
    assert "REVIEW_DISPUTED" in kinds(await inbox(client, world.token("curator")))

    # Neither the learner nor a stranger decides, nor sees the queue; nor does a teacher, who
    # may not review the university's claims either (deciding issues under its key).
    for who in ("learner", "stranger", "teacher"):
        refused = await gql(
            client, DECIDE, {"c": mine["id"], "issue": True}, token=world.token(who)
        )
        assert error_codes(refused) == ["FORBIDDEN"], who
        hidden = await gql(client, DISPUTES, {"i": world.university}, token=world.token(who))
        assert error_codes(hidden) == ["FORBIDDEN"], who
    # Declining needs a reason.
    bare = await gql(
        client, DECIDE, {"c": mine["id"], "issue": False}, token=world.token("curator")
    )
    assert error_codes(bare) == ["BAD_USER_INPUT"]

    decided = await gql(
        client, DECIDE, {"c": mine["id"], "issue": True}, token=world.token("curator")
    )
    assert decided["data"]["decidePeerDispute"]["state"] == "ISSUED"
    assert await held(graph, world.people["learner"]) == [
        {"name": "Research III", "consent": "REVIEWED"}
    ]
    twice = await gql(
        client, DECIDE, {"c": mine["id"], "issue": True}, token=world.token("curator")
    )
    assert error_codes(twice) == ["CONFLICT"]


async def test_failing_reviews_decline_with_the_reviews_visible(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, passing=5, disagreement=2)
    mine = await submit(client, world)
    for name, x in await _reviewers(graph, world, mine["id"]):
        await review(client, world, name, x, 2, 2)  # 4 < 5
    seen = (await gql(client, MINE, token=world.token("learner")))["data"]["myPeerSubmissions"]
    assert seen[0]["state"] == "DECLINED"
    assert [r["passed"] for r in seen[0]["reviews"]] == [False] * 3
    assert all(r["scores"][0]["comment"] for r in seen[0]["reviews"])
    assert await held(graph, world.people["learner"]) == []
    assert "CLAIM_DECLINED" in kinds(await inbox(client, world.token("learner")))


async def test_consent_switched_off_stops_issuance_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann", "bob", "cat", "dan"))
    mine = await submit(client, world)
    reviewers = await _reviewers(graph, world, mine["id"])
    await review(client, world, *reviewers[0], 4, 4)
    off = await configure(client, world, off=True)
    assert off["data"]["configurePeerAssessment"]["enabled"] is False
    for name, x in reviewers[1:]:
        await review(client, world, name, x, 4, 4)
    assert await held(graph, world.people["learner"]) == []
    seen = (await gql(client, MINE, token=world.token("learner")))["data"]["myPeerSubmissions"]
    assert (seen[0]["state"], seen[0]["disputeReason"]) == ("DISPUTED", "CONSENT_WITHDRAWN")
    # Nobody can submit to it any more.
    refused = await gql(
        client,
        "mutation($i: SubmitPortfolioInput!) { submitPortfolio(input: $i) { id } }",
        {"i": {"badgeClassId": world.badge_class, "narrative": "mine"}},
        token=world.token("dan"),
    )
    assert error_codes(refused) == ["CONFLICT"]
    consent = await run(
        graph,
        "MATCH (b:BadgeClass {id: $b}) RETURN b.peerConsentBy AS by, b.peerStoppedBy AS off",
        b=world.badge_class,
    )
    assert consent == [{"by": world.people["curator"], "off": world.people["curator"]}]


async def test_configuration_is_the_issuers_and_needs_a_rubric(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, enable=False)
    for who in ("learner", "teacher"):
        refused = await configure(client, world, who=who)
        assert error_codes(refused) == ["FORBIDDEN"], who
    too_many = await configure(client, world, reviewers=8)
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    assert too_many["errors"][0]["extensions"]["field"] == "reviewers"
    too_high = await configure(client, world, passing=9)  # two criteria of four levels: 8
    assert too_high["errors"][0]["extensions"]["field"] == "passingScore"
    done = await configure(client, world, reviewers=2, passing=6)
    assert done["data"]["configurePeerAssessment"]["enabled"] is True
    assert done["data"]["configurePeerAssessment"]["maxScore"] == 8
    seen = await gql(
        client,
        "query($b: ID!) { badgeClass(id: $b) { peerAssessed oneOff helpingHand } }",
        {"b": world.badge_class},
        token=world.token("curator"),
    )
    assert seen["data"]["badgeClass"] == {
        "peerAssessed": True,
        "oneOff": False,
        "helpingHand": False,
    }

    bare, _ = await make_badge_class(graph, world.university, "No rubric", 3, rubric=False)
    refused = await gql(
        client,
        "mutation($b: ID!, $s: PeerAssessmentSettingsInput) { configurePeerAssessment("
        "badgeClassId: $b, settings: $s) { enabled } }",
        {"b": bare, "s": {"passingScore": 1, "disagreement": 1}},
        token=world.token("curator"),
    )
    assert error_codes(refused) == ["CONFLICT"]


async def test_only_the_assigned_reviewer_reviews_with_a_full_rubric(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for)
    mine = await submit(client, world)
    (a, xa), _, _ = await _reviewers(graph, world, mine["id"])
    for who in ("learner", "stranger", "curator"):
        assert error_codes(await review(client, world, who, xa, 3, 3)) == ["FORBIDDEN"], who
    anonymous = await gql(client, "{ myPeerAssignments { id } }")
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    partial = await gql(
        client,
        "mutation($a: ID!, $s: [PeerScoreInput!]!) { reviewPortfolio(assignmentId: $a, "
        "scores: $s) { id } }",
        {"a": xa, "s": [{"criterionId": world.criteria[0], "level": 3, "comment": "ok"}]},
        token=world.token(a),
    )
    assert error_codes(partial) == ["BAD_USER_INPUT"]
    out_of_range = await review(client, world, a, xa, 5, 3)
    assert out_of_range["errors"][0]["extensions"]["field"] == "scores[0].level"
    # A second open submission to the same class is refused.
    again = await gql(
        client,
        "mutation($i: SubmitPortfolioInput!) { submitPortfolio(input: $i) { id } }",
        {"i": {"badgeClassId": world.badge_class, "narrative": "again"}},
        token=world.token("learner"),
    )
    assert error_codes(again) == ["CONFLICT"]
    # Nothing was written by the refusals.
    assert len(await assigned(graph, mine["id"], "DONE")) == 0


async def test_a_portfolios_files_reach_its_reviewers_and_the_staff_of_its_dispute(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Tokens
) -> None:
    graph = clean_graph
    world = await make_peer_world(graph, client, token_for, holders=("ann", "bob", "cat", "dan"))
    mine = await submit(client, world)
    content = b"Interview transcript, coded by theme.\n"
    uploaded = await client.put(
        f"/claims/{mine['id']}/evidence?name=transcript.txt",
        content=content,
        headers={"authorization": f"Bearer {world.token('learner')}", "content-type": "text/plain"},
    )
    assert uploaded.status_code == 201, uploaded.text
    url = f"/evidence/{uploaded.json()['id']}"

    def get(who: str) -> Any:
        return client.get(url, headers={"authorization": f"Bearer {world.token(who)}"})

    reviewers = await _reviewers(graph, world, mine["id"])
    names = [name for name, _ in reviewers]
    [left_out] = {"ann", "bob", "cat", "dan"} - set(names)
    # The reviewer's view links the file; each assigned reviewer downloads it.
    listed = await gql(client, ASSIGNMENTS, token=world.token(names[0]))
    [files] = [
        [e for e in a["submission"]["evidence"] if e["downloadUrl"]]
        for a in listed["data"]["myPeerAssignments"]
    ]
    assert [e["name"] for e in files] == ["transcript.txt"]
    assert files[0]["downloadUrl"].endswith(url)
    for name in names:
        answered = await get(name)
        assert answered.status_code == 200, name
        assert answered.content == content
    # Someone eligible but not asked, a stranger and the staff (no dispute yet) do not.
    for who in (left_out, "stranger", "curator"):
        assert (await get(who)).status_code == 404, who

    (a, xa), (b, xb), (c, xc) = reviewers
    await review(client, world, a, xa, 4, 4)
    await review(client, world, b, xb, 3, 3)
    await review(client, world, c, xc, 1, 2)
    # Disputed: the staff who decide it read the file too; the stranger still does not, nor a
    # teacher (who does not decide).
    assert (await get("curator")).content == content
    assert (await get("stranger")).status_code == 404
    assert (await get("teacher")).status_code == 404
    # A reviewer keeps access to what they reviewed.
    assert (await get(a)).status_code == 200

"""What a reviewer assessed travels in the signed badge: rubric levels and evidence digests."""

from __future__ import annotations

import base64
import copy
import hashlib
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_world
from tests.helpers import error_codes, gql

RUBRIC_CLASS = """
mutation($o: ID!, $rubric: [RubricCriterionInput!]!, $min: Int!) {
  createBadgeClass(input: {issuerId: $o, name: "Repair café fixer", description: "d",
    criteria: "Repair things safely", domain: SUSTAINABILITY, level: BEGINNER,
    endorsementPolicy: {minimum: $min, relationships: [TEACHER, PEER]}, rubric: $rubric}) {
    id rubric { id name levels minimumLevel }
  }
}
"""
RUBRIC: list[dict[str, Any]] = [
    {
        "name": "Diagnosis",
        "description": "Finding what is broken",
        "levels": ["Needs help", "Finds the fault", "Explains the fault"],
        "minimumLevel": 2,
    },
    {"name": "Safety", "levels": ["Unsafe", "Works safely"]},
]
SELF_ASSERT = """
mutation($b: ID!) { selfAssert(input: {title: "Fixed a kettle", narrative: "At the café",
  badgeClassId: $b}) { id status } }
"""
APPROVE = """
mutation($c: ID!, $a: [CriterionAssessmentInput!]) {
  approveClaim(claimId: $c, note: "Well done", assessment: $a) {
    status assertionId assessment { criterionId level comment }
  }
}
"""


def sri(content: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(content).digest()).decode()


async def rubric_class(
    client: httpx.AsyncClient, world: World, token_for: Callable[[str], str], minimum: int = 0
) -> tuple[str, list[dict[str, Any]]]:
    body = await gql(
        client,
        RUBRIC_CLASS,
        {"o": world.organisation, "rubric": RUBRIC, "min": minimum},
        token=token_for(world.people["org_admin"]),
    )
    made = body["data"]["createBadgeClass"]
    return made["id"], made["rubric"]


async def test_a_rubric_is_two_to_six_criteria_of_two_to_five_levels(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    for rubric, field in (
        (RUBRIC[:1], "rubric"),
        ([RUBRIC[0], {"name": "Safety", "levels": ["Only"]}], "rubric[1].levels"),
        ([{**RUBRIC[0], "minimumLevel": 4}, RUBRIC[1]], "rubric[0].minimumLevel"),
        ([RUBRIC[0], {**RUBRIC[1], "name": "Diagnosis"}], "rubric"),
    ):
        body = await gql(
            client, RUBRIC_CLASS, {"o": world.organisation, "rubric": rubric, "min": 0}, token=admin
        )
        assert error_codes(body) == ["BAD_USER_INPUT"], rubric
        assert body["errors"][0]["extensions"]["field"] == field


async def test_reviewers_assess_on_the_rubric_and_the_levels_travel_in_the_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    badge, rubric = await rubric_class(client, world, token_for, minimum=1)
    diagnosis, safety = rubric[0]["id"], rubric[1]["id"]
    learner = token_for(world.people["learner"])
    claim = (await gql(client, SELF_ASSERT, {"b": badge}, token=learner))["data"]["selfAssert"]
    await gql(
        client,
        "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }",
        {"c": claim["id"], "p": world.people["teacher"]},
        token=learner,
    )
    # An endorser may give their own view on the rubric; it does not decide anything.
    endorsed = await gql(
        client,
        "mutation($c: ID!, $a: [CriterionAssessmentInput!]) { endorseClaim(claimId: $c, "
        'relationship: TEACHER, testimonial: "Careful work", assessment: $a) { status '
        "endorsements { assessment { criterionId level } } } }",
        {"c": claim["id"], "a": [{"criterionId": diagnosis, "level": 3}]},
        token=token_for(world.people["teacher"]),
    )
    assert endorsed["data"]["endorseClaim"] == {
        "status": "IN_REVIEW",
        "endorsements": [{"assessment": [{"criterionId": diagnosis, "level": 3}]}],
    }
    admin = token_for(world.people["org_admin"])
    for assessment, field in (
        (None, "assessment"),
        ([{"criterionId": diagnosis, "level": 2}], "assessment"),
        (
            [{"criterionId": diagnosis, "level": 1}, {"criterionId": safety, "level": 2}],
            "assessment[0].level",
        ),
        (
            [{"criterionId": diagnosis, "level": 2}, {"criterionId": safety, "level": 3}],
            "assessment[1].level",
        ),
    ):
        body = await gql(client, APPROVE, {"c": claim["id"], "a": assessment}, token=admin)
        assert error_codes(body) == ["BAD_USER_INPUT"], assessment
        assert body["errors"][0]["extensions"]["field"] == field
    approved = await gql(
        client,
        APPROVE,
        {
            "c": claim["id"],
            "a": [
                {"criterionId": safety, "level": 2},
                {"criterionId": diagnosis, "level": 2, "comment": "Found a loose wire"},
            ],
        },
        token=admin,
    )
    decided = approved["data"]["approveClaim"]
    assert decided["status"] == "ISSUED"
    # Kept in the rubric's order, whatever order they were given in.
    assert decided["assessment"] == [
        {"criterionId": diagnosis, "level": 2, "comment": "Found a loose wire"},
        {"criterionId": safety, "level": 2, "comment": ""},
    ]

    headers = {"authorization": f"Bearer {learner}"}
    credential = (
        await client.get(f"/credentials/{decided['assertionId']}", headers=headers)
    ).json()
    achievement = credential["credentialSubject"]["achievement"]
    described = achievement["resultDescription"]
    assert [(d["name"], d["resultType"]) for d in described] == [
        ("Diagnosis", "RubricCriterionLevel"),
        ("Safety", "RubricCriterionLevel"),
    ]
    assert [level["description"] for level in described[0]["rubricCriterionLevel"]] == RUBRIC[0][
        "levels"
    ]
    assert described[0]["requiredLevel"] == described[0]["rubricCriterionLevel"][1]["id"]
    assert "requiredLevel" not in described[1]
    results = credential["credentialSubject"]["result"]
    assert results == [
        {
            "type": ["Result"],
            "resultDescription": described[0]["id"],
            "achievedLevel": described[0]["rubricCriterionLevel"][1]["id"],
        },
        {
            "type": ["Result"],
            "resultDescription": described[1]["id"],
            "achievedLevel": described[1]["rubricCriterionLevel"][1]["id"],
        },
    ]
    report = (await client.post("/verify", json=credential)).json()
    assert report["verified"] is True, report
    forged = copy.deepcopy(credential)
    forged["credentialSubject"]["result"][0]["achievedLevel"] = described[0][
        "rubricCriterionLevel"
    ][2]["id"]
    assert (await client.post("/verify", json=forged)).json()["verified"] is False

    ob2 = (await client.get(f"/ob2/assertions/{decided['assertionId']}", headers=headers)).json()
    narrative = next(e["narrative"] for e in ob2["evidence"] if e["name"] == "Rubric assessment")
    assert "- Diagnosis: level 2 of 3 (Finds the fault)\n" in narrative
    assert narrative.endswith("- Safety: level 2 of 2 (Works safely)")
    # The reviewer's comment is feedback to the learner, not part of the public badge.
    assert "loose wire" not in str(ob2) + str(credential)


async def test_an_uploaded_file_travels_by_url_and_digest_as_its_learner_shares_it(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    badge, rubric = await rubric_class(client, world, token_for, minimum=1)
    learner = token_for(world.people["learner"])
    mine = {"authorization": f"Bearer {learner}"}
    claim = (await gql(client, SELF_ASSERT, {"b": badge}, token=learner))["data"]["selfAssert"]
    content = b"Kettle: replaced the fuse, tested with a meter.\n"
    uploaded = await client.put(
        f"/claims/{claim['id']}/evidence?name=repair-log.txt",
        content=content,
        headers={**mine, "content-type": "text/plain"},
    )
    assert uploaded.status_code == 201, uploaded.text
    evidence_id = uploaded.json()["id"]
    await gql(
        client,
        "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }",
        {"c": claim["id"], "p": world.people["teacher"]},
        token=learner,
    )
    await gql(
        client,
        'mutation($c: ID!) { endorseClaim(claimId: $c, relationship: TEACHER, testimonial: "Y") '
        "{ status } }",
        {"c": claim["id"]},
        token=token_for(world.people["teacher"]),
    )
    # The reviewers see the file once the claim reached them; other staff do not.
    url = f"/evidence/{evidence_id}"
    admin = {"authorization": f"Bearer {token_for(world.people['org_admin'])}"}
    supervisor = {"authorization": f"Bearer {token_for(world.people['org_supervisor'])}"}
    assert (await client.get(url, headers=admin)).content == content
    assert (await client.get(url, headers=supervisor)).status_code == 404
    approved = await gql(
        client,
        APPROVE,
        {
            "c": claim["id"],
            "a": [
                {"criterionId": rubric[0]["id"], "level": 3},
                {"criterionId": rubric[1]["id"], "level": 2},
            ],
        },
        token=token_for(world.people["org_admin"]),
    )
    assertion = approved["data"]["approveClaim"]["assertionId"]
    credential = (await client.get(f"/credentials/{assertion}", headers=mine)).json()
    [item] = credential["evidence"]
    assert item == {
        "type": ["Evidence"],
        "name": "repair-log.txt",
        "id": f"http://testserver{url}",
        "digestSRI": sri(content),
    }
    assert (await client.post("/verify", json=credential)).json()["verified"] is True
    swapped = copy.deepcopy(credential)
    swapped["evidence"][0]["digestSRI"] = sri(b"another file")
    assert (await client.post("/verify", json=swapped)).json()["verified"] is False

    # A verifier fetches the file at the stable URL and checks it against the digest, as
    # far as the learner's sharing lets it: by link, with the link's secret, as the badge.
    async def fetch(token: str | None = None) -> int:
        return (await client.get(url, params={"token": token} if token else None)).status_code

    async def share(visibility: str) -> str | None:
        body = await gql(
            client,
            "mutation($c: ID!, $v: Visibility!) { setClaimVisibility(claimId: $c, "
            "visibility: $v) { shareToken } }",
            {"c": claim["id"], "v": visibility},
            token=learner,
        )
        token: str | None = body["data"]["setClaimVisibility"]["shareToken"]
        return token

    assert await fetch() == 404
    first = await share("LINK")
    assert first is not None
    assert (await fetch(), await fetch("wrong"), await fetch(first)) == (404, 404, 200)
    await share("PRIVATE")
    assert await fetch(first) == 404
    second = await share("LINK")
    assert (await fetch(first), await fetch(second)) == (404, 200)  # the old link is retired
    await share("PUBLIC")
    assert await fetch() == 200
    fetched = (await client.get(url)).content
    assert sri(fetched) == item["digestSRI"]

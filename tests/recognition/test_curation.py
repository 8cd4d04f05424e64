"""Curation and tiers, trust signals, revocation and expiry, visibility, evidence files and
badge images."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import World, make_person, make_png, make_world
from tests.helpers import ENDORSE, INVITE, error_codes, gql, run

ASSERTION = "query($id: ID!) { assertion(id: $id) { id tier status revocationReason } }"
CLAIM = "query($id: ID!) { claim(id: $id) { id title shareToken visibility } }"
VISIBILITY = (
    "mutation($c: ID!, $v: Visibility!) { setClaimVisibility(claimId: $c, visibility: $v) "
    "{ visibility shareToken } }"
)


async def test_curators_validate_and_badges_follow_with_history(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    curator = token_for(world.people["curator"])
    before = await gql(client, ASSERTION, {"id": world.assertion}, token=owner)
    assert before["data"]["assertion"]["tier"] == "COMMUNITY"

    queue = await gql(
        client,
        "query($u: ID!) { curationQueue(universityId: $u) { badgeClassName assertions } }",
        {"u": world.university},
        token=curator,
    )
    assert {"badgeClassName": "Test Badge", "assertions": 1} in queue["data"]["curationQueue"]
    other = await gql(
        client,
        "query($u: ID!) { curationQueue(universityId: $u) { badgeClassName } }",
        {"u": world.university},
        token=token_for(world.people["other_uni_moderator"]),
    )
    assert error_codes(other) == ["FORBIDDEN"]

    validate = (
        "mutation($id: ID!, $n: String!) "
        "{ validateBadgeClass(id: $id, note: $n) { officiallyValidated } }"
    )
    done = await gql(
        client, validate, {"id": world.badge_class, "n": "Meets our criteria"}, token=curator
    )
    assert done["data"]["validateBadgeClass"]["officiallyValidated"] is True
    assert (await gql(client, ASSERTION, {"id": world.assertion}, token=owner))["data"][
        "assertion"
    ]["tier"] == "OFFICIAL"
    again = await gql(client, validate, {"id": world.badge_class, "n": "again"}, token=curator)
    assert error_codes(again) == ["CONFLICT"]
    queue_after = await gql(
        client,
        "query($u: ID!) { curationQueue(universityId: $u) { badgeClassName } }",
        {"u": world.university},
        token=curator,
    )
    assert {"badgeClassName": "Test Badge"} not in queue_after["data"]["curationQueue"]

    withdrawn = await gql(
        client,
        'mutation($id: ID!) { withdrawBadgeClassValidation(id: $id, note: "Criteria changed") '
        "{ officiallyValidated } }",
        {"id": world.badge_class},
        token=curator,
    )
    assert withdrawn["data"]["withdrawBadgeClassValidation"]["officiallyValidated"] is False
    assert (await gql(client, ASSERTION, {"id": world.assertion}, token=owner))["data"][
        "assertion"
    ]["tier"] == "COMMUNITY"
    history = await gql(
        client,
        "query($id: ID!) { validationHistory(badgeClassId: $id) { action note curatorName } }",
        {"id": world.badge_class},
    )
    assert history["data"]["validationHistory"] == [
        {"action": "WITHDRAW", "note": "Criteria changed", "curatorName": "curator"},
        {"action": "VALIDATE", "note": "Meets our criteria", "curatorName": "curator"},
    ]


async def test_revocation_and_expiry(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    revoke = (
        "mutation($id: ID!, $r: String!) "
        "{ revokeAssertion(id: $id, reason: $r) { status revocationReason } }"
    )
    blank = await gql(
        client,
        revoke,
        {"id": world.assertion, "r": " "},
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(blank) == ["BAD_USER_INPUT"]
    done = await gql(
        client,
        revoke,
        {"id": world.assertion, "r": "Evidence was copied"},
        token=token_for(world.people["org_admin"]),
    )
    assert done["data"]["revokeAssertion"] == {
        "status": "REVOKED",
        "revocationReason": "Evidence was copied",
    }
    twice = await gql(
        client, revoke, {"id": world.assertion, "r": "x"}, token=token_for(world.people["curator"])
    )
    assert error_codes(twice) == ["CONFLICT"]
    mine = await gql(client, ASSERTION, {"id": world.assertion}, token=owner)
    assert mine["data"]["assertion"]["status"] == "REVOKED"

    other = await make_world_assertion_expired(clean_graph, world)
    expired = await gql(client, ASSERTION, {"id": other}, token=owner)
    assert expired["data"]["assertion"]["status"] == "EXPIRED"


async def make_world_assertion_expired(graph: Graph, world: World) -> str:
    found = await run(
        graph,
        "MATCH (owner:Person {id: $owner}), (b:BadgeClass {id: $b}), (u:University {id: $u}) "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: randomUUID(), kind: 'PARTICIPATION', "
        "title: 'old', status: 'ISSUED', visibility: 'PRIVATE', createdAt: datetime()}) "
        "CREATE (c)-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u) "
        "CREATE (a:Assertion {id: randomUUID(), issuedAt: datetime() - duration('P400D'), "
        "expiresAt: datetime() - duration('P35D'), visibility: 'PRIVATE'}) "
        "CREATE (c)-[:ISSUED_AS]->(a), (owner)-[:HOLDS]->(a), (a)-[:OF_BADGE]->(b), "
        "(a)-[:BRANDED_BY]->(u) RETURN a.id AS id",
        owner=world.people["owner"],
        b=world.badge_class,
        u=world.university,
    )
    assertion_id: str = found[0]["id"]
    return assertion_id


async def test_expiry_comes_from_the_badge_class(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}) SET b.expiresAfterDays = 365, b.policyMinimum = 0",
        b=world.badge_class,
    )
    body = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { assertionId status } }",
        {"a": world.completed_application},
        token=token_for(world.people["owner"]),
    )
    assert body["data"]["claimParticipation"]["status"] == "ISSUED"  # a policy of zero
    found = await run(
        clean_graph,
        "MATCH (a:Assertion {id: $id}) RETURN duration.inDays(a.issuedAt, a.expiresAt).days AS d",
        id=body["data"]["claimParticipation"]["assertionId"],
    )
    assert found[0]["d"] == 365


async def test_trust_signals_and_flags_for_curators(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    # Three learners endorse each other in a ring, and two of them both ways.
    people = [await make_person(clean_graph, f"ring{n}@x.example", f"Ring {n}") for n in range(3)]
    claims = []
    for person in people:
        made = await gql(
            client,
            'mutation($u: ID!) { selfAssert(input: {title: "T", narrative: "N", '
            "universityId: $u}) { id } }",
            {"u": world.university},
            token=token_for(person),
        )
        claims.append(made["data"]["selfAssert"]["id"])
    for giver, receiver in ((0, 1), (1, 2), (2, 0), (1, 0)):
        await gql(
            client,
            INVITE,
            {"c": claims[receiver], "p": people[giver]},
            token=token_for(people[receiver]),
        )
        body = await gql(
            client, ENDORSE, {"c": claims[receiver], "r": "PEER"}, token=token_for(people[giver])
        )
        assert "errors" not in body, body
    seen = await gql(
        client,
        "query($id: ID!) { claim(id: $id) { endorsements { endorserName trust { reciprocal } } } }",
        {"id": claims[0]},
        token=token_for(people[0]),
    )
    by_name = {
        e["endorserName"]: e["trust"]["reciprocal"] for e in seen["data"]["claim"]["endorsements"]
    }
    assert by_name == {"Ring 1": True, "Ring 2": False}
    flags = await gql(
        client,
        "query($u: ID!) { endorsementFlags(universityId: $u) { kind people } }",
        {"u": world.university},
        token=token_for(world.people["curator"]),
    )
    kinds = {(f["kind"], frozenset(f["people"])) for f in flags["data"]["endorsementFlags"]}
    assert ("RECIPROCAL", frozenset({"Ring 0", "Ring 1"})) in kinds
    assert ("CYCLE", frozenset({"Ring 0", "Ring 1", "Ring 2"})) in kinds
    learner = await gql(
        client,
        "query($u: ID!) { endorsementFlags(universityId: $u) { kind } }",
        {"u": world.university},
        token=token_for(people[0]),
    )
    assert error_codes(learner) == ["FORBIDDEN"]


async def test_visibility_private_link_public(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    stranger = token_for(world.people["learner"])
    profile = (
        "query($p: ID!) { profile(personId: $p) { name "
        "claims { totalCount edges { node { title } } } "
        "assertions { totalCount edges { node { id } } } } }"
    )
    nothing = {"totalCount": 0, "edges": []}  # not even how many private ones there are
    shared = "query($t: String!) { sharedClaim(token: $t) { title } }"

    # PRIVATE: nobody else, by any path.
    assert (await gql(client, CLAIM, {"id": world.open_claim}, token=stranger))["data"][
        "claim"
    ] is None
    assert (await gql(client, CLAIM, {"id": world.open_claim}))["data"]["claim"] is None
    assert (await gql(client, ASSERTION, {"id": world.assertion}, token=stranger))["data"][
        "assertion"
    ] is None
    empty = await gql(client, profile, {"p": world.people["owner"]})
    assert empty["data"]["profile"] == {"name": "owner", "claims": nothing, "assertions": nothing}
    export = await gql(client, "{ exportMyData }", token=stranger)
    assert "Ran a repair cafe" not in str(export)

    link = await gql(client, VISIBILITY, {"c": world.open_claim, "v": "LINK"}, token=owner)
    token = link["data"]["setClaimVisibility"]["shareToken"]
    assert token
    assert (await gql(client, shared, {"t": token}))["data"]["sharedClaim"] == {
        "title": "Ran a repair cafe"
    }
    assert (await gql(client, profile, {"p": world.people["owner"]}))["data"]["profile"][
        "claims"
    ] == nothing
    # Only the learner sees the link's secret.
    assert (
        await gql(client, CLAIM, {"id": world.open_claim}, token=token_for(world.people["teacher"]))
    )["data"]["claim"]["shareToken"] is None

    await gql(client, VISIBILITY, {"c": world.open_claim, "v": "PUBLIC"}, token=owner)
    public = await gql(client, profile, {"p": world.people["owner"]})
    assert public["data"]["profile"]["claims"] == {
        "totalCount": 1,
        "edges": [{"node": {"title": "Ran a repair cafe"}}],
    }

    await gql(client, VISIBILITY, {"c": world.open_claim, "v": "PRIVATE"}, token=owner)
    assert (await gql(client, shared, {"t": token}))["data"]["sharedClaim"] is None
    assert (await gql(client, profile, {"p": world.people["owner"]}))["data"]["profile"][
        "claims"
    ] == nothing


async def test_evidence_files_are_checked_and_private(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    png = make_png(64, 64)
    url = f"/claims/{world.open_claim}/evidence?name=photo.png"
    made = await client.put(url, content=png, headers={**owner, "content-type": "image/png"})
    assert made.status_code == 201
    evidence_id = made.json()["id"]

    fetched = await client.get(f"/evidence/{evidence_id}", headers=owner)
    assert fetched.status_code == 200
    assert fetched.content == png
    assert fetched.headers["x-content-type-options"] == "nosniff"
    invited = {"authorization": f"Bearer {token_for(world.people['teacher'])}"}
    assert (await client.get(f"/evidence/{evidence_id}", headers=invited)).status_code == 200
    stranger = {"authorization": f"Bearer {token_for(world.people['learner'])}"}
    assert (await client.get(f"/evidence/{evidence_id}", headers=stranger)).status_code == 404
    assert (await client.get(f"/evidence/{evidence_id}")).status_code == 404

    fake = await client.put(
        url, content=b"not a png", headers={**owner, "content-type": "image/png"}
    )
    assert fake.status_code == 400
    assert fake.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    exe = await client.put(
        url, content=b"MZ", headers={**owner, "content-type": "application/x-msdownload"}
    )
    assert exe.status_code == 400
    huge = await client.put(
        url,
        content=b"%PDF-" + b"0" * (5 * 1024 * 1024),
        headers={**owner, "content-type": "application/pdf"},
    )
    assert huge.status_code == 400
    not_mine = await client.put(url, content=png, headers={**stranger, "content-type": "image/png"})
    assert not_mine.status_code == 403
    anonymous = await client.put(url, content=png, headers={"content-type": "image/png"})
    assert anonymous.status_code == 401


async def test_badge_image_shows_its_tier_and_stays_private_to_who_may_see_the_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    url = f"/assertions/{world.assertion}/image"
    owner = {"authorization": f"Bearer {token_for(world.people['owner'])}"}
    mine = await client.get(url, headers=owner)
    assert mine.status_code == 200
    assert "Community" in mine.text
    assert "Hogeschool Test" in mine.text
    assert (await client.get(url)).status_code == 404
    # Those who may revoke it see the badge page, so its image too; nobody else.
    for role, status in (
        ("org_admin", 200),
        ("curator", 200),
        ("other_org_admin", 404),
        ("learner", 404),
    ):
        seen = await client.get(
            url, headers={"authorization": f"Bearer {token_for(world.people[role])}"}
        )
        assert seen.status_code == status, role
    # Sharing the claim by link shares its badge: the link's secret opens the image.
    link = await gql(
        client,
        VISIBILITY,
        {"c": await _issued_claim(clean_graph, world), "v": "LINK"},
        token=token_for(world.people["owner"]),
    )
    token = link["data"]["setClaimVisibility"]["shareToken"]
    assert (await client.get(f"{url}?token={token}")).status_code == 200
    assert (await client.get(f"{url}?token=wrong")).status_code == 404


async def _issued_claim(graph: Graph, world: World) -> str:
    found = await run(
        graph,
        "MATCH (c:Claim)-[:ISSUED_AS]->(:Assertion {id: $a}) RETURN c.id AS id",
        a=world.assertion,
    )
    claim_id: str = found[0]["id"]
    return claim_id

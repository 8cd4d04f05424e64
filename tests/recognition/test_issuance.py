"""Issuance with the issuer's consent: advance consent, pathways, prerequisites, flags."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from graph.core.database import Graph
from tests.factories import World, make_person, make_world
from tests.helpers import error_codes, gql, run

CREATE_CLASS = """
mutation($i: ID!, $name: String!, $requires: [ID!]!, $min: Int!, $auto: Boolean!) {
  createBadgeClass(input: {issuerId: $i, name: $name, description: "d", criteria: "c",
    domain: SUSTAINABILITY, level: BEGINNER, requires: $requires,
    endorsementPolicy: {minimum: $min, relationships: [PEER, TEACHER]},
    autoIssueOnCompletion: $auto}) { id issuance { autoIssueOnCompletion } }
}
"""
SELF_ASSERT = """
mutation($b: ID!) { selfAssert(input: {title: "Did it", narrative: "Really", badgeClassId: $b})
  { id status } }
"""
APPROVE = "mutation($c: ID!) { approveClaim(claimId: $c) { status assertionId } }"
INVITE = "mutation($c: ID!, $p: ID!) { requestEndorsement(claimId: $c, personId: $p) { id } }"
ENDORSE = """
mutation($c: ID!) { endorseClaim(claimId: $c, relationship: PEER, testimonial: "Yes")
  { status endorsements { flag counts } } }
"""


async def badge_class(
    client: httpx.AsyncClient,
    token: str,
    issuer: str,
    name: str,
    *,
    requires: list[str] | None = None,
    minimum: int = 0,
    auto: bool = False,
) -> str:
    body = await gql(
        client,
        CREATE_CLASS,
        {"i": issuer, "name": name, "requires": requires or [], "min": minimum, "auto": auto},
        token=token,
    )
    assert "errors" not in body, body
    made: str = body["data"]["createBadgeClass"]["id"]
    return made


async def endorse_by(
    client: httpx.AsyncClient,
    token_for: Callable[[str], str],
    world: World,
    learner: str,
    claim: str,
    **relationships: str,
) -> str:
    """The learner (a token) invites world people by role; each endorses as given. The
    claim's status after the last one."""
    status = ""
    for role, relationship in relationships.items():
        await gql(client, INVITE, {"c": claim, "p": world.people[role]}, token=learner)
        body = await gql(
            client,
            "mutation($c: ID!, $r: Relationship!) { endorseClaim(claimId: $c, "
            'relationship: $r, testimonial: "Yes") { status } }',
            {"c": claim, "r": relationship},
            token=token_for(world.people[role]),
        )
        status = body["data"]["endorseClaim"]["status"]
    return status


async def self_assert(client: httpx.AsyncClient, token: str, badge: str) -> dict[str, Any]:
    return await gql(client, SELF_ASSERT, {"b": badge}, token=token)


async def test_prerequisites_are_refused_with_their_own_code(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    curator = token_for(world.people["curator"])
    pathway = await badge_class(
        client, curator, world.university, "Pathway", requires=[world.validated_badge_class]
    )
    refused = await self_assert(client, token_for(world.people["learner"]), pathway)
    assert error_codes(refused) == ["PREREQUISITES_NOT_MET"]
    assert "Validated" in refused["errors"][0]["message"]
    # Claiming a participation in an opportunity that leads to such a class: refused too.
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $b}), (v:BadgeClass {id: $v}) CREATE (b)-[:REQUIRES]->(v)",
        b=world.badge_class,
        v=world.validated_badge_class,
    )
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=token_for(world.people["owner"]),
    )
    assert error_codes(claimed) == ["PREREQUISITES_NOT_MET"]
    left = await run(clean_graph, "MATCH (c:Claim {title: 'Did it'}) RETURN count(c) AS n")
    assert left == [{"n": 0}]


async def test_a_meta_badge_is_issued_once_when_the_last_requirement_lands_twice_at_once(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin, curator = token_for(world.people["org_admin"]), token_for(world.people["curator"])
    first = await badge_class(client, admin, world.organisation, "Repair basics")
    second = await badge_class(client, admin, world.organisation, "Repair advanced")
    meta = await badge_class(
        client, curator, world.university, "Repair pathway", requires=[first, second], auto=True
    )
    learners = [
        await make_person(clean_graph, f"pathway{n}@world.example", f"Learner {n}")
        for n in range(4)
    ]
    # Each learner's two claims wait in review (a policy of zero endorsements).
    waiting: list[str] = []
    for learner in learners:
        for part in (first, second):
            made = await self_assert(client, token_for(learner), part)
            assert made["data"]["selfAssert"]["status"] == "IN_REVIEW"
            waiting.append(made["data"]["selfAssert"]["id"])
    # Every last requirement is approved at the same moment as the one before it.
    approved = await asyncio.gather(*(gql(client, APPROVE, {"c": c}, token=admin) for c in waiting))
    assert all(b["data"]["approveClaim"]["status"] == "ISSUED" for b in approved), approved
    held = await run(
        clean_graph,
        "UNWIND $people AS p MATCH (:Person {id: p})-[:HOLDS]->(a:Assertion)"
        "-[:OF_BADGE]->(:BadgeClass {id: $meta}) MATCH (c:Claim)-[:ISSUED_AS]->(a) "
        "RETURN p AS person, count(a) AS badges, collect(a.consent) AS consent, "
        "collect(c.kind) AS kind ORDER BY person",
        people=learners,
        meta=meta,
    )
    assert held == [
        {"person": p, "badges": 1, "consent": ["PATHWAY_COMPLETED"], "kind": ["PATHWAY"]}
        for p in sorted(learners)
    ]
    # Nobody claims it by hand: it comes with the badges it requires.
    by_hand = await self_assert(client, token_for(learners[0]), meta)
    assert error_codes(by_hand) == ["CONFLICT"]
    # Earning a requirement again does not issue the pathway a second time.
    again = await self_assert(client, token_for(learners[0]), first)
    await gql(client, APPROVE, {"c": again["data"]["selfAssert"]["id"]}, token=admin)
    count = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:HOLDS]->(a)-[:OF_BADGE]->(:BadgeClass {id: $meta}) "
        "RETURN count(a) AS n",
        p=learners[0],
        meta=meta,
    )
    assert count == [{"n": 1}]
    # A class that never consented in advance waits for its own review instead.
    manual = await badge_class(
        client, curator, world.university, "Manual pathway", requires=[first, second]
    )
    issued = await run(
        clean_graph,
        "MATCH (a:Assertion)-[:OF_BADGE]->(:BadgeClass {id: $m}) RETURN count(a) AS n",
        m=manual,
    )
    assert issued == [{"n": 0}]


async def test_only_what_the_issuer_consented_to_carries_its_key(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """After every way a badge comes to be, each one has its issuer's recorded consent."""
    world = await make_world(clean_graph)
    owner, learner = token_for(world.people["owner"]), token_for(world.people["learner"])
    # A pathway on the organisation's class that issues itself once that class is held...
    await badge_class(
        client,
        token_for(world.people["curator"]),
        world.university,
        "Builder",
        requires=[world.badge_class],
        auto=True,
    )
    # ...which happens here: the organisation approves a claim in its queue.
    await gql(
        client, APPROVE, {"c": world.review_claim}, token=token_for(world.people["org_admin"])
    )
    # Its own completed participation, under the class's advance consent.
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=owner,
    )
    participation = claimed["data"]["claimParticipation"]["id"]
    status = await endorse_by(
        client,
        token_for,
        world,
        owner,
        participation,
        org_supervisor="SUPERVISOR",
        teacher="TEACHER",
    )
    assert status == "ISSUED"
    # A learner's own one-off claim, under the university's community policy.
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Taught my gran email", '
        'narrative: "Weekly", universityId: $u}) { id } }',
        {"u": world.university},
        token=learner,
    )
    own_claim = own["data"]["selfAssert"]["id"]
    status = await endorse_by(
        client, token_for, world, learner, own_claim, teacher="TEACHER", accepted_learner="PEER"
    )
    assert status == "ISSUED"

    badges = await run(
        clean_graph,
        """
        MATCH (c:Claim)-[:ISSUED_AS]->(a:Assertion)-[:OF_BADGE]->(b:BadgeClass)
              -[:ISSUED_BY]->(issuer)
        WHERE a.id <> $legacy
        OPTIONAL MATCH (approver:Person {id: a.approvedBy})-[m:MEMBER_OF]->(issuer)
        OPTIONAL MATCH (c)-[:FROM]->(app:Application)-[:FOR]->(:Opportunity)
                       -[:OFFERED_BY]->(host)
        RETURN a.consent AS consent, issuer:University AS university,
               coalesce(b.adHoc, false) AS adHoc,
               coalesce(b.autoIssueParticipations, false) AS ownParticipations,
               coalesce(b.autoIssueOnCompletion, false) AS onCompletion,
               collect(m.role) AS approverRoles, app.status AS application,
               host = issuer AS hostIsIssuer
        """,
        legacy=world.assertion,
    )
    consents = sorted(b["consent"] for b in badges)
    assert consents == [
        "COMMUNITY_POLICY",
        "OWN_PARTICIPATION",
        "PATHWAY_COMPLETED",
        "REVIEWED",
    ], badges
    for b in badges:
        if b["consent"] == "REVIEWED":
            assert "ADMIN" in b["approverRoles"]
            assert not b["university"]
        elif b["consent"] == "OWN_PARTICIPATION":
            assert b["ownParticipations"]
            assert b["application"] == "COMPLETED"
            assert b["hostIsIssuer"]
        elif b["consent"] == "COMMUNITY_POLICY":
            assert b["adHoc"]
            assert b["university"]
        else:
            assert b["onCompletion"]


async def test_a_self_assertion_cannot_target_another_learners_own_badge(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Mine", narrative: "n", '
        "universityId: $u}) { badgeClassId } }",
        {"u": world.university},
        token=token_for(world.people["learner"]),
    )
    theirs = own["data"]["selfAssert"]["badgeClassId"]
    body = await self_assert(client, token_for(world.people["owner"]), theirs)
    assert error_codes(body) == ["CONFLICT"]


# --- flags ------------------------------------------------------------------------------------


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


async def test_one_off_classes_are_no_back_door_to_the_universitys_key(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    own = await gql(
        client,
        'mutation($u: ID!) { selfAssert(input: {title: "Mine", narrative: "n", '
        "universityId: $u}) { badgeClassId } }",
        {"u": world.university},
        token=token_for(world.people["learner"]),
    )
    one_off = own["data"]["selfAssert"]["badgeClassId"]
    # An organisation cannot make its opportunities lead to a learner's one-off class...
    moved = await gql(
        client,
        "mutation($id: ID!, $b: ID!) { updateOpportunity(id: $id, input: {badgeClassId: $b}) "
        "{ id } }",
        {"id": world.draft_opportunity, "b": one_off},
        token=token_for(world.people["org_admin"]),
    )
    assert error_codes(moved) == ["BAD_USER_INPUT"]
    # ...and where one got there anyway, its participations cannot be claimed on it.
    await run(
        clean_graph,
        "MATCH (o:Opportunity {id: $o})-[l:LEADS_TO]->() DELETE l "
        "WITH DISTINCT o MATCH (b:BadgeClass {id: $b}) CREATE (o)-[:LEADS_TO]->(b)",
        o=world.closed_opportunity,
        b=one_off,
    )
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { id } }",
        {"a": world.completed_application},
        token=token_for(world.people["owner"]),
    )
    assert error_codes(claimed) == ["CONFLICT"]
    # A claim on it other than the one it was made for waits for the university's review.
    await run(
        clean_graph,
        "MATCH (owner:Person {id: $owner}), (b:BadgeClass {id: $b}), (u:University {id: $u}) "
        "CREATE (owner)-[:CLAIMED]->(c:Claim {id: $c, kind: 'SELF_ASSERTED', title: 'Also mine',"
        " narrative: 'n', status: 'OPEN', visibility: 'PRIVATE', createdAt: datetime(), "
        "version: 0, revision: 1})-[:FOR_BADGE]->(b), (c)-[:BRANDED_BY]->(u)",
        owner=world.people["owner"],
        b=one_off,
        u=world.university,
        c="00000000-0000-4000-8000-000000000001",
    )
    sneaky = "00000000-0000-4000-8000-000000000001"
    owner = token_for(world.people["owner"])
    status = await endorse_by(
        client, token_for, world, owner, sneaky, teacher="TEACHER", accepted_learner="PEER"
    )
    assert status == "IN_REVIEW"
    issued = await run(
        clean_graph, "MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a) RETURN count(a) AS n", c=sneaky
    )
    assert issued == [{"n": 0}]


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

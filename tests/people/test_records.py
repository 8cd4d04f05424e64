"""The learner's own record: everything about them exported, and erased (badges revoked,
endorsements they gave kept without their name) when they delete their account."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from graph.core.database import Graph
from graph.presence import check_in
from server.graphql.presence.secret import secret_of
from server.settings import Settings
from tests.factories import WORLD_CLAIM_CODE, make_world
from tests.foreign_platform import ForeignIssuer
from tests.helpers import error_codes, gql, run
from tests.on_the_spot_steps import create_template, issue, issue_input


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
        "{ MATCH (a:Assertion {id: $a}) WHERE a.revokedAt IS NOT NULL "
        "AND a.learnerName IS NULL } } AS revoked, "
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


async def test_check_ins_and_redeemed_claim_codes_are_exported_and_erased(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    """Proof of presence: the learner's check-ins and claim codes redeemed are theirs."""
    world = await make_world(clean_graph)
    learner = world.people["accepted_learner"]
    token = token_for(learner)
    code = check_in.code_for(
        secret_of(settings), world.live_opportunity, check_in.window_of(datetime.now(UTC))
    )
    checked = await gql(
        client,
        "mutation($o: ID!, $c: String!) { checkIn(opportunityId: $o, code: $c) { first } }",
        {"o": world.live_opportunity, "c": code},
        token=token,
    )
    assert checked["data"]["checkIn"]["first"] is True
    redeemed = await gql(
        client,
        "mutation($c: String!) { redeemClaimCode(code: $c) { assertionId } }",
        {"c": WORLD_CLAIM_CODE},
        token=token,
    )
    assertion = redeemed["data"]["redeemClaimCode"]["assertionId"]
    data = (await gql(client, "{ exportMyData }", token=token))["data"]["exportMyData"]
    (application,) = data["applications"]
    assert application["attendedAt"] is not None
    (redemption,) = data["claimCodesRedeemed"]
    assert (redemption["claimCodeId"], redemption["assertionId"]) == (world.claim_code, assertion)
    assert data["assertions"][0]["claimCodeId"] == world.claim_code

    done = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "accepted_learner@world.example") }',
        token=token,
    )
    assert done["data"]["deleteMyAccount"] is True
    left = await run(
        clean_graph,
        "MATCH (cc:ClaimCode {id: $c}) RETURN cc.uses AS uses, "
        "COUNT { (:Person)-[:REDEEMED]->(cc) } AS redeemers, "
        "COUNT { (:Application {id: $a}) } AS applications",
        c=world.claim_code,
        a=world.accepted_application,
    )
    # The use stays counted; who redeemed it, and the check-in, are gone.
    assert left == [{"uses": 1, "redeemers": 0, "applications": 0}]


async def test_an_on_the_spot_badge_is_exported_and_erased_with_the_account(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    template = await create_template(client, token_for(world.people["curator"]), world.university)
    teacher = token_for(world.people["teacher"])
    request = issue_input(template, world.university, ["learner@world.example"])
    issued = (await issue(client, teacher, request))["data"]["issueOnTheSpot"]
    learner = token_for(world.people["learner"])
    data = (await gql(client, "{ exportMyData }", token=learner))["data"]["exportMyData"]
    [claim] = [c for c in data["claims"] if c["kind"] == "ON_THE_SPOT"]
    assert claim["endorsementsReceived"][0]["testimonial"] == request["observation"]
    assert claim["assessedLevels"] == [3, 2]

    done = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "learner@world.example") }', token=learner
    )
    assert done["data"]["deleteMyAccount"] is True
    [badge] = await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) RETURN a.revokedAt IS NOT NULL AS revoked, "
        "EXISTS { (:Person)-[:HOLDS]->(a) } AS held",
        a=issued["badges"][0]["assertionId"],
    )
    assert badge == {"revoked": True, "held": False}
    # The teacher's retry no longer names them.
    replay = (await issue(client, teacher, request))["data"]["issueOnTheSpot"]
    assert (replay["badges"][0]["email"], replay["badges"][0]["learnerName"]) == ("", "")
    # A staff member who leaves is forgotten as the maker of their on-the-spot classes.
    gone = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "teacher@world.example") }',
        token=teacher,
    )
    assert gone["data"]["deleteMyAccount"] is True
    made = await run(clean_graph, "MATCH ()-[m:ISSUED_ON_THE_SPOT]->() RETURN count(m) AS n")
    assert made == [{"n": 0}]


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


async def test_peer_submissions_and_reviews_are_exported_and_erased(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    from tests.peer_assessment.world import MINE, assigned, make_peer_world, review, submit

    world = await make_peer_world(clean_graph, client, token_for)
    mine = await submit(client, world)
    by_id = {v: k for k, v in world.people.items()}
    reviewer, assignment = sorted(
        (by_id[p], x) for p, x in (await assigned(clean_graph, mine["id"])).items()
    )[0]
    assert "errors" not in await review(client, world, reviewer, assignment, 3, 3)

    exported = (await gql(client, "{ exportMyData }", token=world.token("learner")))["data"]
    [submitted] = exported["exportMyData"]["peerSubmissions"]
    assert submitted["peerState"] == "REVIEWING"
    assert [r["total"] for r in submitted["reviewsReceived"]] == [6]
    theirs = (await gql(client, "{ exportMyData }", token=world.token(reviewer)))["data"]
    written = theirs["exportMyData"]["peerReviewsWritten"]
    assert [(w["status"], w["total"]) for w in written] == [("DONE", 6)]

    # The reviewer leaves: the review stays (it counts) but names no one.
    email = f"{reviewer}@p.example"
    gone = await gql(
        client,
        "mutation($e: String!) { deleteMyAccount(confirmEmail: $e) }",
        {"e": email},
        token=world.token(reviewer),
    )
    assert gone["data"]["deleteMyAccount"] is True
    seen = (await gql(client, MINE, token=world.token("learner")))["data"]["myPeerSubmissions"]
    assert [(r["reviewerName"], r["total"]) for r in seen[0]["reviews"]] == [(None, 6)]

    # The learner leaves: the submission and every assignment on it are removed.
    left = await gql(
        client,
        'mutation { deleteMyAccount(confirmEmail: "learner@p.example") }',
        token=world.token("learner"),
    )
    assert left["data"]["deleteMyAccount"] is True
    assert await run(clean_graph, "MATCH (x:PeerAssignment) RETURN x.id AS id") == []
    assert await run(clean_graph, "MATCH (c:Claim {peerReview: true}) RETURN c.id AS id") == []


# Portfolio pages (issue 19, part 3).
async def test_my_portfolio_pages_are_exported_and_erased_with_my_account(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    item = {"kind": "BADGE", "id": world.assertion, "caption": "Proud"}
    made = await gql(
        client,
        "mutation($input: PortfolioPageInput!) { createPortfolioPage(input: $input) { id } }",
        {"input": {"title": "Exported", "narrative": "One.\n\nTwo.", "items": [item]}},
        token=owner,
    )
    assert "errors" not in made, made
    data = (await gql(client, "{ exportMyData }", token=owner))["data"]["exportMyData"]
    [page] = data["portfolioPages"]
    assert (page["title"], page["visibility"], page["narrative"]) == (
        "Exported",
        "PRIVATE",
        "One.\n\nTwo.",
    )
    assert page["items"] == [item]
    done = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "owner@world.example") }', token=owner
    )
    assert done["data"]["deleteMyAccount"] is True
    left = await run(clean_graph, "MATCH (p:PortfolioPage) RETURN count(p) AS n")
    assert left[0]["n"] == 0


async def test_credentials_from_elsewhere_are_exported_and_erased(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    issuer = ForeignIssuer()
    text = json.dumps(issuer.sign(issuer.credential("owner@world.example")))
    imported = await gql(
        client,
        "mutation($t: String!) { importExternalCredential(credential: {text: $t}) { id } }",
        {"t": text},
        token=owner,
    )
    assert "errors" not in imported, imported
    data = (await gql(client, "{ exportMyData }", token=owner))["data"]["exportMyData"]
    [held] = data["externalCredentials"]
    assert (held["issuerName"], held["kind"], held["document"]) == (
        "Foreign Academy",
        "OB3_JSON",
        text,
    )
    done = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "owner@world.example") }', token=owner
    )
    assert done["data"]["deleteMyAccount"] is True
    assert await run(clean_graph, "MATCH (x:ExternalCredential) RETURN count(x) AS n") == [{"n": 0}]

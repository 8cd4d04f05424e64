"""Nobody speaks for an issuer without its consent: the review queue, revisions and the
conversation, and what the learner exports and erases of it."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from badges.did import issuer_did
from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import error_codes, gql, run
from tests.review_steps import (
    APPROVE,
    ENDORSE,
    INVITE,
    WITHDRAW_ENDORSEMENT,
    claim_in_review,
    status_of,
)

CLAIM = """
query($id: ID!) { claim(id: $id) {
  id status revision assertionId issuerName submittedAt
  endorsements { id endorserName status revision onEarlierRevision counts flag }
  revisions { number narrative evidenceIds }
  conversation { kind body authorName revision }
} }
"""


async def test_a_self_assertion_of_an_organisations_badge_waits_for_the_organisation(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    """The forgery path: endorsements alone never put the café's key under a badge."""
    world = await make_world(clean_graph)
    claim = await claim_in_review(client, world, token_for, "learner")
    seen = (await gql(client, CLAIM, {"id": claim}, token=token_for(world.people["learner"])))[
        "data"
    ]["claim"]
    assert (seen["status"], seen["assertionId"], seen["issuerName"]) == (
        "IN_REVIEW",
        None,
        "Buurtwerk Test",
    )
    issued = await run(
        clean_graph,
        "MATCH (:Claim {id: $c})-[:ISSUED_AS]->(a:Assertion) RETURN a.id AS id",
        c=claim,
    )
    assert issued == []
    # Its university's curator, a supervisor nobody allowed, and the learner cannot decide.
    for role in ("curator", "uni_moderator", "org_supervisor", "learner", "teacher"):
        body = await gql(client, APPROVE, {"c": claim}, token=token_for(world.people[role]))
        assert error_codes(body) == ["FORBIDDEN"], role
    assert await status_of(clean_graph, claim) == "IN_REVIEW"

    # The organisation decides: approved by its admin, the badge is signed with its key.
    body = await gql(client, APPROVE, {"c": claim}, token=token_for(world.people["org_admin"]))
    approved = body["data"]["approveClaim"]
    assert approved["status"] == "ISSUED"
    await gql(
        client,
        "mutation($c: ID!) { setClaimVisibility(claimId: $c, visibility: PUBLIC) { id } }",
        {"c": claim},
        token=token_for(world.people["learner"]),
    )
    credential = (await client.get(f"/credentials/{approved['assertionId']}")).json()
    assert credential["issuer"]["id"] == issuer_did("http://testserver", world.organisation)
    verified = (await client.post("/verify", json=credential)).json()
    assert (verified["verified"], verified["credential_tier"]) == (True, "COMMUNITY")
    badge = await run(
        clean_graph,
        "MATCH (a:Assertion {id: $a}) RETURN a.consent AS consent, a.approvedBy AS by",
        a=approved["assertionId"],
    )
    assert badge == [{"consent": "REVIEWED", "by": world.people["org_admin"]}]
    trail = await run(
        clean_graph,
        "MATCH (e:AuditEvent {targetId: $c}) RETURN e.action AS action, e.actorId AS actor "
        "ORDER BY e.at",
        c=claim,
    )
    assert {"action": "approve", "actor": world.people["org_admin"]} in trail
    assert {"action": "submit_for_review", "actor": world.people["accepted_learner"]} in trail


async def test_an_admin_lets_a_supervisor_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    supervisor = token_for(world.people["org_supervisor"])
    body = await gql(client, APPROVE, {"c": world.review_claim}, token=supervisor)
    assert error_codes(body) == ["FORBIDDEN"]
    queue = "query($o: ID!) { reviewQueue(issuerId: $o) { totalCount edges { node { id } } } }"
    assert error_codes(await gql(client, queue, {"o": world.organisation}, token=supervisor)) == [
        "FORBIDDEN"
    ]
    allowed = await gql(
        client,
        "mutation($o: ID!, $p: ID!) { allowClaimReview(organisationId: $o, personId: $p, "
        "allowed: true) { role reviewsClaims } }",
        {"o": world.organisation, "p": world.people["org_supervisor"]},
        token=token_for(world.people["org_admin"]),
    )
    assert allowed["data"]["allowClaimReview"] == {"role": "SUPERVISOR", "reviewsClaims": True}
    waiting = await gql(client, queue, {"o": world.organisation}, token=supervisor)
    assert waiting["data"]["reviewQueue"]["totalCount"] == 1
    assert waiting["data"]["reviewQueue"]["edges"][0]["node"]["id"] == world.review_claim
    body = await gql(client, APPROVE, {"c": world.review_claim}, token=supervisor)
    assert body["data"]["approveClaim"]["status"] == "ISSUED"


async def test_the_review_queue_pages_and_shows_only_claims_in_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    made = [await claim_in_review(client, world, token_for, "learner") for _ in range(3)]
    admin = token_for(world.people["org_admin"])
    page = """
    query($o: ID!, $after: String) { reviewQueue(issuerId: $o, first: 2, after: $after) {
      totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }
    """
    first = (await gql(client, page, {"o": world.organisation}, token=admin))["data"]["reviewQueue"]
    rest = (
        await gql(
            client,
            page,
            {"o": world.organisation, "after": first["pageInfo"]["endCursor"]},
            token=admin,
        )
    )["data"]["reviewQueue"]
    ids = [e["node"]["id"] for e in first["edges"] + rest["edges"]]
    # The world's own claim in review came first: it has waited longest.
    assert ids == [world.review_claim, *made]
    assert first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"] is True
    assert rest["pageInfo"]["hasNextPage"] is False
    # Reviewers see claims that reached them, never one still being endorsed.
    assert (await gql(client, CLAIM, {"id": made[0]}, token=admin))["data"]["claim"] is not None
    assert (await gql(client, CLAIM, {"id": world.open_claim}, token=admin))["data"][
        "claim"
    ] is None
    bad = await gql(client, page, {"o": world.organisation, "after": "nonsense"}, token=admin)
    assert error_codes(bad) == ["BAD_USER_INPUT"]


async def test_returned_claims_are_revised_and_resubmitted_with_the_conversation_kept(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner, admin = token_for(world.people["learner"]), token_for(world.people["org_admin"])
    claim = await claim_in_review(client, world, token_for, "learner")
    returned = await gql(
        client,
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "Show a photo of a lamp") { status } }',
        {"c": claim},
        token=admin,
    )
    assert returned["data"]["returnClaim"]["status"] == "RETURNED"
    revised = await gql(
        client,
        'mutation($c: ID!) { reviseClaim(claimId: $c, narrative: "I fixed four lamps", '
        'evidence: [{url: "https://photos.example/lamp", name: "lamp"}]) { revision } }',
        {"c": claim},
        token=learner,
    )
    assert revised["data"]["reviseClaim"]["revision"] == 2
    resubmitted = await gql(
        client,
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Photo added") { status } }',
        {"c": claim},
        token=learner,
    )
    # The endorsements still meet the policy: straight back to the reviewers.
    assert resubmitted["data"]["resubmitClaim"]["status"] == "IN_REVIEW"
    seen = (await gql(client, CLAIM, {"id": claim}, token=admin))["data"]["claim"]
    assert [r["narrative"] for r in seen["revisions"]] == ["I did", "I fixed four lamps"]
    assert len(seen["revisions"][1]["evidenceIds"]) == 1
    assert [(m["kind"], m["body"], m["revision"]) for m in seen["conversation"]] == [
        ("RETURNED", "Show a photo of a lamp", 1),
        ("RESUBMITTED", "Photo added", 2),
    ]
    assert all(e["onEarlierRevision"] and e["revision"] == 1 for e in seen["endorsements"])
    # The learner reads the same conversation; an endorser only what they wrote.
    mine = (await gql(client, CLAIM, {"id": claim}, token=learner))["data"]["claim"]
    assert mine["conversation"] == seen["conversation"]
    teacher = await gql(client, CLAIM, {"id": claim}, token=token_for(world.people["teacher"]))
    assert teacher["data"]["claim"]["conversation"] == []
    declined = await gql(
        client,
        'mutation($c: ID!) { declineClaim(claimId: $c, reason: "Not our workshop") { status } }',
        {"c": claim},
        token=admin,
    )
    assert declined["data"]["declineClaim"]["status"] == "DECLINED"
    kinds = await run(
        clean_graph,
        "MATCH (n:Notification)-[:TO]->(:Person {id: $p}) RETURN collect(n.kind) AS kinds",
        p=world.people["learner"],
    )
    assert {"CLAIM_RETURNED", "CLAIM_DECLINED"} <= set(kinds[0]["kinds"])
    empty = await gql(
        client,
        'mutation($c: ID!) { declineClaim(claimId: $c, reason: " ") { status } }',
        {"c": world.review_claim},
        token=admin,
    )
    assert error_codes(empty) == ["BAD_USER_INPUT"]


async def test_an_endorser_may_ask_for_more_evidence_and_hears_when_it_comes(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner, teacher = token_for(world.people["owner"]), token_for(world.people["teacher"])
    asked = await gql(
        client,
        'mutation($c: ID!) { requestMoreEvidence(claimId: $c, note: "Which café?") '
        "{ status conversation { kind body } } }",
        {"c": world.open_claim},
        token=teacher,
    )
    assert asked["data"]["requestMoreEvidence"] == {
        "status": "OPEN",
        "conversation": [{"kind": "EVIDENCE_REQUESTED", "body": "Which café?"}],
    }
    await gql(
        client,
        'mutation($c: ID!) { reviseClaim(claimId: $c, narrative: "The Vrijdagmarkt café") { id } }',
        {"c": world.open_claim},
        token=owner,
    )
    told = await run(
        clean_graph,
        "MATCH (n:Notification)-[:TO]->(p:Person) WHERE n.kind IN $kinds "
        "RETURN n.kind AS kind, p.id AS person ORDER BY kind",
        kinds=["EVIDENCE_REQUESTED", "CLAIM_REVISED"],
    )
    assert told == [
        {"kind": "CLAIM_REVISED", "person": world.people["teacher"]},
        {"kind": "EVIDENCE_REQUESTED", "person": world.people["owner"]},
    ]
    # A stranger to the claim cannot ask.
    body = await gql(
        client,
        'mutation($c: ID!) { requestMoreEvidence(claimId: $c, note: "?") { id } }',
        {"c": world.open_claim},
        token=token_for(world.people["learner"]),
    )
    assert error_codes(body) == ["FORBIDDEN"]


async def test_the_learner_exports_and_erases_the_whole_review(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    learner, admin = token_for(world.people["learner"]), token_for(world.people["org_admin"])
    claim = await claim_in_review(client, world, token_for, "learner")
    await gql(
        client,
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "Which lamps?") { id } }',
        {"c": claim},
        token=admin,
    )
    await gql(
        client,
        'mutation($c: ID!) { reviseClaim(claimId: $c, narrative: "Two desk lamps") { id } }',
        {"c": claim},
        token=learner,
    )
    exported = (await gql(client, "{ exportMyData }", token=learner))["data"]["exportMyData"]
    mine = next(c for c in exported["claims"] if c["id"] == claim)
    assert mine["status"] == "RETURNED"
    assert [r["narrative"] for r in mine["revisions"]] == ["I did", "Two desk lamps"]
    assert [(m["kind"], m["body"]) for m in mine["conversation"]] == [("RETURNED", "Which lamps?")]
    reviewer = (await gql(client, "{ exportMyData }", token=admin))["data"]["exportMyData"]
    assert reviewer["messagesWritten"] == [
        {
            "kind": "RETURNED",
            "body": "Which lamps?",
            "claimTitle": "Fixed the café's lamps",
            "createdAt": reviewer["messagesWritten"][0]["createdAt"],
        }
    ]
    # The reviewer leaves first: what they wrote stays on the learner's claim, naming no one.
    await run(
        clean_graph,
        "MATCH (o:Organisation {id: $o}) "
        "CREATE (:Person {id: randomUUID(), email: 'spare@world.example', name: 'Spare'})"
        "-[:MEMBER_OF {role: 'ADMIN'}]->(o)",
        o=world.organisation,
    )
    gone = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "org_admin@world.example") }', token=admin
    )
    assert gone["data"] == {"deleteMyAccount": True}
    seen = (await gql(client, CLAIM, {"id": claim}, token=learner))["data"]["claim"]
    assert [(m["authorName"], m["body"]) for m in seen["conversation"]] == [
        ("A former Kring member", "Which lamps?")
    ]
    erased = await gql(
        client, 'mutation { deleteMyAccount(confirmEmail: "learner@world.example") }', token=learner
    )
    assert erased["data"] == {"deleteMyAccount": True}
    left = await run(
        clean_graph,
        "MATCH (x) WHERE (x:ClaimRevision OR x:ClaimMessage) AND x.narrative = 'Two desk lamps' "
        "OR x.body = 'Which lamps?' RETURN count(x) AS n",
    )
    assert left == [{"n": 0}]


async def test_reviewers_hear_of_a_claim_when_it_arrives_and_when_it_comes_back(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    claim = await claim_in_review(client, world, token_for, "learner")

    async def told() -> int:
        found = await run(
            clean_graph,
            "MATCH (n:Notification {kind: 'CLAIM_AWAITING_REVIEW'})-[:TO]->(:Person {id: $p}) "
            "WHERE n.data CONTAINS $c RETURN count(n) AS n",
            p=world.people["org_admin"],
            c=claim,
        )
        return int(found[0]["n"])

    assert await told() == 1
    # An endorsement withdrawn and given again is not news for the reviewers.
    teacher = token_for(world.people["teacher"])
    mine = await run(
        clean_graph,
        "MATCH (:Person {id: $p})-[:ENDORSED]->(e:Endorsement)-[:OF]->(:Claim {id: $c}) "
        "RETURN e.id AS id",
        p=world.people["teacher"],
        c=claim,
    )
    await gql(client, WITHDRAW_ENDORSEMENT, {"id": mine[0]["id"]}, token=teacher)
    assert await status_of(clean_graph, claim) == "OPEN"
    await gql(client, ENDORSE, {"c": claim, "r": "TEACHER"}, token=teacher)
    assert (await status_of(clean_graph, claim), await told()) == ("IN_REVIEW", 1)
    # A returned claim that comes back revised is.
    await gql(
        client,
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "More") { id } }',
        {"c": claim},
        token=token_for(world.people["org_admin"]),
    )
    await gql(
        client,
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Here") { id } }',
        {"c": claim},
        token=token_for(world.people["learner"]),
    )
    assert await told() == 2


async def test_invitations_by_email_are_bounded_per_day(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    invite = "mutation($c: ID!, $e: String!) { requestEndorsement(claimId: $c, email: $e) { id } }"
    codes = [
        error_codes(
            await gql(client, invite, {"c": world.open_claim, "e": f"p{n}@x.example"}, token=owner)
        )
        for n in range(20)
    ]
    # The world's claim already invited one address today: 19 more, then no more.
    assert codes == [[]] * 19 + [["CONFLICT"]]
    by_name = await gql(
        client, INVITE, {"c": world.open_claim, "p": world.people["org_supervisor"]}, token=owner
    )
    assert "errors" not in by_name


async def test_a_withdrawn_participation_claim_can_be_made_again(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = token_for(world.people["owner"])
    claim = "mutation($a: ID!) { claimParticipation(applicationId: $a) { id status } }"
    first = await gql(client, claim, {"a": world.completed_application}, token=owner)
    made = first["data"]["claimParticipation"]["id"]
    twice = await gql(client, claim, {"a": world.completed_application}, token=owner)
    assert error_codes(twice) == ["CONFLICT"]
    await gql(
        client, "mutation($c: ID!) { withdrawClaim(claimId: $c) { id } }", {"c": made}, token=owner
    )
    again = await gql(client, claim, {"a": world.completed_application}, token=owner)
    assert again["data"]["claimParticipation"]["status"] == "OPEN"


async def test_the_review_queue_starts_from_the_issuer_and_never_scans(
    clean_graph: Graph,
) -> None:
    from graph.recognition.claim_review import QUEUE
    from tests.helpers import plan_operators, scans

    params = {
        "issuer": "x",
        "actor": "y",
        "status": "IN_REVIEW",
        "limit": 21,
        "afterAt": None,
        "afterId": None,
    }
    operators = await plan_operators(clean_graph, QUEUE, params)
    assert scans(operators) == [], operators
    assert any("UNIQUE org:Organisation(id)" in op for op in operators), operators

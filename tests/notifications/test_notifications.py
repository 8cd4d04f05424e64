"""The outbox: every event lands, in the same transaction, with the people who must act."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from graph.core.database import Graph
from tests.factories import make_world
from tests.helpers import INBOX, error_codes, gql, inbox, kinds, run


async def test_each_event_reaches_the_people_who_must_act(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    tok = {role: token_for(pid) for role, pid in world.people.items()}
    await gql(
        client,
        'mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "m") { id } }',
        {"o": world.upcoming_opportunity},
        token=tok["learner"],
    )
    assert "APPLICATION_RECEIVED" in kinds(await inbox(client, tok["org_admin"]))
    assert "APPLICATION_RECEIVED" in kinds(await inbox(client, tok["org_supervisor"]))
    assert "APPLICATION_RECEIVED" not in kinds(await inbox(client, tok["other_org_admin"]))

    await gql(
        client,
        "mutation($id: ID!) { acceptApplication(id: $id) { id } }",
        {"id": world.pending_application},
        token=tok["org_admin"],
    )
    accepted = await inbox(client, tok["owner"])
    assert "APPLICATION_ACCEPTED" in kinds(accepted)
    assert (
        next(i for i in accepted if i["kind"] == "APPLICATION_ACCEPTED")["data"]["opportunityTitle"]
        == "live_opportunity"
    )

    await gql(
        client,
        "mutation($id: ID!) { approveOrganisation(id: $id) { id } }",
        {"id": world.pending_organisation},
        token=tok["uni_moderator"],
    )
    await gql(
        client,
        "mutation($id: ID!) { publishOpportunity(id: $id) { id } }",
        {"id": world.submitted_opportunity},
        token=tok["uni_moderator"],
    )
    assert "OPPORTUNITY_PUBLISHED" in kinds(await inbox(client, tok["org_admin"]))

    await gql(
        client,
        "mutation($c: ID!) { endorseClaim(claimId: $c, relationship: TEACHER, "
        'testimonial: "Great") { status } }',
        {"c": world.open_claim},
        token=tok["teacher"],
    )
    owner_kinds = kinds(await inbox(client, tok["owner"]))
    assert "ENDORSEMENT_RECEIVED" in owner_kinds
    # Peer + teacher met the policy: the organisation's reviewers hear, the learner waits.
    assert "CLAIM_AWAITING_REVIEW" in kinds(await inbox(client, tok["org_admin"]))
    assert "CLAIM_AWAITING_REVIEW" not in kinds(await inbox(client, tok["org_supervisor"]))
    await gql(
        client,
        'mutation($c: ID!) { returnClaim(claimId: $c, note: "Add a photo") { status } }',
        {"c": world.open_claim},
        token=tok["org_admin"],
    )
    assert "CLAIM_RETURNED" in kinds(await inbox(client, tok["owner"]))
    await gql(
        client,
        'mutation($c: ID!) { resubmitClaim(claimId: $c, message: "Photo added") { status } }',
        {"c": world.open_claim},
        token=tok["owner"],
    )
    await gql(
        client,
        "mutation($c: ID!) { approveClaim(claimId: $c) { status } }",
        {"c": world.open_claim},
        token=tok["org_admin"],
    )
    # (the world's own notification has no data)
    assert any(i["kind"] == "BADGE_ISSUED" and i["data"] for i in await inbox(client, tok["owner"]))

    await gql(
        client,
        'mutation($id: ID!) { validateBadgeClass(id: $id, note: "ok") { id } }',
        {"id": world.badge_class},
        token=tok["curator"],
    )
    assert "BADGE_VALIDATED" in kinds(await inbox(client, tok["owner"]))
    await gql(
        client,
        'mutation($id: ID!) { revokeAssertion(id: $id, reason: "r") { status } }',
        {"id": world.assertion},
        token=tok["org_admin"],
    )
    assert "BADGE_REVOKED" in kinds(await inbox(client, tok["owner"]))
    # Notifications name ids and titles only: no e-mail addresses, no narratives.
    assert "@world.example" not in str(await inbox(client, tok["owner"]))


async def test_a_failed_mutation_notifies_nobody(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    apply = 'mutation($o: ID!) { applyToOpportunity(opportunityId: $o, motivation: "m") { id } }'
    owner = token_for(world.people["owner"])
    once = await gql(client, apply, {"o": world.upcoming_opportunity}, token=owner)
    assert "errors" not in once, once
    before = await run(clean_graph, "MATCH (n:Notification) RETURN count(n) AS n")
    twice = await gql(client, apply, {"o": world.upcoming_opportunity}, token=owner)
    assert error_codes(twice) == ["CONFLICT"]  # already applied: rolled back entirely
    assert "already applied" in twice["errors"][0]["message"]
    after = await run(clean_graph, "MATCH (n:Notification) RETURN count(n) AS n")
    assert after == before


async def test_paging_unread_and_marking_read_only_ones_own(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    owner = world.people["owner"]
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}) UNWIND range(1, 5) AS n "
        "CREATE (:Notification {id: randomUUID(), kind: 'BADGE_ISSUED', data: '{}', "
        "createdAt: datetime() - duration({minutes: n})})-[:TO]->(p)",
        p=owner,
    )
    token = token_for(owner)
    seen: list[str] = []
    after = None
    while True:
        body = await gql(client, INBOX, {"first": 2, "after": after, "unread": False}, token=token)
        page = body["data"]["notifications"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 6
    mark = "mutation($id: ID!) { markNotificationRead(id: $id) }"
    other = await gql(client, mark, {"id": seen[0]}, token=token_for(world.people["learner"]))
    assert error_codes(other) == ["NOT_FOUND"]
    assert (await gql(client, mark, {"id": seen[0]}, token=token))["data"] == {
        "markNotificationRead": True
    }
    assert len(await inbox(client, token, unread=True)) == 5
    marked = await gql(client, "mutation { markAllNotificationsRead }", token=token)
    assert marked["data"]["markAllNotificationsRead"] == 5
    assert await inbox(client, token, unread=True) == []
    assert error_codes(await gql(client, INBOX, {"first": 5, "unread": False})) == [
        "UNAUTHENTICATED"
    ]

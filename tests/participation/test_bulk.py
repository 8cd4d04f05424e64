"""Completing many applications at once: chunk by chunk, all or nothing per chunk, once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from auth.permissions import Permission, require
from graph.core.database import Graph
from graph.notifications import outbox
from graph.participation import bulk, participation
from tests.factories import make_world
from tests.helpers import error_codes, gql, plan_operators, run, scans

BULK = """
mutation($ids: [ID!]!, $outcome: ParticipationOutcome!, $r: ID!) {
  completeApplications(ids: $ids, outcome: $outcome, requestId: $r) {
    requestId completed failed items { applicationId ok code message }
  }
}
"""
SINGLE = "mutation($id: ID!) { completeApplication(id: $id) { status } }"

# Learners with an application each on the opportunity, in the order given.
APPLICANTS = """
MATCH (o:Opportunity {id: $opportunity})
UNWIND range(0, size($statuses) - 1) AS k
CREATE (p:Person {id: randomUUID(), name: 'Bulk learner ' + k,
                  email: 'bulk-' + $tag + '-' + k + '@world.example'})
CREATE (p)-[:APPLIED]->(a:Application {id: randomUUID(), status: $statuses[k],
        motivation: 'keen', createdAt: datetime()})-[:FOR]->(o)
SET o.capacity = coalesce(o.capacity, 0) + 1, o.placesTaken = coalesce(o.placesTaken, 0) + 1
RETURN a.id AS id, p.id AS learner ORDER BY k
"""
# What a set of applications left behind: states, notifications with their deliveries, audit.
TRACES = """
UNWIND range(0, size($ids) - 1) AS k
WITH k, $ids[k] AS id
MATCH (learner:Person)-[:APPLIED]->(a:Application {id: id})
RETURN k, a.status AS status,
       COLLECT { MATCH (n:Notification)-[:TO]->(learner) RETURN n.kind + ' ' + n.data } AS told,
       COUNT { (:Delivery)-[:OF]->(:Notification)-[:TO]->(learner) } AS deliveries,
       COLLECT { MATCH (e:AuditEvent {targetId: id}) RETURN e.action + ' ' + e.actorId } AS audit
ORDER BY k
"""
COUNTS = """
RETURN COUNT { (:Notification) } AS notifications, COUNT { (:Delivery) } AS deliveries,
       COUNT { (:AuditEvent) } AS audit, COUNT { (:Assertion) } AS assertions,
       COUNT { (:BulkChunk) } AS chunks
"""


async def applicants(
    graph: Graph, opportunity: str, statuses: list[str], tag: str = ""
) -> list[dict[str, str]]:
    tag = tag or uuid.uuid4().hex[:8]
    return await run(graph, APPLICANTS, opportunity=opportunity, statuses=statuses, tag=tag)


async def traces(graph: Graph, ids: list[str]) -> list[dict[str, Any]]:
    return await run(graph, TRACES, ids=ids)


async def counts(graph: Graph) -> dict[str, int]:
    return (await run(graph, COUNTS))[0]


def request(ids: list[str], outcome: str = "COMPLETED", r: str | None = None) -> dict[str, Any]:
    return {"ids": ids, "outcome": outcome, "r": r or str(uuid.uuid4())}


async def test_twenty_five_completed_as_the_single_mutation_would(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    supervisor = world.people["org_supervisor"]
    token = token_for(supervisor)
    made = await applicants(clean_graph, world.live_opportunity, ["ACCEPTED"] * 26)
    ids = [m["id"] for m in made[:25]]
    # One learner has a device: a completion is pushed to it as well.
    await run(
        clean_graph,
        "MATCH (p:Person {id: $id}) CREATE (:PushSubscription {id: randomUUID(), "
        "endpoint: 'https://fcm.googleapis.com/x', p256dh: 'k', auth: 'a', "
        "createdAt: datetime(), updatedAt: datetime()})-[:OF]->(p)",
        id=made[0]["learner"],
    )
    places = "MATCH (o:Opportunity {id: $id}) RETURN o.placesTaken AS taken"
    before = (await run(clean_graph, places, id=world.live_opportunity))[0]["taken"]

    body = await gql(client, BULK, request(ids), token=token)
    report = body["data"]["completeApplications"]
    assert (report["completed"], report["failed"]) == (25, 0)
    assert [i["applicationId"] for i in report["items"]] == ids
    assert all(i["ok"] and i["code"] is None for i in report["items"])

    # The 26th, by the single mutation: the same traces, item for item.
    single = await gql(client, SINGLE, {"id": made[25]["id"]}, token=token)
    assert single["data"]["completeApplication"]["status"] == "COMPLETED"
    found = await traces(clean_graph, [m["id"] for m in made])
    for item, trace in zip(made, found, strict=True):
        assert trace["status"] == "COMPLETED"
        assert trace["audit"] == [f"complete {supervisor}"]
        (told,) = trace["told"]
        assert told.startswith(f"{outbox.Kind.APPLICATION_COMPLETED} ")
        assert f'"applicationId": "{item["id"]}"' in told
        assert '"opportunityTitle": "live_opportunity"' in told
    assert found[0]["deliveries"] == 1  # the device; this kind is not e-mailed by default
    assert {t["deliveries"] for t in found[1:]} == {0}
    # Completed participations keep their places.
    assert (await run(clean_graph, places, id=world.live_opportunity))[0]["taken"] == before

    # Issuance follows as after a single completion: a class that consented in advance and
    # needs no endorsement issues the learner's claim at once.
    await run(
        clean_graph,
        "MATCH (b:BadgeClass {id: $id}) SET b.policyMinimum = 0",
        id=world.badge_class,
    )
    claimed = await gql(
        client,
        "mutation($a: ID!) { claimParticipation(applicationId: $a) { status assertionId } }",
        {"a": ids[3]},
        token=token_for(made[3]["learner"]),
    )
    assert claimed["data"]["claimParticipation"]["status"] == "ISSUED"
    consent = await run(
        clean_graph,
        "MATCH (a:Assertion {id: $id}) RETURN a.consent AS consent",
        id=claimed["data"]["claimParticipation"]["assertionId"],
    )
    assert consent == [{"consent": "OWN_PARTICIPATION"}]


async def test_a_failing_item_holds_back_its_chunk_only(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    admin = token_for(world.people["org_admin"])
    size = bulk.CHUNK_SIZE
    statuses = ["ACCEPTED"] * (2 * size + 10)
    statuses[7] = "PENDING"  # never accepted: cannot be completed
    made = await applicants(clean_graph, world.live_opportunity, statuses)
    ids = [m["id"] for m in made]
    # The third chunk also names another organisation's application and one that is not.
    elsewhere = await run(
        clean_graph,
        "MATCH (org:Organisation {id: $org}) "
        "CREATE (o:Opportunity {id: randomUUID(), title: 'Elsewhere', status: 'PUBLISHED', "
        "startsAt: datetime() - duration('PT1H'), endsAt: datetime() + duration('P1D'), "
        "capacity: 5, placesTaken: 0})-[:OFFERED_BY]->(org) RETURN o.id AS id",
        org=world.other_organisation,
    )
    foreign = (await applicants(clean_graph, elsewhere[0]["id"], ["ACCEPTED"]))[0]["id"]
    missing = str(uuid.uuid4())
    ids[2 * size + 3], ids[2 * size + 5] = foreign, missing
    before = await counts(clean_graph)

    body = await gql(client, BULK, request(ids), token=admin)
    report = body["data"]["completeApplications"]
    items = report["items"]
    assert (report["completed"], report["failed"]) == (size, size + 10)

    first, second, third = items[:size], items[size : 2 * size], items[2 * size :]
    assert first[7]["code"] == "CONFLICT"
    assert "PENDING" in first[7]["message"]
    assert third[3]["code"] == "FORBIDDEN"
    assert third[5]["code"] == "NOT_FOUND"
    for chunk, culprits in ((first, {7}), (third, {3, 5})):
        for n, item in enumerate(chunk):
            assert not item["ok"]
            if n not in culprits:
                assert item["code"] == bulk.CHUNK_FAILED
                assert chunk[min(culprits)]["applicationId"] in item["message"]
    assert all(i["ok"] for i in second)

    # The failing chunks changed nothing: no state, notification or audit event.
    held = await traces(clean_graph, ids[:size] + ids[2 * size :])  # the missing one: no row
    assert [t["status"] for t in held[:size]] == statuses[:size]
    assert {t["status"] for t in held[size:]} == {"ACCEPTED"}
    assert all(t["told"] == [] and t["audit"] == [] for t in held)
    done = await traces(clean_graph, ids[size : 2 * size])
    assert {t["status"] for t in done} == {"COMPLETED"}
    after = await counts(clean_graph)
    assert after["notifications"] - before["notifications"] == size
    assert after["audit"] - before["audit"] == size


async def test_the_same_request_twice_changes_and_issues_nothing_twice(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    supervisor = token_for(world.people["org_supervisor"])
    statuses = ["ACCEPTED"] * 30
    statuses[-1] = "PENDING"  # so the stored report has a failure to repeat
    made = await applicants(clean_graph, world.live_opportunity, statuses)
    ids = [m["id"] for m in made]
    sent = request(ids)

    # A double click: both at once, one of them waits for the other's chunks.
    first, again = await asyncio.gather(
        gql(client, BULK, sent, token=supervisor), gql(client, BULK, sent, token=supervisor)
    )
    assert first["data"] == again["data"]
    report = first["data"]["completeApplications"]
    assert (report["completed"], report["failed"]) == (0, 30)  # one chunk: all held back

    # Fix the pending one; the old request still answers what it did, and does nothing.
    await run(clean_graph, "MATCH (a:Application {id: $id}) SET a.status = 'ACCEPTED'", id=ids[-1])
    replay = await gql(client, BULK, sent, token=supervisor)
    assert replay["data"] == first["data"]

    # A new request does the work; its retry issues nothing twice.
    await run(
        clean_graph, "MATCH (b:BadgeClass {id: $id}) SET b.policyMinimum = 0", id=world.badge_class
    )
    fresh = request(ids)
    done = await gql(client, BULK, fresh, token=supervisor)
    assert done["data"]["completeApplications"]["completed"] == 30
    for m in made[:5]:  # some learners claim: issued at once under the class's consent
        claim = await gql(
            client,
            "mutation($a: ID!) { claimParticipation(applicationId: $a) { status } }",
            {"a": m["id"]},
            token=token_for(m["learner"]),
        )
        assert claim["data"]["claimParticipation"]["status"] == "ISSUED"
    before = await counts(clean_graph)
    retried = await gql(client, BULK, fresh, token=supervisor)
    assert retried["data"] == done["data"]
    assert await counts(clean_graph) == before
    assert before["assertions"] == 1 + 5  # the world's own badge, and the five claimed
    assert {len(t["told"]) for t in await traces(clean_graph, ids)} == {1, 2}  # + BADGE_ISSUED


async def test_chunks_committed_before_a_crash_are_not_redone(clean_graph: Graph) -> None:
    world = await make_world(clean_graph)
    supervisor = world.people["org_supervisor"]
    guard = require(Permission.APPLICATION_DECIDE)
    made = await applicants(clean_graph, world.live_opportunity, ["ACCEPTED"] * 6)
    ids = [m["id"] for m in made]
    request_id = str(uuid.uuid4())
    outcome = bulk.ParticipationOutcome.NO_SHOW
    # The first attempt got as far as its first chunk of two, then died.
    await bulk._begin(clean_graph, supervisor, guard, request_id, ids, outcome, 2)
    await bulk._run_chunk(clean_graph, supervisor, guard, request_id, 0, ids[:2], "mark_no_show")
    # The retry finishes the request and leaves the first chunk as it was.
    report = await bulk.complete_applications(
        clean_graph, supervisor, guard, request_id, ids, outcome, chunk_size=50
    )
    assert report.completed == 6
    found = await traces(clean_graph, ids)
    assert {t["status"] for t in found} == {"NO_SHOW"}
    assert all(t["audit"] == [f"mark_no_show {supervisor}"] for t in found)
    assert all(t["told"] == [] for t in found)  # no-show tells nobody, as markNoShow
    chunks = await run(
        clean_graph,
        "MATCH (:BulkRequest {id: $id})<-[:PART_OF]-(c:BulkChunk) RETURN c.index AS i ORDER BY i",
        id=request_id,
    )
    assert [c["i"] for c in chunks] == [0, 1, 2]  # the size it was first made with


async def test_a_request_id_is_its_senders_and_for_one_request(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    made = await applicants(clean_graph, world.live_opportunity, ["ACCEPTED"] * 3)
    ids = [m["id"] for m in made]
    sent = request(ids[:2])
    await gql(client, BULK, sent, token=token_for(world.people["org_supervisor"]))
    before = await counts(clean_graph)

    # The organisation's admin, reusing the supervisor's requestId for the third one.
    taken = await gql(
        client, BULK, {**sent, "ids": [ids[2]]}, token=token_for(world.people["org_admin"])
    )
    assert error_codes(taken) == ["CONFLICT"]
    assert taken["errors"][0]["extensions"]["field"] == "requestId"
    assert "another request" in taken["errors"][0]["message"]
    # The supervisor, asking for something else under the same id.
    other = await gql(
        client,
        BULK,
        {**sent, "outcome": "NO_SHOW"},
        token=token_for(world.people["org_supervisor"]),
    )
    assert error_codes(other) == ["CONFLICT"]
    assert await counts(clean_graph) == before
    assert [t["status"] for t in await traces(clean_graph, ids)][2] == "ACCEPTED"


async def test_bounded_input(
    client: httpx.AsyncClient, clean_graph: Graph, token_for: Callable[[str], str]
) -> None:
    world = await make_world(clean_graph)
    token = token_for(world.people["org_admin"])
    too_many = await gql(
        client, BULK, request([str(uuid.uuid4()) for _ in range(1_001)]), token=token
    )
    assert error_codes(too_many) == ["BAD_USER_INPUT"]
    assert "at most 1,000" in too_many["errors"][0]["message"]
    assert too_many["errors"][0]["extensions"]["field"] == "ids"
    same = str(uuid.uuid4())
    twice = await gql(client, BULK, request([same, same]), token=token)
    assert error_codes(twice) == ["BAD_USER_INPUT"]
    none = await gql(client, BULK, request([]), token=token)
    assert error_codes(none) == ["BAD_USER_INPUT"]
    bad_request_id = await gql(client, BULK, request([same], r="again"), token=token)
    assert error_codes(bad_request_id) == ["BAD_USER_INPUT"]
    # Applications none of which exists: nothing to report on, nothing recorded.
    nothing = await gql(client, BULK, request([same]), token=token)
    assert error_codes(nothing) == ["NOT_FOUND"]
    assert (await counts(clean_graph))["chunks"] == 0


async def test_bulk_statements_use_indexes(clean_graph: Graph) -> None:
    checks: dict[str, tuple[dict[str, Any], str]] = {
        participation.DECIDE_FACTS: ({"ids": ["x"], "actor": "y"}, "UNIQUE a:Application(id)"),
        participation.DECIDE: ({"changes": [], "reason": None}, "UNIQUE a:Application(id)"),
        bulk.LOCK_CHUNK: ({"request": "x", "index": 0}, "UNIQUE r:BulkRequest(id)"),
        bulk.FIND_REQUEST: ({"request": "x"}, "UNIQUE r:BulkRequest(id)"),
        outbox.EACH + outbox.DELIVER: (
            {"items": [], "kind": "K", "emailByDefault": False},
            "UNIQUE p:Person(id)",
        ),
    }
    for statement, (params, seek) in checks.items():
        operators = await plan_operators(clean_graph, statement, params)
        assert scans(operators) == [], operators
        assert any(seek in op for op in operators), operators

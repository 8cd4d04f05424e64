"""Check-in codes: derived per minute, refused when expired, replayed, another event's or
forged; only accepted applicants, within the distance; confirming all attendees at once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from auth.permissions import Permission, require
from graph.core.database import Graph
from graph.core.errors import BadUserInput, Conflict
from graph.presence import check_in
from server.graphql.presence.secret import secret_of
from server.settings import Settings
from tests.factories import make_world
from tests.helpers import error_codes, gql, run

CODE = """
query($o: ID!) { checkInCode(opportunityId: $o) {
  code url qrSvg validUntil checkedIn accepted } }
"""
CHECK_IN = """
mutation($o: ID!, $c: String!, $lat: Float, $lon: Float) {
  checkIn(opportunityId: $o, code: $c, latitude: $lat, longitude: $lon) {
    applicationId attendedAt first } }
"""
CONFIRM = """
mutation($o: ID!, $r: ID!) { confirmAttendance(opportunityId: $o, requestId: $r) {
  completed failed items { applicationId ok code } } }
"""
SECRET = b"test-secret"


def test_codes_are_eight_digits_per_opportunity_and_minute() -> None:
    now = datetime(2030, 5, 1, 10, 0, 30, tzinfo=UTC)
    window = check_in.window_of(now)
    code = check_in.code_for(SECRET, "a", window)
    assert len(code) == 8
    assert code.isdigit()
    assert code == check_in.code_for(SECRET, "a", window)  # every replica derives the same
    assert code != check_in.code_for(SECRET, "b", window)  # another event's
    assert code != check_in.code_for(b"other", "a", window)  # another secret's: forged
    assert check_in.code_is_valid(SECRET, "a", code, now)
    # The previous minute's code still works (read off the screen as it turned) ...
    assert check_in.code_is_valid(SECRET, "a", code, now + timedelta(seconds=60))
    # ... the one before it (a photo from earlier) does not.
    assert not check_in.code_is_valid(SECRET, "a", code, now + timedelta(seconds=120))
    assert not check_in.code_is_valid(SECRET, "a", code, now + timedelta(days=1))
    assert not check_in.code_is_valid(SECRET, "b", code, now)


async def test_a_learner_checks_in_with_the_code_shown_and_the_organisation_confirms_all(
    client: httpx.AsyncClient,
    clean_graph: Graph,
    token_for: Callable[[str], str],
    settings: Settings,
) -> None:
    world = await make_world(clean_graph)
    staff = token_for(world.people["org_supervisor"])
    shown = await gql(client, CODE, {"o": world.live_opportunity}, token=staff)
    screen = shown["data"]["checkInCode"]
    assert (screen["checkedIn"], screen["accepted"]) == (0, 1)
    assert screen["url"].endswith(f"/check-in/{world.live_opportunity}?code={screen['code']}")
    assert screen["qrSvg"].startswith("<svg")
    learner = token_for(world.people["accepted_learner"])

    # At the venue (the opportunity is at 51.05, 3.72).
    body = await gql(
        client,
        CHECK_IN,
        {"o": world.live_opportunity, "c": screen["code"], "lat": 51.0505, "lon": 3.7205},
        token=learner,
    )
    done = body["data"]["checkIn"]
    assert done["applicationId"] == world.accepted_application
    assert done["first"] is True
    # Again: harmless, the same check-in, one notification.
    again = await gql(
        client, CHECK_IN, {"o": world.live_opportunity, "c": screen["code"]}, token=learner
    )
    assert again["data"]["checkIn"]["first"] is False
    assert again["data"]["checkIn"]["attendedAt"] == done["attendedAt"]
    told = await run(
        clean_graph,
        "MATCH (n:Notification {kind: 'CHECK_IN_CONFIRMED'})-[:TO]->(p:Person {id: $p}) "
        "RETURN n.data AS data",
        p=world.people["accepted_learner"],
    )
    assert len(told) == 1
    assert world.live_opportunity in told[0]["data"]
    shown = await gql(client, CODE, {"o": world.live_opportunity}, token=staff)
    assert shown["data"]["checkInCode"]["checkedIn"] == 1

    # The pending applicant cannot check in, nor can the learner see the code.
    owner = token_for(world.people["owner"])
    refused = await gql(
        client, CHECK_IN, {"o": world.live_opportunity, "c": screen["code"]}, token=owner
    )
    assert error_codes(refused) == ["FORBIDDEN"]
    assert error_codes(await gql(client, CODE, {"o": world.live_opportunity}, token=learner)) == [
        "FORBIDDEN"
    ]

    request = str(uuid.uuid4())
    report = await gql(client, CONFIRM, {"o": world.live_opportunity, "r": request}, token=staff)
    confirmed = report["data"]["confirmAttendance"]
    assert (confirmed["completed"], confirmed["failed"]) == (1, 0)
    assert confirmed["items"][0]["applicationId"] == world.accepted_application
    status = await run(
        clean_graph,
        "MATCH (a:Application {id: $id}) RETURN a.status AS status",
        id=world.accepted_application,
    )
    assert status == [{"status": "COMPLETED"}]
    # The same request again: the same report, nothing marked twice.
    retried = await gql(client, CONFIRM, {"o": world.live_opportunity, "r": request}, token=staff)
    assert retried["data"]["confirmAttendance"] == confirmed
    # A learner cannot confirm.
    assert error_codes(
        await gql(
            client, CONFIRM, {"o": world.live_opportunity, "r": str(uuid.uuid4())}, token=learner
        )
    ) == ["FORBIDDEN"]
    secret_of(settings)  # the key directory holds the secret the server used


async def test_expired_replayed_other_event_and_forged_codes_are_refused(
    clean_graph: Graph,
) -> None:
    world = await make_world(clean_graph)
    learner = world.people["accepted_learner"]
    guard = require(Permission.CHECK_IN_ATTEND)
    now = datetime.now(UTC)
    window = check_in.window_of(now)
    opportunity = world.live_opportunity

    async def attempt(code: str, at: datetime = now) -> None:
        await check_in.check_in(clean_graph, learner, guard, opportunity, code, None, SECRET, at)

    for code in (
        check_in.code_for(SECRET, opportunity, window - 2),  # expired
        check_in.code_for(SECRET, opportunity, window - 24 * 60),  # yesterday's photo
        check_in.code_for(SECRET, world.upcoming_opportunity, window),  # another event's
        check_in.code_for(b"forged", opportunity, window),  # forged
        "12345678",
    ):
        with pytest.raises(BadUserInput) as refused:
            await attempt(code)
        assert refused.value.field == "code"
    attended = await run(
        clean_graph,
        "MATCH (a:Application {id: $id}) RETURN a.attendedAt IS NULL AS none",
        id=world.accepted_application,
    )
    assert attended == [{"none": True}]
    # The refused attempts were counted (committed), so guessing is throttled.
    counted = await run(clean_graph, "MATCH (t:Throttle) RETURN t.count AS count")
    assert counted == [{"count": 5}]
    # The previous window's code is still good.
    await attempt(check_in.code_for(SECRET, opportunity, window - 1))


async def test_guessing_is_throttled_per_person(clean_graph: Graph) -> None:
    world = await make_world(clean_graph)
    learner = world.people["accepted_learner"]
    guard = require(Permission.CHECK_IN_ATTEND)
    messages = []
    for guess in range(12):
        try:
            await check_in.check_in(
                clean_graph, learner, guard, world.live_opportunity, f"{guess:08d}", None, SECRET
            )
        except (BadUserInput, Conflict) as exc:
            messages.append(type(exc).__name__)
    assert messages[:10] == ["BadUserInput"] * 10
    assert messages[-1] == "Conflict"  # waiting now, even with the right code
    right = check_in.code_for(SECRET, world.live_opportunity, check_in.window_of(datetime.now(UTC)))
    with pytest.raises(Conflict, match="Too many"):
        await check_in.check_in(
            clean_graph, learner, guard, world.live_opportunity, right, None, SECRET
        )


async def test_too_far_from_the_venue_or_outside_its_hours_is_refused(clean_graph: Graph) -> None:
    world = await make_world(clean_graph)
    learner = world.people["accepted_learner"]
    guard = require(Permission.CHECK_IN_ATTEND)
    now = datetime.now(UTC)
    code = check_in.code_for(SECRET, world.live_opportunity, check_in.window_of(now))
    with pytest.raises(Conflict, match="300 m"):  # about 1.1 km north of the place
        await check_in.check_in(
            clean_graph, learner, guard, world.live_opportunity, code, (51.06, 3.72), SECRET
        )
    # Within 300 m (about 110 m) it works; without a location too (the rule is only for
    # those who share it).
    done = await check_in.check_in(
        clean_graph, learner, guard, world.live_opportunity, code, (51.051, 3.72), SECRET
    )
    assert done.first
    # Outside the check-in hours: the upcoming opportunity starts in three days.
    await run(
        clean_graph,
        "MATCH (p:Person {id: $p}), (o:Opportunity {id: $o}) "
        "CREATE (p)-[:APPLIED]->(:Application {id: randomUUID(), status: 'ACCEPTED', "
        "motivation: 'keen', createdAt: datetime()})-[:FOR]->(o)",
        p=learner,
        o=world.upcoming_opportunity,
    )
    early = check_in.code_for(SECRET, world.upcoming_opportunity, check_in.window_of(now))
    with pytest.raises(Conflict, match="an hour before"):
        await check_in.check_in(
            clean_graph, learner, guard, world.upcoming_opportunity, early, None, SECRET
        )


async def test_two_check_ins_at_once_tell_the_learner_once(clean_graph: Graph) -> None:
    world = await make_world(clean_graph)
    learner = world.people["accepted_learner"]
    guard = require(Permission.CHECK_IN_ATTEND)
    code = check_in.code_for(SECRET, world.live_opportunity, check_in.window_of(datetime.now(UTC)))
    results = await asyncio.gather(
        *(
            check_in.check_in(
                clean_graph, learner, guard, world.live_opportunity, code, None, SECRET
            )
            for _ in range(3)
        )
    )
    assert sorted(r.first for r in results) == [False, False, True]
    told = await run(
        clean_graph, "MATCH (n:Notification {kind: 'CHECK_IN_CONFIRMED'}) RETURN count(n) AS n"
    )
    assert told == [{"n": 1}]

"""Proof of presence: a check-in code that rotates every minute, and learners checking in.

The code is derived like TOTP: an HMAC-SHA256 of the opportunity's id and the minute (the
window) under a server secret kept in the key directory, truncated to 8 digits. Nothing is
stored per code: every replica derives the same code, and a code is accepted for the current
window and the one before it only (a code read off the screen just before it turned still
works; yesterday's photo never does). Another opportunity's code is another HMAC.

Check-in is open from `OPENS_BEFORE` before the opportunity starts until `CLOSES_AFTER` after
it ends. When the opportunity has a place and the learner shares their location, they must be
within `MAX_DISTANCE_M` of it. Attempts are throttled per person, so 8 digits cannot be
guessed in time; a refused attempt is counted and committed, never rolled back.
"""

from __future__ import annotations

import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core import audit, throttles
from graph.core.access import STANDING, STANDING_FIELDS, Guard, Standing, standing_from
from graph.core.cypher import one, single
from graph.core.database import Graph
from graph.core.errors import BadUserInput, Conflict, Forbidden, KringError, NotFound
from graph.core.transactions import reads, writes
from graph.core.vocabulary import ApplicationStatus, OpportunityStatus
from graph.notifications import outbox
from graph.participation import bulk

WINDOW_SECONDS = 60
DIGITS = 8
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(hours=1)
# A venue's grounds plus the browser's usual location error indoors.
MAX_DISTANCE_M = 300
# Ten tries in a row, then a wait that doubles from 2 s up to 5 minutes: a typo costs
# nothing, and guessing one of 10^8 codes (two valid at a time) takes years.
CHECK_IN = throttles.Rule("check-in", free=10, base_seconds=2, cap_seconds=300, forget_seconds=3600)


def window_of(at: datetime) -> int:
    return int(at.timestamp()) // WINDOW_SECONDS


def code_for(secret: bytes, opportunity_id: str, window: int) -> str:
    """The opportunity's code in this window (RFC 4226's dynamic truncation, 8 digits)."""
    digest = hmac.new(
        secret, f"check-in\x1f{opportunity_id}\x1f{window}".encode(), hashlib.sha256
    ).digest()
    offset = digest[-1] & 0x0F
    (number,) = struct.unpack(">I", digest[offset : offset + 4])
    return str((number & 0x7FFFFFFF) % 10**DIGITS).zfill(DIGITS)


def code_is_valid(secret: bytes, opportunity_id: str, code: str, now: datetime) -> bool:
    """The code of the current window or the one before it."""
    window = window_of(now)
    return any(
        hmac.compare_digest(code, code_for(secret, opportunity_id, w)) for w in (window, window - 1)
    )


def _open_at(starts: datetime, ends: datetime, now: datetime) -> bool:
    return starts - OPENS_BEFORE <= now <= ends + CLOSES_AFTER


@dataclass(frozen=True)
class CheckInCode:
    opportunity_id: str
    title: str
    code: str
    valid_until: datetime  # the end of this window; the screen refreshes then
    checked_in: int  # accepted (or completed) applications that checked in
    accepted: int  # accepted (or completed) applications


SCREEN_FACTS = (
    """
MATCH (o:Opportunity {id: $opportunity})-[:OFFERED_BY]->(org:Organisation)
WITH o, org, null AS uni
"""
    + STANDING
    + """
CALL (o) {
  OPTIONAL MATCH (:Person)-[:APPLIED]->(a:Application)-[:FOR]->(o)
  WHERE a.status IN $present
  RETURN count(a) AS accepted, count(a.attendedAt) AS checkedIn
}
RETURN o.title AS title, o.status AS status, o.startsAt AS startsAt, o.endsAt AS endsAt,
       accepted, checkedIn, """
    + STANDING_FIELDS
)
PRESENT = [ApplicationStatus.ACCEPTED.value, ApplicationStatus.COMPLETED.value]


@reads
async def check_in_code(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    secret: bytes,
    now: datetime | None = None,
) -> CheckInCode:
    """The code to show now, for the opportunity's staff, while check-in is open."""
    facts = await single(
        tx, SCREEN_FACTS, opportunity=opportunity_id, actor=actor_id, present=PRESENT
    )
    if facts is None:
        raise NotFound("No such opportunity.", field="opportunityId")
    guard(standing_from(facts, actor_id))
    now = now or datetime.now(UTC)
    _check_open(facts, now)
    window = window_of(now)
    return CheckInCode(
        opportunity_id=opportunity_id,
        title=facts["title"],
        code=code_for(secret, opportunity_id, window),
        valid_until=datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, UTC),
        checked_in=int(facts["checkedIn"]),
        accepted=int(facts["accepted"]),
    )


def _check_open(facts: Any, now: datetime) -> None:
    if facts["status"] != OpportunityStatus.PUBLISHED.value:
        raise Conflict("Check-in is only for a published opportunity.")
    if not _open_at(facts["startsAt"].to_native(), facts["endsAt"].to_native(), now):
        raise Conflict(
            "Check-in opens an hour before the opportunity starts and closes an hour after it ends."
        )


@dataclass(frozen=True)
class CheckIn:
    application_id: str
    opportunity_id: str
    opportunity_title: str
    attended_at: datetime
    first: bool  # False: the learner had checked in before (nothing changed)


ATTEND_FACTS = """
MATCH (o:Opportunity {id: $opportunity})
OPTIONAL MATCH (learner:Person {id: $actor})-[:APPLIED]->(a:Application)-[:FOR]->(o)
WHERE a.status IN $present
RETURN o.title AS title, o.status AS status, o.startsAt AS startsAt, o.endsAt AS endsAt,
       a.id AS applicationId,
       CASE WHEN o.location IS NULL OR $latitude IS NULL THEN null
            ELSE point.distance(o.location,
                                point({latitude: $latitude, longitude: $longitude})) END
         AS distance
"""
# The application's lock first, so two check-ins at once tell the learner once.
ATTEND = """
MATCH (a:Application {id: $application})
SET a.version = coalesce(a.version, 0) + 1
WITH a, a.attendedAt IS NULL AS first
SET a.attendedAt = coalesce(a.attendedAt, datetime())
RETURN a.attendedAt AS attendedAt, first
"""


@dataclass(frozen=True)
class _Attempt:
    done: CheckIn | None = None
    refused: KringError | None = None


@writes
async def _attend(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    code: str,
    place: tuple[float, float] | None,
    secret: bytes,
    now: datetime,
) -> _Attempt:
    facts = await single(
        tx,
        ATTEND_FACTS,
        opportunity=opportunity_id,
        actor=actor_id,
        present=PRESENT,
        latitude=place[0] if place else None,
        longitude=place[1] if place else None,
    )
    if facts is None:
        raise NotFound("No such opportunity.", field="opportunityId")
    key = CHECK_IN.key(actor_id)
    tried = await throttles.attempt(tx, [key])
    if tried.wait_seconds:
        return _Attempt(
            refused=Conflict(
                f"Too many check-in attempts: try again in {tried.wait_seconds} seconds."
            )
        )
    if not code_is_valid(secret, opportunity_id, code, now):
        return _Attempt(
            refused=BadUserInput(
                "This is not the code shown now for this opportunity: type the code on the "
                "screen, or scan it again.",
                field="code",
            )
        )
    if facts["applicationId"] is None:
        return _Attempt(
            refused=Forbidden("Only learners whose application was accepted can check in.")
        )
    try:
        _check_open(facts, now)
    except Conflict as exc:
        return _Attempt(refused=exc)
    if facts["distance"] is not None and facts["distance"] > MAX_DISTANCE_M:
        return _Attempt(
            refused=Conflict(
                f"You seem to be {round(facts['distance'] / 1000, 1)} km from the venue: check "
                f"in within {MAX_DISTANCE_M} m of it.",
                field="latitude",
            )
        )
    await throttles.clear(tx, [key])
    record = await one(tx, ATTEND, application=facts["applicationId"])
    if record["first"]:
        await audit.record(
            tx, actor_id, "check_in", audit.TargetKind.APPLICATION, facts["applicationId"]
        )
        await outbox.record(
            tx,
            outbox.Kind.CHECK_IN_CONFIRMED,
            outbox.Audience.PEOPLE,
            [actor_id],
            {"opportunityId": opportunity_id, "opportunityTitle": facts["title"]},
        )
    return _Attempt(
        done=CheckIn(
            application_id=facts["applicationId"],
            opportunity_id=opportunity_id,
            opportunity_title=facts["title"],
            attended_at=record["attendedAt"].to_native(),
            first=bool(record["first"]),
        )
    )


async def check_in(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    opportunity_id: str,
    code: str,
    place: tuple[float, float] | None,
    secret: bytes,
    now: datetime | None = None,
) -> CheckIn:
    """Mark the learner's accepted application attended, given the code shown now.

    Checking in again changes nothing and answers as the first time did. A refused attempt
    is counted (committed) before its error is raised.
    """
    # check_in:attend asks only for a signed-in person; the accepted application is the
    # graph's to check.
    guard(Standing(actor_id=actor_id))
    attempt = await _attend(
        graph, actor_id, guard, opportunity_id, code, place, secret, now or datetime.now(UTC)
    )
    if attempt.refused is not None:
        raise attempt.refused
    assert attempt.done is not None
    return attempt.done


ATTENDED = (
    """
MATCH (o:Opportunity {id: $opportunity})-[:OFFERED_BY]->(org:Organisation)
WITH o, org, null AS uni
"""
    + STANDING
    + """
CALL (o) {
  OPTIONAL MATCH (:Person)-[:APPLIED]->(a:Application {status: $accepted})-[:FOR]->(o)
  WHERE a.attendedAt IS NOT NULL
  WITH a ORDER BY a.attendedAt, a.id
  RETURN collect(a.id) AS ids
}
RETURN ids, """
    + STANDING_FIELDS
)
# The first answer for a requestId fixes its applications: a retry asks for exactly these.
RECORD_REQUEST = """
MERGE (r:AttendanceRequest {id: $request})
  ON CREATE SET r.personId = $actor, r.opportunityId = $opportunity, r.ids = $ids,
                r.createdAt = datetime()
RETURN r.personId AS personId, r.opportunityId AS opportunityId, r.ids AS ids
"""


@writes
async def _attendees(
    tx: AsyncManagedTransaction, actor_id: str, guard: Guard, opportunity_id: str, request_id: str
) -> list[str]:
    facts = await single(
        tx,
        ATTENDED,
        opportunity=opportunity_id,
        actor=actor_id,
        accepted=ApplicationStatus.ACCEPTED.value,
    )
    if facts is None:
        raise NotFound("No such opportunity.", field="opportunityId")
    guard(standing_from(facts, actor_id))
    if not facts["ids"]:
        found = await single(
            tx, "MATCH (r:AttendanceRequest {id: $request}) RETURN r.ids AS ids", request=request_id
        )
        if found is None:
            return []
    record = await one(
        tx,
        RECORD_REQUEST,
        request=request_id,
        actor=actor_id,
        opportunity=opportunity_id,
        ids=list(facts["ids"]),
    )
    if record["personId"] != actor_id or record["opportunityId"] != opportunity_id:
        raise Conflict("This requestId belongs to another request; send a new one.")
    return list(record["ids"])


async def confirm_attendance(
    graph: Graph, actor_id: str, guard: Guard, opportunity_id: str, request_id: str
) -> bulk.BulkReport:
    """Mark every accepted learner who checked in completed, as `completeApplications` does;
    the same requestId again answers with the same report."""
    ids = await _attendees(graph, actor_id, guard, opportunity_id, request_id)
    if not ids:
        return bulk.BulkReport(request_id, ())
    return await bulk.complete_applications(
        graph, actor_id, guard, request_id, ids, bulk.ParticipationOutcome.COMPLETED
    )

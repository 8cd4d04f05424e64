"""Marking many applications completed (or no-show) in one action, exactly once.

A request is split into chunks of `CHUNK_SIZE`; each chunk is one write transaction that
changes all of its applications or none, with the very statements, checks, audit events and
notifications of a single decision (`graph.participation.participation`). A failing item
(not found, not the caller's to decide, in the wrong state, not started) leaves its chunk
unchanged and is reported with its reason; the other chunks go ahead.

The client names each request with an id of its own. The request is recorded under it with
the person and a fingerprint of what it asked, and each chunk's report is written in that
chunk's transaction: a retry, also after a crash halfway, redoes no committed chunk and
answers with the same report.
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from graph.core.access import Guard, standing_from
from graph.core.cypher import execute, one, rows, single
from graph.core.database import Graph
from graph.core.errors import Conflict, Forbidden, KringError, NotFound, Unauthenticated
from graph.core.transactions import writes
from graph.participation import participation

# Ids per request: an event's participants fit many times over, and the whole answer stays
# one modest response.
MAX_IDS = 1_000
# Applications per transaction, measured by tests/bench/bulk.py (README, "Performance"):
# smaller chunks pay mostly for commits, larger ones save at most about a fifth per item
# while a failing item would hold back more others and locks would be held longer.
CHUNK_SIZE = 100
# The code of an item left unchanged because another item of its chunk failed.
CHUNK_FAILED = "CHUNK_FAILED"


class ParticipationOutcome(enum.StrEnum):
    COMPLETED = "COMPLETED"
    NO_SHOW = "NO_SHOW"


ACTIONS = {ParticipationOutcome.COMPLETED: "complete", ParticipationOutcome.NO_SHOW: "mark_no_show"}


@dataclass(frozen=True)
class ItemResult:
    application_id: str
    ok: bool
    code: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class BulkReport:
    request_id: str
    items: tuple[ItemResult, ...]

    @property
    def completed(self) -> int:
        return sum(1 for i in self.items if i.ok)

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if not i.ok)


def fingerprint(application_ids: list[str], outcome: ParticipationOutcome) -> str:
    """What a request asked, so a requestId is never answered for a different question."""
    return hashlib.sha256("\n".join([outcome.value, *application_ids]).encode()).hexdigest()


def _items_to_json(items: list[ItemResult]) -> str:
    return json.dumps(
        [{"id": i.application_id, "ok": i.ok, "code": i.code, "message": i.message} for i in items]
    )


def _items_from_json(text: str) -> list[ItemResult]:
    return [ItemResult(i["id"], i["ok"], i["code"], i["message"]) for i in json.loads(text)]


FIND_REQUEST = """
MATCH (r:BulkRequest {id: $request})
RETURN r.personId AS personId, r.fingerprint AS fingerprint, r.chunkSize AS chunkSize
"""
# MERGE on the unique id: two first attempts at once make one request.
CREATE_REQUEST = """
MERGE (r:BulkRequest {id: $request})
  ON CREATE SET r.personId = $actor, r.fingerprint = $fingerprint, r.chunkSize = $chunkSize,
                r.outcome = $outcome, r.size = $size, r.createdAt = datetime()
RETURN r.personId AS personId, r.fingerprint AS fingerprint, r.chunkSize AS chunkSize
"""
STORED_CHUNKS = """
MATCH (:BulkRequest {id: $request})<-[:PART_OF]-(c:BulkChunk)
RETURN c.index AS index, c.items AS items
"""


@dataclass(frozen=True)
class _Begun:
    chunk_size: int
    stored: dict[int, list[ItemResult]]


@writes
async def _begin(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    request_id: str,
    application_ids: list[str],
    outcome: ParticipationOutcome,
    chunk_size: int,
) -> _Begun:
    """Record a new request, or find the one this id named; refuse anyone else's."""
    asked = fingerprint(application_ids, outcome)
    found = await single(tx, FIND_REQUEST, request=request_id)
    if found is None:
        _authorise_any(
            await participation.decision_facts(tx, actor_id, application_ids), actor_id, guard
        )
        found = await one(
            tx,
            CREATE_REQUEST,
            request=request_id,
            actor=actor_id,
            fingerprint=asked,
            chunkSize=chunk_size,
            outcome=outcome.value,
            size=len(application_ids),
        )
    if found["personId"] != actor_id:
        raise Conflict(
            "This requestId belongs to another request; send a new one.", field="requestId"
        )
    if found["fingerprint"] != asked:
        raise Conflict(
            "This requestId was used for other applications or another outcome; "
            "send a new one for a new request.",
            field="requestId",
        )
    stored = {
        int(r["index"]): _items_from_json(r["items"])
        for r in await rows(tx, STORED_CHUNKS, request=request_id)
    }
    return _Begun(int(found["chunkSize"]), stored)


def _authorise_any(facts: dict[str, Any], actor_id: str, guard: Guard) -> None:
    """Someone who may decide none of these applications is refused outright."""
    refusal: KringError | None = None
    for record in facts.values():
        try:
            guard(standing_from(record, actor_id, is_owner=record["learnerId"] == actor_id))
            return
        except (Forbidden, Unauthenticated) as exc:
            refusal = refusal or exc
    if refusal is not None:
        raise refusal
    raise NotFound("None of these applications exists.", field="ids")


# Chunks of one request serialise on it, so a retry racing the first attempt waits and
# then finds the chunk done.
LOCK_CHUNK = """
MATCH (r:BulkRequest {id: $request})
SET r.version = coalesce(r.version, 0) + 1
WITH r
OPTIONAL MATCH (r)<-[:PART_OF]-(c:BulkChunk {index: $index})
RETURN c.items AS items
"""
RECORD_CHUNK = """
MATCH (r:BulkRequest {id: $request})
CREATE (r)<-[:PART_OF]-(:BulkChunk {index: $index, items: $items, completed: $completed,
                                    failed: $failed, at: datetime()})
"""


@writes
async def _run_chunk(
    tx: AsyncManagedTransaction,
    actor_id: str,
    guard: Guard,
    request_id: str,
    index: int,
    application_ids: list[str],
    action: str,
) -> list[ItemResult]:
    """Decide every application of the chunk, or none of them; record what happened."""
    locked = await one(tx, LOCK_CHUNK, request=request_id, index=index)
    if locked["items"] is not None:
        return _items_from_json(locked["items"])
    facts = await participation.decision_facts(tx, actor_id, application_ids)
    now = datetime.now(UTC)
    verdicts: list[participation.Verdict] = []
    refused: dict[str, KringError] = {}
    for application_id in application_ids:
        record = facts.get(application_id)
        try:
            if record is None:
                raise NotFound("No such application.", field="id")
            verdicts.append(participation.judge(record, actor_id, guard, action, now))
        except KringError as exc:
            refused[application_id] = exc
    if refused:
        first = next(iter(refused))
        held = (
            f"Not changed: application {first} in the same chunk could not be marked, "
            "so nothing in this chunk was."
        )
        items = [
            ItemResult(i, False, refused[i].code.value, refused[i].message)
            if i in refused
            else ItemResult(i, False, CHUNK_FAILED, held)
            for i in application_ids
        ]
    else:
        await participation.record_decisions(tx, actor_id, action, verdicts)
        items = [ItemResult(i, True) for i in application_ids]
    await execute(
        tx,
        RECORD_CHUNK,
        request=request_id,
        index=index,
        items=_items_to_json(items),
        completed=sum(1 for i in items if i.ok),
        failed=sum(1 for i in items if not i.ok),
    )
    return items


async def complete_applications(
    graph: Graph,
    actor_id: str,
    guard: Guard,
    request_id: str,
    application_ids: list[str],
    outcome: ParticipationOutcome,
    chunk_size: int = CHUNK_SIZE,
) -> BulkReport:
    """Mark the applications with the outcome, a chunk per transaction; the request's report.

    `application_ids` are distinct and at most MAX_IDS (the API checks). The same request
    again returns the same report and changes nothing.
    """
    assert 0 < len(application_ids) <= MAX_IDS
    assert len(set(application_ids)) == len(application_ids)
    begun = await _begin(graph, actor_id, guard, request_id, application_ids, outcome, chunk_size)
    size = begun.chunk_size  # as when the request was first made, should the setting change
    items: list[ItemResult] = []
    for index, start in enumerate(range(0, len(application_ids), size)):
        done = begun.stored.get(index)
        if done is None:
            done = await _run_chunk(
                graph,
                actor_id,
                guard,
                request_id,
                index,
                application_ids[start : start + size],
                ACTIONS[outcome],
            )
        items.extend(done)
    return BulkReport(request_id, tuple(items))

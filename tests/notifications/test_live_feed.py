"""One live feed per replica: however many subscribers, one statement a tick, each
notification to its own person's subscribers once, nothing older than they had."""

from __future__ import annotations

import asyncio
import uuid
from contextlib import AsyncExitStack

from graph.core.database import Graph
from graph.notifications import outbox
from notifications.live import LiveFeed
from tests.helpers import plan_operators, run, scans

SUBSCRIBERS = 200


async def _people(graph: Graph, count: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(count)]
    await run(
        graph,
        "UNWIND $ids AS id CREATE (:Person {id: id, email: id + '@live.example', name: id})",
        ids=ids,
    )
    return ids


async def _notify(graph: Graph, items: list[tuple[str, str]]) -> None:
    async def work(tx: object) -> None:
        await outbox.record_each(
            tx,  # type: ignore[arg-type]
            outbox.Kind.BADGE_ISSUED,
            [(person, {"title": title}) for person, title in items],
        )

    await graph.write(work)


async def test_one_read_serves_every_subscriber_their_own_notifications(
    clean_graph: Graph,
) -> None:
    graph = clean_graph
    people = await _people(graph, SUBSCRIBERS + 1)
    watched, unwatched = people[:-1], people[-1]
    await _notify(graph, [(watched[0], "before subscribing")])
    [older] = await outbox.notifications_of(graph, watched[0], unread_only=False, limit=1)
    feed = LiveFeed()
    async with AsyncExitStack() as stack:
        queues = {
            p: await stack.enter_async_context(
                feed.subscribe(p, older if p == watched[0] else None)
            )
            for p in watched
        }
        # Two subscriptions of one person (two tabs) both hear.
        second_tab = await stack.enter_async_context(feed.subscribe(watched[1], None))
        assert feed.count == SUBSCRIBERS + 1

        await _notify(graph, [(p, f"for {p}") for p in watched] + [(unwatched, "not watched")])
        handed = await feed.read(graph)
        assert feed.reads == 1  # one statement for all of them
        assert handed == SUBSCRIBERS + 1
        for person, queue in queues.items():
            got = queue.get_nowait()
            assert got.data == {"title": f"for {person}"}
            assert queue.empty(), person  # "before subscribing" was not handed again
        assert second_tab.get_nowait().data == {"title": f"for {watched[1]}"}

        # Read again: what was handed out is not handed twice (the overlap reads it back).
        assert await feed.read(graph) == 0
        assert all(q.empty() for q in queues.values())
    # Nobody subscribed: no statement at all.
    reads = feed.reads
    assert feed.count == 0
    assert await feed.read(graph) == 0
    assert feed.reads == reads


async def test_a_busy_tick_reads_on_in_batches_without_losing_one(clean_graph: Graph) -> None:
    graph = clean_graph
    [person] = await _people(graph, 1)
    feed = LiveFeed(batch=10)
    async with feed.subscribe(person, None) as queue:
        # One transaction: every notification carries the same createdAt.
        await _notify(graph, [(person, f"n{i}") for i in range(25)])
        assert await feed.read(graph) == 25
        assert feed.reads == 3
        titles = {queue.get_nowait().data["title"] for _ in range(25)}
        assert titles == {f"n{i}" for i in range(25)}


async def test_the_feed_follows_until_stopped(clean_graph: Graph) -> None:
    graph = clean_graph
    [person] = await _people(graph, 1)
    feed = LiveFeed(poll_seconds=0.05)
    stop = asyncio.Event()
    following = asyncio.create_task(feed.follow(graph, stop))
    try:
        async with feed.subscribe(person, None) as queue:
            await _notify(graph, [(person, "live")])
            got = await asyncio.wait_for(queue.get(), timeout=30)
            assert got.data == {"title": "live"}
    finally:
        stop.set()
        await asyncio.wait_for(following, timeout=30)


async def test_the_feeds_read_starts_from_the_time_index(graph: Graph) -> None:
    operators = await plan_operators(
        graph,
        outbox.ARRIVED,
        {"people": ["a"], "since": "2026-01-01T00:00:00Z", "limit": 10, "afterId": None},
    )
    assert not scans(operators), operators
    assert "n:Notification(createdAt)" in "\n".join(operators)

"""The match list feed: ``/ws/matches`` pushes the list at once and on every change."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from conftest import StartRelay
from relay_kit import (
    HANG,
    Backend,
    closed_code,
    eventually,
    http_get,
    metric,
    next_raid,
    started_match,
)
from websockets.asyncio.client import ClientConnection, connect


async def listen(backend: Backend, path: str = "/ws/matches") -> ClientConnection:
    return await connect(f"ws://{backend.host}:{backend.port}{path}", open_timeout=HANG)


async def next_list(feed: ClientConnection) -> list[dict[str, Any]]:
    async with asyncio.timeout(HANG):
        listed: list[dict[str, Any]] = json.loads(await feed.recv())
    return listed


async def test_the_list_comes_at_once_and_again_on_each_change(relay: Backend) -> None:
    feed = await listen(relay)
    assert await next_list(feed) == []

    scorer, state = await started_match(relay, "final")  # set up, then the clock starts
    listed = await next_list(feed)
    while listed and listed[0]["lastSeq"] < 2:  # the setup alone may come first
        listed = await next_list(feed)
    assert listed == (await http_get(relay, "/api/matches")).json()
    assert [(m["matchId"], m["phase"], m["live"]) for m in listed] == [("final", "firstHalf", True)]

    await scorer.send(next_raid(state, touch=True, client_event_id="raid-1"))
    await scorer.answer()
    listed = await next_list(feed)
    assert listed[0]["home"]["score"] == 1
    assert listed[0]["lastSeq"] == 3

    late = await listen(relay)  # a newcomer gets the list as it is
    assert await next_list(late) == listed
    await late.close()
    await feed.close()


async def test_a_listener_counts_as_a_viewer_and_is_closed_if_it_sends(relay: Backend) -> None:
    feed = await listen(relay)
    assert await next_list(feed) == []
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == 1
    assert (await http_get(relay, "/healthz")).json()["connections"] == 1
    await feed.send("hello?")
    assert await closed_code(feed) == 4403
    await eventually(lambda: has(relay, 'kabaddi_connections{role="viewer"}', 0))
    health = (await http_get(relay, "/healthz")).json()
    assert (health["ok"], health["connections"]) == (True, 0)


async def has(relay: Backend, name: str, value: float) -> bool:
    return await metric(relay, name) == value


async def test_changes_through_another_node_come_through(start_node: StartRelay) -> None:
    a = await start_node()
    b = await start_node()
    feed = await listen(b)
    assert await next_list(feed) == []
    await started_match(a, "final")
    listed = await next_list(feed)
    assert [m["matchId"] for m in listed] == ["final"]
    await feed.close()

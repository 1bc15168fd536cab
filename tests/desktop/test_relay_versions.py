"""The app against a relay of another version: a real relay behind a proxy that rewrites
what it sends the way a newer relay would (new fields, another protocol, a new frame)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from desktop_helpers import TOKEN, raid, start_clock, until
from pytestqt.qtbot import QtBot
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.widgets.main_window import MainWindow
from relay.rules.demo import demo_setup
from relay.server import Relay

Rewrite = Callable[[dict[str, Any]], dict[str, Any]]


@contextlib.asynccontextmanager
async def rewriting_proxy(relay: Relay, rewrite: Rewrite) -> AsyncIterator[str]:
    """A websocket URL in front of ``relay`` whose frames to the client go through ``rewrite``."""

    async def handle(client: ServerConnection) -> None:
        async with connect(relay.url, max_size=None) as upstream:

            async def up() -> None:
                async for text in client:
                    await upstream.send(text)

            async def down() -> None:
                async for text in upstream:
                    await client.send(json.dumps(rewrite(json.loads(text))))

            tasks = [asyncio.ensure_future(up()), asyncio.ensure_future(down())]
            with contextlib.suppress(ConnectionClosed):
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in tasks:
                task.cancel()

    async with serve(handle, "127.0.0.1", 0, max_size=None) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ws"


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ScorerClient]:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    made = ScorerClient(outbox, client_id="desk-1")
    yield made
    await made.stop()
    outbox.close()


def with_new_fields(frame: dict[str, Any]) -> dict[str, Any]:
    frame["servedBy"] = "relay 9"
    # The app speaks protocol 2: the whole state comes in the welcome or, for a match set
    # up after the app joined, in the setup's patch.
    state = frame.get("state") if frame["type"] == "welcome" else frame.get("patch")
    if isinstance(state, dict) and "squad" in state.get("home", {}):
        state["weather"] = "sunny"
        state["home"]["players"]["h1"]["mood"] = "calm"
    if isinstance(frame.get("event"), dict):
        frame["event"]["camera"] = 3
    return frame


async def test_fields_a_newer_relay_adds_are_ignored_and_logged(
    relay: Relay, client: ScorerClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desktop.client")
    problems: list[str] = []
    client.problem.connect(problems.append)
    async with rewriting_proxy(relay, with_new_fields) as url:
        client.join(JoinTarget(url, "m1", TOKEN, "Asha"))
        await until(lambda: client.status.state == "connected")
        client.submit(demo_setup())
        client.submit(start_clock())
        client.submit(raid("h1", touched=("a1", "a2")))
        await until(lambda: client.ledger.last_seq == 3 and not client.ledger.pending)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.away.score) == (2, 0)
    assert client.unusable_frames == 0
    assert problems == []
    logged = caplog.text
    for field in ("servedBy", "state.weather", "state.home.players.0.mood", "event.camera"):
        assert field in logged


async def test_a_relay_of_another_protocol_is_refused_in_words(
    relay: Relay, client: ScorerClient, qtbot: QtBot
) -> None:
    def protocol_99(frame: dict[str, Any]) -> dict[str, Any]:
        if frame["type"] == "welcome":
            frame["protocol"] = 99
        return frame

    window = MainWindow(ScoringController(client))
    qtbot.addWidget(window)
    window.show()
    async with rewriting_proxy(relay, protocol_99) as url:
        client.outbox.add(url, "m1", demo_setup())
        client.join(JoinTarget(url, "m1", TOKEN, "Asha"))
        await until(lambda: client.status.state == "stopped")
    assert "This relay speaks protocol 99; update Kabaddi Live" in client.status.detail
    assert "protocol 99; update Kabaddi Live" in window.notice.message
    assert window.notice.isVisible()
    assert "protocol 99" in window.status_line.text()
    assert len(client.outbox.pending(url, "m1")) == 1, "the queued event stays queued"


async def test_frames_the_app_cannot_read_are_logged_and_reported(
    relay: Relay, client: ScorerClient, caplog: pytest.LogCaptureFixture
) -> None:
    def events_become_patches(frame: dict[str, Any]) -> dict[str, Any]:
        if frame["type"] == "event" and frame["seq"] == 2:
            return {"type": "patch", "seq": 2, "ops": []}
        return frame

    problems: list[str] = []
    client.problem.connect(problems.append)
    async with rewriting_proxy(relay, events_become_patches) as url:
        client.join(JoinTarget(url, "m1", TOKEN, "Asha"))
        await until(lambda: client.status.state == "connected")
        client.submit(demo_setup())
        client.submit(start_clock())
        await until(lambda: client.unusable_frames == 1)
        await until(lambda: client.outbox.pending(url, "m1") == [])  # acked all the same
    assert client.ledger.last_seq == 1, "the unreadable event frame was not applied"
    assert "unusable frame from the relay" in caplog.text
    assert "'patch'" in caplog.text
    assert len(problems) == 1
    assert "update Kabaddi Live" in problems[0]

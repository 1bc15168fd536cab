"""The app against a relay that speaks only protocol 1: it says hello again in protocol 1
and scores as before. The relay is a real relay process (``protocol1_relay.py``: the
relay's own code with the hello handling of a relay before protocol 2)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, raid, start_clock, until
from websockets.asyncio.client import connect

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from relay.rules.demo import demo_setup
from relay.wire import PROTOCOL_VERSION

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
HANG = 20.0  # seconds; hang protection only
LINE = re.compile(r"scorers at (?P<url>ws://\S+/ws)")

Start = Callable[[], Awaitable[str]]


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[ScorerClient]:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    made = ScorerClient(outbox, client_id="desk-1")
    yield made
    await made.stop()
    outbox.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(params=["old", "v1"])
async def protocol1_relay(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[Start, Callable[[], Awaitable[None]]]]:
    """(start, stop) of a protocol-1 relay process, on one port and one data directory:
    started again, it is the same relay after a restart."""
    port = free_port()
    running: list[asyncio.subprocess.Process] = []

    async def start() -> str:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(HERE / "protocol1_relay.py"),
            request.param,
            *("--host", "127.0.0.1", "--port", str(port), "--data-dir", str(tmp_path / "relay")),
            cwd=ROOT,
            env={**os.environ, "KABADDI_TOKEN": TOKEN, "PYTHONPATH": str(ROOT)},
            stdout=asyncio.subprocess.PIPE,
        )
        running.append(process)
        assert process.stdout is not None
        async with asyncio.timeout(HANG):
            line = (await process.stdout.readline()).decode()
        found = LINE.search(line)
        assert found, f"unexpected start line: {line!r}"
        return found["url"]

    async def stop() -> None:
        for process in running:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                async with asyncio.timeout(HANG):
                    await process.wait()

    yield start, stop
    await stop()


async def test_the_relay_refuses_protocol_2_as_an_older_relay_does(
    protocol1_relay: tuple[Start, Callable[[], Awaitable[None]]],
) -> None:
    start, _ = protocol1_relay
    url = await start()
    async with connect(url) as ws:
        hello = {"type": "hello", "role": "viewer", "matchId": "m1", "protocol": 2}
        await ws.send(json.dumps(hello))
        answer = json.loads(await ws.recv())
    assert answer["type"] == "error"
    assert answer["code"] == "invalid_field"
    assert "protocol" in answer["message"]


async def test_the_app_falls_back_to_protocol_1_and_scores(
    protocol1_relay: tuple[Start, Callable[[], Awaitable[None]]], client: ScorerClient
) -> None:
    start, stop = protocol1_relay
    url = await start()
    problems: list[str] = []
    client.problem.connect(problems.append)
    assert client.protocol == PROTOCOL_VERSION == 2
    client.join(JoinTarget(url, "m1", TOKEN, "Asha"))
    await until(lambda: client.status.state == "connected", HANG)
    assert client.protocol == 1
    client.submit(demo_setup())
    client.submit(start_clock())
    client.submit(raid("h1", touched=("a1", "a2")))
    await until(lambda: client.ledger.last_seq == 3 and not client.ledger.pending, HANG)
    state = client.ledger.confirmed
    assert state is not None
    assert (state.home.score, state.away.score) == (2, 0)
    assert [logged.seq for logged in client.ledger.log] == [1, 2, 3]
    assert client.ledger.log[-1].score is not None
    assert (client.ledger.log[-1].score.home, client.ledger.log[-1].score.away) == (2, 0)

    # The relay restarts; what is scored meanwhile waits on disk, then goes in protocol 1.
    await stop()
    await until(lambda: client.status.state == "reconnecting", HANG)
    client.submit(raid("a3", outcome="empty"))  # a1 and a2 are out
    assert client.queued() == 1
    await start()
    await until(lambda: client.ledger.last_seq == 4 and not client.ledger.pending, HANG)
    assert client.protocol == 1
    assert client.status.state == "connected"
    assert client.outbox.pending(url, "m1") == []
    assert client.ledger.rejected == []
    assert client.unusable_frames == 0
    assert problems == []

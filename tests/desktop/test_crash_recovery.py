"""Kill the app with events queued: the next start offers them and sends each once, in order."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from desktop_helpers import raid, start_clock, until
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import ScorerApp
from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.paths import outbox_path
from relay.rules.demo import demo_setup
from relay.server import Relay, RelayConfig

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("outbox_child.py")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize("port_taken", [False, True], ids=["same-port", "port-taken"])
async def test_killed_app_sends_its_queue_on_the_next_start(
    tmp_path: Path, qtbot: QtBot, port_taken: bool
) -> None:
    data = tmp_path / "data"
    port = free_port()
    url = f"ws://127.0.0.1:{port}/ws"
    # A hosted match, set up and running; then the relay goes away.
    relay = Relay(RelayConfig(host="127.0.0.1", port=port, data_dir=data / "relay"))
    (data / "relay").mkdir(parents=True)
    await relay.start()
    token = relay.token
    first = Outbox(tmp_path / "first.sqlite3")
    client = ScorerClient(first, "first")
    client.join(JoinTarget(url, "final", token, "Asha"))
    client.submit(demo_setup())
    client.submit(start_clock())
    await until(lambda: client.ledger.last_seq == 2)
    await client.stop()
    first.close()
    await relay.stop()

    queued = [raid("h1", touched=("a1",)), raid("a2", "empty"), raid("h3", "empty")]
    events = json.dumps([json.loads(e.model_dump_json()) for e in queued])
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        str(CHILD),
        str(outbox_path(data)),
        url,
        "final",
        token,
        events,
        stdout=asyncio.subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert child.stdout is not None
        async with asyncio.timeout(20):
            line = await child.stdout.readline()
        assert line.decode().strip() == "QUEUED 3"
    finally:
        child.kill()  # SIGKILL; TerminateProcess (exit code 1) on Windows
        await child.wait()
    assert child.returncode == (1 if sys.platform == "win32" else -signal.SIGKILL)

    # The next start lists the queue and, on request, hosts the match again and sends it.
    blocker = socket.socket()
    if port_taken:  # something else took the port meanwhile: the relay comes back elsewhere
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
    app = ScorerApp(data, host_address="127.0.0.1")
    try:
        assert [(q.relay_url, q.match_id, q.count) for q in app.outbox.queued_matches()] == [
            (url, "final", 3)
        ]
        screen = app.show_start()
        screen.name.setText("Asha")
        resume = screen.findChild(type(screen.host_button), "resume_final")
        assert resume is not None
        qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
        await until(lambda: app.client.ledger.last_seq == 5 and not app.client.ledger.pending)
        log = app.client.ledger.log
        assert [e.event.client_event_id for e in log[2:]] == [e.client_event_id for e in queued]
        assert len({e.event.client_event_id for e in log}) == len(log) == 5
        assert app.outbox.queued_matches() == []
        assert app.hosted is not None
        assert (app.hosted.port == port) is not port_taken
        state = app.client.ledger.confirmed
        assert state is not None
        assert (state.home.score, state.away.score) == (1, 0)
    finally:
        await app.shutdown()
        blocker.close()

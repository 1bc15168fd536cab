"""The hosted relay is a process of its own: killing the app leaves the match running.

Real processes throughout: the app runs as ``python -m bench.hosting_app`` (offscreen,
the real ScorerApp and window), its relay as ``python -m relay --owned``, and a second
scorer and a viewer connect over websockets.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from ws_peers import HANG, clock_start, peer, raid

from relay.owned import control_request, read_instance

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason=f"reads /proc, which Linux has and {sys.platform} does not",
)


@dataclass
class AppProcess:
    process: asyncio.subprocess.Process
    lines: list[dict[str, Any]] = field(default_factory=list)

    async def next(
        self, kind: str, check: Callable[[dict[str, Any]], bool] = bool
    ) -> dict[str, Any]:
        """The first line (seen or coming) of ``kind`` for which ``check`` holds."""
        for line in self.lines:
            if line["kind"] == kind and check(line):
                return line
        assert self.process.stdout is not None
        async with asyncio.timeout(HANG):
            while True:
                raw = await self.process.stdout.readline()
                assert raw, f"the app exited ({await self.process.wait()}) before a {kind} line"
                line = json.loads(raw)
                self.lines.append(line)
                if line["kind"] == kind and check(line):
                    return line

    async def kill(self) -> int:
        self.process.send_signal(signal.SIGKILL)
        return await self.process.wait()


async def launch(data: Path) -> AppProcess:
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["PYTHONPATH"] = str(ROOT)
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bench.hosting_app", str(data)),
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    return AppProcess(process)


def relay_pids(relay_dir: Path) -> list[int]:
    """Processes running ``relay --owned`` on ``relay_dir``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"--owned" in argv and str(relay_dir).encode() in argv:
            found.append(int(entry.name))
    return found


@pytest.fixture
async def data(tmp_path: Path) -> AsyncIterator[Path]:
    yield tmp_path / "data"
    instance = read_instance(tmp_path / "data" / "relay")
    if instance is not None:  # stop whatever relay the test left running
        with contextlib.suppress(OSError):
            await control_request(instance.control_port, "POST", "/shutdown", instance.secret)
        for _ in range(200):
            if not relay_pids(tmp_path / "data" / "relay"):
                break
            await asyncio.sleep(0.05)


async def test_a_killed_app_leaves_the_match_running_and_reopening_reattaches(
    data: Path,
) -> None:
    first = await launch(data)
    hosting = await first.next("hosting")
    port, token, match_id = hosting["port"], hosting["token"], hosting["matchId"]
    relay_pid = hosting["relayPid"]
    assert relay_pids(data / "relay") == [relay_pid] != [hosting["appPid"]]

    url = f"ws://127.0.0.1:{port}/ws"
    scorer = await peer(url, match_id, "scorer", token)
    viewer = await peer(url, match_id, "viewer")
    assert scorer.welcome["seq"] == viewer.welcome["seq"] == 1
    assert await scorer.score(clock_start("c1")) == 2
    assert await scorer.score(raid("h1", "a1", "r1")) == 3
    await first.next("state", lambda s: s["lastSeq"] == 3 and s["home"] == "1")

    assert await first.kill() == -signal.SIGKILL
    # The others carry on: the second scorer scores, the viewer sees it.
    assert await scorer.score(raid("a2", None, "r2")) == 4
    assert await scorer.score(raid("h2", "a3", "r3")) == 5
    seen = await viewer.recv("event")
    while seen["seq"] < 5:
        seen = await viewer.recv("event")
    assert (seen["state"]["home"]["score"], seen["state"]["away"]["score"]) == (2, 0)
    assert relay_pids(data / "relay") == [relay_pid]

    # Reopening the app goes back to the same relay, token and match, as it is now.
    second = await launch(data)
    try:
        again = await second.next("hosting")
        assert (again["port"], again["token"], again["matchId"], again["relayPid"]) == (
            port,
            token,
            match_id,
            relay_pid,
        )
        shown = await second.next("state", lambda s: s["lastSeq"] == 5 and s["connected"])
        assert (shown["home"], shown["away"]) == ("2", "0")
        assert relay_pids(data / "relay") == [relay_pid]
        # And it scores on: the second scorer and the viewer see the app's event.
        assert await scorer.score(raid("a4", None, "r4")) == 6
        await second.next("state", lambda s: s["lastSeq"] == 6)
    finally:
        await second.kill()
        for ws in (scorer, viewer):
            await ws.close()


async def test_quitting_the_driven_app_stops_its_relay(data: Path) -> None:
    app = await launch(data)
    hosting = await app.next("hosting")
    viewer = await peer(f"ws://127.0.0.1:{hosting['port']}/ws", hosting["matchId"], "viewer")
    assert app.process.stdin is not None
    app.process.stdin.close()
    await app.next("stopped")
    assert await viewer.close_code() == 1001
    assert await app.process.wait() == 0
    assert relay_pids(data / "relay") == []
    assert read_instance(data / "relay") is None

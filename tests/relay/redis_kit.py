"""A real ``redis-server`` for tests: a unix socket in a temporary directory.

Configured as the relay requires (append-only file, fsync on every write, no eviction).
It can be killed with SIGKILL and started again on the same directory, which is what a
crashed Redis restarted by its supervisor does.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redis.asyncio import Redis
from relay_kit import HANG, Backend, Peer, http_get, open_peer
from websockets.exceptions import ConnectionClosed, InvalidHandshake

REDIS_SERVER = shutil.which("redis-server")
MISSING = "redis-server is not installed: `make test` installs it (apt-get install redis-server)"
DURABLE = ("--appendonly", "yes", "--appendfsync", "always", "--maxmemory-policy", "noeviction")


class RedisServer:
    def __init__(self, directory: Path, *settings: str) -> None:
        self.directory = directory
        self.socket = directory / "redis.sock"
        self.settings = settings or DURABLE
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    async def start(self) -> None:
        assert REDIS_SERVER is not None, MISSING
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = await asyncio.create_subprocess_exec(
            REDIS_SERVER,
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.directory),
            "--save",
            "",
            *self.settings,
            stdout=asyncio.subprocess.DEVNULL,
        )
        async with asyncio.timeout(HANG):
            while True:
                try:
                    async with self.client() as client:
                        await client.ping()
                    return
                except (OSError, Exception) as exc:  # not listening yet, or still loading
                    if self.process.returncode is not None:
                        raise RuntimeError("redis-server exited at start") from exc
                    await asyncio.sleep(0.02)

    def client(self) -> Redis:
        return Redis(unix_socket_path=str(self.socket), decode_responses=True)

    async def kill(self) -> None:
        """SIGKILL, as a crash or the OOM killer would."""
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGKILL)
            await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HANG):
                    await self.process.wait()
            await self.kill()


# --- clients that survive a node going away -------------------------------------------

WINDOW = 5  # events a scorer has sent and not yet had answered, at most


def technical(client_event_id: str, team: str, points: int) -> dict[str, Any]:
    """An event the rules accept in any order while a match is on: a few technical points."""
    return {
        "type": "technical",
        "team": team,
        "points": points,
        "reason": "test",
        "clientEventId": client_event_id,
    }


@dataclass
class FailoverScorer:
    """A scorer as the desktop app behaves: it keeps every unacknowledged event, re-sends
    them in order on a new connection, moves to the next relay when its connection drops,
    and re-sends an event refused with ``unavailable`` after a pause."""

    backends: list[Backend]
    name: str
    match_id: str = "m1"
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: dict[str, dict[str, Any]] = field(default_factory=dict)
    unavailable: int = 0
    connections: int = 0
    _at: int = 0
    _pending: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def score(self, frames: list[dict[str, Any]], pace: float = 0.0) -> None:
        todo = deque(frames)
        async with asyncio.timeout(HANG * 3):
            while todo or self._pending:
                backend = self.backends[self._at % len(self.backends)]
                try:
                    peer = await open_peer(
                        backend, "scorer", self.match_id, name=self.name, clientId=self.name
                    )
                except (OSError, InvalidHandshake, ConnectionClosed, TimeoutError):
                    self._at += 1
                    await asyncio.sleep(0.05)
                    continue
                self.connections += 1
                try:
                    await self._session(peer, todo, pace)
                except ConnectionClosed:
                    self._at += 1  # fail over to the next relay
                finally:
                    await peer.close()

    async def _session(self, peer: Peer, todo: deque[dict[str, Any]], pace: float) -> None:
        unsent = list(self._pending)  # everything unacknowledged, again, in order
        in_flight = 0
        while todo or self._pending:
            while (unsent or todo) and in_flight < WINDOW:
                if unsent:
                    frame = self._pending[unsent.pop(0)]
                else:
                    frame = todo.popleft()
                    self._pending[frame["clientEventId"]] = frame
                await peer.send(frame)
                in_flight += 1
                if pace:
                    await asyncio.sleep(pace)
            answer = await peer.answer()
            in_flight -= 1
            client_event_id = answer["clientEventId"]
            if answer["type"] == "ack":
                previous = self.acks.setdefault(client_event_id, answer)
                assert previous["seq"] == answer["seq"], (previous, answer)
                self._pending.pop(client_event_id, None)
            elif answer["code"] == "unavailable":
                assert client_event_id not in self.acks
                self.unavailable += 1
                unsent.append(client_event_id)
                await asyncio.sleep(0.05)
            else:
                self.refused[client_event_id] = answer
                self._pending.pop(client_event_id, None)


async def logged(backend: Backend, match_id: str = "m1") -> list[dict[str, Any]]:
    response = await http_get(backend, f"/api/matches/{match_id}/events")
    assert response.status == 200, response
    events: list[dict[str, Any]] = response.json()
    return events


def check_log_against_acks(log: list[dict[str, Any]], scorers: list[FailoverScorer]) -> None:
    """The log is numbered 1..n, holds each clientEventId once, and every ack names its entry."""
    assert [entry["seq"] for entry in log] == list(range(1, len(log) + 1))
    by_seq = {entry["seq"]: entry["event"]["clientEventId"] for entry in log}
    assert len(set(by_seq.values())) == len(by_seq), "a clientEventId appended twice"
    for scorer in scorers:
        for client_event_id, ack in scorer.acks.items():
            assert by_seq.get(ack["seq"]) == client_event_id, (client_event_id, ack)

"""Test kit for the relay: running backends, websocket peers, raw HTTP, valid raids."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import signal
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from prometheus_client.parser import text_string_to_metric_families
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from relay.server import Relay, RelayConfig

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token"
HANG = 20.0  # seconds; hang protection only, never a pass/fail criterion
WINDOWS = sys.platform == "win32"
# How a relay process ends when stopped from outside: SIGTERM is a clean stop on POSIX
# (exit 0); on Windows terminate() and kill() are TerminateProcess, which exits 1.
TERMINATED_EXIT = 1 if WINDOWS else 0
KILLED_EXIT = 1 if WINDOWS else -signal.SIGKILL

# RelayConfig field -> command line flag of ``python -m relay``.
FLAGS = {
    "ping_interval": "--ping-interval",
    "ping_timeout": "--ping-timeout",
    "heartbeat": "--heartbeat",
    "hello_timeout": "--hello-timeout",
    "close_timeout": "--close-timeout",
    "queue_max_frames": "--queue-max-frames",
    "queue_max_bytes": "--queue-max-bytes",
    "rate_per_second": "--rate",
    "rate_burst": "--burst",
    "max_connections": "--max-connections",
    "max_connections_per_address": "--max-connections-per-address",
    "scorer_reserve": "--scorer-reserve",
    "max_pending": "--max-pending",
    "max_pending_per_address": "--max-pending-per-address",
    "listen_backlog": "--backlog",
    "invalid_frame_burst": "--invalid-frame-burst",
    "auth_free_failures": "--auth-free-failures",
    "auth_max_failures": "--auth-max-failures",
    "auth_lockout_seconds": "--auth-lockout",
    "max_events_per_match": "--max-events-per-match",
    "abuse_max_closes": "--abuse-max-closes",
    "abuse_lockout_seconds": "--abuse-lockout",
    "max_matches_per_day": "--max-matches-per-day",
    "viewer_welcome_events": "--viewer-welcome-events",
    "download_rate": "--download-rate",
    "download_burst": "--download-burst",
    "metrics_token_file": "--metrics-token-file",
    "token_file": "--token-file",
    "certfile": "--certfile",
    "keyfile": "--keyfile",
    "redis_url": "--redis",
    "redis_head_check": "--redis-head-check",
    "name": "--name",
    "no_advertise": "--no-advertise",
}
LINE = re.compile(r"scorers at (?P<url>wss?://\S+/ws)\s+scorer token: (?P<token>\S+)")


@dataclass
class Backend:
    """A running relay, whichever way it runs."""

    kind: str
    url: str
    token: str
    data_dir: Path
    stop: Callable[[], Awaitable[None]]
    process: asyncio.subprocess.Process | None = None
    relay: Relay | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or "127.0.0.1"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 0


async def start_embedded(data_dir: Path, **overrides: Any) -> Backend:
    for name in ("token", "metrics_token"):  # a secret in a file, as the command line takes it
        file = overrides.pop(f"{name}_file", None)
        if file is not None:
            overrides[name] = (await asyncio.to_thread(Path(file).read_text)).strip()
    overrides.setdefault("token", TOKEN)
    relay = Relay(RelayConfig(host="127.0.0.1", port=0, data_dir=data_dir, **overrides))
    await relay.start()
    return Backend("embedded", relay.url, relay.token, data_dir, relay.stop, relay=relay)


async def start_subprocess(data_dir: Path, port: int = 0, **overrides: Any) -> Backend:
    token = overrides.pop("token", TOKEN)
    args = ["--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data_dir)]
    for name, value in overrides.items():
        args += [FLAGS[name]] if value is None else [FLAGS[name], str(value)]  # None: a switch
    env = {k: v for k, v in os.environ.items() if k != "KABADDI_TOKEN"}
    if token is not None:
        env["KABADDI_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "relay",
        *args,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    async with asyncio.timeout(HANG):
        line = (await process.stdout.readline()).decode()
    found = LINE.search(line)
    assert found, f"unexpected start line: {line!r}"

    async def stop() -> None:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(HANG):
            await process.wait()

    shown = token if token is not None else found["token"]
    return Backend("subprocess", found["url"], shown, data_dir, stop, process=process)


START = {"embedded": start_embedded, "subprocess": start_subprocess}


# --- websocket peers ------------------------------------------------------------------

_ids = itertools.count(1)


@dataclass
class Peer:
    """A websocket client that said hello; frames are decoded JSON objects."""

    ws: ClientConnection
    welcome: dict[str, Any]
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, frame: dict[str, Any] | str | bytes) -> None:
        await self.ws.send(frame if isinstance(frame, str | bytes) else json.dumps(frame))

    async def recv(self) -> dict[str, Any]:
        async with asyncio.timeout(HANG):
            frame: dict[str, Any] = json.loads(await self.ws.recv())
        self.seen.append(frame)
        return frame

    async def recv_type(self, *types: str) -> dict[str, Any]:
        """The next frame of one of ``types``, skipping others (presence, mostly)."""
        while True:
            frame = await self.recv()
            if frame["type"] in types:
                return frame

    async def answer(self) -> dict[str, Any]:
        return await self.recv_type("ack", "error")

    async def close(self) -> None:
        await self.ws.close()


async def open_peer(
    backend: Backend,
    role: str = "viewer",
    match_id: str = "m1",
    token: str | None = None,
    source: str | None = None,
    **hello: Any,
) -> Peer:
    """A peer that said hello; ``source`` is its address (127.0.0.2 for another machine)."""
    ws = await connect(
        backend.url,
        open_timeout=HANG,
        max_size=None,
        local_addr=(source, 0) if source else None,
    )
    frame = {"type": "hello", "role": role, "matchId": match_id, **hello}
    if role == "scorer":
        frame["token"] = backend.token if token is None else token
    await ws.send(json.dumps(frame))
    try:
        async with asyncio.timeout(HANG):
            welcome = json.loads(await ws.recv())
    except ConnectionClosed as closed:
        raise AssertionError(f"closed before its welcome: {closed}") from None
    assert welcome["type"] == "welcome", welcome
    return Peer(ws, welcome)


def cid(prefix: str = "e") -> str:
    return f"{prefix}-{next(_ids)}"


def setup_frame(client_event_id: str = "setup-1") -> dict[str, Any]:
    from relay.rules.demo import demo_setup

    data: dict[str, Any] = json.loads(demo_setup(client_event_id).model_dump_json())
    return data


def clock(action: str, client_event_id: str | None = None) -> dict[str, Any]:
    return {"type": "clock", "action": action, "clientEventId": client_event_id or cid("clock")}


def next_raid(state: dict[str, Any], touch: bool, client_event_id: str) -> dict[str, Any]:
    """A raid the rules accept in ``state``: empty, or one touch when asked and possible."""
    attack = state["raidingTeam"]
    defence = "away" if attack == "home" else "home"
    raider = state[attack]["onCourt"][0]
    defenders = state[defence]["onCourt"]
    if touch and defenders:
        return {
            "type": "raid",
            "raiderId": raider,
            "raidType": "successful",
            "touchedIds": [defenders[0]],
            "clientEventId": client_event_id,
        }
    return {
        "type": "raid",
        "raiderId": raider,
        "raidType": "empty",
        "clientEventId": client_event_id,
    }


async def started_match(backend: Backend, match_id: str = "m1") -> tuple[Peer, dict[str, Any]]:
    """A scorer on a set-up match with the clock running, and the latest state."""
    scorer = await open_peer(backend, "scorer", match_id, name="Setter")
    await scorer.send(setup_frame(f"setup-{match_id}"))
    assert (await scorer.answer())["type"] == "ack"
    await scorer.send(clock("start"))
    assert (await scorer.answer())["type"] == "ack"
    event = await scorer.recv_type("event")
    while event["seq"] < 2:
        event = await scorer.recv_type("event")
    return scorer, event["state"]


# --- raw HTTP -------------------------------------------------------------------------


@dataclass
class HttpResponse:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def http_get(backend: Backend, path: str) -> HttpResponse:
    """GET ``path`` exactly as given (no client-side normalisation of ``..``)."""
    reader, writer = await asyncio.open_connection(backend.host, backend.port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {backend.host}\r\nConnection: close\r\n\r\n".encode()
        )
        await writer.drain()
        async with asyncio.timeout(HANG):
            raw = await reader.read()
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", len(body)))
    return HttpResponse(status, headers, body[:length])


async def scrape(backend: Backend) -> dict[str, float]:
    """/metrics, parsed by prometheus_client: {'name{label="value",...}': value}."""
    answer = await http_get(backend, "/metrics")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    samples = {}
    for family in text_string_to_metric_families(answer.body.decode()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


async def metric(backend: Backend, name: str) -> float:
    samples = await scrape(backend)
    assert name in samples, f"metric {name} missing"
    return samples[name]


async def eventually(check: Callable[[], Awaitable[bool]], interval: float = 0.05) -> None:
    """Poll ``check`` (a condition in another process, often) until it holds."""
    async with asyncio.timeout(HANG):
        while True:
            if await check():
                return
            await asyncio.sleep(interval)


async def closed_code(ws: ClientConnection) -> int | None:
    """Read until the connection closes; the close code the relay sent."""
    try:
        async with asyncio.timeout(HANG):
            while True:
                await ws.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None

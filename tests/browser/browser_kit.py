"""Test kit for the browser pages: Chromium settings, a scorer client, console watching."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import zlib
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from playwright.async_api import ConsoleMessage, Error, Page
from websockets.asyncio.client import ClientConnection, connect

from relay import wire
from relay.rules.demo import demo_setup
from relay.rules.events import Card, Clock, Event, Raid, RaidStart, Side, Timeout, Undo
from relay.server import Relay

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TOKEN = "browser-test-token"
HANG_MS = 20_000  # hang protection for waits in the page, never a pass/fail criterion
HANG_S = HANG_MS / 1000
DESKTOP = {"width": 1280, "height": 900}

StartRelay = Callable[..., Awaitable[Relay]]  # the start_relay fixture
OpenPage = Callable[..., Awaitable[Page]]  # the open_page fixture
PHONE = {"width": 360, "height": 780}

_ids = itertools.count(1)


def event_id() -> str:
    return f"browser-{next(_ids)}"


class ScorerError(Exception):
    def __init__(self, frame: dict[str, Any]) -> None:
        super().__init__(f"{frame.get('code')}: {frame.get('message')}")
        self.frame = frame


class Scorer:
    """A scorer on the relay's websocket, speaking relay.wire frames."""

    def __init__(self, url: str, match_id: str, token: str = TOKEN) -> None:
        self.url = url
        self.match_id = match_id
        self.token = token
        self.ws: ClientConnection | None = None

    async def __aenter__(self) -> Scorer:
        self.ws = await connect(self.url, open_timeout=HANG_S)
        hello = wire.Hello(role="scorer", match_id=self.match_id, token=self.token, name="Test")
        await self.ws.send(wire.encode(hello))
        welcome = await self._next()
        assert welcome["type"] == "welcome", welcome
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def send(self, event: Event) -> int:
        """Send one event and return its seq once the relay has acknowledged it."""
        assert self.ws is not None
        await self.ws.send(wire.encode(event))
        while True:
            frame = await self._next()
            if frame.get("clientEventId") != event.client_event_id:
                continue
            if frame["type"] == "error":
                raise ScorerError(frame)
            if frame["type"] == "ack":
                seq: int = frame["seq"]
                return seq

    async def send_all(self, events: list[Event]) -> list[int]:
        return [await self.send(event) for event in events]

    async def _next(self) -> dict[str, Any]:
        assert self.ws is not None
        async with asyncio.timeout(HANG_S):
            frame: dict[str, Any] = json.loads(await self.ws.recv())
        return frame


# --- events ------------------------------------------------------------------------


def setup() -> Event:
    return demo_setup(client_event_id=event_id())


def clock(action: Literal["start", "pause", "resume", "endHalf"]) -> Event:
    return Clock(client_event_id=event_id(), action=action)


def raid_start(raider: str) -> Event:
    return RaidStart(client_event_id=event_id(), raider_id=raider)


def raid(
    raider: str,
    kind: Literal["successful", "unsuccessful", "empty"],
    touched: tuple[str, ...] = (),
    tacklers: tuple[str, ...] = (),
    bonus: bool = False,
) -> Event:
    return Raid(
        client_event_id=event_id(),
        raider_id=raider,
        raid_type=kind,
        touched_ids=touched,
        tackler_ids=tacklers,
        bonus=bonus,
    )


def card(player: str, color: Literal["green", "yellow", "red"]) -> Event:
    return Card(client_event_id=event_id(), player_id=player, color=color)


def timeout(team: Side) -> Event:
    return Timeout(client_event_id=event_id(), team=team)


def undo(target: int) -> Event:
    return Undo(client_event_id=event_id(), target_seq=target)


def first_half_story() -> list[Event]:
    """A busy stretch of a first half, valid under the pkl rules from the demo setup.

    It ends with Pardeep (PAT) in on a do-or-die raid, Bengaluru with players out in
    revival order, Aman (BEN) suspended, and a super raid and a super tackle behind us.
    """
    return [
        setup(),
        clock("start"),
        raid_start("h1"),
        raid("h1", "successful", touched=("a2", "a3"), bonus=True),
        raid("a1", "unsuccessful", tacklers=("h4", "h5")),
        raid("h2", "empty"),
        raid("a4", "successful", touched=("h3",)),
        raid("h6", "successful", touched=("a6",)),
        card("a5", "yellow"),
        raid("a7", "empty"),
        raid("h7", "unsuccessful", tacklers=("a7", "a4")),
        timeout("home"),
        clock("resume"),
        raid("a4", "empty"),
        raid("h1", "empty"),
        raid("a7", "empty"),
        raid("h2", "empty"),
        raid("a4", "successful", touched=("h5",)),
        raid_start("h1"),
    ]


# --- pages -------------------------------------------------------------------------


@dataclass
class ConsoleWatch:
    """Console errors and uncaught exceptions of the pages of one test."""

    errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", self._page_error)

    def allow(self, pattern: str) -> None:
        """Accept console errors matching `pattern` (a regular expression)."""
        self.allowed.append(re.compile(pattern))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text} ({message.location})")

    def _page_error(self, error: Error) -> None:
        self.errors.append(f"page error: {error}")

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]


def viewer_url(relay: Relay, match_id: str, query: str = "") -> str:
    """The viewer page of a match; `query` adds parameters ("screen=big")."""
    extra = f"&{query}" if query else ""
    return f"{relay.viewer_url}viewer.html?matchId={match_id}{extra}"


async def pbp_lines(page: Page) -> list[tuple[int, str]]:
    """The play-by-play as (seq, text), newest first (the page shows it oldest first)."""
    rows: list[list[Any]] = await page.eval_on_selector_all(
        "#pbp > li",
        "items => items.map(li => [Number(li.dataset.seq), li.textContent])",
    )
    return [(int(seq), str(text)) for seq, text in reversed(rows)]


def seqs(lines: list[tuple[int, str]]) -> Iterator[int]:
    return (seq for seq, _ in lines)


# --- screenshots -------------------------------------------------------------------


@dataclass
class Image:
    """A decoded 8-bit RGB or RGBA PNG, as Chromium writes them."""

    width: int
    height: int
    channels: int
    rows: list[bytes]

    def pixel(self, x: int, y: int) -> tuple[int, ...]:
        """(r, g, b, a) at x, y; a is 255 for an image without alpha."""
        start = x * self.channels
        values = tuple(self.rows[y][start : start + self.channels])
        return values if self.channels == 4 else (*values, 255)


def decode_png(data: bytes) -> Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        chunk, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if chunk == b"IHDR":
            header = body
        elif chunk == b"IDAT":
            idat += body
    width, height = int.from_bytes(header[0:4], "big"), int.from_bytes(header[4:8], "big")
    depth, color_type, interlace = header[8], header[9], header[12]
    assert depth == 8, "only 8-bit PNGs"
    assert color_type in (2, 6), "only RGB and RGBA PNGs"
    assert interlace == 0, "only non-interlaced PNGs"
    channels = 4 if color_type == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return Image(width, height, channels, rows)


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    estimate = left + up - corner
    a, b, c = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
    if a <= b and a <= c:
        return left
    return up if b <= c else corner

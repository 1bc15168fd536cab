"""The relay: one port, websocket scorers and viewers on ``/ws``, HTTP routes beside them.

Embeddable: :class:`Relay` runs inside an already running event loop (the desktop
app runs it on its Qt loop), installs no signal handlers and reports the port it
bound. ``python -m relay`` wraps it for the command line.

Each connection has one reader (its handler, below) and one writer (its
:class:`~relay.connection.Outbox`). Every frame after the hello gets one answer, in
the order of the frames: an ``ack`` once its event is committed, an ``error`` (or a
duplicate's ``ack``) once the events before it are (see :meth:`Room.answer`). A second
``hello`` is answered with ``invalid_field`` and closes the connection with 4400:
a client that says hello twice has lost track of its own state.
Compression is off: frames are small JSON, and per-message deflate would cost CPU
on every frame for every viewer (broadcast frames could no longer be encoded once
and shared) to save bandwidth a venue LAN does not lack.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import secrets
import socket
import ssl
import time
from collections import Counter
from collections.abc import Callable
from types import TracebackType
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from relay.config import RelayConfig
from relay.connection import Outbox
from relay.http import Api, make_process_request
from relay.logbook import logged_events
from relay.metrics import Metrics
from relay.ratelimit import TokenBucket
from relay.room import Room, error_frame
from relay.rooms import Rooms
from relay.rules.events import EVENT_TYPES, Event
from relay.store import Store
from relay.tokens import load_or_create_token, token_matches
from relay.wire import MAX_FRAME_BYTES, Frame, Hello, WireError, decode

__all__ = ["Relay", "RelayConfig"]

log = logging.getLogger(__name__)

PROTOCOL_VIOLATION = 4400
UNAUTHORIZED = 4401
GOING_AWAY = 1001
DATABASE_FILE = "kabaddi.sqlite3"


class Client:
    """A connection after its hello: who it is, and its outbox."""

    def __init__(self, hello: Hello, outbox: Outbox) -> None:
        self.connection_id = secrets.token_hex(6)
        self.role: str = hello.role
        self.client_id = hello.client_id or self.connection_id
        self.name = hello.name or ("Scorer" if hello.role == "scorer" else "Viewer")
        self._outbox = outbox

    def send(self, frame: bytes) -> None:
        self._outbox.send(frame)

    def close(self, code: int, reason: str) -> None:
        self._outbox.close(code, reason)


class Relay(Api):
    def __init__(self, config: RelayConfig | None = None) -> None:
        self.config = config or RelayConfig()
        self.metrics = Metrics()
        self.token = ""
        self.port = 0
        self.store = Store(self.config.data_dir / DATABASE_FILE)
        self.rooms = Rooms(
            self.store,
            self.metrics,
            max_idle=self.config.max_idle_matches,
            tail_size=self.config.welcome_events,
        )
        self._server: Server | None = None
        self._outboxes: set[Outbox] = set()
        self._by_address: Counter[str] = Counter()
        self._started = time.time()
        self._stopping = False

    # --- lifecycle ------------------------------------------------------------------

    @property
    def tls(self) -> bool:
        return self.config.certfile is not None

    @property
    def url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self._display_host}:{self.port}/ws"

    @property
    def viewer_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self._display_host}:{self.port}/"

    @property
    def _display_host(self) -> str:
        host = self.config.host
        if host in ("0.0.0.0", "", "::"):
            return lan_address()
        return f"[{host}]" if ":" in host else host

    async def start(self) -> None:
        config = self.config
        self.token = config.token or load_or_create_token(config.data_dir)
        await self.store.open()
        ssl_context: ssl.SSLContext | None = None
        if config.certfile is not None:
            ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ssl_context.load_cert_chain(config.certfile, config.keyfile)
        try:
            self._server = await serve(
                self._handle,
                config.host,
                config.port,
                process_request=make_process_request(self),
                compression=None,
                max_size=config.max_message_bytes,
                ping_interval=config.ping_interval,
                ping_timeout=config.ping_timeout,
                close_timeout=config.close_timeout,
                ssl=ssl_context,
                server_header="kabaddi-live",
            )
        except BaseException:
            await self.store.close()
            raise
        self.port = self._server.sockets[0].getsockname()[1] if self._server.sockets else 0
        log.info("relay listening on %s", self.url)

    async def stop(self) -> None:
        """Close every connection with 1001, commit what is pending, close the store."""
        if self._stopping:
            return
        self._stopping = True
        if self._server is not None:
            self._server.server.close()  # stop accepting
            for outbox in list(self._outboxes):
                outbox.close(GOING_AWAY, "relay shutting down")
            self._server.close(close_connections=True)
            await self._server.wait_closed()
        await self.store.close()

    async def __aenter__(self) -> Relay:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # --- one connection -------------------------------------------------------------

    async def _handle(self, ws: ServerConnection) -> None:
        address = _address(ws)
        self._by_address[address] += 1
        self.metrics.connections["pending"] += 1
        outbox = Outbox(
            ws,
            max_bytes=self.config.queue_max_bytes,
            max_frames=self.config.queue_max_frames,
            close_timeout=self.config.close_timeout,
            stall_timeout=self.config.ping_interval + self.config.ping_timeout,
            on_overflow=self._count_overflow,
            on_sent=self._count_sent,
        )
        self._outboxes.add(outbox)
        role = "pending"
        try:
            hello = await self._hello(ws, outbox)
            if hello is None:
                return
            client = Client(hello, outbox)
            room = await self.rooms.get(hello.match_id)
            self.metrics.connections["pending"] -= 1
            role = client.role
            self.metrics.connections[role] += 1
            room.join(client, hello)
            try:
                await self._serve(ws, client, room)
            finally:
                room.leave(client)
                self.rooms.release(room)
        except ConnectionClosed:
            pass
        finally:
            self.metrics.connections[role] -= 1
            self._by_address[address] -= 1
            if self._by_address[address] <= 0:
                del self._by_address[address]
            self._outboxes.discard(outbox)
            await outbox.aclose()

    async def _hello(self, ws: ServerConnection, outbox: Outbox) -> Hello | None:
        """The connection's hello, or None after refusing the connection."""
        try:
            async with asyncio.timeout(self.config.hello_timeout):
                message = await ws.recv()
        except TimeoutError:
            outbox.close(PROTOCOL_VIOLATION, "hello expected")
            return None
        self.metrics.frames_in += 1
        try:
            frame = self._decode(message)
            if not isinstance(frame, Hello):
                raise WireError("invalid_field", "The first frame must be a hello.")
        except WireError as exc:
            self._answer_error(outbox.send, exc)
            outbox.close(PROTOCOL_VIOLATION, "hello expected")
            return None
        if frame.role == "scorer" and not token_matches(frame.token, self.token):
            self._answer_error(outbox.send, WireError("unauthorized", "Wrong scorer token."))
            outbox.close(UNAUTHORIZED, "unauthorized")
            return None
        return frame

    async def _serve(self, ws: ServerConnection, client: Client, room: Room) -> None:
        bucket = TokenBucket(self.config.rate_per_second, self.config.rate_burst)
        async for message in ws:
            self.metrics.frames_in += 1
            received = time.monotonic()
            try:
                frame = self._decode(message)
                if isinstance(frame, Hello):
                    # A client that says hello twice is confused about its own state.
                    self._answer_error(
                        client.send, WireError("invalid_field", "A connection says hello once.")
                    )
                    client.close(PROTOCOL_VIOLATION, "second hello")
                    return
                if not bucket.take():
                    raise WireError(
                        "rate_limited",
                        "Too many frames; wait and re-send.",
                        getattr(frame, "client_event_id", None),
                    )
                event = self._event_of(frame, client)
            except WireError as exc:
                self._answer_error(functools.partial(room.answer, client), exc)
                continue
            room.submit(client, event, received)

    @staticmethod
    def _decode(message: str | bytes) -> Frame:
        if isinstance(message, bytes):
            raise WireError("bad_frame", "Frames are JSON text; binary frames are refused.")
        if len(message) > MAX_FRAME_BYTES and len(message.encode()) > MAX_FRAME_BYTES:
            raise WireError("too_large", f"Frames are limited to {MAX_FRAME_BYTES} bytes.")
        return decode(message)

    @staticmethod
    def _event_of(frame: Frame, client: Client) -> Event:
        """The scorer event in a frame, or a WireError saying why it is refused."""
        if not isinstance(frame, EVENT_TYPES):
            raise WireError("forbidden", f"Only the relay sends {frame.type!r} frames.")
        if client.role != "scorer":
            raise WireError("forbidden", "Viewers cannot send events.", frame.client_event_id)
        return frame

    def _answer_error(self, send: Callable[[bytes], None], exc: WireError) -> None:
        self.metrics.errors[exc.code] += 1
        send(error_frame(exc.code, exc.message, exc.client_event_id))

    def _count_overflow(self) -> None:
        self.metrics.queue_overflow_closes += 1

    def _count_sent(self, frames: int) -> None:
        self.metrics.frames_out += frames

    # --- HTTP api (see relay.http) --------------------------------------------------

    def admit(self, connection: ServerConnection) -> str | None:
        if self._stopping:
            return "relay shutting down"
        total = sum(self._by_address.values())
        if total >= self.config.max_connections:
            self.metrics.connections_refused += 1
            return "too many connections"
        if self._by_address[_address(connection)] >= self.config.max_connections_per_address:
            self.metrics.connections_refused += 1
            return "too many connections from this address"
        return None

    async def health(self) -> dict[str, Any]:
        return {
            "ok": True,
            "uptimeSeconds": round(time.time() - self._started, 1),
            "connections": sum(self._by_address.values()),
            "matchesInMemory": len(self.rooms),
            "commits": self.store.commits,
        }

    def metrics_text(self) -> str:
        return self.metrics.render(len(self.rooms))

    async def match_list(self) -> list[dict[str, Any]]:
        listed: dict[str, dict[str, Any]] = {}
        for stored in await self.store.matches():
            summary = json.loads(stored.summary) if stored.summary else {}
            listed[stored.match_id] = {
                "matchId": stored.match_id,
                "phase": summary.get("phase"),
                "lastSeq": stored.last_seq,
                "viewers": 0,
                "scorers": 0,
                "home": summary.get("home"),
                "away": summary.get("away"),
            }
        for room in self.rooms.loaded():
            entry = listed.get(room.match_id)
            if entry is None:
                if not room.members:
                    continue
                entry = listed[room.match_id] = {
                    "matchId": room.match_id,
                    "phase": None,
                    "lastSeq": 0,
                    "home": None,
                    "away": None,
                }
            presence = room.presence()
            entry["viewers"] = presence.viewers
            entry["scorers"] = len(presence.scorers)
        return [listed[key] for key in sorted(listed)]

    async def match_state(self, match_id: str) -> dict[str, Any] | None:
        room = self.rooms.get_loaded(match_id)
        if room is None:
            if await self.store.load(match_id) is None:
                return None
            room = await self.rooms.get(match_id)
            self.rooms.release(room)
        if room.state is None:
            return {}
        result: dict[str, Any] = room.state.model_dump(mode="json", by_alias=True)
        return result

    async def match_events(self, match_id: str) -> list[dict[str, Any]] | None:
        records = await self.store.events(match_id)
        if not records:
            room = self.rooms.get_loaded(match_id)
            if room is None or not room.members:
                return None
        return [logged.model_dump(mode="json") for logged in logged_events(records)]


def lan_address() -> str:
    """This machine's address on its LAN, for URLs to hand out; loopback if it has none."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
            address: str = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address


def _address(ws: ServerConnection) -> str:
    try:
        peer = ws.remote_address
    except Exception:
        return "?"
    return str(peer[0]) if peer else "?"

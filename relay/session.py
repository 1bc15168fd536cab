"""One websocket connection, from its hello to its close.

Each connection has one reader (:meth:`Sessions.handle`) and one writer (its
:class:`~relay.connection.Outbox`). Every frame after the hello gets one answer, in
the order of the frames: an ``ack`` once its event is committed, an ``error`` (or a
duplicate's ``ack``) once the events before it are (see :meth:`Room.answer`).

What a frame may cost is decided before it is decoded, cheapest check first:

- the websocket itself refuses a frame over 64 KiB (close 1009) before buffering it;
- a hello is refused by its length; the token of an address that keeps guessing is
  not even looked at (:class:`~relay.authguard.AuthGuard`);
- viewers send nothing after their hello: any frame from a viewer closes it (4403),
  it is never parsed;
- a scorer's frame meets the rate limit before it is parsed, then the shape checks
  of :mod:`relay.gate`, and only then full validation;
- a scorer that keeps sending invalid frames is closed (4400);
- an address closed again and again for such things is refused for a while
  (:class:`~relay.penalty.PenaltyBox`).

A second ``hello`` is answered with ``invalid_field`` and closes the connection with
4400: a client that says hello twice has lost track of its own state.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import secrets
import time
from collections.abc import Callable, Sequence

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from relay.admission import Admission
from relay.authguard import AuthGuard
from relay.config import RelayConfig
from relay.connection import Outbox
from relay.counted_connection import CountedConnection
from relay.gate import check_event, check_hello, client_event_id
from relay.logbook import UnreplayableLog
from relay.metrics import Metrics
from relay.penalty import PenaltyBox
from relay.quota import DailyQuota
from relay.ratelimit import TokenBucket
from relay.room import Room, error_frame
from relay.rooms import MatchUnavailable, Rooms
from relay.rules.events import EVENT_TYPES, Event, Setup
from relay.tokens import token_matches
from relay.wire import Hello, WireError, decode

log = logging.getLogger(__name__)

PROTOCOL_VIOLATION = 4400
UNAUTHORIZED = 4401
FORBIDDEN = 4403
TRY_AGAIN_LATER = 1013
MESSAGE_TOO_BIG = 1009


class Client:
    """A connection after its hello: who it is, and its outbox."""

    def __init__(self, hello: Hello, outbox: Outbox) -> None:
        self.connection_id = secrets.token_hex(6)
        self.role: str = hello.role
        self.client_id = hello.client_id or self.connection_id
        self.name = hello.name or ("Scorer" if hello.role == "scorer" else "Viewer")
        self._outbox = outbox
        # Every broadcast calls this once per connection: the outbox's own methods.
        self.send: Callable[[bytes], None] = outbox.send
        self.send_many: Callable[[Sequence[bytes]], None] = outbox.send_many

    def close(self, code: int, reason: str) -> None:
        self._outbox.close(code, reason)

    def ready_fd(self) -> int | None:
        return self._outbox.ready_fd()

    def sent_directly(self, written: int, framed: bytes, frames: int) -> None:
        self._outbox.sent_directly(written, framed, frames)


class Sessions:
    """The connection handler given to ``websockets.serve``."""

    def __init__(
        self,
        config: RelayConfig,
        token: str,
        rooms: Rooms,
        metrics: Metrics,
        admission: Admission,
        guard: AuthGuard,
        setups: DailyQuota | None,  # None: the backend counts setups (Redis)
        penalties: PenaltyBox,
    ) -> None:
        self._config = config
        self._token = token
        self._rooms = rooms
        self._metrics = metrics
        self._admission = admission
        self._guard = guard
        self._setups = setups
        self._penalties = penalties
        self.outboxes: set[Outbox] = set()

    async def handle(self, ws: ServerConnection) -> None:
        config = self._config
        self._metrics.connections["pending"] += 1
        outbox = Outbox(
            ws,
            max_bytes=config.queue_max_bytes,
            max_frames=config.queue_max_frames,
            close_timeout=config.close_timeout,
            stall_timeout=config.ping_interval + config.ping_timeout,
            on_overflow=self._count_overflow,
            on_sent=self._count_sent,
        )
        self.outboxes.add(outbox)
        role = "pending"
        try:
            hello = await self._hello(ws, outbox)
            if hello is None:
                return
            refusal = self._admission.identify(id(ws), hello.role)
            if refusal is not None:
                outbox.close(TRY_AGAIN_LATER, refusal.reason)
                return
            client = Client(hello, outbox)
            try:
                room = await self._rooms.get(hello.match_id)
            except MatchUnavailable as exc:
                self._answer_error(outbox.send, WireError("unavailable", str(exc)))
                outbox.close(TRY_AGAIN_LATER, "match unavailable")
                return
            except UnreplayableLog as exc:
                log.error("match %s cannot be loaded: %s", hello.match_id, exc)
                message = (
                    f"Match {hello.match_id} cannot be shown: {exc}. Its log is kept: download"
                    f" it from /api/matches/{hello.match_id}/events.csv, or continue the"
                    " match under a new id."
                )
                self._answer_error(outbox.send, WireError("unavailable", message))
                outbox.close(TRY_AGAIN_LATER, "match cannot be loaded")
                return
            except Exception:
                # The client reconnects with backoff; the log and /healthz say why.
                log.exception("match %s could not be loaded", hello.match_id)
                outbox.close(TRY_AGAIN_LATER, "the match could not be loaded")
                return
            self._metrics.connections["pending"] -= 1
            role = client.role
            self._metrics.connections[role] += 1
            welcome_events = config.viewer_welcome_events if role == "viewer" else None
            room.join(client, hello, welcome_events)
            try:
                if role == "scorer":
                    await self._serve_scorer(ws, client, room)
                else:
                    await self._serve_viewer(ws, client)
            finally:
                room.leave(client)
                self._rooms.release(room)
        except ConnectionClosed as closed:
            if closed.sent is not None and closed.sent.code == MESSAGE_TOO_BIG:
                self._penalties.offended(_address(ws), "a frame over 64 KiB")
        finally:
            self._metrics.connections[role] -= 1
            self.outboxes.discard(outbox)
            await outbox.aclose()

    async def _hello(self, ws: ServerConnection, outbox: Outbox) -> Hello | None:
        """The connection's hello, or None after refusing the connection."""
        try:
            async with asyncio.timeout(self._config.hello_timeout):
                message = await ws.recv()
        except TimeoutError:
            outbox.close(PROTOCOL_VIOLATION, "hello expected")
            return None
        self._metrics.frames_in += 1
        try:
            check_hello(message)
            frame = decode(message)
            if not isinstance(frame, Hello):
                raise WireError("invalid_field", "The first frame must be a hello.")
        except WireError as exc:
            self._answer_error(outbox.send, exc)
            self._penalties.offended(_address(ws), "no valid hello")
            outbox.close(PROTOCOL_VIOLATION, "hello expected")
            return None
        if frame.role == "scorer" and not await self._authorized(ws, frame, outbox):
            outbox.close(UNAUTHORIZED, "unauthorized")
            return None
        return frame

    async def _authorized(self, ws: ServerConnection, hello: Hello, outbox: Outbox) -> bool:
        address = _address(ws)
        right = functools.partial(token_matches, hello.token, self._token)
        refusal = await self._guard.attempt(address, right)
        if refusal is None:
            return True
        if refusal.told_to_wait:
            # Trying again while told to wait is misbehaving: enough of it and the
            # address is refused at accept, where it costs the relay least.
            self._penalties.offended(address, "scorer tokens tried while told to wait")
        self._answer_error(outbox.send, WireError("unauthorized", refusal.message))
        return False

    async def _serve_viewer(self, ws: ServerConnection, client: Client) -> None:
        """Viewers only listen: the first frame one sends closes it, unread."""
        async for _ in ws:
            self._metrics.frames_in += 1
            self._answer_error(
                client.send,
                WireError("forbidden", "Viewers send nothing after their hello."),
            )
            _stop_reading(ws)
            self._penalties.offended(_address(ws), "a viewer sent a frame")
            client.close(FORBIDDEN, "viewers send nothing")
            return

    async def _serve_scorer(self, ws: ServerConnection, client: Client, room: Room) -> None:
        config = self._config
        rate = TokenBucket(config.rate_per_second, config.rate_burst)
        invalid = TokenBucket(1.0 / config.invalid_frame_seconds, config.invalid_frame_burst)
        answer = functools.partial(room.answer, client)
        async for message in ws:
            self._metrics.frames_in += 1
            received = time.monotonic()
            if not rate.take():
                error = WireError(
                    "rate_limited", "Too many frames; wait and re-send.", client_event_id(message)
                )
                self._answer_error(answer, error)
                continue
            try:
                check_event(message)
                frame = decode(message)
                if isinstance(frame, Hello):
                    # A client that says hello twice is confused about its own state.
                    # After the answers to its earlier frames.
                    self._answer_error(
                        answer, WireError("invalid_field", "A connection says hello once.")
                    )
                    client.close(PROTOCOL_VIOLATION, "second hello")
                    return
                if not isinstance(frame, EVENT_TYPES):
                    raise WireError("forbidden", f"Only the relay sends {frame.type!r} frames.")
            except WireError as exc:
                self._answer_error(answer, exc)
                if not invalid.take():
                    _stop_reading(ws)
                    self._penalties.offended(_address(ws), "invalid frames")
                    client.close(PROTOCOL_VIOLATION, "too many invalid frames")
                    return
                continue
            self._submit(client, room, frame, received)

    def _submit(self, client: Client, room: Room, event: Event, received: float) -> None:
        limit = self._config.max_events_per_match
        if room.seq + room.writing >= limit:
            message = f"This match has reached the relay's limit of {limit} events."
            self._answer_error(
                functools.partial(room.answer, client),
                WireError("limit_reached", message, event.client_event_id),
            )
            return
        new_match = isinstance(event, Setup) and room.seq + room.writing == 0
        if new_match and self._setups is not None and not self._setups.take():
            message = (
                f"This relay has set up {self._setups.limit} matches in the last 24 hours, "
                "its limit; ask its operator to raise --max-matches-per-day."
            )
            self._answer_error(
                functools.partial(room.answer, client),
                WireError("limit_reached", message, event.client_event_id),
            )
            return
        room.submit(client, event, received)
        if new_match and self._setups is not None and room.writing == 0:
            self._setups.give_back()  # refused by the rules: it set nothing up

    def _answer_error(self, send: Callable[[bytes], None], exc: WireError) -> None:
        self._metrics.errors[exc.code] += 1
        send(error_frame(exc.code, exc.message, exc.client_event_id))

    def _count_overflow(self) -> None:
        self._metrics.queue_overflow_closes += 1

    def _count_sent(self, frames: int) -> None:
        self._metrics.frames_out += frames


def _stop_reading(ws: ServerConnection) -> None:
    if isinstance(ws, CountedConnection):
        ws.stop_reading()


def _address(ws: ServerConnection) -> str:
    return ws.address if isinstance(ws, CountedConnection) else "?"

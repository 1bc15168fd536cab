"""The scorer's connection to the relay: outbox, websocket, resume and reconnects.

Widgets never touch the network; they call :meth:`ScorerClient.submit` and listen
to the signals. Every event is committed to the on-disk :class:`Outbox` before it
is sent and leaves it only when the relay acknowledges or refuses it. The
connection runs as one task on the (qasync) event loop, so nothing blocks the UI.

The app asks for protocol 2 (patches). A relay of an older version refuses a hello
that names a protocol (or names the versions it speaks, and 2 is not one): the app
then says hello again at once in protocol 1, which every relay speaks, and keeps to
it for that match until it joins again. A protocol-1 session gets the whole state
with every event; the ledger takes either.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from desktop.backoff import reconnect_delay
from desktop.ledger import Ledger, OutOfStep, RejectedEvent
from desktop.link import ConnectionStatus as ConnectionStatus  # re-exported for callers
from desktop.link import JoinTarget as JoinTarget
from desktop.link import LinkState as LinkState
from desktop.link import PresenceInfo as PresenceInfo
from desktop.outbox import Outbox
from desktop.stamps import now_ms
from relay.rules.events import Event
from relay.wire import (
    PROTOCOL_VERSION,
    Ack,
    Error,
    EventFrame,
    Hello,
    LoggedEvent,
    PatchFrame,
    Presence,
    RelayFrame,
    RelayFrameV2,
    Score,
    Welcome,
    WelcomeV2,
    WireError,
    decode_from_relay,
    decode_relay_v2,
    encode,
)

log = logging.getLogger(__name__)

RTT_INTERVAL_SECONDS = 3.0
WELCOME_TIMEOUT_SECONDS = 10.0
STABLE_SECONDS = 5.0  # a connection that lasted this long resets the backoff
# Errors that are no verdict on the event: it is sent again after this many seconds.
RETRY_AFTER_SECONDS = {"rate_limited": 1.0, "unavailable": 5.0}
# The protocol versions this app speaks; a relay that speaks another is refused in words.
# It asks for the newest and falls back to 1 when the relay refuses that.
PROTOCOLS: frozenset[int] = frozenset({1, PROTOCOL_VERSION})


class _OlderRelay(Exception):
    """The relay refused the hello's protocol version: say hello again in protocol 1."""


def refuses_protocol(error: Error) -> bool:
    """Whether an answer to a hello refuses its ``protocol`` (an older relay refuses the
    field it does not know; a newer one, a version it does not speak)."""
    return error.code == "invalid_field" and "protocol" in error.message


class _Refused(Exception):
    """The relay turned the hello down; reconnecting would not help."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def protocol_problem(text: str | bytes) -> str | None:
    """Why this app cannot use a relay whose welcome is ``text``; None when it can."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "welcome":
        return None
    spoken = data.get("protocol")
    if not isinstance(spoken, int) or spoken in PROTOCOLS:
        return None
    kept = "Events you entered stay queued on this computer."
    if spoken > max(PROTOCOLS):
        return f"This relay speaks protocol {spoken}; update Kabaddi Live to score on it. {kept}"
    return (
        f"This relay speaks protocol {spoken}, older than this app's {max(PROTOCOLS)}: "
        f"update Kabaddi Live where the relay runs. {kept}"
    )


def welcome_protocol(text: str | bytes) -> int | None:
    """The protocol a welcome says it is in (1 when it says none); None: not a welcome."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.get("type") != "welcome":
        return None
    spoken = data.get("protocol", 1)
    return spoken if isinstance(spoken, int) and spoken in PROTOCOLS else None


class ScorerClient(QObject):
    changed = Signal()  # state, log or pending events changed
    statusChanged = Signal(object)  # ConnectionStatus
    presenceChanged = Signal(object)  # PresenceInfo
    refused = Signal(object)  # RejectedEvent
    welcomed = Signal()
    problem = Signal(str)  # something the scorer should know and act on, in words

    def __init__(self, outbox: Outbox, client_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.outbox = outbox
        self.client_id = client_id
        self.ledger = Ledger()
        self.target: JoinTarget | None = None
        self.presence = PresenceInfo()
        self.status = ConnectionStatus("idle")
        self._ws: ClientConnection | None = None
        self._sent: set[str] = set()
        self._not_stored = ""  # why the relay cannot store events now, until the next ack
        self._send_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._flushes: set[asyncio.Task[None]] = set()
        self.unusable_frames = 0  # frames from the relay this app could not use
        self._ignored_fields: set[str] = set()
        self.protocol = PROTOCOL_VERSION  # asked for in hello; 1 after an older relay refused

    # --- commands --------------------------------------------------------------------

    def join(self, target: JoinTarget) -> None:
        """Start connecting (and reconnecting) to a match; queued events are loaded first."""
        if self._task is not None:
            self._task.cancel()
        self.target = target
        self.ledger = Ledger()
        self.protocol = PROTOCOL_VERSION
        for event in self.outbox.pending(target.url, target.match_id):
            self.ledger.enter(event, self.ledger.relay_now())
        self.changed.emit()
        self._task = asyncio.ensure_future(self._run(target))

    def submit(self, event: Event) -> None:
        """Record an event: on disk first, then the preview, then the wire."""
        target = self.target
        assert target is not None, "join a match first"
        self.outbox.add(target.url, target.match_id, event)
        self.ledger.enter(event, self.ledger.relay_now())
        self.changed.emit()
        self._emit_status(self.status.state)
        self._schedule_flush()

    def ledger_clock(self) -> int:
        """The relay's time now (the ledger is replaced on join, so ask it each time)."""
        return self.ledger.relay_now()

    def retry_now(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for flush in list(self._flushes):
            flush.cancel()
        self._emit_status("stopped")

    # --- the connection --------------------------------------------------------------

    async def _run(self, target: JoinTarget) -> None:
        attempt = 0
        while True:
            self._emit_status("connecting")
            detail = ""
            try:
                async with connect(
                    target.url,
                    open_timeout=5,
                    ping_interval=3,
                    ping_timeout=6,
                    close_timeout=1,
                    max_size=None,
                ) as ws:
                    started = time.monotonic()
                    welcomed = await self._session(ws, target)
                    # A connection that drops at once again and again must still back off.
                    if welcomed and time.monotonic() - started > STABLE_SECONDS:
                        attempt = 0
            except _OlderRelay:
                continue  # at once: the same relay, the protocol every relay speaks
            except _Refused as exc:
                state: LinkState = "unauthorized" if exc.code == "unauthorized" else "stopped"
                self._emit_status(state, detail=str(exc))
                return
            except (
                OSError,
                ConnectionClosed,
                TimeoutError,
                InvalidHandshake,
                WireError,
                OutOfStep,
            ) as exc:
                detail = str(exc) or type(exc).__name__
            except (InvalidURI, ValidationError) as exc:
                self._emit_status("stopped", detail=str(exc))
                return
            except Exception as exc:  # never let the connection task die silently
                log.exception("scorer connection failed")
                detail = str(exc) or type(exc).__name__
            delay = reconnect_delay(attempt)
            attempt += 1
            self._emit_status("reconnecting", retry_at=time.monotonic() + delay, detail=detail)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def _session(self, ws: ClientConnection, target: JoinTarget) -> bool:
        hello = Hello(
            role="scorer",
            match_id=target.match_id,
            token=target.token,
            client_id=self.client_id,
            name=target.name,
            last_seq=self.ledger.last_seq if self.ledger.epoch else None,
            epoch=self.ledger.epoch,
            protocol=None if self.protocol == 1 else self.protocol,
        )
        await ws.send(encode(hello))
        text = await asyncio.wait_for(ws.recv(), WELCOME_TIMEOUT_SECONDS)
        problem = protocol_problem(text)
        if problem is not None:
            log.error("relay at %s: %s", target.url, problem)
            self.problem.emit(problem)
            raise _Refused("protocol", problem)
        # A relay that ignored the protocol asked for answers in the one it speaks.
        self.protocol = welcome_protocol(text) or self.protocol
        first = self._decode(text)
        if isinstance(first, Error):
            if self.protocol != 1 and refuses_protocol(first):
                log.warning(
                    "relay at %s refused protocol %d (%s): speaking protocol 1 to it",
                    target.url,
                    self.protocol,
                    first.message,
                )
                self.protocol = 1
                raise _OlderRelay(first.message)
            raise _Refused(first.code, first.message)
        if first is None:
            return False
        if not isinstance(first, WelcomeV2 | Welcome):
            self._unusable(text, "the relay did not answer hello with a welcome")
            return False
        received = now_ms()
        if first.now is not None:
            self.ledger.note_relay_time(first.now, received)
        for logged in first.events[-1:]:
            self.ledger.note_past_relay_time(logged.event.at, received)
        if isinstance(first, WelcomeV2):
            ignored: set[str] = set()
            done = self.ledger.welcome_wire(
                first.epoch, first.state, first.events, first.recovered, ignored
            )
            self._note_ignored(ignored, "state.")
        else:
            done = self.ledger.welcome(first.epoch, first.state, first.events, first.recovered)
            self.ledger.wire = None
        self._forget(done)
        self._ws = ws
        self._sent = set()
        self._emit_status("connected")
        self.changed.emit()
        self.welcomed.emit()
        self._schedule_flush()
        measuring = asyncio.ensure_future(self._measure(ws))
        try:
            async for text in ws:
                self._receive(text)
        finally:
            self._ws = None
            measuring.cancel()
        return True

    async def _measure(self, ws: ClientConnection) -> None:
        """Ping now and then so the status bar shows a fresh round-trip time."""
        with contextlib.suppress(ConnectionClosed):
            while True:
                pong = await ws.ping()
                await pong
                if self._ws is ws:
                    self._emit_status("connected")
                await asyncio.sleep(RTT_INTERVAL_SECONDS)

    def _decode(self, text: str | bytes) -> RelayFrameV2 | RelayFrame | None:
        """The frame (as the session's protocol has it), or None (logged) when this app
        cannot read it."""
        ignored: set[str] = set()
        try:
            if self.protocol == 1:
                frame: RelayFrameV2 | RelayFrame = decode_from_relay(text, ignored)
            else:
                frame = decode_relay_v2(text, ignored)
        except WireError as exc:
            self._unusable(text, f"{exc.code}: {exc.message}")
            return None
        self._note_ignored(ignored)
        return frame

    def _note_ignored(self, ignored: set[str], prefix: str = "") -> None:
        new = {prefix + path for path in ignored} - self._ignored_fields
        if new:
            self._ignored_fields |= new
            log.info("ignored fields this version does not know: %s", ", ".join(sorted(new)))

    def _unusable(self, text: str | bytes, why: str) -> None:
        self.unusable_frames += 1
        head = text[:200] if isinstance(text, str) else text[:200].decode("utf-8", "replace")
        log.warning("unusable frame from the relay (%s): %s", why, head)
        if self.unusable_frames == 1:
            self.problem.emit(
                "The relay sent something this app could not read; it may be newer than this"
                " app: update Kabaddi Live. Scoring goes on, and nothing you enter is lost."
            )

    def _receive(self, text: str | bytes) -> None:
        """One frame from the relay; raises :class:`OutOfStep` to reconnect and resync."""
        frame = self._decode(text)
        if frame is None:
            return
        if isinstance(frame, PatchFrame):
            self.ledger.note_relay_time(frame.event.at, now_ms())
            ignored: set[str] = set()
            done = self.ledger.patched(frame.seq, frame.event, frame.text, frame.patch, ignored)
            self._note_ignored(ignored, "state.")
            if done is not None:
                self._forget(done)
                self.changed.emit()
        elif isinstance(frame, EventFrame):
            self._whole_state(frame)
        elif isinstance(frame, Ack):
            self.outbox.remove(frame.client_event_id)
            self.ledger.acked(frame.client_event_id, frame.seq)
            self._not_stored = ""
            self.changed.emit()
            self._emit_status("connected")
        elif isinstance(frame, Error):
            self._refused(frame)
        elif isinstance(frame, Presence):
            self.presence = PresenceInfo(list(frame.scorers), frame.viewers)
            self.presenceChanged.emit(self.presence)
        else:
            self._unusable(text, f"a {frame.type} in the middle of a session")

    def _whole_state(self, frame: EventFrame) -> None:
        """A protocol-1 ``event``: the state after it, whole."""
        self.ledger.note_relay_time(frame.event.at, now_ms())
        if frame.seq > self.ledger.last_seq + 1:
            raise OutOfStep(f"event {frame.seq} came after {self.ledger.last_seq}")
        score = frame.score or Score.of(frame.state)
        logged = LoggedEvent(seq=frame.seq, event=frame.event, text=frame.text, score=score)
        done = self.ledger.accepted(logged, frame.state)
        if done is not None:
            self._forget(done)
            self.changed.emit()

    def _refused(self, frame: Error) -> None:
        if frame.client_event_id is None:
            log.warning("the relay says %s: %s", frame.code, frame.message)
            self.problem.emit(f"The relay says: {frame.message}")
            return
        if frame.code in RETRY_AFTER_SECONDS:
            # Not a verdict on the event: it stays queued and is sent again after a pause.
            self._sent.discard(frame.client_event_id)
            delay = RETRY_AFTER_SECONDS[frame.code]
            asyncio.get_running_loop().call_later(delay, self._schedule_flush)
            if frame.code == "unavailable":
                self._not_stored = frame.message
                self._emit_status(self.status.state)
            return
        self.outbox.remove(frame.client_event_id)
        rejected: RejectedEvent | None = self.ledger.refused(
            frame.client_event_id, frame.code, frame.message
        )
        self.changed.emit()
        self._emit_status(self.status.state)
        if rejected is not None:
            self.refused.emit(rejected)

    def _forget(self, client_event_ids: list[str]) -> None:
        for client_event_id in client_event_ids:
            self.outbox.remove(client_event_id)

    def _schedule_flush(self) -> None:
        task = asyncio.ensure_future(self._flush())
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _flush(self) -> None:
        """Send, in entry order, every pending event not yet sent on this connection."""
        async with self._send_lock:
            while True:
                ws = self._ws
                if ws is None:
                    return
                item = next(
                    (
                        p
                        for p in self.ledger.pending
                        if p.seq is None and p.event.client_event_id not in self._sent
                    ),
                    None,
                )
                if item is None:
                    return
                self._sent.add(item.event.client_event_id)
                try:
                    await ws.send(encode(item.event))
                except ConnectionClosed:
                    return

    # --- status ----------------------------------------------------------------------

    def queued(self) -> int:
        return sum(1 for p in self.ledger.pending if p.seq is None)

    def _emit_status(
        self, state: LinkState, retry_at: float | None = None, detail: str = ""
    ) -> None:
        ws = self._ws
        latency = ws.latency * 1000 if ws is not None and ws.latency else None
        if retry_at is None and state == "reconnecting":
            retry_at = self.status.retry_at
        if state == "connected" and not detail:
            detail = self._not_stored
        self.status = ConnectionStatus(state, self.queued(), retry_at, latency, detail)
        self.statusChanged.emit(self.status)

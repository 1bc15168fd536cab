"""A match in memory: its state, its numbered log, who is connected, and what is pending.

A room takes one event at a time: it checks the event against the exactly-once map,
applies it to the latest state (so the next event is validated against it), numbers
it and hands it to the store. Nobody hears of the event until the store has committed
it; commits complete in order, so acks and broadcasts go out in ``seq`` order. The
``state``/``seq`` pair is what is committed and is all a newcomer is shown; the
``_head_*`` pair runs ahead of it by the events still being written.

Memory is bounded: the room keeps the latest ``tail_size`` events for welcomes (the
full log stays on disk) and the exactly-once map of every accepted ``clientEventId``
of the match (a few dozen bytes an event; a whole match is a few hundred events).

Two protocol versions share a room (see ``docs/protocol.md``): protocol 1 gets the whole
state with every event, protocol 2 a merge patch (:mod:`relay.patch`) against the
previous state in its own shape (:mod:`relay.shape`). Each committed event is diffed
once and encoded at most once per version, whatever the number of connections; a
welcome's state and event list are encoded once per ``seq`` (:mod:`relay.encoded`).

Commits that complete together (the store writes what queued up while the relay was
busy in one transaction) are answered and broadcast together: their frames are held
until the last of them, and each connection then gets all of its frames in one write
(``send_many``), so a relay that falls behind makes one system call per
connection for several events instead of one per event. In the order they would have
had: anything else sent to a member meanwhile (a welcome, an answer, presence) first
lets the held frames go.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from relay import encoded
from relay.backends import Appender
from relay.fan_out import fan_out, send_all
from relay.metrics import Metrics
from relay.patch import JsonObject, diff
from relay.rules import RuleError, apply
from relay.rules.events import Event
from relay.rules.state import MatchState
from relay.shape import wire_state
from relay.store import StoredEvent
from relay.wire import (
    Ack,
    Error,
    ErrorCode,
    EventFrame,
    Hello,
    LoggedEvent,
    Presence,
    Score,
    Scorer,
    encode,
)

log = logging.getLogger(__name__)
# Seconds between two presence frames of a room at least.
PRESENCE_INTERVAL = 0.5


class Member(Protocol):
    """A connection in a room, as the room sees it."""

    connection_id: str
    role: str
    client_id: str
    name: str

    def send(self, frame: bytes) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


# Held output: (member, 0, frame) for one member, (None, version, frame) for every
# member speaking that version.
Held = list[tuple["Member | None", int, bytes]]


def frame_bytes(frame: Ack | Error | EventFrame | Presence) -> bytes:
    return encode(frame).encode()


def error_frame(code: ErrorCode, message: str, client_event_id: str | None = None) -> bytes:
    return frame_bytes(Error(code=code, message=message, client_event_id=client_event_id))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class _Pending:
    """Answers to send once a seq is committed, after its own ack and broadcast."""

    after: list[tuple[Member, bytes]] = field(default_factory=list)
    written: asyncio.Future[None] | None = None  # the store's answer


class Room:
    def __init__(
        self,
        match_id: str,
        epoch: str,
        store: Appender,
        metrics: Metrics,
        *,
        tail_size: int = 1000,
        on_failure: Callable[[Room], None] = lambda room: None,
        on_idle: Callable[[Room], None] = lambda room: None,
        clock: Callable[[], int] = now_ms,
    ) -> None:
        self.match_id = match_id
        self.epoch = epoch
        self.state: MatchState | None = None
        self.seq = 0
        self.members: dict[str, Member] = {}
        # The same members by the protocol version they speak.
        self._by_version: dict[int, dict[str, Member]] = {1: {}, 2: {}}
        self.failed = False
        self._store = store
        self._metrics = metrics
        self._tail: deque[LoggedEvent] = deque(maxlen=tail_size)
        # The same, encoded for protocol 1 and for protocol 2 (compact events).
        self._tail_json: dict[int, deque[bytes]] = {
            1: deque(maxlen=tail_size),
            2: deque(maxlen=tail_size),
        }
        self._wire: JsonObject | None = None  # ``state`` in the protocol-2 shape
        self._welcome_parts: dict[str, bytes] = {}  # encoded for the current ``seq``
        self._tail_size = tail_size
        self._seen: dict[str, int] = {}
        self._head_state: MatchState | None = None
        self._head_seq = 0
        self._pending: dict[int, _Pending] = {}
        self._held: Held | None = None  # frames held back to go out together
        self._presence_scheduled = False
        self._presence_sent = -PRESENCE_INTERVAL
        self._quiet = True  # nothing sent to every member since the last heartbeat
        self._on_failure = on_failure
        self._on_idle = on_idle
        self._clock = clock  # relay time in ms: stamps events and welcomes

    # --- loading --------------------------------------------------------------------

    def restore(self, logged: Iterable[LoggedEvent], state: MatchState | None) -> None:
        """Take the log and the state replayed from it (on load from disk)."""
        for item in logged:
            self._seen[item.event.client_event_id] = item.seq
            self._remember(item, encode(item.event).encode())
            self.seq = item.seq
        self.state = self._head_state = state
        self._wire = wire_state(state) if state is not None else None
        self._head_seq = self.seq

    # --- membership -----------------------------------------------------------------

    @property
    def writing(self) -> int:
        """Events accepted and numbered, but not committed yet."""
        return self._head_seq - self.seq

    @property
    def idle(self) -> bool:
        """No connections and nothing being written: safe to drop from memory."""
        return not self.members and self.writing == 0

    def join(self, member: Member, hello: Hello, max_events: int | None = None) -> None:
        self._release()  # held events are older than the welcome: not for this member
        member.send(self.welcome(hello, member, max_events))
        self.members[member.connection_id] = member
        self._by_version.setdefault(hello.version, {})[member.connection_id] = member
        self._presence_changed()

    def leave(self, member: Member) -> None:
        if self.members.pop(member.connection_id, None) is not None:
            for members in self._by_version.values():
                members.pop(member.connection_id, None)
            self._presence_changed()

    def _presence_changed(self) -> None:
        # Coalesced: a crowd arriving at once costs one presence frame each, not one per
        # arrival for everyone already there; and at most one per PRESENCE_INTERVAL, so
        # a client that connects again and again cannot make the room flood its viewers.
        if not self._presence_scheduled:
            self._presence_scheduled = True
            loop = asyncio.get_running_loop()
            wait = self._presence_sent + PRESENCE_INTERVAL - loop.time()
            if wait > 0:
                loop.call_later(wait, self._send_presence)
            else:
                loop.call_soon(self._send_presence)

    def heartbeat(self) -> None:
        """Presence again, if nothing went to every member since the last beat: every
        connection then hears from the relay at least once a beat (``--heartbeat``), and
        a page that hears nothing for long knows its connection is dead, not the match
        quiet. Presence is a frame every client of either version already takes."""
        if self._quiet and self.members and not self._presence_scheduled:
            self._send_presence()
        self._quiet = True

    def _send_presence(self) -> None:
        self._presence_scheduled = False
        self._presence_sent = asyncio.get_running_loop().time()
        self._release()
        self._broadcast(frame_bytes(self.presence()))

    def welcome(self, hello: Hello, member: Member, max_events: int | None = None) -> bytes:
        """The welcome: the state and the events after the client's, at most ``max_events``."""
        last = hello.last_seq
        first_kept = self._tail[0].seq if self._tail else self.seq + 1
        recovered = (
            hello.epoch == self.epoch
            and last is not None
            and last <= self.seq
            and (last + 1 >= first_kept or last == self.seq)
        )
        version = hello.version
        kept = self._tail_json[version]
        events: list[bytes] | bytes
        if recovered:
            assert last is not None
            events = [
                text for logged, text in zip(self._tail, kept, strict=True) if logged.seq > last
            ]
            count = len(events)
        else:
            events = self._welcome_part(f"events{version}")
            count = len(kept)
        if max_events is not None and count > max_events:
            # The client cannot append what it is sent to what it has: it starts again.
            events = list(kept)[len(kept) - max_events :] if max_events else []
            recovered = False
        return encoded.welcome(
            match_id=self.match_id,
            role=hello.role,
            connection_id=member.connection_id,
            epoch=self.epoch,
            seq=self.seq,
            recovered=recovered,
            state=self._welcome_part(f"state{version}"),
            events=events,
            protocol=version,
            now=self._clock(),
        )

    def _welcome_part(self, name: str) -> bytes:
        """``events1``/``events2`` (the whole tail), ``state1`` or ``state2``, once per seq."""
        part = self._welcome_parts.get(name)
        if part is None:
            if name.startswith("events"):
                part = b",".join(self._tail_json[int(name[-1])])
            elif name == "state2":
                part = b"null" if self._wire is None else encoded.dumps(self._wire)
            else:
                part = encoded.state_json(self.state)
            self._welcome_parts[name] = part
        return part

    def presence(self) -> Presence:
        scorers = [
            Scorer(client_id=m.client_id, name=m.name)
            for m in self.members.values()
            if m.role == "scorer"
        ]
        viewers = sum(1 for m in self.members.values() if m.role == "viewer")
        return Presence(scorers=scorers, viewers=viewers)

    def tail(self) -> list[LoggedEvent]:
        return list(self._tail)

    # --- events ---------------------------------------------------------------------

    def submit(self, member: Member, event: Event, received: float) -> None:
        """Validate, number and persist one event; answer the sender once it is durable."""
        client_event_id = event.client_event_id
        seq = self._seen.get(client_event_id)
        if seq is not None:
            self._metrics.events_duplicate += 1
            ack = Ack(client_event_id=client_event_id, seq=seq, duplicate=True)
            self.answer(member, frame_bytes(ack))
            return
        problem = self._store.problem
        if self.failed or problem is not None:
            self._reject(member, "unavailable", not_stored(problem), event)
            return
        at = self._clock()
        stamped = event.model_copy(update={"at": at, "by": member.name})
        try:
            state, text = apply(self._head_state, stamped, at)
        except RuleError as exc:
            self._reject(member, exc.code, exc.message, event)
            return
        except Exception:
            # A fault in the rules must not cost the scorer the connection; nothing changed.
            log.exception("match %s: applying %s failed", self.match_id, client_event_id)
            self._reject(member, "rule_violation", "The relay could not apply this event.", event)
            return
        seq = self._head_seq + 1
        if state.last_seq != seq:
            state = state.model_copy(update={"last_seq": seq})
        self._head_state, self._head_seq = state, seq
        self._seen[client_event_id] = seq
        pending = self._pending[seq] = _Pending()
        event_json = encode(stamped)
        score = Score.of(state)
        record = StoredEvent(seq, client_event_id, at, event_json, text, score.home, score.away)
        logged = LoggedEvent(seq=seq, event=stamped, text=text, score=score)
        written = pending.written = self._store.append(
            self.match_id, self.epoch, record, summary(state)
        )
        written.add_done_callback(
            lambda future: self._committed(
                future, member, logged, event_json.encode(), state, received
            )
        )

    def answer(self, member: Member, frame: bytes) -> None:
        """Send an answer that needs no commit (an error, a duplicate's ack).

        It waits for the events still being written: a connection's answers then come in
        the order of its frames, and an answer judged against the latest state goes out
        only once that state is durable.
        """
        if self._head_seq == self.seq:
            self._deliver(member, frame)
        else:
            self._pending[self._head_seq].after.append((member, frame))

    def _reject(self, member: Member, code: ErrorCode, message: str, event: Event) -> None:
        self._metrics.errors[code] += 1
        self.answer(member, error_frame(code, message, event.client_event_id))

    def _committed(
        self,
        future: asyncio.Future[None],
        member: Member,
        logged: LoggedEvent,
        event_json: bytes,
        state: MatchState,
        received: float,
    ) -> None:
        seq = logged.seq
        pending = self._pending.pop(seq, _Pending())
        following = self._pending.get(seq + 1)
        next_written = following.written if following is not None else None
        # When the next commit is done too, its callback comes next: this event's frames
        # go out with its.
        together = next_written is not None and next_written.done()
        if together:
            self._hold()
        try:
            self._settle(future, member, logged, event_json, state, received, pending)
        finally:
            if not together:
                self._release()

    def _settle(
        self,
        future: asyncio.Future[None],
        member: Member,
        logged: LoggedEvent,
        event_json: bytes,
        state: MatchState,
        received: float,
        pending: _Pending,
    ) -> None:
        seq, event = logged.seq, logged.event
        error = None if future.cancelled() else future.exception()
        if future.cancelled() or error is not None:
            # Never acked: the scorer's app keeps the event and sends it again. The
            # answers waiting on this seq were judged against a state that is not on disk.
            self._metrics.errors["unavailable"] += 1
            unavailable = not_stored(self._store.problem)
            self._deliver(member, error_frame("unavailable", unavailable, event.client_event_id))
            if not self.failed:
                log.error("match %s: event %d was not stored: %s", self.match_id, seq, error)
                self.failed = True
                # After the errors for this match's other lost writes, already scheduled.
                asyncio.get_running_loop().call_soon(self._on_failure, self)
            return
        if self.failed:
            return
        self._metrics.events_accepted += 1
        self._deliver(member, frame_bytes(Ack(client_event_id=event.client_event_id, seq=seq)))
        self._publish(logged, state, event_json)
        self._metrics.broadcast_latency.observe(time.monotonic() - received)
        for waiting, frame in pending.after:
            self._deliver(waiting, frame)
        if self.idle:  # everyone left while this was being written
            self._on_idle(self)

    def _publish(
        self, logged: LoggedEvent, state: MatchState, event_json: bytes | None = None
    ) -> None:
        """Make a durable event the room's latest and send it to every connection.

        ``event_json``: the event as stored, if at hand (it is encoded once).
        """
        wire = wire_state(state)
        patch = diff(self._wire, wire)
        self.state, self.seq, self._wire = state, logged.seq, wire
        if event_json is None:
            event_json = encode(logged.event).encode()
        compact = self._remember(logged, event_json)
        self._broadcast_event(logged, compact, state, patch)

    def _remember(self, logged: LoggedEvent, event_json: bytes) -> bytes:
        """Keep an event for welcomes; returns its compact (protocol-2) encoding."""
        self._tail.append(logged)
        compact = encoded.compact_event(logged.event)
        self._tail_json[1].append(encoded.logged_event(logged, event_json))
        self._tail_json[2].append(encoded.logged_event(logged, compact, compact=True))
        self._welcome_parts.clear()
        return compact

    def _broadcast_event(
        self, logged: LoggedEvent, compact: bytes, state: MatchState, patch: JsonObject
    ) -> None:
        """One frame per protocol version, encoded only if someone speaks it."""
        for version, members in self._by_version.items():
            if not members:
                continue
            if version == 1:
                frame = frame_bytes(
                    EventFrame(
                        seq=logged.seq,
                        event=logged.event,
                        text=logged.text,
                        score=logged.score,
                        state=state,
                    )
                )
            else:
                frame = encoded.patch_event(logged.seq, compact, logged.text, patch)
            if self._held is not None:
                self._held.append((None, version, frame))
                continue
            self._to_all(list(members.values()), (frame,))

    # --- output held back to go out together ------------------------------------------

    def _hold(self) -> None:
        if self._held is None:
            self._held = []

    def _hold_for_this_tick(self) -> None:
        """Hold what is sent until the loop has run what is ready now (events that came
        in together are then sent together)."""
        if self._held is None:
            self._held = []
            asyncio.get_running_loop().call_soon(self._release)

    def _deliver(self, member: Member, frame: bytes) -> None:
        """Send to one member, after what is held for it."""
        if self._held is not None:
            self._held.append((member, 0, frame))
        else:
            member.send(frame)

    def _release(self) -> None:
        """Send what is held: each member its frames in order, in one write."""
        held, self._held = self._held, None
        if not held:
            return
        addressed = {id(m): m for m, _, _ in held if m is not None}
        for version, members in self._by_version.items():
            frames = tuple(f for m, v, f in held if m is None and v == version)
            if frames:
                self._to_all([m for m in members.values() if id(m) not in addressed], frames)
        for member in addressed.values():
            spoken = next(
                (v for v, members in self._by_version.items() if member.connection_id in members),
                None,
            )
            frames = tuple(f for m, v, f in held if m is member or (m is None and v == spoken))
            send_all(member, frames)

    def _broadcast(self, frame: bytes) -> None:
        self._to_all(list(self.members.values()), (frame,))

    def _to_all(self, members: list[Member], frames: tuple[bytes, ...]) -> None:
        # One encoded frame shared by every connection; each send returns at once.
        self._quiet = False
        fan_out(members, frames)


def not_stored(problem: str | None) -> str:
    """The words a scorer gets for an event the relay could not store."""
    why = f": {problem}" if problem else ""
    return (
        f"The relay could not store this event{why}. Your app keeps it and sends it again;"
        " tell whoever runs the relay."
    )


def summary(state: MatchState) -> str:
    """The little the match list needs, kept with each commit so listing reads no logs."""
    return json.dumps(
        {
            "phase": state.phase,
            "home": team_summary(state, "home"),
            "away": team_summary(state, "away"),
        }
    )


def team_summary(state: MatchState, side: str) -> dict[str, object]:
    team = state.home if side == "home" else state.away
    return {
        "name": team.name,
        "shortName": team.short_name,
        "color": team.color,
        "score": team.score,
    }

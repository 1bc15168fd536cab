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

from relay.backends import Appender
from relay.metrics import Metrics
from relay.rules import RuleError, apply
from relay.rules.events import Event
from relay.rules.state import MatchState
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
from relay.wire import Welcome as WelcomeFrame

log = logging.getLogger(__name__)


class Member(Protocol):
    """A connection in a room, as the room sees it."""

    connection_id: str
    role: str
    client_id: str
    name: str

    def send(self, frame: bytes) -> None: ...

    def close(self, code: int, reason: str) -> None: ...


def frame_bytes(frame: Ack | Error | EventFrame | Presence | WelcomeFrame) -> bytes:
    return encode(frame).encode()


def error_frame(code: ErrorCode, message: str, client_event_id: str | None = None) -> bytes:
    return frame_bytes(Error(code=code, message=message, client_event_id=client_event_id))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class _Pending:
    """Answers to send once a seq is committed, after its own ack and broadcast."""

    after: list[tuple[Member, bytes]] = field(default_factory=list)


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
    ) -> None:
        self.match_id = match_id
        self.epoch = epoch
        self.state: MatchState | None = None
        self.seq = 0
        self.members: dict[str, Member] = {}
        self.failed = False
        self._store = store
        self._metrics = metrics
        self._tail: deque[LoggedEvent] = deque(maxlen=tail_size)
        self._tail_size = tail_size
        self._seen: dict[str, int] = {}
        self._head_state: MatchState | None = None
        self._head_seq = 0
        self._pending: dict[int, _Pending] = {}
        self._presence_scheduled = False
        self._on_failure = on_failure
        self._on_idle = on_idle

    # --- loading --------------------------------------------------------------------

    def restore(self, logged: Iterable[LoggedEvent], state: MatchState | None) -> None:
        """Take the log and the state replayed from it (on load from disk)."""
        for item in logged:
            self._seen[item.event.client_event_id] = item.seq
            self._tail.append(item)
            self.seq = item.seq
        self.state = self._head_state = state
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
        member.send(self.welcome(hello, member, max_events))
        self.members[member.connection_id] = member
        self._presence_changed()

    def leave(self, member: Member) -> None:
        if self.members.pop(member.connection_id, None) is not None:
            self._presence_changed()

    def _presence_changed(self) -> None:
        # Coalesced: a crowd arriving at once costs one presence frame each, not one per
        # arrival for everyone already there.
        if not self._presence_scheduled:
            self._presence_scheduled = True
            asyncio.get_running_loop().call_soon(self._send_presence)

    def _send_presence(self) -> None:
        self._presence_scheduled = False
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
        if recovered:
            assert last is not None
            events = [logged for logged in self._tail if logged.seq > last]
        else:
            events = list(self._tail)
        if max_events is not None and len(events) > max_events:
            # The client cannot append what it is sent to what it has: it starts again.
            events = events[len(events) - max_events :] if max_events else []
            recovered = False
        return frame_bytes(
            WelcomeFrame(
                match_id=self.match_id,
                role=hello.role,
                connection_id=member.connection_id,
                epoch=self.epoch,
                seq=self.seq,
                recovered=recovered,
                state=self.state,
                events=events,
                now=now_ms(),
            )
        )

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
        at = now_ms()
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
        self._pending[seq] = _Pending()
        score = Score.of(state)
        record = StoredEvent(
            seq, client_event_id, at, encode(stamped), text, score.home, score.away
        )
        logged = LoggedEvent(seq=seq, event=stamped, text=text, score=score)
        written = self._store.append(self.match_id, self.epoch, record, summary(state))
        written.add_done_callback(
            lambda future: self._committed(future, member, logged, state, received)
        )

    def answer(self, member: Member, frame: bytes) -> None:
        """Send an answer that needs no commit (an error, a duplicate's ack).

        It waits for the events still being written: a connection's answers then come in
        the order of its frames, and an answer judged against the latest state goes out
        only once that state is durable.
        """
        if self._head_seq == self.seq:
            member.send(frame)
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
        state: MatchState,
        received: float,
    ) -> None:
        seq, event = logged.seq, logged.event
        pending = self._pending.pop(seq, _Pending())
        error = None if future.cancelled() else future.exception()
        if future.cancelled() or error is not None:
            # Never acked: the scorer's app keeps the event and sends it again. The
            # answers waiting on this seq were judged against a state that is not on disk.
            self._metrics.errors["unavailable"] += 1
            unavailable = not_stored(self._store.problem)
            member.send(error_frame("unavailable", unavailable, event.client_event_id))
            if not self.failed:
                log.error("match %s: event %d was not stored: %s", self.match_id, seq, error)
                self.failed = True
                # After the errors for this match's other lost writes, already scheduled.
                asyncio.get_running_loop().call_soon(self._on_failure, self)
            return
        if self.failed:
            return
        self._metrics.events_accepted += 1
        member.send(frame_bytes(Ack(client_event_id=event.client_event_id, seq=seq)))
        self._publish(logged, state)
        self._metrics.broadcast_latency.observe(time.monotonic() - received)
        for waiting, frame in pending.after:
            waiting.send(frame)
        if self.idle:  # everyone left while this was being written
            self._on_idle(self)

    def _publish(self, logged: LoggedEvent, state: MatchState) -> None:
        """Make a durable event the room's latest and send it to every connection."""
        self.state, self.seq = state, logged.seq
        self._tail.append(logged)
        broadcast = EventFrame(
            seq=logged.seq, event=logged.event, text=logged.text, score=logged.score, state=state
        )
        self._broadcast(frame_bytes(broadcast))

    def _broadcast(self, frame: bytes) -> None:
        # One encoded frame shared by every connection; each send returns at once.
        for member in list(self.members.values()):
            member.send(frame)


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

"""What the scorer knows about a match: the relay's word plus the events still in flight.

The relay is the authority. ``confirmed`` is the last state it sent and ``log`` the
events it accepted. The app speaks protocol 2: the relay sends the state whole in the
welcome and then, with each event, a merge patch against the state before it;
``wire`` is the confirmed state in that shape (:mod:`relay.shape`), the one the next
patch applies to. Events the scorer entered but the relay has not yet answered
are ``pending``; the ``preview`` is the confirmed state with the pending events
applied by the same rules engine, so scoring goes on while the network is away.
Plain Python (no Qt, no I/O) so it can be tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.stamps import now_ms
from relay.patch import JsonObject, apply_patch
from relay.rules import RuleError, apply
from relay.rules.events import Correct, Event, Review, Undo
from relay.rules.state import MatchState
from relay.shape import match_state
from relay.wire import LoggedEvent, Score

OFFSET_SAMPLES = 20


@dataclass
class PendingEvent:
    event: Event
    text: str = ""  # commentary the preview gave it
    score: Score | None = None  # the score after it, in the preview
    seq: int | None = None  # set by the ack; kept until the confirmed state passes it
    preview_error: str | None = None  # the preview could not apply it (the relay may refuse it)


class OutOfStep(Exception):
    """An event that does not follow the state we have (a gap in the seqs, or a patch that
    does not give a match state): reconnect and take the relay's state again."""


@dataclass(frozen=True)
class RejectedEvent:
    event: Event
    code: str
    message: str
    text: str = ""  # what the preview made of it


@dataclass
class Ledger:
    confirmed: MatchState | None = None
    wire: JsonObject | None = None  # ``confirmed`` as protocol 2 sends it
    log: list[LoggedEvent] = field(default_factory=list)
    pending: list[PendingEvent] = field(default_factory=list)
    rejected: list[RejectedEvent] = field(default_factory=list)
    epoch: str | None = None
    preview: MatchState | None = None
    # Relay clock minus ours, estimated from relay times that were current when sent (a
    # welcome's ``now``, the ``at`` of a live event); the largest sample is the one with
    # the least network delay in it. Events replayed in a welcome are old: they only
    # prove a lower bound, used while there is no sample at all.
    clock_offset_ms: int | None = None
    _offset_samples: list[int] = field(default_factory=list)
    _offset_floor: int | None = None

    def relay_now(self) -> int:
        """The relay's clock now, as well as we can tell (match and raid clocks use it)."""
        return now_ms() + (self.clock_offset_ms or 0)

    def note_relay_time(self, at: int | None, received_ms: int) -> None:
        """A relay time that was the relay's "now" when it sent it (received at ``received_ms``)."""
        if at is None:
            return
        self._offset_samples = [*self._offset_samples[-(OFFSET_SAMPLES - 1) :], at - received_ms]
        self.clock_offset_ms = max(self._offset_samples)

    def note_past_relay_time(self, at: int | None, received_ms: int) -> None:
        """A relay time from the past (a replayed event): the relay is at least this far on."""
        if at is None:
            return
        floor = at - received_ms
        self._offset_floor = floor if self._offset_floor is None else max(self._offset_floor, floor)
        if not self._offset_samples:
            self.clock_offset_ms = max(0, self._offset_floor)

    @property
    def last_seq(self) -> int:
        return self.log[-1].seq if self.log else 0

    # --- what the relay says ---------------------------------------------------------

    def welcome(
        self, epoch: str, state: MatchState | None, events: list[LoggedEvent], recovered: bool
    ) -> list[str]:
        """The relay's view on (re)connecting; returns ids of pending events it already has."""
        if not recovered or epoch != self.epoch:
            self.log = []
        known = self.last_seq
        self.log.extend(e for e in events if e.seq > known)
        self.epoch = epoch
        self.confirmed = state
        return self._forget_confirmed()

    def welcome_wire(
        self,
        epoch: str,
        wire: JsonObject | None,
        events: list[LoggedEvent],
        recovered: bool,
        ignored: set[str] | None = None,
    ) -> list[str]:
        """A protocol-2 welcome: ``wire`` is the state in the protocol-2 shape; members
        this version does not know are left out of ``confirmed`` (their paths go to
        ``ignored``)."""
        try:
            state = match_state(wire, ignored) if wire is not None else None
        except ValueError as exc:
            raise OutOfStep(f"the welcome's state is not a match state: {exc}") from None
        done = self.welcome(epoch, state, events, recovered)
        self.wire = wire
        return done

    def patched(
        self,
        seq: int,
        event: Event,
        text: str,
        patch: JsonObject,
        ignored: set[str] | None = None,
    ) -> list[str] | None:
        """A protocol-2 ``event``: None when we already had it, else ids of pending events
        done. Raises :class:`OutOfStep` when it does not follow the state we have."""
        if seq <= self.last_seq:
            return None
        if seq != self.last_seq + 1 or (self.wire is None and seq != 1):
            raise OutOfStep(f"event {seq} came after {self.last_seq}: some went missing")
        wire = apply_patch(self.wire, patch)
        try:
            state = match_state(wire, ignored)
        except ValueError as exc:
            raise OutOfStep(f"event {seq} does not apply to the state here: {exc}") from None
        self.wire = wire
        logged = LoggedEvent(seq=seq, event=event, text=text, score=Score.of(state))
        return self.accepted(logged, state)

    def accepted(self, logged: LoggedEvent, state: MatchState) -> list[str] | None:
        """An ``event`` frame: None when we already had it, else ids of pending events done."""
        if logged.seq <= self.last_seq:
            return None
        self.log.append(logged)
        self.confirmed = state
        return self._forget_confirmed()

    def acked(self, client_event_id: str, seq: int) -> None:
        for item in self.pending:
            if item.event.client_event_id == client_event_id:
                item.seq = seq
        self._forget_confirmed()

    def refused(self, client_event_id: str, code: str, message: str) -> RejectedEvent | None:
        for item in self.pending:
            if item.event.client_event_id == client_event_id:
                self.pending.remove(item)
                rejected = RejectedEvent(item.event, code, message, item.text)
                self.rejected.append(rejected)
                self.recompute()
                return rejected
        return None

    # --- what the scorer does --------------------------------------------------------

    def enter(self, event: Event, now: int) -> PendingEvent:
        item = PendingEvent(event)
        self.pending.append(item)
        self.recompute(now)
        return item

    def check(self, event: Event, now: int) -> str | None:
        """Why the rules would refuse ``event`` on the preview, or None if they accept it."""
        if isinstance(event, Undo):
            return None
        try:
            apply(self.preview, event, now)
        except RuleError as exc:
            return exc.message
        return None

    def latest_in_effect(self) -> LoggedEvent | None:
        """The event an ``undo`` would take back: the latest accepted one not undone."""
        stack: list[LoggedEvent] = []
        for logged in self.log:
            if isinstance(logged.event, Undo):
                stack = [e for e in stack if e.seq != logged.event.target_seq]
            else:
                stack.append(logged)
        return stack[-1] if stack else None

    # --- the preview -----------------------------------------------------------------

    def recompute(self, now: int | None = None) -> None:
        state = self.confirmed
        for item in self.pending:
            if isinstance(item.event, Undo):
                item.text = "Undo (waiting for the relay)"
                continue
            if isinstance(item.event, Correct | Review):
                # The relay's state has no history to replay; the relay applies it.
                item.text = f"{item.event.type.capitalize()} (waiting for the relay)"
                continue
            at = now if now is not None else max(self.relay_now(), _last_at(state))
            try:
                state, item.text = apply(state, item.event, at)
                item.score = Score.of(state)
                item.preview_error = None
            except RuleError as exc:
                item.preview_error = exc.message
        self.preview = state

    def _forget_confirmed(self) -> list[str]:
        """Drop pending events the log now holds; returns their client event ids."""
        seq = self.last_seq
        logged = {e.event.client_event_id for e in self.log}
        done = [
            p
            for p in self.pending
            if (p.seq is not None and p.seq <= seq) or p.event.client_event_id in logged
        ]
        self.pending = [p for p in self.pending if p not in done]
        self.recompute()
        return [p.event.client_event_id for p in done]


def _last_at(state: MatchState | None) -> int:
    return state.last_event_at if state else 0

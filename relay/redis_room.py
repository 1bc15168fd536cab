"""A match in memory on a node that shares it with other nodes through Redis.

The order of a match's events is decided in Redis, not here: a scorer's event is
validated against the latest state this node has, then appended by ``kabaddi_append``
on the condition that the head is still the seq it was validated against. When another
node got there first (a conflict) the room reads the entries it missed from the stream,
applies them with the rules engine, and validates the event again.

One worker per room does everything that changes the room, one job at a time in the
order the frames arrived: appends, catching up with the stream, late joins and the
answers that need none of these. A connection's answers therefore come in the order of
its frames, and an ack or a broadcast goes out only after Redis took the event.

Events appended by other nodes arrive from :mod:`relay.redis_fanout`; the next one in
order is applied at once, anything else (a gap, a reconnect, a head further on than the
room) makes the worker read the stream before it does anything newer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from redis.exceptions import RedisError

from relay.backends.redis_log import Head, RedisLog
from relay.logbook import EVENT
from relay.metrics import Metrics
from relay.room import Member, Room, error_frame, frame_bytes, now_ms, summary
from relay.rules import RuleError, apply
from relay.rules.events import Event, Setup
from relay.store import StoredEvent
from relay.wire import Ack, ErrorCode, Hello, LoggedEvent, Score, encode

log = logging.getLogger(__name__)

# Conflicts in a row before a scorer is told to re-send (each one means progress elsewhere).
MAX_ATTEMPTS = 20
UNAVAILABLE = (
    "The match store (Redis) is unavailable: this event is not acknowledged. "
    "Keep it and send it again."
)


@dataclass(frozen=True)
class _Submit:
    member: Member
    event: Event
    received: float


@dataclass(frozen=True)
class _Answer:
    member: Member
    frame: bytes


@dataclass(frozen=True)
class _Join:
    member: Member
    hello: Hello
    max_events: int | None


_Job = _Submit | _Answer | _Join


class _NoLocalAppends:
    """The embedded path of :class:`Room` numbers events itself; this room never takes it."""

    def append(
        self, match_id: str, epoch: str, record: StoredEvent, summary: str
    ) -> asyncio.Future[None]:
        raise AssertionError("a Redis room appends through kabaddi_append")

    @property
    def problem(self) -> str | None:
        return None


class RedisRoom(Room):
    def __init__(
        self,
        match_id: str,
        epoch: str,
        redis_log: RedisLog,
        metrics: Metrics,
        *,
        tail_size: int = 1000,
        on_failure: Callable[[Room], None] = lambda room: None,
        on_idle: Callable[[Room], None] = lambda room: None,
    ) -> None:
        super().__init__(
            match_id,
            epoch,
            _NoLocalAppends(),
            metrics,
            tail_size=tail_size,
            on_failure=on_failure,
            on_idle=on_idle,
        )
        self._log = redis_log
        self._jobs: deque[_Job] = deque()
        self._wake = asyncio.Event()
        self._busy = False
        self._behind = False
        self._joining: set[str] = set()
        self._worker: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._worker = asyncio.get_running_loop().create_task(
            self._work(), name=f"room-{self.match_id}"
        )

    async def stop(self) -> None:
        worker = self._worker
        if worker is None or worker is asyncio.current_task():
            return
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker

    @property
    def writing(self) -> int:
        return len(self._jobs) + (1 if self._busy else 0)

    # --- from connections -----------------------------------------------------------

    def join(self, member: Member, hello: Hello, max_events: int | None = None) -> None:
        behind = (
            hello.epoch == self.epoch and hello.last_seq is not None and hello.last_seq > self.seq
        )
        if not behind:
            super().join(member, hello, max_events)
            return
        # The client saw more on another node than this one has read: catch up first, so
        # it is welcomed with exactly what it missed.
        self._joining.add(member.connection_id)
        self._behind = True
        self._enqueue(_Join(member, hello, max_events))

    def leave(self, member: Member) -> None:
        self._joining.discard(member.connection_id)
        super().leave(member)

    def submit(self, member: Member, event: Event, received: float) -> None:
        if self.failed:  # being dropped: its connections are closing
            self._refuse(member, "unavailable", UNAVAILABLE, event)
            return
        self._enqueue(_Submit(member, event, received))

    def answer(self, member: Member, frame: bytes) -> None:
        if (self._jobs or self._busy) and not self.failed:
            self._enqueue(_Answer(member, frame))
        else:
            self._deliver(member, frame)

    # --- from Redis -----------------------------------------------------------------

    def notify(self, record: StoredEvent) -> None:
        """An entry published by a node (this one included)."""
        if record.seq <= self.seq:
            return
        if record.seq == self.seq + 1 and not self._busy and not self._jobs and not self._behind:
            # Messages read together (a node that fell behind) go out together.
            self._hold_for_this_tick()
            self._apply_entry(record)
        else:
            self.request_sync()

    def check_head(self, head: Head) -> None:
        """What Redis says of the match: a new epoch resets the room, a later head fills in."""
        if head.epoch != self.epoch:
            self._reset(f"epoch {self.epoch} -> {head.epoch}")
        elif head.seq != self.seq:
            # Read before this room's latest appends, maybe: the worker reads again, head
            # and entries at once, and only there is a head behind the room a loss.
            self.request_sync()

    def request_sync(self) -> None:
        self._behind = True
        self._wake.set()

    # --- the worker -----------------------------------------------------------------

    def _enqueue(self, job: _Job) -> None:
        self._jobs.append(job)
        self._wake.set()

    async def _work(self) -> None:
        while not self.failed:
            if not self._jobs and not self._behind:
                self._wake.clear()
                await self._wake.wait()
                continue
            self._busy = True
            try:
                if self._behind:
                    await self._sync_quietly()
                if self._jobs:
                    if len(self._jobs) > 1:
                        # Frames that queued up while the room was busy: their answers
                        # and broadcasts go out together once the queue is empty.
                        self._hold()
                    await self._run(self._jobs.popleft())
            except Exception:
                log.exception("match %s: a job failed", self.match_id)
            finally:
                self._busy = False
                if not self._jobs:
                    self._release()
            if self.idle:
                self._on_idle(self)

    async def _run(self, job: _Job) -> None:
        if isinstance(job, _Answer):
            self._deliver(job.member, job.frame)
        elif isinstance(job, _Join):
            if job.member.connection_id in self._joining:
                self._joining.discard(job.member.connection_id)
                super().join(job.member, job.hello, job.max_events)
        else:
            await self._submit(job)

    async def _sync_quietly(self) -> None:
        try:
            await self._sync()
        except (RedisError, OSError) as exc:
            # Tried again by the head check once Redis answers.
            log.debug("match %s: reading the stream failed: %s", self.match_id, exc)
            self._behind = False

    async def _sync(self) -> None:
        """Apply every entry after this room's seq, reading the stream until its head."""
        self._behind = False
        while True:
            head, records = await self._log.read_since(self.match_id, self.seq)
            if head.epoch != self.epoch:
                self._reset(f"epoch {self.epoch} -> {head.epoch}")
                return
            if head.seq < self.seq:  # Redis lost events (it ran without the settings)
                self._reset(f"Redis has {head.seq} events, this room {self.seq}")
                return
            if records:
                self._hold_for_this_tick()
            for record in records:
                if record.seq != self.seq + 1:
                    log.error("match %s: stream jumps from %d", self.match_id, self.seq)
                    self._reset("stream out of order")
                    return
                self._apply_entry(record)
            if not records or self.seq >= head.seq:
                return

    def _apply_entry(self, record: StoredEvent) -> None:
        """Apply an entry from the log with the rules, as every node does, and show it."""
        event = EVENT.validate_json(record.event)
        try:
            state, _ = apply(self.state, event, record.at)
        except RuleError as exc:
            # Another node accepted what these rules refuse: they run different rules.
            log.error("match %s: entry %d refused here: %s", self.match_id, record.seq, exc)
            self._reset("rules disagree")
            return
        if state.last_seq != record.seq:
            state = state.model_copy(update={"last_seq": record.seq})
        self._seen[record.client_event_id] = record.seq
        score = Score.of(state)
        self._publish(
            LoggedEvent(seq=record.seq, event=event, text=record.text, score=score),
            state,
            record.event.encode(),
        )

    def _reset(self, why: str) -> None:
        """Redis no longer has what this room shows: drop it, its clients start again."""
        if self.failed:
            return
        log.warning("match %s is reloaded from Redis: %s", self.match_id, why)
        self.failed = True
        for job in self._jobs:
            if isinstance(job, _Submit):
                self._refuse(job.member, "unavailable", UNAVAILABLE, job.event)
        self._jobs.clear()
        self._wake.set()
        self._on_failure(self)

    async def _submit(self, job: _Submit) -> None:
        member, event = job.member, job.event
        client_event_id = event.client_event_id
        for _ in range(MAX_ATTEMPTS):
            seq = self._seen.get(client_event_id)
            if seq is not None:
                self._duplicate(member, client_event_id, seq)
                return
            at = now_ms()
            stamped = event.model_copy(update={"at": at, "by": member.name})
            try:
                state, text = apply(self.state, stamped, at)
            except RuleError as exc:
                # A verdict on this node's latest state, which may be behind Redis: give it
                # only once the room is current (the event may even be there already).
                try:
                    current = await self._current()
                except (RedisError, OSError):
                    self._refuse(member, "unavailable", UNAVAILABLE, event)
                    return
                if current:
                    self._refuse(member, exc.code, exc.message, event)
                    return
                if self.failed:
                    self._refuse(member, "unavailable", UNAVAILABLE, event)
                    return
                continue
            except Exception:
                log.exception("match %s: applying %s failed", self.match_id, client_event_id)
                self._refuse(
                    member, "rule_violation", "The relay could not apply this event.", event
                )
                return
            seq = self.seq + 1
            if state.last_seq != seq:
                state = state.model_copy(update={"last_seq": seq})
            score = Score.of(state)
            record = StoredEvent(
                seq, client_event_id, at, encode(stamped), text, score.home, score.away
            )
            try:
                done = await self._log.append_after(
                    self.match_id,
                    self.epoch,
                    self.seq,
                    record,
                    summary(state),
                    new_match=isinstance(event, Setup) and self.seq == 0,
                )
            except (RedisError, OSError) as exc:
                # Maybe written, maybe not: read the stream before the next append.
                log.debug("match %s: append failed: %s", self.match_id, exc)
                self._log.failed_appends += 1
                self._behind = True
                self._refuse(member, "unavailable", UNAVAILABLE, event)
                return
            if done.outcome == "appended":
                self._seen[client_event_id] = seq
                self._metrics.events_accepted += 1
                self._deliver(member, frame_bytes(Ack(client_event_id=client_event_id, seq=seq)))
                logged = LoggedEvent(seq=seq, event=stamped, text=text, score=score)
                self._publish(logged, state, record.event.encode())
                self._metrics.broadcast_latency.observe(time.monotonic() - job.received)
                return
            if done.outcome == "quota":
                message = (
                    f"This relay has set up {self._log.setups_per_day} matches today (UTC),"
                    " its limit; ask its operator to raise --max-matches-per-day."
                )
                self._refuse(member, "limit_reached", message, event)
                return
            if done.outcome == "epoch":
                self._refuse(member, "unavailable", UNAVAILABLE, event)
                self._reset(f"epoch {self.epoch} -> {done.epoch or 'none'}")
                return
            # A duplicate or a conflict: another node appended meanwhile; read it first.
            if done.outcome == "duplicate":
                await self._sync_quietly()
                self._duplicate(member, client_event_id, done.seq)
                return
            try:
                await self._sync()
            except (RedisError, OSError) as exc:
                log.warning("match %s: reading the stream failed: %s", self.match_id, exc)
                self._behind = True
                self._refuse(member, "unavailable", UNAVAILABLE, event)
                return
            if self.failed:
                self._refuse(member, "unavailable", UNAVAILABLE, event)
                return
        self._refuse(member, "unavailable", "The match is too busy; send this event again.", event)

    async def _current(self) -> bool:
        """Whether this room has every entry of its match; if not, read the missing ones."""
        head = await self._log.head(self.match_id)
        if head.epoch == self.epoch and head.seq == self.seq:
            return True
        await self._sync()
        return False

    def _duplicate(self, member: Member, client_event_id: str, seq: int) -> None:
        self._metrics.events_duplicate += 1
        self._deliver(
            member, frame_bytes(Ack(client_event_id=client_event_id, seq=seq, duplicate=True))
        )

    def _refuse(self, member: Member, code: ErrorCode, message: str, event: Event) -> None:
        # Sent now, not through answer(): the worker is already in the frames' order.
        self._metrics.errors[code] += 1
        self._deliver(member, error_frame(code, message, event.client_event_id))

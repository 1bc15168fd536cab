"""The load generator's clients: a viewer and a scorer that speak the wire contract.

Both reconnect by themselves (``hello`` with ``lastSeq`` and ``epoch``), check that
``seq`` numbers arrive without gaps, and keep the last match state they saw. The
scorer stamps its send time (``time.monotonic_ns()``, system-wide on Linux, so
comparable across processes) into each ``clientEventId``; every client that receives
the ``event`` frame for it measures send-to-receive latency from that.

Frames are handled as plain JSON (no model validation) so that the clients stay
cheap and work against the reference relays too.

Protocol 2 (``ClientConfig.protocol``): a scorer applies each ``event``'s merge patch
to its state (it picks raids from it). A viewer takes the cheap path and keeps, in
place of the state, a hash of the welcome's state and every event frame after it in
order: viewers that end with the same hash were sent the same patches from the same
state. (That the patches rebuild the relay's state is the test suite's job.)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import re
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from bench import lean_ws
from relay.patch import apply_patch
from relay.rules.demo import demo_setup
from relay.rules.settings import SettingsOverrides

Json = dict[str, Any]
EVENT_HEAD = b'{"type":"event"'
HEAD_BYTES = 400
SEQ = re.compile(rb'^\{"type":"event","seq":(\d+),')
# The Go reference relay's frames: keys in alphabetical order, "type" last.
GO_EVENT_HEAD = b'{"at":'
GO_SEQ = re.compile(rb'"seq":(\d+),"state":')
CID = re.compile(rb'"clientEventId": ?"([^"]{1,64})"')
OPEN_TIMEOUT = 10.0


def now_ns() -> int:
    return time.monotonic_ns()


def state_hash(state: Any) -> str | None:
    if state is None:
        return None
    text = json.dumps(state, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sent_ns(client_event_id: Any) -> int | None:
    """The send time a load-generator scorer put in a ``clientEventId``, if any."""
    if not isinstance(client_event_id, str) or not client_event_id.startswith("lg"):
        return None
    try:
        return int(client_event_id.rsplit("-", 1)[1])
    except (IndexError, ValueError):
        return None


def connect_error_kind(exc: BaseException) -> str:
    """Why a connection attempt failed, in a few words (``InvalidStatus 503``)."""
    if isinstance(exc, InvalidStatus):
        return f"HTTP {exc.response.status_code}"
    if isinstance(exc, lean_ws.HandshakeRefused):
        return f"HTTP {exc.status}"
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{type(exc).__name__} errno {exc.errno}"
    cause = exc.__cause__
    return type(exc).__name__ + (f" ({type(cause).__name__})" if cause is not None else "")


@dataclass
class ClientConfig:
    url: str
    match_id: str = "bench"
    token: str | None = None
    reconnect: bool = True
    backoff_s: tuple[float, float] = (0.05, 1.0)
    stall_after_s: float | None = None  # stop reading the socket entirely after this long
    abort_after_s: float | None = None  # drop the TCP connection without a close frame
    protocol: int = 1  # the wire protocol version to ask for in hello
    lean: bool = False  # a viewer on bench.lean_ws instead of websockets' client


@dataclass
class ClientRecord:
    """What one client saw; JSON-able for the coordinator."""

    name: str
    role: str
    connects: int = 0
    failed_connects: int = 0
    connect_errors: dict[str, int] = field(default_factory=dict)  # why, by kind
    closes: list[list[Any]] = field(default_factory=list)  # [code, reason, t_ns]
    frames: int = 0
    events: int = 0
    latencies_us: list[int] = field(default_factory=list)
    event_bytes: int = 0  # bytes of the event frames read on the cheap path
    gaps: int = 0
    repeats: int = 0
    resets: int = 0  # welcomes with recovered=false after the first
    last_seq: int = 0
    epoch: str | None = None
    state_hash: str | None = None
    recover_ms: list[float] = field(default_factory=list)
    first_event_ns: int | None = None
    last_event_ns: int | None = None
    stalled: bool = False
    aborted: bool = False


class Client:
    """A connection that follows one match; the viewer as is, the base of the scorer."""

    role = "viewer"

    def __init__(self, name: str, config: ClientConfig) -> None:
        self.name = name
        self.config = config
        self.record = ClientRecord(name=name, role=self.role)
        self.state: Any = None
        self.ws: ClientConnection | None = None
        self.welcomed = asyncio.Event()
        self._down_since: int | None = None
        self._last_event_frame: bytes | None = None  # newest event frame, parsed at the end
        self._chain: Any = None  # protocol 2: hash of the welcome state and frames since
        self._stopping = False

    def hello(self) -> Json:
        hello: Json = {"type": "hello", "role": self.role, "matchId": self.config.match_id}
        if self.config.protocol != 1:
            hello["protocol"] = self.config.protocol
        if self.record.epoch is not None:
            hello["lastSeq"] = self.record.last_seq
            hello["epoch"] = self.record.epoch
        return hello

    async def run(self, until: asyncio.Event) -> None:
        """Stays connected (reconnecting as needed) until ``until`` is set."""
        started = now_ns()
        rng = random.Random(self.name)
        delay = self.config.backoff_s[0]
        lean = self.config.lean and self.role == "viewer" and not self._faulty
        while not until.is_set():
            try:
                if lean:
                    connection = await lean_ws.connect(
                        self.config.url, self.on_message, OPEN_TIMEOUT
                    )
                    self.record.connects += 1
                    delay = self.config.backoff_s[0]
                    connection.send_text(json.dumps(self.hello()).encode())
                    await self._lean_session(connection, until)
                else:
                    async with connect(
                        self.config.url, open_timeout=OPEN_TIMEOUT, max_size=None, compression=None
                    ) as ws:
                        self.ws = ws
                        self.record.connects += 1
                        delay = self.config.backoff_s[0]
                        await ws.send(json.dumps(self.hello()))
                        await self._session(ws, until, started)
            except (
                OSError,
                InvalidHandshake,
                InvalidStatus,
                TimeoutError,
                lean_ws.HandshakeRefused,
                lean_ws.HandshakeFailed,
            ) as exc:
                self.record.failed_connects += 1
                why = connect_error_kind(exc)
                self.record.connect_errors[why] = self.record.connect_errors.get(why, 0) + 1
            except ConnectionClosed:
                pass
            finally:
                self.ws = None
                self.on_disconnect()
            if self._down_since is None:
                self._down_since = now_ns()
            if until.is_set() or not self.config.reconnect or self.record.stalled:
                return
            if self.record.aborted:
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(until.wait(), delay * (0.5 + rng.random()))
            delay = min(delay * 2, self.config.backoff_s[1])

    @property
    def _faulty(self) -> bool:
        return self.config.stall_after_s is not None or self.config.abort_after_s is not None

    async def _lean_session(self, connection: lean_ws.LeanConnection, until: asyncio.Event) -> None:
        stopper = asyncio.create_task(until.wait())
        either: set[asyncio.Future[Any]] = {connection.closed, stopper}
        try:
            await asyncio.wait(either, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
            if not connection.closed.done():
                connection.close()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(connection.closed), 5)
                connection.abort()
            else:
                closed = [connection.close_code, connection.close_reason, now_ns()]
                self.record.closes.append(closed)

    async def _session(self, ws: ClientConnection, until: asyncio.Event, started: int) -> None:
        reader = asyncio.create_task(self._read(ws))
        stopper = asyncio.create_task(until.wait())
        faults = asyncio.create_task(self._faults(ws, started))
        try:
            await asyncio.wait({reader, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (stopper, faults):
                task.cancel()
            if not reader.done():
                self._stopping = True
                if self.record.stalled:
                    ws.transport.abort()  # it cannot read a close handshake
                await ws.close()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(reader, 5)
                reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await reader

    async def _faults(self, ws: ClientConnection, started: int) -> None:
        cfg = self.config
        if cfg.stall_after_s is not None:
            await asyncio.sleep(max(0.0, cfg.stall_after_s - (now_ns() - started) / 1e9))
            self.record.stalled = True
            ws.transport.pause_reading()  # stop reading the socket entirely
        elif cfg.abort_after_s is not None:
            await asyncio.sleep(max(0.0, cfg.abort_after_s - (now_ns() - started) / 1e9))
            self.record.aborted = True
            ws.transport.abort()  # no close frame, no FIN

    async def _read(self, ws: ClientConnection) -> None:
        try:
            while True:
                data = await ws.recv(decode=False)
                self.on_message(data, now_ns())
        finally:
            if not self._stopping:
                self.record.closes.append([ws.close_code, ws.close_reason or "", now_ns()])
            self._stopping = False

    def on_message(self, data: bytes, received: int) -> None:
        self.record.frames += 1
        if self._chain is not None and data.startswith(EVENT_HEAD):
            self._chain.update(data)
        if not self.on_event_bytes(data, received):
            self.on_frame(json.loads(data), received)

    def on_event_bytes(self, data: bytes, received: int) -> bool:
        """The cheap path for ``event`` frames: seq and clientEventId read from the head of
        the frame, the state parsed only at the end. False: parse the whole frame."""
        if data.startswith(EVENT_HEAD):
            head = data[:HEAD_BYTES]
            seq = SEQ.search(head)
        elif data.startswith(GO_EVENT_HEAD) and data.endswith(b'"type":"event"}'):
            head = data
            seq = GO_SEQ.search(head)
        else:
            return False
        cid = CID.search(head)
        if seq is None or cid is None:
            return False
        event = {"clientEventId": cid.group(1).decode()}
        self.on_event(int(seq.group(1)), event, None, received)
        if self._chain is None:
            self._last_event_frame = data
        self.record.event_bytes += len(data)
        return True

    def on_disconnect(self) -> None:
        self.welcomed.clear()

    def on_frame(self, frame: Json, received: int) -> None:
        kind = frame.get("type")
        if kind == "event":
            state = frame.get("state")
            if "patch" in frame and frame["seq"] == self.record.last_seq + 1:
                state = apply_patch(self.state, frame["patch"])
            self.on_event(frame["seq"], frame.get("event") or {}, state, received)
        elif kind == "welcome":
            self.on_welcome(frame, received)

    def on_welcome(self, frame: Json, received: int) -> None:
        record = self.record
        first = record.epoch is None
        if not first and not frame.get("recovered"):
            record.resets += 1
        if first or not frame.get("recovered"):
            record.last_seq = frame["seq"] - len(frame.get("events") or [])
        record.epoch = frame.get("epoch")
        for logged in frame.get("events") or []:
            self.on_event(logged["seq"], logged.get("event") or {}, None, None)
        record.last_seq = max(record.last_seq, frame["seq"])
        self.state = frame.get("state")
        self._last_event_frame = None
        if frame.get("protocol") == 2:
            self._chain = hashlib.sha256(json.dumps(self.state, sort_keys=True).encode())
        if self._down_since is not None:
            record.recover_ms.append((received - self._down_since) / 1e6)
            self._down_since = None
        self.welcomed.set()

    def on_event(self, seq: int, event: Json, state: Any, received: int | None) -> None:
        record = self.record
        if seq <= record.last_seq:
            record.repeats += 1
            return
        if seq != record.last_seq + 1:
            record.gaps += 1
        record.last_seq = seq
        if state is not None:
            self.state = state
            self._last_event_frame = None
        if received is None:
            return
        record.events += 1
        if record.first_event_ns is None:
            record.first_event_ns = received
        record.last_event_ns = received
        sent = sent_ns(event.get("clientEventId"))
        if sent is not None:
            record.latencies_us.append((received - sent) // 1000)

    def finish(self) -> ClientRecord:
        if self._chain is not None:
            self.record.state_hash = "chain-" + self._chain.hexdigest()[:16]
            return self.record
        if self._last_event_frame is not None:
            self.state = json.loads(self._last_event_frame).get("state")
        self.record.state_hash = state_hash(self.state)
        return self.record


@dataclass
class ScorerConfig:
    rate: float = 10.0  # frames per second, all kinds together
    duration_s: float = 10.0
    sets_up: bool = False  # the first scorer sends setup and clock start
    kind: str = "raid"  # "raid": valid raids for the turn; "technical": never depends on state
    invalid_every: int = 0  # every n-th frame is invalid (0: never)
    duplicate_every: int = 0  # every n-th frame re-sends an acknowledged event (0: never)
    seed: int = 0
    expect_answers: bool = True  # False against the reference relay, which never answers
    turn: tuple[int, int] = (0, 1)  # (this scorer's index, scorers): who calls which raid


@dataclass
class ScorerRecord:
    sent: int = 0  # frames put on a socket, re-sends included
    sent_valid: int = 0
    sent_invalid: int = 0
    sent_duplicates: int = 0
    resent_after_reconnect: int = 0
    acks: int = 0
    duplicate_acks: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    error_samples: dict[str, str] = field(default_factory=dict)  # code -> one message
    unanswered_at_close: int = 0  # frames whose connection closed before the answer
    unexpected_answers: int = 0  # an answer for nothing outstanding: answered twice
    wrong_duplicate_answers: int = 0  # a duplicate not acked with its original seq
    acked: dict[str, int] = field(default_factory=dict)  # clientEventId -> seq
    max_acked_seq: int = 0
    unacked_at_end: int = 0


class Scorer(Client):
    """A scorer: sends at a set rate, keeps what it sent and the answer each frame got."""

    role = "scorer"

    def __init__(self, name: str, config: ClientConfig, scorer: ScorerConfig) -> None:
        super().__init__(name, config)
        self.scorer = scorer
        self.tally = ScorerRecord()
        self.rng = random.Random(scorer.seed)
        self._count = 0
        self._unacked: OrderedDict[str, str] = OrderedDict()  # valid events not yet answered
        self._texts: dict[str, str] = {}  # acknowledged events, for duplicates
        self._outstanding: list[str | None] = []  # this connection's frames awaiting answers
        self._sent_setup = False
        self._raided_at = -1  # lastSeq of the state our latest raid was chosen from
        self._invalid_count = 0
        self._sent_start = False
        self._done_sending = False
        self._sending: set[asyncio.Task[None]] = set()

    def hello(self) -> Json:
        hello = super().hello()
        hello.update(token=self.config.token, clientId=self.name, name=self.name[:40])
        return hello

    def on_disconnect(self) -> None:
        super().on_disconnect()
        self.tally.unanswered_at_close += len(self._outstanding)
        self._outstanding = []

    def on_welcome(self, frame: Json, received: int) -> None:
        super().on_welcome(frame, received)
        # Re-send, in order, what the relay never answered on the previous connection.
        if self.ws is not None:
            for cid, text in self._unacked.items():
                self._send(text, cid)
                self.tally.resent_after_reconnect += 1

    def on_event_bytes(self, data: bytes, received: int) -> bool:
        return False  # a scorer needs every state to pick its raids

    def on_frame(self, frame: Json, received: int) -> None:
        kind = frame.get("type")
        if kind == "ack" or kind == "error":
            self._on_answer(frame)
        else:
            super().on_frame(frame, received)

    def _on_answer(self, frame: Json) -> None:
        cid: str | None = frame.get("clientEventId")
        if cid in self._outstanding:
            self._outstanding.remove(cid)
        elif cid is None and None in self._outstanding:
            self._outstanding.remove(None)
        else:
            self.tally.unexpected_answers += 1
            return
        tally = self.tally
        if frame["type"] == "ack" and cid is not None:
            tally.acks += 1
            seq = frame["seq"]
            if frame.get("duplicate"):
                tally.duplicate_acks += 1
                if cid in tally.acked and tally.acked[cid] != seq:
                    tally.wrong_duplicate_answers += 1
            tally.acked.setdefault(cid, seq)
            tally.max_acked_seq = max(tally.max_acked_seq, seq)
            text = self._unacked.pop(cid, None)
            if text is not None:
                self._texts[cid] = text
        else:
            code = frame.get("code", "?")
            tally.errors[code] = tally.errors.get(code, 0) + 1
            tally.error_samples.setdefault(code, str(frame.get("message", ""))[:200])
            if cid is not None and code != "rate_limited":
                self._unacked.pop(cid, None)

    def _send(self, text: str, cid: str | None) -> bool:
        ws = self.ws
        if ws is None or not self.welcomed.is_set():
            return False
        if self.scorer.expect_answers:
            self._outstanding.append(cid)
        self.tally.sent += 1
        # Fire and forget: the answer comes back on the reader.
        task = asyncio.get_running_loop().create_task(_quiet_send(ws, text))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        return True

    def _cid(self) -> str:
        self._count += 1
        return f"lg{self.name}-{self._count}-{now_ns()}"

    def next_frame(self) -> tuple[str, str | None, str] | None:
        """The next frame to send: (text, clientEventId, kind) or None to skip a tick."""
        cfg = self.scorer
        n = self._count + 1
        if cfg.invalid_every and n % cfg.invalid_every == 0:
            return self._invalid()
        if cfg.duplicate_every and n % cfg.duplicate_every == 0 and self._texts:
            cid = self.rng.choice(list(self._texts))
            self._count += 1
            return self._texts[cid], cid, "duplicate"
        event = self._valid_event()
        if event is None:
            return None
        event["clientEventId"] = cid = self._cid()
        return json.dumps(event, separators=(",", ":")), cid, "valid"

    def _valid_event(self) -> Json | None:
        state = self.state
        cfg = self.scorer
        if cfg.kind == "technical":
            if state is None and cfg.sets_up and not self._sent_setup:
                return self._setup()
            team = "home" if self._count % 2 else "away"
            return {"type": "technical", "team": team, "points": 1, "reason": "bench"}
        if state is None:
            return self._setup() if cfg.sets_up and not self._sent_setup else None
        if state.get("phase") == "scheduled":
            if cfg.sets_up and not self._sent_start:
                self._sent_start = True
                return {"type": "clock", "action": "start"}
            return None
        seq = state.get("lastSeq", 0)
        index, count = cfg.turn
        if seq <= self._raided_at or seq % count != index:
            # Scorers take turns calling raids (by seq), and call one per state they saw;
            # otherwise a technical point, valid in any turn. Raids can still clash on
            # stale state: the relay refuses those with rule_violation.
            return {"type": "technical", "team": "home", "points": 1, "reason": "bench"}
        self._raided_at = seq
        raiding = state["raidingTeam"]
        defending = "away" if raiding == "home" else "home"
        attackers = state[raiding]["onCourt"]
        defenders = state[defending]["onCourt"]
        if not attackers:
            return None
        raid: Json = {"type": "raid", "raiderId": attackers[0], "raidType": "empty"}
        if defenders and self.rng.random() < 0.3:
            raid.update(raidType="successful", touchedIds=[defenders[-1]])
        return raid

    def _setup(self) -> Json:
        self._sent_setup = True
        setup = demo_setup(settings=SettingsOverrides(half_minutes=60, do_or_die_after_empty=0))
        data: Json = setup.model_dump(mode="json", by_alias=True, exclude_none=True)
        return data

    def _invalid(self) -> tuple[str, str | None, str]:
        cid = self._cid()
        self._invalid_count += 1
        choice = self._invalid_count % 4
        if choice == 0:
            return "{this is not json", None, "invalid"
        if choice == 1:
            return (
                json.dumps({"type": "raid", "clientEventId": cid, "raiderId": "h1"}),
                cid,
                "invalid",
            )
        if choice == 2:
            return json.dumps({"type": "warp", "clientEventId": cid}), cid, "invalid"
        frame = {"type": "card", "clientEventId": cid, "playerId": "nobody", "color": "green"}
        return json.dumps(frame), cid, "invalid"

    async def send_loop(self) -> None:
        """Sends at ``rate`` for ``duration_s`` (skipping ticks while not connected)."""
        cfg = self.scorer
        await asyncio.wait_for(self.welcomed.wait(), OPEN_TIMEOUT * 3)
        interval = 1.0 / cfg.rate
        start = time.monotonic()
        ticks = int(cfg.duration_s * cfg.rate)
        for tick in range(ticks):
            delay = start + tick * interval - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            if self.ws is None or not self.welcomed.is_set():
                continue
            picked = self.next_frame()
            if picked is None:
                continue
            text, cid, kind = picked
            if kind == "valid" and cid is not None and cfg.expect_answers:
                self._unacked[cid] = text
            if not self._send(text, cid):
                continue
            tally = self.tally
            if kind == "valid":
                tally.sent_valid += 1
            elif kind == "invalid":
                tally.sent_invalid += 1
            else:
                tally.sent_duplicates += 1
        self._done_sending = True

    async def settle(self, timeout_s: float) -> None:
        """Waits (bounded) until every valid event is acknowledged and nothing is outstanding."""
        deadline = time.monotonic() + timeout_s
        while (self._unacked or self._outstanding) and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        self.tally.unacked_at_end = len(self._unacked)


async def _quiet_send(ws: ClientConnection, text: str) -> None:
    with contextlib.suppress(ConnectionClosed):
        await ws.send(text)

"""Who gets in: budgets for connections not yet identified, viewers and scorers.

Other machines are simulated with loopback source addresses (127.0.0.2 and up).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import socket
from collections import Counter
from collections.abc import Iterator

import pytest
from conftest import StartRelay
from relay_kit import HANG, Backend, closed_code, eventually, http_get, metric, open_peer
from websockets.asyncio.client import connect

from relay.admission import ADDRESS_FULL, FULL, Admission
from relay.config import RelayConfig

TCP_STATES = {1: "established", 2: "syn-sent"}


def admission(**overrides: int) -> Admission:
    return Admission(RelayConfig(**overrides))  # type: ignore[arg-type]


def test_the_last_places_are_kept_for_scorers() -> None:
    gate = admission(max_connections=4, scorer_reserve=1, max_connections_per_address=10)
    for key in range(5):
        assert gate.accepted(key, f"10.0.0.{key}", lambda: None) is None
    for key in range(3):
        assert gate.identify(key, "viewer") is None
    assert gate.identify(3, "viewer") is FULL
    assert gate.identify(4, "scorer") is None
    assert (gate.count("viewer"), gate.count("scorer"), gate.count("pending")) == (3, 1, 1)
    gate.closed(3)
    gate.closed(0)
    assert (gate.count("viewer"), gate.count("pending"), gate.total) == (2, 0, 3)


def test_viewers_per_address() -> None:
    gate = admission(max_connections_per_address=2)
    for key in range(4):
        assert gate.accepted(key, "10.0.0.1", lambda: None) is None
    assert gate.identify(0, "viewer") is None
    assert gate.identify(1, "viewer") is None
    assert gate.identify(2, "viewer") is ADDRESS_FULL
    assert gate.identify(3, "scorer") is None  # scorers do not count against their address


def test_pending_budget_drops_the_oldest_and_caps_each_address() -> None:
    gate = admission(max_pending=3, max_pending_per_address=2)
    dropped: list[int] = []
    for key in range(3):
        assert gate.accepted(key, f"10.0.0.{key}", lambda key=key: dropped.append(key)) is None
    assert gate.accepted(3, "10.0.0.9", lambda: dropped.append(3)) is None
    assert dropped == [0]
    assert gate.count("pending") == 3
    assert gate.accepted(4, "10.0.0.9", lambda: None) is None
    assert dropped == [0, 1]
    assert gate.accepted(5, "10.0.0.9", lambda: None) is ADDRESS_FULL
    gate.closed(0)  # the dropped connection's close arrives later: nothing to undo
    assert gate.count("pending") == 3


def test_a_crowd_in_its_handshakes_is_not_cut_off_for_newcomers() -> None:
    gate = admission(max_pending=3, max_pending_per_address=10)
    dropped: list[int] = []
    for key in range(3):
        assert gate.accepted(key, "10.0.0.1", lambda key=key: dropped.append(key)) is None
    gate.requested(0)
    gate.requested(2)
    # The one that has sent no request goes first, though it is not the oldest.
    assert gate.accepted(3, "10.0.0.2", lambda: dropped.append(3)) is None
    assert dropped == [1]
    gate.requested(3)
    # Everyone left is in the middle of a handshake: the newcomer waits its turn.
    assert gate.accepted(4, "10.0.0.3", lambda: dropped.append(4)) is FULL
    assert dropped == [1]
    assert gate.count("pending") == 3
    assert gate.identify(0, "viewer") is None  # a place frees up when one says hello
    assert gate.accepted(5, "10.0.0.3", lambda: None) is None
    assert gate.count("pending") == 3


def test_budgets_shrink_to_fit_the_open_file_limit() -> None:
    gate = admission(max_connections=2000, max_pending=256, scorer_reserve=50)
    gate.limit_to(960)
    assert gate.sockets_needed <= 960
    assert gate.max_connections > 50


def test_connections_keep_their_budget_when_the_pending_one_can_give_way() -> None:
    # A stadium: 19,110 connections under a 20,000-descriptor limit (64 kept back).
    gate = admission(max_connections=19_110, max_pending=1024, scorer_reserve=50)
    gate.limit_to(20_000 - 64)
    assert gate.max_connections == 19_110
    assert gate.max_pending == 20_000 - 64 - 19_110
    # Past what giving way can do, both shrink, the pending budget to a floor.
    gate = admission(max_connections=2000, max_pending=1024, scorer_reserve=50)
    gate.limit_to(960)
    assert (gate.max_connections, gate.max_pending) == (930, 30)


def test_a_reserve_as_large_as_the_cap_is_refused() -> None:
    with pytest.raises(ValueError, match="scorer_reserve"):
        admission(max_connections=10, scorer_reserve=10)


async def test_a_scorer_gets_in_while_idle_viewers_fill_the_cap(start_relay: StartRelay) -> None:
    relay = await start_relay(max_connections=12, scorer_reserve=2, max_connections_per_address=4)
    viewers = [await open_peer(relay, "viewer", source=f"127.0.0.{2 + n // 4}") for n in range(10)]
    late = await connect(relay.url, open_timeout=HANG, local_addr=("127.0.0.9", 0))
    await late.send(json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}))
    assert await closed_code(late) == 1013
    scorer = await open_peer(relay, "scorer", source="127.0.0.10", name="Late")
    assert scorer.welcome["role"] == "scorer"
    await scorer.send({"type": "clock", "action": "start", "clientEventId": "c1"})
    assert (await scorer.answer())["code"] == "not_set_up"  # answered like any scorer
    assert await metric(relay, 'kabaddi_connections{role="viewer"}') == len(viewers)
    assert await metric(relay, "kabaddi_connections_refused_total") >= 1


def raw_connection(relay: Backend, source: str) -> socket.socket:
    """A TCP connection that never sends its HTTP request (a slowloris)."""
    sock = socket.create_connection(
        (relay.host, relay.port), timeout=HANG, source_address=(source, 0)
    )
    sock.setblocking(False)
    return sock


async def read_all(sock: socket.socket) -> bytes:
    loop = asyncio.get_running_loop()
    data = b""
    async with asyncio.timeout(HANG):
        while chunk := await loop.sock_recv(sock, 4096):
            data += chunk
    return data


async def test_connections_in_their_http_request_are_counted(start_relay: StartRelay) -> None:
    relay = await start_relay(max_pending=6, max_pending_per_address=3)
    held = [raw_connection(relay, "127.0.0.2") for _ in range(3)]
    refused = raw_connection(relay, "127.0.0.2")
    answer = await read_all(refused)
    assert answer.startswith(b"HTTP/1.1 503 ")
    assert answer.endswith(b"too many connections from this address\n")
    others = [raw_connection(relay, f"127.0.0.{3 + n}") for n in range(3)]
    # The budget is full of connections that say nothing: the oldest makes way.
    scorer = await open_peer(relay, "scorer", source="127.0.0.20")
    assert scorer.welcome["role"] == "scorer"
    assert await read_all(held[0]) == b""  # dropped, unanswered
    assert (await http_get(relay, "/healthz")).json()["pendingConnections"] <= 6
    for sock in [*held, refused, *others]:
        sock.close()


def tcp_states(count: int, port: int) -> tuple[list[socket.socket], Counter[str]]:
    """Opens ``count`` TCP connections without waiting; how many the kernel completed.

    On loopback the handshake runs inside connect(): a connection is established at
    once when the listener's accept queue had room, and stays SYN_SENT when it had not.
    """
    sockets, states = [], Counter[str]()
    for _ in range(count):
        sock = socket.socket()
        sock.setblocking(False)
        sock.connect_ex(("127.0.0.1", port))
        sockets.append(sock)
    for sock in sockets:
        state = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 1)[0]
        states[TCP_STATES.get(state, str(state))] += 1
    return sockets, states


@contextlib.contextmanager
def frozen(relay: Backend) -> Iterator[None]:
    """The relay accepts nothing meanwhile: its process is stopped, or (embedded) the
    test's own loop, which runs it, is busy in this block."""
    if relay.process is None:
        yield
        return
    relay.process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        relay.process.send_signal(signal.SIGCONT)


@pytest.mark.skipif(not hasattr(socket, "TCP_INFO"), reason="reads TCP_INFO (Linux)")
async def test_a_crowd_arriving_while_the_relay_is_busy_waits_in_the_backlog(
    start_relay: StartRelay,
) -> None:
    relay = await start_relay(max_pending_per_address=1000)
    small = await start_relay(listen_backlog=16, max_pending_per_address=1000)
    with frozen(relay), frozen(small):
        crowd, states = tcp_states(300, relay.port)
        turned_away, small_states = tcp_states(100, small.port)
    assert states == Counter({"established": 300})  # asyncio's own default queues 100
    # The flag reaches listen(2): Linux queues backlog + 1.
    assert small_states == Counter({"established": 17, "syn-sent": 83})
    for sock in [*crowd, *turned_away]:
        sock.close()
    assert (await http_get(relay, "/healthz")).status == 200


async def test_refused_connections_are_logged_once_per_interval(
    start_relay: StartRelay, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await start_relay(max_pending_per_address=1)
    if relay.kind != "embedded":
        pytest.skip("reads the embedded relay's log records")
    caplog.set_level(logging.WARNING, logger="relay.admission")
    held = raw_connection(relay, "127.0.0.2")
    for _ in range(20):
        sock = raw_connection(relay, "127.0.0.2")
        assert (await read_all(sock)).startswith(b"HTTP/1.1 503 ")
        sock.close()
    lines = [r for r in caplog.records if r.name == "relay.admission"]
    assert len(lines) == 1
    assert "too many connections from this address" in lines[0].getMessage()
    assert await metric(relay, "kabaddi_connections_refused_total") == 20
    held.close()


async def test_pipelined_requests_are_answered_without_a_traceback(
    relay: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    for split in (None, 30):
        request = b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n"
        sock = socket.create_connection((relay.host, relay.port), timeout=HANG)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        data = request * 2
        if split is None:
            await loop.sock_sendall(sock, data)
        else:
            await loop.sock_sendall(sock, data[: len(request) + split])
            await asyncio.sleep(0.05)
            await loop.sock_sendall(sock, data[len(request) + split :])
        answer = await read_all(sock)
        sock.close()
        assert answer.startswith(b"HTTP/1.1 200 OK")
        assert answer.count(b"HTTP/1.1") == 1  # the second request is not answered
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]
    # Frames sent right behind an upgrade request reach the relay once it is upgraded.
    sock = socket.create_connection((relay.host, relay.port), timeout=HANG)
    sock.setblocking(False)
    upgrade = (
        b"GET /ws HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    hello = json.dumps({"type": "hello", "role": "viewer", "matchId": "m1"}).encode()
    mask = b"\x01\x02\x03\x04"
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(hello))
    frame = bytes([0x81, 0x80 | len(hello)]) + mask + masked
    await asyncio.get_running_loop().sock_sendall(sock, upgrade + frame)

    async def welcomed() -> bool:
        return await metric(relay, 'kabaddi_connections{role="viewer"}') == 1

    await eventually(welcomed)
    sock.close()

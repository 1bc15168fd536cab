"""A connection's outbox: in order, written at once when possible, closed 4408 when too slow."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from relay_kit import HANG, closed_code
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, serve

from relay.connection import SLOW_CONSUMER, Outbox


@dataclass
class Pair:
    outbox: Outbox
    client: ClientConnection
    overflows: list[int] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)
    overflowed: asyncio.Event = field(default_factory=asyncio.Event)


@asynccontextmanager
async def outbox_pair(
    max_frames: int = 10_000, max_bytes: int = 1 << 30, stall_timeout: float | None = None
) -> AsyncIterator[Pair]:
    """A real websocket connection whose server side writes only through an Outbox."""
    ready: asyncio.Future[Outbox] = asyncio.get_running_loop().create_future()
    overflows: list[int] = []
    sent: list[int] = []
    overflowed = asyncio.Event()

    def overflow() -> None:
        overflows.append(1)
        overflowed.set()

    async def handler(ws: ServerConnection) -> None:
        outbox = Outbox(
            ws,
            max_bytes=max_bytes,
            max_frames=max_frames,
            close_timeout=2,
            stall_timeout=stall_timeout,
            on_overflow=overflow,
            on_sent=sent.append,
        )
        ready.set_result(outbox)
        await ws.wait_closed()
        await outbox.aclose()

    async with serve(handler, "127.0.0.1", 0, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}", compression=None, max_queue=None) as client:
            async with asyncio.timeout(HANG):
                outbox = await ready
            yield Pair(outbox, client, overflows, sent, overflowed)


async def test_frames_arrive_in_order_when_written_at_once() -> None:
    async with outbox_pair() as pair:
        for n in range(100):
            pair.outbox.send(str(n).encode())
        assert pair.outbox.queued_frames == 0  # the transport took every one at once
        got = [await pair.client.recv() for _ in range(100)]
        assert got == [str(n) for n in range(100)]


async def test_frames_queue_while_the_peer_does_not_read_and_keep_their_order() -> None:
    async with outbox_pair() as pair:
        pair.client.transport.pause_reading()
        frame = b"x" * 4000
        n = 0
        while pair.outbox.queued_frames == 0:  # until the transport is full
            pair.outbox.send(b"%d " % n + frame)
            n += 1
            assert n < 100_000
        for _ in range(50):
            pair.outbox.send(b"%d " % n + frame)
            n += 1
        assert pair.outbox.queued_frames > 0
        pair.client.transport.resume_reading()
        got = [str(await pair.client.recv()).split(" ")[0] for _ in range(n)]
        assert got == [str(i) for i in range(n)]
        assert pair.outbox.queued_frames == 0
        assert sum(pair.sent) == n


async def test_a_peer_that_falls_behind_is_closed_4408() -> None:
    async with outbox_pair(max_frames=20) as pair:
        pair.client.transport.pause_reading()
        frame = b"y" * 4000
        while not pair.overflows:
            pair.outbox.send(frame)
        assert pair.outbox.closing
        pair.outbox.send(frame)  # after the close: ignored
        pair.client.transport.resume_reading()
        assert await closed_code(pair.client) == SLOW_CONSUMER
        assert pair.overflows == [1]


async def test_close_sends_what_is_queued_first() -> None:
    async with outbox_pair() as pair:
        pair.client.transport.pause_reading()
        frame = b"z" * 4000
        while pair.outbox.queued_frames < 5:
            pair.outbox.send(frame)
        pair.outbox.send(b"last")
        pair.outbox.close(4401, "bye")
        pair.client.transport.resume_reading()
        frames = []
        code = None
        try:
            async with asyncio.timeout(HANG):
                while True:
                    frames.append(await pair.client.recv())
        except Exception as exc:
            code = getattr(getattr(exc, "rcvd", None), "code", None)
        assert frames[-1] == "last"
        assert code == 4401


async def test_a_peer_whose_writes_stall_is_closed_4408_without_overflowing() -> None:
    async with outbox_pair(stall_timeout=0.2) as pair:
        pair.client.transport.pause_reading()
        frame = b"s" * 4000
        while pair.outbox.queued_frames == 0:  # until one frame has to wait
            pair.outbox.send(frame)
        async with asyncio.timeout(HANG):
            await pair.overflowed.wait()
        assert pair.outbox.closing
        pair.client.transport.resume_reading()
        assert await closed_code(pair.client) == SLOW_CONSUMER


async def test_several_frames_go_in_one_write_or_queue_in_order() -> None:
    async with outbox_pair() as pair:
        pair.outbox.send_many([b"1", b"2", b"3"])
        assert pair.outbox.queued_frames == 0
        assert pair.sent == [3]
        assert [await pair.client.recv() for _ in range(3)] == ["1", "2", "3"]
        pair.client.transport.pause_reading()
        frame = b"x" * 4000
        while pair.outbox.queued_frames == 0:  # until the transport is full
            pair.outbox.send(frame)
        queued = pair.outbox.queued_frames
        pair.outbox.send_many([b"4", b"5"])
        assert pair.outbox.queued_frames == queued + 2
        pair.client.transport.resume_reading()
        async with asyncio.timeout(HANG):
            while (got := await pair.client.recv()) == "x" * 4000:
                pass
        assert [got, await pair.client.recv()] == ["4", "5"]

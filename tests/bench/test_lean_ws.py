"""The load generator's minimal websocket client, against websockets' own server."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from websockets.asyncio.server import ServerConnection, serve
from websockets.frames import Frame, Opcode
from websockets.http11 import Request, Response

from bench import lean_ws

HANG = 20.0  # seconds; hang protection only

Handler = Callable[[ServerConnection], Awaitable[None]]


@asynccontextmanager
async def server(handler: Handler, **options: object) -> AsyncIterator[str]:
    async with serve(handler, "127.0.0.1", 0, compression=None, **options) as running:  # type: ignore[arg-type]
        port = running.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ws"


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []
        self.times: list[int] = []
        self.arrived = asyncio.Event()

    def __call__(self, payload: bytes, received: int) -> None:
        self.messages.append(payload)
        self.times.append(received)
        self.arrived.set()

    async def until(self, count: int) -> None:
        async with asyncio.timeout(HANG):
            while len(self.messages) < count:
                self.arrived.clear()
                await self.arrived.wait()


async def test_messages_of_every_length_arrive_whole_and_in_order() -> None:
    sizes = [0, 1, 125, 126, 65_535, 65_536, 200_000]

    async def handler(ws: ServerConnection) -> None:
        for size in sizes:
            await ws.send(bytes([65 + size % 26]) * size, text=True)
        await ws.send(["frag", "mented ", "½"])  # one message in three frames
        for n in range(500):  # many in one read
            await ws.send(f"burst {n}")
        await ws.wait_closed()

    inbox = Inbox()
    async with server(handler, max_size=None) as url:
        connection = await lean_ws.connect(url, inbox, HANG)
        await inbox.until(len(sizes) + 501)
        connection.close()
        async with asyncio.timeout(HANG):
            await connection.closed
    expected = [bytes([65 + size % 26]) * size for size in sizes]
    expected += ["fragmented ½".encode()] + [f"burst {n}".encode() for n in range(500)]
    assert inbox.messages == expected
    assert inbox.times == sorted(inbox.times)


async def test_what_it_sends_arrives_and_pings_get_pongs() -> None:
    got: asyncio.Future[str | bytes] = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        got.set_result(await ws.recv())
        pong = await ws.ping(b"are you there")
        async with asyncio.timeout(HANG):
            await pong  # resolves only when the pong came back
        await ws.send("pong seen")
        await ws.wait_closed()

    inbox = Inbox()
    async with server(handler) as url:
        connection = await lean_ws.connect(url, inbox, HANG)
        connection.send_text(b'{"type":"hello"}')
        await inbox.until(1)
        connection.close()
        async with asyncio.timeout(HANG):
            await connection.closed
    assert got.result() == '{"type":"hello"}'
    assert inbox.messages == [b"pong seen"]


async def test_the_servers_close_code_and_reason_are_kept() -> None:
    async def handler(ws: ServerConnection) -> None:
        await ws.send("last words")
        await ws.close(4408, "slow consumer")

    inbox = Inbox()
    async with server(handler) as url:
        connection = await lean_ws.connect(url, inbox, HANG)
        async with asyncio.timeout(HANG):
            await connection.closed
    assert inbox.messages == [b"last words"]
    assert (connection.close_code, connection.close_reason) == (4408, "slow consumer")


async def test_a_refused_handshake_says_its_status() -> None:
    def refuse(ws: ServerConnection, request: Request) -> Response:
        return ws.respond(503, "too many connections\n")

    async def handler(ws: ServerConnection) -> None:
        raise AssertionError("never reached")

    async with server(handler, process_request=refuse) as url:
        with pytest.raises(lean_ws.HandshakeRefused) as refused:
            await lean_ws.connect(url, Inbox(), HANG)
    assert refused.value.status == 503


@asynccontextmanager
async def raw_server(answer: Callable[[bytes], bytes]) -> AsyncIterator[str]:
    """A TCP server that answers the handshake request with ``answer(key)``."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        key = next(
            line.split(b":", 1)[1].strip()
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"sec-websocket-key:")
        )
        writer.write(answer(key))
        await reader.read()  # until the client goes
        writer.close()

    running = await asyncio.start_server(handle, "127.0.0.1", 0)
    async with running:
        yield f"ws://127.0.0.1:{running.sockets[0].getsockname()[1]}/ws"


def accept(key: bytes) -> bytes:
    return base64.b64encode(hashlib.sha1(key + lean_ws.GUID).digest())


def upgrade(accept_value: bytes) -> bytes:
    return (
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Accept: " + accept_value + b"\r\n\r\n"
    )


async def test_a_wrong_accept_header_fails_the_handshake() -> None:
    async with raw_server(lambda key: upgrade(b"not-the-right-one")) as url:
        with pytest.raises(lean_ws.HandshakeFailed, match="Sec-WebSocket-Accept"):
            await lean_ws.connect(url, Inbox(), HANG)


async def test_a_masked_frame_from_the_server_aborts_the_connection() -> None:
    def answer(key: bytes) -> bytes:
        unmasked = Frame(Opcode.TEXT, b"fine").serialize(mask=False)
        masked = Frame(Opcode.TEXT, b"not allowed").serialize(mask=True)
        return upgrade(accept(key)) + unmasked + masked

    inbox = Inbox()
    async with raw_server(answer) as url:
        connection = await lean_ws.connect(url, inbox, HANG)
        async with asyncio.timeout(HANG):
            await connection.closed
    assert inbox.messages == [b"fine"]
    assert connection.close_code == lean_ws.ABNORMAL
    assert "masked" in connection.close_reason

"""The websockets internals the relay relies on, checked on real connections.

``make test`` runs this file twice: in the main venv (the newest websockets the pin
allows) and in ``.venv-wsmin`` (the lowest), with no conftest and nothing but
websockets and pytest installed: it imports only :mod:`relay.ws_adapter`. A release
that renames or changes any of these internals fails here, by name.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pytest
from certificates import self_signed
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from relay import ws_adapter

HANG = 20.0  # seconds; hang protection only


@dataclass
class Pair:
    server: Server
    ws: ServerConnection  # the relay's side
    client: ClientConnection
    port: int


@asynccontextmanager
async def pair(compression: Literal["deflate"] | None = None) -> AsyncIterator[Pair]:
    """A real connection on loopback; the server side is handed to the test, idle."""
    ready: asyncio.Future[ServerConnection] = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        ready.set_result(ws)
        await ws.wait_closed()

    async with serve(handler, "127.0.0.1", 0, compression=compression) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(
            f"ws://127.0.0.1:{port}", compression=compression, max_queue=None
        ) as client:
            async with asyncio.timeout(HANG):
                ws = await ready
            yield Pair(server, ws, client, port)


async def recv(client: ClientConnection) -> str | bytes:
    async with asyncio.timeout(HANG):
        return await client.recv()


async def test_check_passes_on_a_real_connection() -> None:
    ws_adapter.check()
    async with pair() as p:
        ws_adapter.check(p.ws)


async def test_check_names_a_missing_internal() -> None:
    async with pair() as p:
        del p.ws.send_in_progress
        with pytest.raises(ws_adapter.UnsupportedWebsockets, match=r"\.send_in_progress\b"):
            ws_adapter.check(p.ws)
        p.ws.send_in_progress = None


def test_text_frames_are_framed_once_per_payload() -> None:
    assert ws_adapter.text_frame(b"hi") == b"\x81\x02hi"  # FIN + text, unmasked, length 2
    payload = b"x" * 11_000
    framed = ws_adapter.text_frame(payload)
    assert framed[:4] == b"\x81\x7e\x2a\xf8"  # 16-bit extended length: 11000
    assert framed[4:] == payload
    assert ws_adapter.text_frame(payload) is framed  # the broadcast loop reuses it


async def test_a_preframed_write_arrives_as_one_text_message() -> None:
    async with pair() as p:
        assert ws_adapter.preframed_ok(p.ws)
        assert not ws_adapter.must_wait(p.ws)
        ws_adapter.write_preframed(p.ws, ws_adapter.text_frame("½ raid".encode()))
        assert await recv(p.client) == "½ raid"


async def test_the_direct_writer_writes_only_when_must_wait_would_not_hold_it() -> None:
    async with pair() as p:
        try_write = ws_adapter.direct_writer(p.ws)
        assert try_write(ws_adapter.text_frame("½ raid".encode())) is True
        assert await recv(p.client) == "½ raid"
        assert try_write(ws_adapter.text_frames((b"one", b"two"))) is True
        assert [await recv(p.client), await recv(p.client)] == ["one", "two"]
        p.ws.protocol.send_pong(b"")  # protocol output not flushed yet: it goes first
        assert try_write(ws_adapter.text_frame(b"held")) is False
        p.ws.send_data()
        p.client.transport.pause_reading()
        frame = ws_adapter.text_frame(b"f" * 16_000)
        written = 0
        while try_write(frame):
            written += 1
            assert written < 10_000, "the transport never paused writing"
        assert p.ws.paused
        p.client.transport.resume_reading()
        for _ in range(written):
            assert await recv(p.client) == "f" * 16_000
        await p.ws.close()
        assert try_write(ws_adapter.text_frame(b"after the close")) is False


@pytest.mark.skipif(os.name != "posix", reason="direct socket writes are POSIX only")
async def test_a_ready_socket_is_given_only_when_nothing_waits_before_it() -> None:
    async with pair() as p:
        fd = ws_adapter.socket_fd(p.ws)
        assert fd == p.ws.transport.get_extra_info("socket").fileno()

        def ready() -> int | None:
            return fd if ws_adapter.ready(p.ws) else None

        assert ready() == fd
        os.write(fd, ws_adapter.text_frame(b"direct"))
        assert await recv(p.client) == "direct"
        p.ws.protocol.send_pong(b"")  # protocol output not flushed yet
        assert ready() is None
        p.ws.send_data()
        assert ready() == fd
        p.client.transport.pause_reading()
        frame = ws_adapter.text_frame(b"f" * 16_000)
        while p.ws.transport.get_write_buffer_size() == 0:
            ws_adapter.write_preframed(p.ws, frame)
        assert ready() is None  # the transport holds bytes: a direct write would overtake them
        p.client.transport.resume_reading()
        await (await p.ws.ping())  # the pong comes after the client read everything
        assert ready() == fd
        await p.ws.close()
        assert ready() is None


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    return self_signed(tmp_path)


async def test_a_tls_connection_has_no_ready_socket(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    ready: asyncio.Future[ServerConnection] = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        ready.set_result(ws)
        await ws.wait_closed()

    async with serve(handler, "127.0.0.1", 0, ssl=server_context, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        client_context = ssl.create_default_context(cafile=cert)
        async with connect(f"wss://127.0.0.1:{port}", ssl=client_context):
            async with asyncio.timeout(HANG):
                ws = await ready
            assert ws_adapter.preframed_ok(ws)
            assert ws_adapter.socket_fd(ws) is None


async def test_with_compression_frames_are_per_connection_and_written_at_once() -> None:
    async with pair(compression="deflate") as p:
        assert not ws_adapter.preframed_ok(p.ws)
        ws_adapter.write_text(p.ws, b"compressed " * 50)
        assert not ws_adapter.must_wait(p.ws)  # send_data() flushed the protocol's output
        assert await recv(p.client) == "compressed " * 50


async def test_must_wait_while_the_transport_is_full() -> None:
    async with pair() as p:
        p.client.transport.pause_reading()
        frame = ws_adapter.text_frame(b"f" * 16_000)
        written = 0
        while not ws_adapter.must_wait(p.ws):
            ws_adapter.write_preframed(p.ws, frame)
            written += 1
            assert written < 10_000, "the transport never paused writing"
        assert p.ws.paused
        p.client.transport.resume_reading()
        for _ in range(written):
            await recv(p.client)
        async with asyncio.timeout(HANG):
            await (await p.ws.ping())  # the pong comes after the client read everything
        assert not ws_adapter.must_wait(p.ws)


async def test_must_wait_during_a_fragmented_send() -> None:
    async with pair() as p:
        first_sent, release = asyncio.Event(), asyncio.Event()

        async def fragments() -> AsyncIterator[str]:
            yield "first half, "
            first_sent.set()
            await release.wait()
            yield "second half"

        sending = asyncio.create_task(p.ws.send(fragments()))
        async with asyncio.timeout(HANG):
            await first_sent.wait()
        assert ws_adapter.must_wait(p.ws)
        release.set()
        async with asyncio.timeout(HANG):
            await sending
        assert not ws_adapter.must_wait(p.ws)
        assert await recv(p.client) == "first half, second half"


async def test_must_wait_while_protocol_output_is_unflushed() -> None:
    async with pair() as p:
        p.ws.protocol.send_pong(b"")  # as when a ping arrives, before send_data() runs
        assert ws_adapter.must_wait(p.ws)
        p.ws.send_data()
        assert not ws_adapter.must_wait(p.ws)


async def test_open_closed_and_abort() -> None:
    async with pair() as p:
        assert ws_adapter.is_open(p.ws)
        assert not ws_adapter.is_closed(p.ws)
        ws_adapter.abort(p.ws)
        with pytest.raises(ConnectionClosed) as closed:
            await recv(p.client)
        assert closed.value.rcvd is None  # no close frame: the TCP connection was dropped
        async with asyncio.timeout(HANG):
            await p.ws.wait_closed()
        assert ws_adapter.is_closed(p.ws)
        assert not ws_adapter.is_open(p.ws)


async def test_stop_accepting_closes_the_listener_and_keeps_connections() -> None:
    async with pair() as p:
        ws_adapter.stop_accepting(p.server)
        with pytest.raises(ConnectionRefusedError):
            async with asyncio.timeout(HANG):
                await asyncio.open_connection("127.0.0.1", p.port)
        await p.client.send("still here")
        assert await recv(p.ws) == "still here"


class Recording(ServerConnection):
    """Records the hooks relay.counted_connection overrides, in the order they run."""

    calls: list[str]
    lost: asyncio.Event

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.calls.append("connection_made")
        super().connection_made(transport)

    def data_received(self, data: bytes) -> None:
        self.calls.append("data:" + ("connecting" if ws_adapter.is_connecting(self) else "open"))
        super().data_received(data)

    async def handshake(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append("handshake")
        await super().handshake(*args, **kwargs)
        self.calls.append("handshake done:" + ("open" if ws_adapter.is_open(self) else "not"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.calls.append("connection_lost")
        super().connection_lost(exc)
        self.lost.set()


async def test_a_connection_subclass_sees_the_hooks_in_order() -> None:
    calls: list[str] = []
    handled: asyncio.Future[str | bytes] = asyncio.get_running_loop().create_future()

    async def handler(ws: ServerConnection) -> None:
        handled.set_result(await ws.recv())

    lost = asyncio.Event()
    factory = type("RecordingConnection", (Recording,), {"calls": calls, "lost": lost})
    async with serve(handler, "127.0.0.1", 0, create_connection=factory) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}") as client:
            await client.send("after the handshake")
            async with asyncio.timeout(HANG):
                assert await handled == "after the handshake"
        async with asyncio.timeout(HANG):
            await lost.wait()
    # handshake() waits for the request, read while connecting, and returns open;
    # frames after that arrive through data_received on an open connection.
    assert calls[:4] == ["connection_made", "handshake", "data:connecting", "handshake done:open"]
    assert "data:open" in calls[4:]
    assert calls[-1] == "connection_lost"

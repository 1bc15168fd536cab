"""The latency proxy keeps byte order per direction, applies at least the configured delay
and drops connections when asked."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bench.latency_proxy import LatencyProxy


async def _echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(65536):
        writer.write(data)
        await writer.drain()
    writer.close()


@pytest.fixture
async def echo_port() -> AsyncIterator[int]:
    server = await asyncio.start_server(_echo, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()


async def test_bytes_keep_their_order_under_jitter(echo_port: int) -> None:
    async with LatencyProxy(echo_port, delay_ms=(0, 30), seed=1) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        sent = b"".join(f"{i:06d};".encode() for i in range(3000))
        for start in range(0, len(sent), 700):
            writer.write(sent[start : start + 700])
            await writer.drain()
            await asyncio.sleep(0)
        received = await asyncio.wait_for(reader.readexactly(len(sent)), timeout=20)
        writer.close()
    assert received == sent


async def test_each_direction_is_delayed_by_at_least_the_minimum(echo_port: int) -> None:
    async with LatencyProxy(echo_port, delay_ms=(60, 80)) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        for _ in range(3):
            started = time.monotonic()
            writer.write(b"ping")
            assert await asyncio.wait_for(reader.readexactly(4), timeout=10) == b"ping"
            # Up and down are each delayed by >= 60 ms: a correctness property of the proxy.
            assert time.monotonic() - started >= 0.120
        writer.close()


async def test_half_close_is_forwarded(echo_port: int) -> None:
    async with LatencyProxy(echo_port, delay_ms=(5, 10)) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"last words")
        writer.write_eof()
        assert await asyncio.wait_for(reader.read(), timeout=10) == b"last words"
        writer.close()


async def test_a_drop_aborts_both_sides(echo_port: int) -> None:
    async with LatencyProxy(echo_port, drop_per_second=1.0, seed=3) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        with pytest.raises((ConnectionError, asyncio.IncompleteReadError)):
            # The first drop check fires after one second; reading then fails.
            await asyncio.wait_for(reader.readexactly(1), timeout=10)
        writer.close()
        assert proxy.stats.drops == 1


async def test_drop_all_aborts_open_connections(echo_port: int) -> None:
    async with LatencyProxy(echo_port) as proxy:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        writer.write(b"x")
        assert await asyncio.wait_for(reader.readexactly(1), timeout=10) == b"x"
        assert proxy.drop_all() == 1
        with pytest.raises((ConnectionError, asyncio.IncompleteReadError)):
            await asyncio.wait_for(reader.readexactly(1), timeout=10)
        writer.close()


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError, match="delay_ms"):
        LatencyProxy(1, delay_ms=(100, 50))
    with pytest.raises(ValueError, match="probability"):
        LatencyProxy(1, drop_per_second=2)

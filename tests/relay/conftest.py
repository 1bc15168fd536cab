"""Relay fixtures: a relay per test, embedded in the test's loop, as a subprocess, or as a
node on a real Redis (one suite, run against each backend)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from redis_kit import MISSING, REDIS_SERVER, RedisServer
from relay_kit import START, Backend

StartRelay = Callable[..., Awaitable[Backend]]


@pytest.fixture(params=["embedded", "subprocess", "redis"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def redis_server(tmp_path: Path) -> AsyncIterator[RedisServer]:
    """A real redis-server on a unix socket, configured as the relay requires."""
    if REDIS_SERVER is None:
        pytest.skip(MISSING)
    server = RedisServer(tmp_path / "redis")
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def start_relay(backend_kind: str, tmp_path: Path) -> AsyncIterator[StartRelay]:
    """Start a relay of this test's kind with config overrides; all are stopped afterwards."""
    running: list[Backend] = []
    kind = backend_kind
    server: RedisServer | None = None
    if backend_kind == "redis":
        if REDIS_SERVER is None:
            pytest.skip(MISSING)
        server = RedisServer(tmp_path / "redis")
        await server.start()
        kind = "embedded"

    async def start(data_dir: Path | None = None, **overrides: Any) -> Backend:
        if server is not None:
            overrides.setdefault("redis_url", server.url)
        backend = await START[kind](data_dir or tmp_path / "data", **overrides)
        running.append(backend)
        return backend

    yield start
    for backend in reversed(running):
        await backend.stop()
    if server is not None:
        await server.stop()


@pytest.fixture
async def relay(start_relay: StartRelay) -> Backend:
    """A relay with the default limits except a rate limit no test hits by accident."""
    return await start_relay(rate_per_second=10_000, rate_burst=10_000)


@pytest.fixture
async def start_node(redis_server: RedisServer, tmp_path: Path) -> AsyncIterator[StartRelay]:
    """Start relay nodes on this test's Redis (``kind``: embedded or subprocess)."""
    running: list[Backend] = []

    async def start(kind: str = "embedded", **overrides: Any) -> Backend:
        overrides.setdefault("redis_url", redis_server.url)
        overrides.setdefault("rate_per_second", 10_000)
        overrides.setdefault("rate_burst", 10_000)
        backend = await START[kind](tmp_path / f"node-{len(running)}", **overrides)
        running.append(backend)
        return backend

    yield start
    for backend in reversed(running):
        await backend.stop()

"""Relay fixtures: a relay per test, embedded in the test's loop or as a subprocess."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from relay_kit import START, Backend

StartRelay = Callable[..., Awaitable[Backend]]


@pytest.fixture(params=["embedded", "subprocess"])
def backend_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
async def start_relay(backend_kind: str, tmp_path: Path) -> AsyncIterator[StartRelay]:
    """Start a relay of this test's kind with config overrides; all are stopped afterwards."""
    running: list[Backend] = []

    async def start(data_dir: Path | None = None, **overrides: Any) -> Backend:
        backend = await START[backend_kind](data_dir or tmp_path / "data", **overrides)
        running.append(backend)
        return backend

    yield start
    for backend in reversed(running):
        await backend.stop()


@pytest.fixture
async def relay(start_relay: StartRelay) -> Backend:
    """A relay with the default limits except a rate limit no test hits by accident."""
    return await start_relay(rate_per_second=10_000, rate_burst=10_000)

"""Browser fixtures: one headless Chromium per session, a relay per test, watched pages.

Every test here runs on the session's event loop (the browser lives there), so its
modules carry ``pytest.mark.asyncio(loop_scope="session")`` and the async fixtures
below say ``loop_scope="session"`` too.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from browser_kit import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    TOKEN,
    ConsoleWatch,
    OpenPage,
    StartRelay,
)
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from relay.server import Relay, RelayConfig


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"{CHROMIUM} is missing on {sys.platform}: `make system-deps` installs Debian's "
            "chromium (on Windows and macOS these browser tests do not run)"
        )
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


@pytest_asyncio.fixture(loop_scope="session")
async def start_relay(tmp_path: Path) -> AsyncIterator[StartRelay]:
    """Start a relay (by default on a free port, data in tmp_path); all stop afterwards."""
    running: list[Relay] = []

    async def start(port: int = 0, data_dir: Path | None = None) -> Relay:
        config = RelayConfig(
            host="127.0.0.1",
            port=port,
            data_dir=data_dir or tmp_path / "data",
            token=TOKEN,
            rate_per_second=1000.0,
            rate_burst=1000,
        )
        relay = Relay(config)
        await relay.start()
        running.append(relay)
        return relay

    yield start
    for relay in reversed(running):
        await relay.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def relay(start_relay: StartRelay) -> Relay:
    return await start_relay()


@pytest.fixture
def console() -> ConsoleWatch:
    return ConsoleWatch()


@pytest_asyncio.fixture(loop_scope="session")
async def open_page(browser: Browser, console: ConsoleWatch) -> AsyncIterator[OpenPage]:
    """Open a URL in a fresh context; at the end, no page may have logged an error."""
    contexts: list[BrowserContext] = []

    async def open_(url: str, **context_options: Any) -> Page:
        context_options.setdefault("viewport", DESKTOP)
        context = await browser.new_context(**context_options)
        contexts.append(context)
        page = await context.new_page()
        console.watch(page)
        await page.goto(url)
        return page

    yield open_
    for context in contexts:
        await context.close()
    assert console.unexpected() == [], "the pages logged errors"

"""A scorer who restarts the app late in a half sees the same match clock as the viewers."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from desktop_helpers import TOKEN, until
from playwright.async_api import Browser, async_playwright, expect
from pytestqt.qtbot import QtBot

from desktop.client import JoinTarget, ScorerClient
from desktop.outbox import Outbox
from desktop.scoring import ScoringController
from desktop.stamps import now_ms
from desktop.widgets.main_window import MainWindow
from relay.room import summary
from relay.rules import apply
from relay.rules.demo import demo_setup
from relay.rules.events import Clock, Event, Raid
from relay.rules.state import MatchState
from relay.server import DATABASE_FILE, Relay, RelayConfig
from relay.store import Store, StoredEvent
from relay.wire import encode
from tests.browser.browser_kit import CHROMIUM, CHROMIUM_ARGS, HANG_MS, ConsoleWatch

pytestmark = pytest.mark.browser

MINUTE = 60_000


async def write_match(data_dir: Path, match_id: str, events: list[tuple[Event, int]]) -> None:
    """Store a match as the relay would have, with its events at the given relay times."""
    store = Store(data_dir / DATABASE_FILE)
    await store.open()
    epoch = secrets.token_hex(8)
    state: MatchState | None = None
    for seq, (event, at) in enumerate(events, start=1):
        stamped = event.model_copy(update={"at": at, "by": "Earlier"})
        state, text = apply(state, stamped, at)
        home, away = state.home.score, state.away.score
        record = StoredEvent(seq, event.client_event_id, at, encode(stamped), text, home, away)
        await store.append(match_id, epoch, record, summary(state))
    await store.close()


def seconds(mmss: str) -> int:
    minutes, secs = mmss.strip(" ⏸").split(":")
    return int(minutes) * 60 + int(secs)


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        await chromium.close()


async def test_app_and_viewer_show_the_same_clock_after_a_rejoin(
    tmp_path: Path, qtbot: QtBot, browser: Browser
) -> None:
    # Kick-off 15 minutes ago; the last event 10 minutes ago; 5 minutes of the half left.
    start = now_ms() - 15 * MINUTE
    await write_match(
        tmp_path / "relay",
        "late",
        [
            (demo_setup(client_event_id="s"), start - MINUTE),
            (Clock(client_event_id="c", action="start"), start),
            (Raid(client_event_id="r", raider_id="h1", raid_type="empty"), start + 5 * MINUTE),
        ],
    )
    config = RelayConfig(host="127.0.0.1", port=0, data_dir=tmp_path / "relay", token=TOKEN)
    async with Relay(config) as relay:
        outbox = Outbox(tmp_path / "outbox.sqlite3")
        client = ScorerClient(outbox, client_id="desk-1")
        window = MainWindow(ScoringController(client))
        qtbot.addWidget(window)
        window.show()
        client.join(JoinTarget(relay.url, "late", TOKEN, "Asha"))
        await until(lambda: client.ledger.last_seq == 3)

        console = ConsoleWatch()
        page = await browser.new_page()
        console.watch(page)
        await page.goto(f"{relay.viewer_url}viewer.html?matchId=late")
        clock = page.locator("#match-clock")
        await expect(clock).to_have_text(re.compile(r"^\d\d:\d\d$"), timeout=HANG_MS)
        for _ in range(3):  # both tick; read them side by side a few times
            shown = await clock.inner_text()
            app = window.band.clock.text()
            assert abs(seconds(app) - seconds(shown)) <= 1, (app, shown)
            # Time only moves on: at most 5 minutes left, whatever the machine's speed.
            assert seconds(app) <= 5 * 60
        await page.close()
        assert console.unexpected() == []
        await client.stop()
        outbox.close()

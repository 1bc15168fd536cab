"""A viewer link with a match id nobody has set up says so, and still goes live later."""

from __future__ import annotations

import pytest
from browser_kit import HANG_MS, PHONE, ConsoleWatch, OpenPage, Scorer, setup
from playwright.async_api import expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# Chromium logs the relay's 404 for an unknown match as a failed resource: it is the answer.
NO_SUCH_MATCH = r"status of 404 .*/api/matches/[\w-]+/summary"


async def test_a_mistyped_match_id_is_told_so_and_goes_live_when_set_up(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=GHOST", viewport=PHONE)
    waiting = page.locator("#waiting")
    await expect(waiting).to_contain_text("No match “GHOST” on this relay", timeout=HANG_MS)
    await expect(waiting).to_contain_text("Check the link", timeout=HANG_MS)
    await expect(page.locator("#announce")).to_contain_text("No match “GHOST”", timeout=HANG_MS)
    async with Scorer(relay.url, "GHOST") as scorer:
        await scorer.send(setup())
        await expect(page.locator("#match")).to_be_visible(timeout=HANG_MS)
    await expect(waiting).to_be_hidden()


async def test_a_match_about_to_be_set_up_is_not_called_unknown(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    # The page may ask for the summary before it learns a scorer is on the match: the
    # relay answers 404 (nothing set up yet), which Chromium logs as a failed load.
    console.allow(NO_SUCH_MATCH)
    async with Scorer(relay.url, "soon"):
        page = await open_page(f"{relay.viewer_url}viewer.html?matchId=soon", viewport=PHONE)
        waiting = page.locator("#waiting")
        await expect(waiting).to_contain_text("Waiting for the match to be set up", timeout=HANG_MS)
        await expect(page.locator("#waiting-id")).to_have_text("soon", timeout=HANG_MS)
        assert "No match" not in await waiting.inner_text()


async def test_in_hindi_the_unknown_match_is_said_in_hindi(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=GHOST&lang=hi", viewport=PHONE)
    await expect(page.locator("#waiting")).to_contain_text(
        "इस रिले पर “GHOST” नाम का कोई मैच नहीं है", timeout=HANG_MS
    )

"""The match list: every match on the relay with its score, phase and links."""

from __future__ import annotations

import pytest
from browser_kit import HANG_MS, PHONE, OpenPage, Scorer, clock, raid, setup
from playwright.async_api import expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def test_match_list_shows_and_links_the_matches(relay: Relay, open_page: OpenPage) -> None:
    page = await open_page(relay.viewer_url)
    await expect(page.locator("#empty")).to_be_visible(timeout=HANG_MS)

    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1", "a2"))])
    async with Scorer(relay.url, "semi-2") as scorer:
        await scorer.send(setup())
    async with Scorer(relay.url, "later"):
        pass  # a match a scorer opened but has not set up yet

    # the list refreshes by itself
    final = page.locator('li[data-match-id="final"]')
    await expect(final).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#empty")).to_be_hidden()
    await expect(final.locator(".team .name")).to_have_text(["Patna Pirates", "Bengaluru Bulls"])
    await expect(final.locator(".team .score")).to_have_text(["2", "0"])
    await expect(final.locator(".phase")).to_have_text("1st half")
    await expect(final.get_by_role("link", name="Watch live")).to_have_attribute(
        "href", "viewer.html?matchId=final"
    )
    await expect(final.get_by_role("link", name="Stream overlay")).to_have_attribute(
        "href", "overlay.html?matchId=final"
    )
    semi = page.locator('li[data-match-id="semi-2"]')
    await expect(semi.locator(".phase")).to_have_text("Not started")

    # a viewer shows up in the list's count
    viewer = await open_page(f"{relay.viewer_url}viewer.html?matchId=final", viewport=PHONE)
    await expect(viewer.locator("#home-score")).to_have_text("2", timeout=HANG_MS)
    await page.reload()
    await expect(final.locator(".viewers")).to_have_text("1 watching", timeout=HANG_MS)

    await final.get_by_role("link", name="Watch live").click()
    await expect(page).to_have_url(f"{relay.viewer_url}viewer.html?matchId=final")
    await expect(page.locator("#home-name")).to_have_text("Patna Pirates", timeout=HANG_MS)

    # on a phone, a card's teams and its status sit side by side without overlapping
    phone = await open_page(relay.viewer_url, viewport=PHONE)
    card = phone.locator('li[data-match-id="semi-2"]')
    await expect(card).to_be_visible(timeout=HANG_MS)
    teams = await card.locator(".teams").bounding_box()
    status = await card.locator(".status").bounding_box()
    assert teams is not None
    assert status is not None
    assert teams["x"] + teams["width"] <= status["x"]
    assert status["x"] + status["width"] <= PHONE["width"]

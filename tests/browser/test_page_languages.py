"""The pages in the spectators' languages: chosen by address, by the browser or by hand."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser_kit import HANG_MS, OpenPage, Scorer, clock, raid, setup
from playwright.async_api import expect

from relay.paths import viewer_dir
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


def words(code: str) -> dict[str, Any]:
    catalogue: dict[str, Any] = json.loads(
        (viewer_dir() / "lang" / f"{code}.json").read_text(encoding="utf-8")
    )
    return catalogue


async def test_the_match_list_in_hindi_keeps_hindi_in_its_links(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1",))])
    page = await open_page(f"{relay.viewer_url}?lang=hi")
    final = page.locator('li[data-match-id="final"]')
    await expect(final).to_be_visible(timeout=HANG_MS)
    assert await page.evaluate("document.documentElement.lang") == "hi"
    await expect(page.locator("h1")).to_have_text("मैच")
    await expect(page.locator("#conn")).to_have_text("ताज़ा")
    await expect(final.locator(".phase")).to_have_text("पहला हाफ़")
    await expect(final.locator(".team .name")).to_have_text(["Patna Pirates", "Bengaluru Bulls"])
    await expect(final.get_by_role("link", name="लाइव देखें")).to_have_attribute(
        "href", "viewer.html?matchId=final&lang=hi"
    )
    assert await page.title() == "मैच · कबड्डी लाइव"


async def test_a_browser_that_prefers_marathi_gets_marathi(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(relay.viewer_url, locale="mr-IN")
    await expect(page.locator("h1")).to_have_text(words("mr")["index.heading"], timeout=HANG_MS)
    assert await page.evaluate("document.documentElement.lang") == "mr"
    await expect(page.locator("#empty")).to_have_text(words("mr")["index.empty"])


async def test_a_language_the_pages_do_not_speak_falls_back_to_english(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(f"{relay.viewer_url}?lang=xx", locale="fr-FR")
    await expect(page.locator("h1")).to_have_text("Matches", timeout=HANG_MS)
    assert await page.evaluate("document.documentElement.lang") == "en"

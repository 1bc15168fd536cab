"""The streaming overlay: transparent, live, with banners, cues and placement options."""

from __future__ import annotations

import re

import pytest
from browser_kit import HANG_MS, OpenPage, Scorer, clock, decode_png, raid, raid_start, setup
from playwright.async_api import Page, expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

VIDEO = {"width": 1280, "height": 720}
TRANSPARENT = "rgba(0, 0, 0, 0)"


def overlay_url(relay: Relay, match_id: str, options: str = "") -> str:
    return f"{relay.viewer_url}overlay.html?matchId={match_id}{options}"


async def background(page: Page, selector: str) -> str:
    color: str = await page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")
    return color


async def test_overlay_is_transparent_and_follows_the_match(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(overlay_url(relay, "stream", "&pos=bottom-right"), viewport=VIDEO)
    await expect(page.locator("#waiting")).to_have_text(
        "Waiting for the match to be set up", timeout=HANG_MS
    )
    async with Scorer(relay.url, "stream") as scorer:
        await scorer.send_all([setup(), clock("start")])
        bug = page.locator("#bug")
        await expect(bug).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#home-name")).to_have_text("PAT")
        await expect(page.locator("#away-name")).to_have_text("BEN")
        await expect(page.locator("#phase")).to_have_text("1ST")
        await expect(page.locator("#clock")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))

        assert await background(page, "html") == TRANSPARENT
        assert await background(page, "body") == TRANSPARENT
        shot = decode_png(await page.screenshot(omit_background=True))
        assert shot.pixel(0, 0)[3] == 0, "the page around the bug must be see-through"
        assert shot.pixel(shot.width // 2, shot.height // 2)[3] == 0
        box = await bug.bounding_box()
        assert box is not None
        inside = shot.pixel(int(box["x"] + box["width"] / 2), int(box["y"] + box["height"] / 4))
        assert inside[3] > 200, "the bug itself is opaque"

        await scorer.send(raid_start("h1"))
        await expect(page.locator("#strip")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#strip-raider")).to_have_text("Pardeep · PAT")
        await expect(page.locator("#strip-seconds")).to_have_text(re.compile(r"^(30|29|28)$"))
        await expect(page.locator("#dod")).to_be_hidden()

        everyone = tuple(f"a{n}" for n in range(1, 8))
        await scorer.send(raid("h1", "successful", touched=everyone))
        await expect(page.locator("#home-score")).to_have_text("9", timeout=HANG_MS)
        await expect(page.locator("#banner")).to_be_visible()
        await expect(page.locator("#banner-title")).to_have_text("Super raid")
        await expect(page.locator("#banner-team")).to_have_text("PAT")
        # the all out follows once the super raid banner has had its moment
        await expect(page.locator("#banner-title")).to_have_text("All out", timeout=HANG_MS)
        await expect(page.locator("#banner-team")).to_have_text("BEN all out")
        await expect(page.locator("#banner")).to_be_hidden(timeout=HANG_MS)

        await scorer.send_all(
            [raid("a1", "empty"), raid("h2", "empty"), raid("a2", "empty"), raid("h3", "empty")]
        )
        # two empty raids in a row: Bengaluru's next raid is do-or-die
        await expect(page.locator("#dod")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#strip-raider")).to_have_text("BEN")
        await expect(page.locator("#strip-label")).to_have_text("Next")


async def test_overlay_position_and_scale(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "placed") as scorer:
        await scorer.send(setup())

    page = await open_page(overlay_url(relay, "placed"), viewport=VIDEO)
    bug = page.locator("#bug")
    await expect(bug).to_be_visible(timeout=HANG_MS)
    plain = await bug.bounding_box()
    assert plain is not None
    assert plain["x"] < 100, "top-left by default"
    assert plain["y"] < 100

    await page.goto(overlay_url(relay, "placed", "&pos=bottom-right&scale=1.5"))
    await expect(bug).to_be_visible(timeout=HANG_MS)
    placed = await bug.bounding_box()
    assert placed is not None
    assert placed["width"] == pytest.approx(plain["width"] * 1.5, rel=0.02)
    assert VIDEO["width"] - (placed["x"] + placed["width"]) < 100
    assert VIDEO["height"] - (placed["y"] + placed["height"]) < 100

    await page.goto(overlay_url(relay, "placed", "&pos=top&scale=nonsense"))
    await expect(bug).to_be_visible(timeout=HANG_MS)
    centred = await bug.bounding_box()
    assert centred is not None
    assert centred["width"] == pytest.approx(plain["width"], rel=0.02)
    middle = centred["x"] + centred["width"] / 2
    assert middle == pytest.approx(VIDEO["width"] / 2, abs=2)
    assert centred["y"] < 100

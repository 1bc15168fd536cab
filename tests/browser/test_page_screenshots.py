"""Screenshots of the pages in the middle of a match, as the README shows them.

Each run renders them into the test's temporary folder and checks them. To refresh the
ones in docs/screenshots (viewer.png, viewer-phone.png, viewer-big.png, overlay.png), run:

    KABADDI_SCREENSHOTS=1 .venv/bin/pytest tests/browser -k screenshots
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from browser_kit import HANG_MS, PHONE, OpenPage, Scorer, decode_png, first_half_story
from playwright.async_api import expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
BEFORE_SUPER_TACKLE = 10  # story events sent before the overlay opens
BIG_SCREEN = {"width": 1920, "height": 1080}


async def test_page_screenshots(relay: Relay, open_page: OpenPage, tmp_path: Path) -> None:
    story = first_half_story()
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all(story[:BEFORE_SUPER_TACKLE])
        overlay = await open_page(
            f"{relay.viewer_url}overlay.html?matchId=final", viewport={"width": 520, "height": 200}
        )
        await expect(overlay.locator("#bug")).to_be_visible(timeout=HANG_MS)
        await scorer.send_all(story[BEFORE_SUPER_TACKLE:])

    await expect(overlay.locator("#banner-title")).to_have_text("Super tackle", timeout=HANG_MS)
    await expect(overlay.locator("#dod")).to_be_visible()
    await expect(overlay.locator("#strip-raider")).to_have_text("Pardeep · PAT")
    overlay_png = tmp_path / "overlay.png"
    await overlay.screenshot(path=overlay_png, omit_background=True, animations="disabled")

    url = f"{relay.viewer_url}viewer.html?matchId=final"
    desktop = await open_page(url, viewport={"width": 1280, "height": 800})
    phone = await open_page(url, viewport=PHONE, device_scale_factor=2, is_mobile=True)
    big = await open_page(f"{url}&screen=big", viewport=BIG_SCREEN, color_scheme="dark")
    for page in (desktop, phone, big):
        await expect(page.locator("#pbp > li")).to_have_count(len(story), timeout=HANG_MS)
        await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)")
        await expect(page.locator("#home-tags .dod")).to_have_text("Do or die")
        sideways = await page.evaluate("document.documentElement.scrollWidth > innerWidth")
        assert not sideways, "the page fits its width"
    viewer_png, phone_png = tmp_path / "viewer.png", tmp_path / "viewer-phone.png"
    big_png = tmp_path / "viewer-big.png"
    await desktop.screenshot(path=viewer_png, full_page=True, animations="disabled")
    await phone.screenshot(path=phone_png, animations="disabled")
    await big.screenshot(path=big_png, full_page=True, animations="disabled")

    overlay_image = decode_png(overlay_png.read_bytes())
    assert overlay_image.pixel(0, 0)[3] == 0, "the overlay is see-through around the bug"
    assert decode_png(viewer_png.read_bytes()).width == 1280
    assert decode_png(phone_png.read_bytes()).width == PHONE["width"] * 2
    big_image = decode_png(big_png.read_bytes())
    assert (big_image.width, big_image.height) == (1920, 1080), "the big screen is one screen"

    if os.environ.get("KABADDI_SCREENSHOTS"):
        DOCS.mkdir(parents=True, exist_ok=True)
        for shot in (viewer_png, phone_png, big_png, overlay_png):
            shutil.copyfile(shot, DOCS / shot.name)

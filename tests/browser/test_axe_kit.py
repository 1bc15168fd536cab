"""The accessibility checker itself: it must see a contrast failure planted in a page."""

from __future__ import annotations

import pytest
from axe_kit import axe_violations, describe
from browser_kit import PHONE, ConsoleWatch, OpenPage

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def test_axe_reports_faint_text_planted_in_a_page(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(r"status of 404 .*/api/matches/[\w-]+/summary")  # m1 is not set up
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=m1", viewport=PHONE)
    await page.evaluate(
        """() => {
            const faint = document.createElement('p');
            faint.id = 'faint';
            faint.textContent = 'faint words';
            faint.style.cssText = 'color: #cccccc; background: #ffffff';
            document.body.append(faint);
        }"""
    )
    violations = await axe_violations(page)
    contrast = [v for v in violations if v["id"] == "color-contrast"]
    assert contrast, describe(violations)
    assert any(node["target"] == "#faint" for node in contrast[0]["nodes"]), describe(contrast)

"""At the score: the last event and what is going on now, in sight while a phone scrolls."""

from __future__ import annotations

import re

import pytest
from browser_kit import (
    HANG_MS,
    PHONE,
    OpenPage,
    Scorer,
    clock,
    raid,
    setup,
    timeout,
    viewer_url,
)
from playwright.async_api import Page, expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

INSIDE_SCOREBOARD = """(id) => {
    const board = document.querySelector(".scoreboard").getBoundingClientRect();
    const node = document.getElementById(id).getBoundingClientRect();
    return node.top >= board.top && node.bottom <= board.bottom;
}"""


async def expect_situation(page: Page, kind: str, text: str | re.Pattern[str]) -> None:
    situation = page.locator("#situation")
    await expect(situation).to_have_attribute("data-kind", kind, timeout=HANG_MS)
    await expect(page.locator("#situation-text")).to_have_text(text)


async def test_the_last_event_and_the_situation_are_at_the_score(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "now") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page("about:blank", viewport=PHONE)
        await page.clock.install()
        await page.goto(viewer_url(relay, "now"))
        await expect(page.locator("#last-event-shown")).to_have_text(
            "Kick-off! PAT raid first", timeout=HANG_MS
        )
        assert await page.evaluate(INSIDE_SCOREBOARD, "last-event")
        assert await page.evaluate(INSIDE_SCOREBOARD, "situation")

        # A super raid, then the same raider's team makes Bengaluru all out.
        await scorer.send(raid("h1", "successful", touched=("a1", "a2", "a3")))
        await expect(page.locator("#last-event-shown")).to_have_text(
            "Pardeep (PAT) raids: 3 touch points (Pawan, Saurabh, Mahender) — super raid",
            timeout=HANG_MS,
        )
        await expect_situation(page, "highlight", "Super raid · Patna Pirates")
        await scorer.send_all(
            [
                raid("a4", "empty"),
                raid("h2", "successful", touched=("a4", "a5", "a6")),
                raid("a7", "empty"),
            ]
        )
        await expect_situation(page, "highlight", "Super raid · Patna Pirates")
        await scorer.send(raid("h3", "successful", touched=("a7",)))
        await expect_situation(page, "highlight", "All out · Bengaluru Bulls all out")
        # Two empty raids in a row: Bengaluru's next raid is do-or-die. The all out has the
        # line for a while, then the do-or-die raid does.
        await page.clock.fast_forward(9_000)
        await expect_situation(page, "doOrDie", "Do-or-die raid · Bengaluru Bulls")
        await scorer.send(raid("a1", "successful", touched=("h1",)))
        await expect_situation(page, "none", "")

        # A timeout counts down at the score, and goes when play resumes. (A page of its
        # own: the first page's clock has been pushed on, the relay's has not.)
        page = await open_page("about:blank", viewport=PHONE)
        await page.clock.install()
        await page.goto(viewer_url(relay, "now"))
        await expect(page.locator("#last-event-shown")).to_have_text(
            "Pawan (BEN) raids: 1 touch point (Pardeep)", timeout=HANG_MS
        )
        await scorer.send(timeout("home"))
        await expect_situation(
            page, "timeout", re.compile(r"^Timeout 00:(30|29|28) · Patna Pirates$")
        )
        await page.clock.fast_forward(12_000)
        await expect_situation(
            page, "timeout", re.compile(r"^Timeout 00:(18|17|16) · Patna Pirates$")
        )
        await page.clock.fast_forward(25_000)
        await expect_situation(page, "timeout", "Timeout · Patna Pirates")
        await scorer.send(clock("resume"))
        await expect_situation(page, "none", "")
        await expect(page.locator("#last-event-shown")).to_have_text("Clock resumed")

    # The scoreboard stays at the top of the screen while the page scrolls.
    await page.evaluate("window.scrollTo(0, 900)")
    assert await page.evaluate("scrollY") == 900
    top = await page.evaluate("document.querySelector('.scoreboard').getBoundingClientRect().top")
    assert abs(top) <= 1, top

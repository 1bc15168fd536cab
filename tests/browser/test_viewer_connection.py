"""A dropped connection on the viewer: said over the score, clocks stopped, nothing moves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browser_kit import (
    HANG_MS,
    HANG_S,
    PHONE,
    ConsoleWatch,
    OpenPage,
    Scorer,
    StartRelay,
    clock,
    raid_start,
    setup,
    viewer_url,
)
from playwright.async_api import Page, expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# While the relay is down the browser itself logs each refused connection attempt.
REFUSED = r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws' failed"
NOT_LIVE = "Not live · reconnecting"

RECORD_CONNECTION = """() => {
    const conn = document.getElementById("conn");
    window.connTexts = [];
    window.connStates = [];
    new MutationObserver(() => {
        if (window.connTexts.at(-1) !== conn.textContent) window.connTexts.push(conn.textContent);
        window.connStates.push(conn.dataset.state);
    }).observe(conn, {attributes: true, childList: true, characterData: true, subtree: true});
}"""

LAYOUT = """() => {
    const box = (node) => {
        const r = node.getBoundingClientRect();
        return [Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(r.height)];
    };
    const bar = document.querySelector(".topbar");
    return {
        topbar: box(bar),
        topbarTops: [...bar.children].filter((c) => !c.hidden)
            .map((c) => box(c)[1] + box(c)[3] / 2),
        topbarRight: Math.max(...[...bar.children].map((c) => c.getBoundingClientRect().right)),
        width: innerWidth,
        scoreboard: box(document.querySelector(".scoreboard")),
        score: box(document.getElementById("home-score")),
        panels: box(document.querySelector(".panels")),
    };
}"""


async def layout(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = await page.evaluate(LAYOUT)
    return found


def boxes(found: dict[str, Any]) -> dict[str, Any]:
    """Where the header, the scoreboard, a score and the panels are."""
    return {key: found[key] for key in ("topbar", "scoreboard", "score", "panels")}


def one_line(found: dict[str, Any]) -> bool:
    """Every item of the header sits on the same line (their middles within 2 px), all of
    it on the screen."""
    middles = found["topbarTops"]
    return bool(max(middles) - min(middles) <= 2 and found["topbarRight"] <= found["width"])


async def retry_once(page: Page) -> None:
    """Let the page's next retry run (its timers are on the page's fake clock) and fail."""
    seen = await page.evaluate("window.connStates.length")
    await page.clock.fast_forward(16_000)
    for _ in range(int(HANG_S * 10)):
        if await page.evaluate("window.connStates.length") >= seen + 2:
            return
        await page.wait_for_timeout(100)
    raise AssertionError("the page did not try the relay again")


async def test_a_dropped_connection_is_unmistakable_and_moves_nothing(
    start_relay: StartRelay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(REFUSED)
    relay = await start_relay()
    port = relay.port
    async with Scorer(relay.url, "drop") as scorer:
        await scorer.send_all([setup(), clock("start"), raid_start("h1")])
    page = await open_page("about:blank", viewport=PHONE)
    await page.clock.install()
    await page.goto(viewer_url(relay, "drop"))
    await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)
    await expect(page.locator("#conn")).to_have_text("Live")
    await expect(page.locator("#stale")).to_be_hidden()
    live = await layout(page)
    assert one_line(live), live
    await page.evaluate(RECORD_CONNECTION)

    await relay.stop()
    await expect(page.locator("#stale")).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#stale")).to_contain_text("Not live — reconnecting")
    await expect(page.locator("#conn")).to_have_text(NOT_LIVE)
    match_clock = await page.locator("#match-clock").inner_text()
    raid_clock = await page.locator("#raid-seconds").inner_text()

    for _ in range(5):  # down for a while: the page keeps trying, and gives up hope
        await retry_once(page)
    states = await page.evaluate("window.connStates")
    assert "offline" in states, states
    # Over a minute later by the page's clock, the clocks still show the moment of the drop.
    await expect(page.locator("#stale-age")).to_have_text(re.compile(r"^Score as of \d+ min ago$"))
    assert await page.locator("#match-clock").inner_text() == match_clock
    assert await page.locator("#raid-seconds").inner_text() == raid_clock
    await expect(page.locator("html")).to_have_class(re.compile(r"\bnot-live\b"))
    # The screen reader heard one thing once, however many retries.
    assert await page.evaluate("window.connTexts") == [NOT_LIVE]

    stale = await layout(page)
    assert one_line(stale), stale
    assert boxes(stale) == boxes(live), "the banner is laid over the page: nothing moves"
    await page.set_viewport_size({"width": 390, "height": PHONE["height"]})
    assert one_line(await layout(page)), "the header stays on one line at 390 px too"
    await page.set_viewport_size({"width": PHONE["width"], "height": PHONE["height"]})

    await start_relay(port=port)
    await page.clock.fast_forward(16_000)  # the next retry finds the relay back
    await expect(page.locator("#conn")).to_have_text("Live", timeout=HANG_MS)
    await expect(page.locator("#stale")).to_be_hidden()
    await expect(page.locator("html")).not_to_have_class(re.compile(r"\bnot-live\b"))
    assert await page.evaluate("window.connTexts") == [NOT_LIVE, "Live"]
    assert boxes(await layout(page)) == boxes(live)


async def test_a_phone_that_loses_its_network_says_so_at_once(
    relay: Relay, open_page: OpenPage
) -> None:
    """The browser knows the network is gone before the socket does: the page says so
    without waiting for the socket, and is live again as soon as the network is back."""
    async with Scorer(relay.url, "wifi") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page(viewer_url(relay, "wifi"), viewport=PHONE)
        await expect(page.locator("#conn")).to_have_text("Live", timeout=HANG_MS)

        await page.context.set_offline(True)
        await expect(page.locator("#stale")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#conn")).to_have_text(NOT_LIVE)

        await page.context.set_offline(False)
        await expect(page.locator("#conn")).to_have_text("Live", timeout=HANG_MS)
        await expect(page.locator("#stale")).to_be_hidden()
        await scorer.send(raid_start("h1"))
        await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)


async def test_a_connection_that_goes_silent_is_dropped_and_the_page_catches_up(
    relay: Relay, open_page: OpenPage
) -> None:
    """A connection can die without a close or an offline event. The relay says
    something at least every 15 s (presence when the match is quiet), so a page that has
    heard nothing for 45 s drops the connection, says it is not live, reconnects and
    catches up. The page's clock is a fake one here, moved on by the test."""
    async with Scorer(relay.url, "silent") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page(viewer_url(relay, "silent"), viewport=PHONE)
        await expect(page.locator("#conn")).to_have_text("Live", timeout=HANG_MS)
        await page.clock.install()
        await scorer.send(raid_start("h1"))  # heard: the wait for the next word starts now
        await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)

        await page.evaluate(RECORD_CONNECTION)
        await page.clock.run_for(30_000)  # quiet, but not yet three heartbeats
        await expect(page.locator("#conn")).to_have_text("Live")
        assert await page.evaluate("window.connTexts") == []

        # 46 s without a word: the connection is dead. The page says so, and its first
        # retry (due within 400 ms) may already have run by the end of this step.
        await page.clock.run_for(16_000)
        await scorer.send(clock("pause"))  # while the page is away, or just back
        await page.clock.run_for(1_000)
        await expect(page.locator("#conn")).to_have_text("Live", timeout=HANG_MS)
        await expect(page.locator("#stale")).to_be_hidden()
        assert await page.evaluate("window.connTexts") == [NOT_LIVE, "Live"]
        await expect(page.locator("#match-clock")).to_have_class(
            re.compile(r"\bstopped\b"), timeout=HANG_MS
        )

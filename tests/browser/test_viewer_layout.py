"""The viewer on a phone: nothing moves during play, and names are readable and whole."""

from __future__ import annotations

from typing import Any

import pytest
from browser_kit import (
    DESKTOP,
    HANG_MS,
    PHONE,
    OpenPage,
    Scorer,
    card,
    clock,
    first_half_story,
    raid,
    raid_start,
    setup,
    timeout,
    viewer_url,
)
from playwright.async_api import Page, expect

from relay.rules.events import Setup
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# The browser's own Layout Instability API: every layout shift since `window.shiftsSince`.
WATCH_SHIFTS = """() => {
    window.shifts = [];
    window.shiftsSince = performance.now();
    const name = (node) => node ? (node.id || node.className || node.nodeName) : "?";
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (entry.startTime < window.shiftsSince || entry.hadRecentInput) continue;
            window.shifts.push({
                value: entry.value,
                sources: entry.sources.map((s) => name(s.node && (s.node.nodeType === 1
                    ? s.node : s.node.parentElement))),
            });
        }
    }).observe({type: "layout-shift", buffered: true});
}"""

NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))"

PANEL_TOPS = """() => [...document.querySelectorAll(".panels > .card")]
    .map((card) => Math.round(card.getBoundingClientRect().top + scrollY))"""


async def send_and_wait(scorer: Scorer, page: Page, event: Any) -> None:
    seq = await scorer.send(event)
    await expect(page.locator(f'#pbp > li[data-seq="{seq}"]')).to_have_count(1, timeout=HANG_MS)


@pytest.mark.parametrize(
    ("viewport", "query"),
    [(PHONE, ""), (DESKTOP, ""), ({"width": 1920, "height": 1080}, "screen=big")],
    ids=["phone", "desktop", "big"],
)
async def test_nothing_moves_during_play(
    relay: Relay, open_page: OpenPage, viewport: dict[str, int], query: str
) -> None:
    async with Scorer(relay.url, "still") as scorer:
        await scorer.send(setup())
        page = await open_page(viewer_url(relay, "still", query), viewport=viewport)
        await expect(page.locator("#phase")).to_have_text("Not started", timeout=HANG_MS)
        panels = await page.evaluate(PANEL_TOPS)
        await page.evaluate(WATCH_SHIFTS)

        story = first_half_story()[1:]  # kick-off, raids, a card, a timeout, do-or-die
        story += [raid("h1", "successful", touched=("a1",))]
        for event in story:
            await send_and_wait(scorer, page, event)
        # the shifts of the last frames are reported after they are painted
        await page.evaluate(NEXT_FRAME)

    shifts: list[dict[str, Any]] = await page.evaluate("window.shifts")
    total = sum(shift["value"] for shift in shifts)
    print(f"cumulative layout shift over kick-off and {len(story) - 1} events: {total:.4f}")
    assert total < 0.0005, shifts
    assert await page.evaluate(PANEL_TOPS) == panels, "the panels under the scoreboard stay put"


def named_setup() -> Setup:
    """The demo match with a six-letter short name and some longer ordinary names."""
    base = setup()
    assert isinstance(base, Setup)
    players = list(base.home.players)
    players[0] = players[0].model_copy(update={"name": "Mohammadreza"})
    players[1] = players[1].model_copy(update={"name": "Sachin Tanwar"})
    players[2] = players[2].model_copy(update={"name": "Naveen Kumar"})
    home = base.home.model_copy(update={"short_name": "WWWWWW", "players": tuple(players)})
    return base.model_copy(update={"home": home})


MAT_NAMES = """() => [...document.querySelectorAll(".place .pname")].map((node) => ({
    name: node.textContent,
    size: parseFloat(getComputedStyle(node).fontSize),
    whole: node.scrollWidth <= node.clientWidth,
}))"""

SHORT_NAME_ROOM = """() => {
    const short = document.getElementById("home-short");
    const range = document.createRange();
    range.selectNodeContents(short);
    const text = range.getBoundingClientRect();
    const side = document.getElementById("home-side").getBoundingClientRect();
    return {left: text.left - side.left, right: side.right - text.right,
            size: parseFloat(getComputedStyle(short).fontSize)};
}"""


async def test_names_are_readable_and_whole_at_360_px(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "names") as scorer:
        await scorer.send_all([named_setup(), clock("start"), raid_start("h1")])
        await scorer.send_all([raid("h1", "successful", touched=("a2",)), card("a5", "yellow")])
        await scorer.send(timeout("home"))
    page = await open_page(viewer_url(relay, "names"), viewport=PHONE)
    await expect(page.locator("#home-short")).to_have_text("WWWWWW", timeout=HANG_MS)
    await expect(page.locator(".place .pname")).to_have_count(14)

    names: list[dict[str, Any]] = await page.evaluate(MAT_NAMES)
    assert {"Mohammadreza", "Sachin Tanwar", "Naveen Kumar", "Mahender"} <= {
        n["name"] for n in names
    }
    small = [n for n in names if n["size"] < 12]
    assert small == [], "names on the mat are at least 12 px"
    cut = [n["name"] for n in names if not n["whole"]]
    assert cut == [], f"ordinary names are not cut short: {names}"

    room = await page.evaluate(SHORT_NAME_ROOM)
    assert room["size"] >= 14, room
    assert room["left"] >= 8, f"the short name has room on its left: {room}"
    assert room["right"] >= 8, f"the short name has room on its right: {room}"
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]

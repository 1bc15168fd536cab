"""The viewer on a venue's big screen: the whole match on one screen, sized to the screen."""

from __future__ import annotations

from typing import Any

import pytest
from browser_kit import (
    DESKTOP,
    HANG_MS,
    OpenPage,
    Scorer,
    card,
    first_half_story,
    viewer_url,
)
from playwright.async_api import Page, expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# Everything the page shows: where it is, how big its own words are, and whether it is cut
# off (outside the screen, or outside the card it belongs to). The play-by-play box shows
# its newest lines: older ones may scroll out of it, the newest must be whole.
MEASURE = """() => {
    const seen = (node) => {
        const style = getComputedStyle(node);
        const box = node.getBoundingClientRect();
        return style.visibility !== "hidden" && box.width > 1 && box.height > 1;
    };
    const ownText = (node) => [...node.childNodes].some(
        (child) => child.nodeType === 3 && child.textContent.trim());
    const pbp = document.getElementById("pbp");
    const problems = [];
    const sizes = [];
    for (const node of document.querySelectorAll("body *")) {
        if (!seen(node) || (pbp.contains(node) && node !== pbp.lastElementChild
                            && !pbp.lastElementChild.contains(node))) continue;
        const box = node.getBoundingClientRect();
        const card = node.closest(".card");
        const limit = card ? card.getBoundingClientRect() : {top: 0, bottom: innerHeight,
                                                             left: 0, right: innerWidth};
        const out = box.bottom > Math.min(limit.bottom, innerHeight) + 0.5
            || box.right > Math.min(limit.right, innerWidth) + 0.5
            || box.top < limit.top - 0.5 || box.left < limit.left - 0.5;
        const name = node.id || node.className || node.nodeName;
        if (out) problems.push(`${name} "${node.textContent.slice(0, 30)}"`);
        if (ownText(node)) sizes.push([name, parseFloat(getComputedStyle(node).fontSize)]);
    }
    const cards = [...document.querySelectorAll(".card")].map((c) => c.getBoundingClientRect());
    return {
        big: document.documentElement.classList.contains("big"),
        scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        screen: [innerWidth, innerHeight],
        problems,
        sizes,
        used: [Math.min(...cards.map((c) => c.left)), Math.max(...cards.map((c) => c.right)),
               Math.max(...cards.map((c) => c.bottom))],
        score: parseFloat(getComputedStyle(document.getElementById("home-score")).fontSize),
        clock: parseFloat(getComputedStyle(document.getElementById("match-clock")).fontSize),
        raider: parseFloat(getComputedStyle(document.getElementById("raider")).fontSize),
        statRows: document.querySelectorAll(".team-stats tbody tr").length,
    };
}"""


async def measure(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = await page.evaluate(MEASURE)
    return found


async def busy_match(relay: Relay, match_id: str) -> None:
    story = first_half_story()
    story[-1:-1] = [card("h3", "green")]
    async with Scorer(relay.url, match_id) as scorer:
        await scorer.send_all(story)


@pytest.mark.parametrize(
    ("width", "height", "query"),
    [(1920, 1080, "screen=big"), (3840, 2160, ""), (2560, 1440, "")],
)
async def test_big_screen_shows_everything_on_one_screen(
    relay: Relay, open_page: OpenPage, width: int, height: int, query: str
) -> None:
    await busy_match(relay, "big")
    page = await open_page(
        viewer_url(relay, "big", query), viewport={"width": width, "height": height}
    )
    await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)
    await expect(page.locator("#top-defenders li")).to_have_count(2)
    found = await measure(page)

    assert found["big"], "a large landscape screen gets the big-screen layout"
    assert found["scroll"] == found["screen"], "one screen, no scrolling either way"
    assert found["problems"] == [], "nothing is cut off"
    left, right, bottom = found["used"]
    assert left <= 0.03 * width, "the cards reach the left edge"
    assert right >= 0.97 * width, "and the right edge: no empty half screen"
    assert bottom >= 0.95 * height, "and the bottom"
    # Sizes in proportion to the screen, for the back of a stand.
    small = [(name, size) for name, size in found["sizes"] if size < 0.018 * height]
    assert small == [], "no words smaller than 1.8% of the screen's height"
    assert found["score"] >= 0.15 * height
    assert found["clock"] >= 0.07 * height
    assert found["raider"] >= 0.03 * height


async def test_big_screen_mode_follows_the_url_and_the_viewport(
    relay: Relay, open_page: OpenPage
) -> None:
    await busy_match(relay, "modes")
    laptop = await open_page(viewer_url(relay, "modes"), viewport=DESKTOP)
    asked = await open_page(viewer_url(relay, "modes", "screen=big"), viewport=DESKTOP)
    refused = await open_page(
        viewer_url(relay, "modes", "screen=normal"), viewport={"width": 1920, "height": 1080}
    )
    portrait = await open_page(viewer_url(relay, "modes"), viewport={"width": 1600, "height": 2560})
    for page in (laptop, asked, refused, portrait):
        await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)
    html = "html"
    await expect(laptop.locator(html)).not_to_have_class("big")
    await expect(asked.locator(html)).to_have_class("big")
    await expect(refused.locator(html)).not_to_have_class("big")
    await expect(portrait.locator(html)).not_to_have_class("big")
    assert (await measure(asked))["scroll"] == [DESKTOP["width"], DESKTOP["height"]]

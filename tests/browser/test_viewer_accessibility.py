"""The viewer for everyone: axe-core finds nothing, keys reach everything, screen readers
hear what a sighted spectator sees change."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_kit import axe_violations, describe
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
    viewer_url,
)
from playwright.async_api import Page, expect

from relay.rules.events import Event, Setup
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

GREEN = "#3FA34D"  # white text on it reads 3.2:1, black 5.9:1
NEAR_BLACK = "#1A1A1A"  # all but invisible on the dark page


def coloured_setup() -> Event:
    base = setup()
    assert isinstance(base, Setup)
    return base.model_copy(
        update={
            "home": base.home.model_copy(update={"color": GREEN}),
            "away": base.away.model_copy(update={"color": NEAR_BLACK}),
        }
    )


SCREENS: dict[str, dict[str, int]] = {
    "desktop": DESKTOP,
    "phone": PHONE,
    "big": {"width": 1920, "height": 1080},
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("screen", ["desktop", "phone", "big"])
async def test_axe_finds_no_wcag_a_or_aa_violations(
    relay: Relay, open_page: OpenPage, scheme: str, screen: str
) -> None:
    story = first_half_story()
    story[0] = coloured_setup()
    async with Scorer(relay.url, "axe") as scorer:
        await scorer.send_all(story)
    page = await open_page(viewer_url(relay, "axe"), viewport=SCREENS[screen], color_scheme=scheme)
    await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)
    await expect(page.locator("#situation")).to_have_attribute("data-kind", "doOrDie")
    await expect(page.locator("[data-suspended]")).to_have_text(re.compile(r"^0[12]:\d\d$"))
    await page.emulate_media(reduced_motion="reduce")  # the score's flash has settled
    violations = await axe_violations(page)
    assert violations == [], describe(violations)


async def test_a_heading_and_a_play_by_play_that_keys_can_scroll(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "keys") as scorer:
        await scorer.send_all(first_half_story())
    page = await open_page(viewer_url(relay, "keys"), viewport=PHONE)
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Patna Pirates v Bengaluru Bulls, live score", timeout=HANG_MS
    )
    pbp = page.locator("#pbp")
    await expect(pbp.locator("li")).to_have_count(len(first_half_story()))
    scroll: list[int] = await pbp.evaluate(
        "list => [list.scrollTop, list.scrollHeight, list.clientHeight]"
    )
    assert scroll[1] > scroll[2], "the play-by-play is longer than its box"
    assert scroll[0] > 0, "it shows the newest lines"

    await page.keyboard.press("Tab")  # the link to the list of matches
    await page.keyboard.press("Tab")
    assert await page.evaluate("document.activeElement.id") == "pbp"
    await page.keyboard.press("Home")
    await expect(pbp).to_have_js_property("scrollTop", 0)
    await page.keyboard.press("End")
    await expect(pbp).to_have_js_property("scrollTop", scroll[0])


async def announced(page: Page, text: str) -> None:
    await expect(page.locator("#announce")).to_have_text(text, timeout=HANG_MS)


async def test_screen_readers_hear_what_changes_with_full_names(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "heard") as scorer:
        await scorer.send(setup())
        page = await open_page(viewer_url(relay, "heard"), viewport=PHONE)
        await expect(page.locator("#home-short")).to_have_text("PAT", timeout=HANG_MS)
        # On a phone the screen shows short names; the score is read with full ones.
        snapshot: Any = await page.locator(".scoreboard").aria_snapshot()
        assert "Patna Pirates" in snapshot, snapshot
        assert "Bengaluru Bulls" in snapshot, snapshot
        assert "PAT" not in snapshot.replace("Patna", "")
        assert "BEN" not in snapshot

        await scorer.send(clock("start"))
        await announced(
            page, "Kick-off! Patna Pirates raid first. Patna Pirates 0, Bengaluru Bulls 0."
        )
        await scorer.send(raid_start("h1"))
        await announced(page, "Pardeep (Patna Pirates) goes in to raid.")
        await scorer.send(raid("h1", "empty"))
        await announced(page, "Pardeep (Patna Pirates) raids: empty raid.")
        await scorer.send(card("a2", "green"))
        await announced(page, "Green card for Saurabh (Bengaluru Bulls): a warning.")
        await scorer.send(raid("a1", "empty"))
        await scorer.send(raid("h2", "empty"))
        await announced(
            page, "Sachin (Patna Pirates) raids: empty raid — next Patna Pirates raid is do-or-die."
        )
        await scorer.send(raid("a3", "successful", touched=("h4",)))
        await announced(
            page,
            "Mahender (Bengaluru Bulls) raids: 1 touch point (Sunil). "
            "Patna Pirates 0, Bengaluru Bulls 1. Next raid is do or die for Patna Pirates.",
        )
        await scorer.send(clock("endHalf"))
        await announced(page, "Half time. Patna Pirates 0, Bengaluru Bulls 1.")


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        def linear(channel: int) -> float:
            s = channel / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (linear(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


async def test_a_near_black_team_keeps_an_edge_on_the_dark_page(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "edges") as scorer:
        await scorer.send(coloured_setup())
    page = await open_page(viewer_url(relay, "edges"), color_scheme="dark")
    await expect(page.locator(".place")).to_have_count(14, timeout=HANG_MS)
    found = await page.evaluate(
        """() => {
        const rgb = (text) =>
            text.match(/rgba?\\(([^)]*)\\)/)[1].split(",").slice(0, 3).map(Number);
        const shadow = (node) => rgb(getComputedStyle(node).boxShadow);
        const away = document.querySelector('.mat-team[data-side="away"]');
        return {
            surface: rgb(getComputedStyle(document.querySelector(".card")).backgroundColor),
            fill: rgb(getComputedStyle(away.querySelector(".place")).backgroundColor),
            tile: shadow(away.querySelector(".place")),
            dot: shadow(away.querySelector(".team-dot")),
        };
    }"""
    )
    surface = tuple(found["surface"])
    assert surface == (24, 27, 33), "the dark page's card surface"
    assert tuple(found["fill"]) == (26, 26, 26), "the tile is the team's own colour"
    assert contrast(tuple(found["fill"]), surface) < 1.1, "which alone would vanish"
    for part in ("tile", "dot"):
        assert contrast(tuple(found[part]), surface) >= 3, f"the {part}'s edge stands out"

"""The overlay in the spectators' languages: translated banners that fit at every scale."""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser_kit import HANG_MS, OpenPage, Scorer, clock, raid, setup
from playwright.async_api import Page, expect

from relay.paths import viewer_dir
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

FULL_HD = {"width": 1920, "height": 1080}
SCALES = (0.25, 0.5, 1, 1.5, 2, 3, 4)
LANG = viewer_dir() / "lang"
LANGUAGES = sorted(path.stem for path in LANG.glob("*.json"))
CALLS = (
    "outOfBounds",
    "lobby",
    "baulkLine",
    "cant",
    "timeUp",
    "reviewOverturned",
    "reviewStands",
    "corrected",
)
BANNER_KEYS = (
    "highlight.superRaid",
    "highlight.superTackle",
    "highlight.allOut",
    *(f"call.{name}" for name in CALLS),
)
# Every banner the overlay shows, drawn in the banner as the page draws it, and measured:
# the texts inside their boxes, the banner inside the bug, the bug inside the frame.
MEASURE = """
([banners]) => {
  const banner = document.getElementById("banner");
  const title = document.getElementById("banner-title");
  const team = document.getElementById("banner-team");
  const bug = document.getElementById("bug");
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1 &&
    a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const frame = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  banner.hidden = false;
  const found = [];
  for (const [titleText, teamText] of banners) {
    title.textContent = titleText;
    team.textContent = teamText;
    const box = banner.getBoundingClientRect();
    const overflows = [title, team].filter((n) => n.scrollWidth > n.clientWidth + 1 ||
      n.scrollHeight > n.clientHeight + 1 || !inside(n.getBoundingClientRect(), box));
    if (overflows.length || !inside(box, bug.getBoundingClientRect()) ||
        !inside(bug.getBoundingClientRect(), frame)) {
      found.push(`${titleText} / ${teamText}: ` + JSON.stringify({
        banner: box, bug: bug.getBoundingClientRect(),
        title: [title.scrollWidth, title.clientWidth], team: [team.scrollWidth, team.clientWidth],
      }));
    }
  }
  banner.hidden = true;
  return found;
}
"""


def catalogue(code: str) -> dict[str, str]:
    messages: dict[str, str] = json.loads((LANG / f"{code}.json").read_text(encoding="utf-8"))
    return messages


def overlay_url(relay: Relay, match_id: str, options: str) -> str:
    return f"{relay.viewer_url}overlay.html?matchId={match_id}{options}"


async def live_overlay(open_page: OpenPage, relay: Relay, match_id: str, options: str) -> Page:
    page = await open_page(overlay_url(relay, match_id, options), viewport=FULL_HD)
    await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
    return page


async def test_every_language_has_a_catalogue() -> None:
    assert {"en", "hi"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
async def test_the_overlay_speaks_the_language_of_its_address(
    relay: Relay, open_page: OpenPage, code: str
) -> None:
    words = catalogue(code)
    async with Scorer(relay.url, f"lang-{code}") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await live_overlay(open_page, relay, f"lang-{code}", f"&lang={code}")
        assert await page.evaluate("document.documentElement.lang") == code
        await expect(page.locator("#phase")).to_have_text(words["phaseShort.firstHalf"])
        everyone = tuple(f"a{n}" for n in range(1, 8))
        await scorer.send(raid("h1", "successful", touched=everyone))
        title, team = page.locator("#banner-title"), page.locator("#banner-team")
        await expect(title).to_have_text(words["highlight.superRaid"], timeout=HANG_MS)
        await expect(title).to_have_text(words["highlight.allOut"], timeout=HANG_MS)
        await expect(team).to_have_text(words["highlight.teamAllOut"].format(team="BEN"))


@pytest.mark.parametrize("scale", SCALES)
async def test_every_banner_fits_at_every_scale_in_every_language(
    relay: Relay, open_page: OpenPage, scale: float
) -> None:
    match_id = f"fit-{str(scale).replace('.', '-')}"
    async with Scorer(relay.url, match_id) as scorer:
        await scorer.send(setup())
    problems: list[str] = []
    for code in LANGUAGES:
        words = catalogue(code)
        banners: list[list[Any]] = [[words[key], "BEN"] for key in BANNER_KEYS]
        banners.append(
            [words["highlight.allOut"], words["highlight.teamAllOut"].format(team="BEN")]
        )
        for pos in ("top-left", "bottom-right"):
            page = await live_overlay(
                open_page, relay, match_id, f"&lang={code}&scale={scale}&pos={pos}"
            )
            found: list[str] = await page.evaluate(MEASURE, [banners])
            problems += [f"{code} scale {scale} {pos}: {line}" for line in found]
            await page.context.close()
    assert problems == []

"""The overlay in the spectators' languages: every word from the catalogue, and banners
that show whole, never below 11 px, at every scale the overlay accepts, in every language."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from browser_kit import (
    HANG_MS,
    ConsoleWatch,
    OpenPage,
    Scorer,
    StartRelay,
    clock,
    raid,
    raid_start,
    setup,
)
from playwright.async_api import Page, expect

from relay.paths import viewer_dir
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

FULL_HD = {"width": 1920, "height": 1080}
# overlay-options.js takes a scale from 0.25 to 4: both ends, and sizes in between.
SCALES = (0.25, 0.5, 1, 2, 4)
NO_SUCH_MATCH = r"status of 404 .*/api/matches/[\w-]+/summary"
REFUSED = r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws' failed"
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
# The longest team name a setup may carry (40 characters) and short names of six.
LONG_TEAM = "Jaipur Pink Panthers Kabaddi Club Sangha"
CALLS = (
    "call.outOfBounds",
    "call.lobby",
    "call.baulkLine",
    "call.cant",
    "call.timeUp",
    "call.reviewOverturned",
    "call.reviewStands",
    "call.corrected",
)


def catalogue(code: str) -> dict[str, str]:
    words: dict[str, str] = json.loads(
        (viewer_dir() / "lang" / f"{code}.json").read_text(encoding="utf-8")
    )
    return words


LANGUAGES = sorted(path.stem for path in (viewer_dir() / "lang").glob("*.json"))


def say(words: dict[str, str], key: str, **params: str) -> str:
    """A message with its {placeholders} filled in, as the page's t() does."""
    return re.sub(r"\{(\w+)\}", lambda found: params[found.group(1)], words[key])


def banners(code: str) -> list[dict[str, str]]:
    """Every banner the overlay puts up, as title and words, with the longest names."""
    words = catalogue(code)
    shown = [
        (words["highlight.superRaid"], "JAIPUR"),
        (words["highlight.superTackle"], "SANGHA"),
        (words["highlight.allOut"], say(words, "highlight.teamAllOut", team="SANGHA")),
        (words["raid.doOrDie"], say(words, "banner.mustScore", team=LONG_TEAM)),
        (words["phase.halfTime"], "JAIPUR 34–30 SANGHA"),
        (words["phase.fullTime"], say(words, "banner.tieBreakNext", score="JAIPUR 30–30 SANGHA")),
        (
            words["banner.result"],
            f"{say(words, 'result.win', team=LONG_TEAM)} · JAIPUR 34–30 SANGHA",
        ),
        (words["banner.result"], f"{words['result.drawn']} · JAIPUR 30–30 SANGHA"),
        *((words[key], "JAIPUR") for key in CALLS),
    ]
    return [{"title": title, "text": text} for title, text in shown]


# Shows each banner with the overlay's own banner code and says what does not show
# whole or is drawn under 11 px, and whether the bug stays on screen.
SHOW_EACH = """async (banners) => {
    const { showBanner } = await import(new URL("overlay-banner.js", location.href));
    const banner = document.querySelector("#banner");
    const bar = document.querySelector("#bar");
    const bug = document.querySelector("#bug");
    const problems = [];
    for (const moment of banners) {
        showBanner(banner, { ...moment, side: null, team: null });
        const scale = bar.getBoundingClientRect().width / bar.offsetWidth;
        const what = `${moment.title} / ${moment.text}`;
        for (const node of [banner, ...banner.children]) {
            const name = node.className;
            if (node.scrollWidth > node.clientWidth)
                problems.push(`${what}: ${name} ${node.scrollWidth} wide in ${node.clientWidth}`);
            if (node.scrollHeight > node.clientHeight)
                problems.push(`${what}: ${name} ${node.scrollHeight} tall in ${node.clientHeight}`);
            const drawn = parseFloat(getComputedStyle(node).fontSize) * scale;
            if (node !== banner && drawn < 11 - 0.05)
                problems.push(`${what}: ${name} drawn at ${drawn.toFixed(1)} px`);
        }
        const placed = banner.getBoundingClientRect();
        const around = bug.getBoundingClientRect();
        if (placed.left < around.left - 0.5 || placed.right > around.right + 0.5)
            problems.push(`${what}: the banner is wider than the bug`);
        // title-safe: 5% of the frame on each side
        if (around.bottom > innerHeight * 0.95 + 0.5 || around.right > innerWidth * 0.95 + 0.5)
            problems.push(`${what}: the bug leaves title-safe`);
    }
    banner.hidden = true;
    return problems;
}"""


async def test_every_banner_fits_its_box_in_every_language_at_every_scale(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "fit") as scorer:
        await scorer.send_all([setup(), clock("start")])
    page = await open_page(relay.viewer_url, viewport=FULL_HD)
    problems: dict[str, list[str]] = {}
    shown = 0
    for code in LANGUAGES:
        each = banners(code)
        for scale in SCALES:
            await page.goto(f"{relay.viewer_url}overlay.html?matchId=fit&lang={code}&scale={scale}")
            await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
            assert await page.evaluate("document.documentElement.lang") == code
            found: list[str] = await page.evaluate(SHOW_EACH, each)
            shown += len(each)
            if found:
                problems[f"{code} at scale {scale}"] = found
    assert shown == len(LANGUAGES) * len(SCALES) * 16
    assert problems == {}


# Puts each of the bug's own words in its place, one state at a time, and says what does
# not show whole or is drawn under 11 px.
SHOW_ROWS = """(rows) => {
    const bar = document.querySelector("#bar");
    const problems = [];
    for (const row of rows) {
        for (const id of row.show) document.getElementById(id).hidden = false;
        for (const [id, text] of Object.entries(row.texts)) {
            document.getElementById(id).textContent = text;
        }
        const scale = bar.getBoundingClientRect().width / bar.offsetWidth;
        for (const id of Object.keys(row.texts)) {
            const node = document.getElementById(id);
            const what = `${id} "${node.textContent}"`;
            if (node.scrollWidth > node.clientWidth)
                problems.push(`${what}: ${node.scrollWidth} wide in ${node.clientWidth}`);
            if (node.scrollHeight > node.clientHeight)
                problems.push(`${what}: ${node.scrollHeight} tall in ${node.clientHeight}`);
            const drawn = parseFloat(getComputedStyle(node).fontSize) * scale;
            if (drawn < 11 - 0.05) problems.push(`${what}: drawn at ${drawn.toFixed(1)} px`);
        }
        for (const id of row.show) document.getElementById(id).hidden = true;
    }
    return problems;
}"""


def rows(code: str) -> list[dict[str, Any]]:
    """The bug's rows in `code`: the phases, the raid strip, the notice, the result."""
    words = catalogue(code)
    phases = [value for key, value in words.items() if key.startswith("phaseShort.")]
    result = f"{say(words, 'result.win', team=LONG_TEAM)} · JAIPUR 34–30 SANGHA"
    return [
        *({"show": [], "texts": {"phase": phase}} for phase in phases),
        {
            "show": ["strip", "dod"],
            "texts": {"strip-label": words["raid.next"], "dod": words["raid.doOrDie"]},
        },
        {"show": ["strip"], "texts": {"strip-label": words["raid.raid"]}},
        {
            "show": ["offline"],
            "texts": {
                "offline-label": words["status.notLive"],
                "offline-text": words["overlay.feedLost"],
            },
        },
        {
            "show": ["result"],
            "texts": {"result-label": words["banner.result"], "result-text": result},
        },
    ]


async def test_the_bugs_own_words_fit_in_every_language_at_every_scale(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "rows") as scorer:
        await scorer.send_all([setup(), clock("start")])
    page = await open_page(relay.viewer_url, viewport=FULL_HD)
    problems: dict[str, list[str]] = {}
    for code in LANGUAGES:
        each = rows(code)
        assert len(each) == 12
        for scale in SCALES:
            await page.goto(
                f"{relay.viewer_url}overlay.html?matchId=rows&lang={code}&scale={scale}"
            )
            await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
            found: list[str] = await page.evaluate(SHOW_ROWS, each)
            if found:
                problems[f"{code} at scale {scale}"] = found
    assert problems == {}


async def test_the_banner_shrinks_then_stacks_words_too_long_for_one_line(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "long") as scorer:
        await scorer.send(setup())
    page = await open_page(f"{relay.viewer_url}overlay.html?matchId=long", viewport=FULL_HD)
    await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
    layouts: list[list[Any]] = await page.evaluate(
        """async (moments) => {
            const { showBanner } = await import(new URL("overlay-banner.js", location.href));
            const banner = document.querySelector("#banner");
            return moments.map((moment) => {
                const whole = showBanner(banner, { ...moment, side: null, team: null });
                const size = getComputedStyle(banner).getPropertyValue("--banner-size");
                return [whole, [...banner.classList].filter((c) => c !== "neutral"), size];
            });
        }""",
        [
            {"title": "Super raid", "text": "PAT"},
            {"title": "Do or die", "text": f"{LONG_TEAM} must score"},
            {"title": "Result", "text": f"{LONG_TEAM} win · {LONG_TEAM} 34–30 {LONG_TEAM}"},
            {"title": "Result", "text": "W" * 120},
        ],
    )
    assert layouts[0] == [True, ["banner"], "1"], "a short banner keeps its full size"
    assert layouts[1][:2] == [True, ["banner"]], "still on one line"
    assert layouts[1][2] != "1", "made smaller to fit"
    assert layouts[2][:2] == [True, ["banner", "stacked"]], "stacked, wrapping between words"
    assert layouts[3][:2] == [True, ["banner", "stacked", "broken"]], "a word too long breaks"


def overlay_url(relay: Relay, query: str) -> str:
    return f"{relay.viewer_url}overlay.html?lang=hi{query}"


async def record_banners(page: Page) -> None:
    """Keep every banner the page puts up, however briefly, as "title / words"."""
    await page.evaluate(
        """() => {
            window.shownBanners = [];
            const banner = document.querySelector("#banner");
            new MutationObserver(() => {
                if (banner.hidden) return;
                const [title, text] = [...banner.children].map((part) => part.textContent);
                const said = `${title} / ${text}`;
                if (window.shownBanners.at(-1) !== said) window.shownBanners.push(said);
            }).observe(banner, { attributes: true, childList: true, subtree: true,
                                 characterData: true });
        }"""
    )


async def test_the_overlay_in_hindi_says_its_chips_strip_and_banners_in_hindi(
    start_relay: StartRelay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    console.allow(REFUSED)
    hindi = catalogue("hi")
    relay = await start_relay()
    nothing = await open_page(overlay_url(relay, ""), viewport=FULL_HD)
    await expect(nothing.locator("#no-match")).to_have_text(hindi["overlay.noMatch"])
    assert await nothing.title() == hindi["overlay.title"]

    page = await open_page(overlay_url(relay, "&matchId=hindi"), viewport=FULL_HD)
    # a match a scorer has joined but not set up: no score to show when the relay goes
    empty = await open_page(overlay_url(relay, "&matchId=empty"), viewport=FULL_HD)
    chip = page.locator("#waiting")
    await expect(chip).to_have_text(
        "इस रिले पर “hindi” नाम का कोई मैच नहीं है: ओवरले का पता जाँच लें।"
        " स्कोरर के मैच सेट करते ही यह यहाँ अपने आप दिखेगा।",
        timeout=HANG_MS,
    )
    await record_banners(page)
    async with Scorer(relay.url, "hindi") as scorer, Scorer(relay.url, "empty"):
        await expect(chip).to_have_text("मैच के सेट-अप का इंतज़ार", timeout=HANG_MS)
        await expect(empty.locator("#waiting")).to_have_text("मैच के सेट-अप का इंतज़ार", timeout=HANG_MS)
        await scorer.send_all([setup(), clock("start"), raid("h1", "empty"), raid("a1", "empty")])
        await scorer.send_all([raid("h2", "empty"), raid("a2", "empty")])
        await expect(page.locator("#phase")).to_have_text("पहला हाफ़", timeout=HANG_MS)
        # Patna's next raid is do-or-die: the strip says so before the raider goes in
        await expect(page.locator("#strip-label")).to_have_text("अगली", timeout=HANG_MS)
        await expect(page.locator("#dod")).to_have_text("डू ऑर डाई")
        await scorer.send(raid_start("h3"))
        await expect(page.locator("#strip-label")).to_have_text("रेड", timeout=HANG_MS)
        everyone = tuple(f"a{n}" for n in range(1, 8))
        await scorer.send(raid("h3", "successful", touched=everyone))
        await expect(page.locator("#banner-title")).to_have_text("ऑल आउट", timeout=HANG_MS)
        await expect(page.locator("#banner-team")).to_have_text("BEN ऑल आउट")
        await expect(page.locator("#banner")).to_be_hidden(timeout=HANG_MS)
    shown: list[str] = await page.evaluate("window.shownBanners")
    assert shown == [
        "डू ऑर डाई / Patna Pirates को अंक लेना ही होगा",
        "सुपर रेड / PAT",
        "ऑल आउट / BEN ऑल आउट",
        "डू ऑर डाई / Bengaluru Bulls को अंक लेना ही होगा",  # two empty raids behind them too
    ]
    await expect(page.locator("#home-name")).to_have_text("PAT")  # names stay as entered

    await relay.stop()
    notice = page.locator("#offline")
    await expect(notice).to_have_text(
        re.compile(r"^\s*लाइव नहीं\s*स्कोर फ़ीड टूटी · फिर से जुड़ रहा है\s*$"), timeout=HANG_MS
    )
    await expect(empty.locator("#waiting")).to_have_text(
        "रिले से संपर्क नहीं · फिर कोशिश जारी", timeout=HANG_MS
    )
    for text in (
        await chip.text_content(),
        await notice.inner_text(),
        await empty.locator("#waiting").inner_text(),
    ):
        assert text is not None
        assert DEVANAGARI.search(text), text

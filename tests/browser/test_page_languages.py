"""The pages in the spectators' languages: chosen by address, by the browser or by hand."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from axe_kit import axe_violations, describe
from browser_kit import (
    HANG_MS,
    ConsoleWatch,
    OpenPage,
    Scorer,
    card,
    clock,
    first_half_story,
    raid,
    setup,
)
from playwright.async_api import Page, expect

from relay.paths import viewer_dir
from relay.rules.events import Setup
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


def words(code: str) -> dict[str, Any]:
    catalogue: dict[str, Any] = json.loads(
        (viewer_dir() / "lang" / f"{code}.json").read_text(encoding="utf-8")
    )
    return catalogue


async def test_a_language_the_pages_do_not_speak_falls_back_to_english(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(f"{relay.viewer_url}?lang=xx", locale="fr-FR")
    await expect(page.locator("h1")).to_have_text("Matches", timeout=HANG_MS)
    assert await page.evaluate("document.documentElement.lang") == "en"


DEVANAGARI = re.compile(r"[\u0900-\u097F]")
EVERYONE = tuple(f"a{n}" for n in range(1, 8))


async def line_texts(page: Page) -> list[tuple[int, str, str | None]]:
    """The play-by-play's lines as (seq, text, lang attribute), oldest first."""
    rows: list[list[Any]] = await page.eval_on_selector_all(
        "#pbp > li",
        """items => items.map(li => {
          const text = li.querySelector(".line-text");
          return [Number(li.dataset.seq), text.textContent, text.getAttribute("lang")];
        })""",
    )
    return [(int(seq), str(text), lang) for seq, text, lang in rows]


async def test_the_viewer_in_hindi_says_raids_tackles_all_outs_and_cards_in_hindi(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "hindi") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page(f"{relay.viewer_url}viewer.html?matchId=hindi&lang=hi")
        await expect(page.locator("#phase")).to_have_text("पहला हाफ़", timeout=HANG_MS)
        assert await page.evaluate("document.documentElement.lang") == "hi"
        await expect(page.locator("#pbp-title")).to_have_text("पल-पल का हाल")
        await expect(page.locator("#mat-title")).to_have_text("मैट पर")
        await expect(page.locator("#lang")).to_have_value("hi")

        await scorer.send(raid("h1", "successful", touched=EVERYONE))  # seq 3
        await scorer.send(raid("a1", "unsuccessful", tacklers=("h4", "h5")))  # seq 4
        await scorer.send(card("a5", "yellow"))  # seq 5
        await expect(page.locator("#pbp > li")).to_have_count(5, timeout=HANG_MS)
        lines = {seq: (text, lang) for seq, text, lang in await line_texts(page)}
        assert lines[3] == (
            "Pardeep (PAT) की रेड: 7 टच पॉइंट (Pawan, Saurabh, Mahender, Bharat, Aman,"
            " Vikash, Ankush) — सुपर रेड — BEN ऑल आउट, +2 PAT",
            None,
        )
        assert lines[4] == ("Pawan (BEN) की रेड: Sunil, Manjeet ने टैकल किया", None)
        assert lines[5] == (
            "Aman (BEN) को येलो कार्ड: 2 मिनट के लिए निलंबित, +1 PAT",
            None,
        )
        for seq in (3, 4, 5):
            assert DEVANAGARI.search(lines[seq][0]), seq
            assert not re.search(r"[\u0966-\u096F]", lines[seq][0]), "Western digits"
        # The lines the page found in its welcome keep the relay's English line, marked so.
        assert lines[2] == ("Kick-off! PAT raid first", "en")
        # The team stats and the score line speak Hindi too; names stay as entered.
        await expect(page.locator("#team-stats")).to_contain_text("रेड अंक")
        await expect(page.locator("#home-name")).to_have_text("Patna Pirates")
        await expect(page.locator("#announce")).to_contain_text(
            "Aman (Bengaluru Bulls) को येलो कार्ड"
        )


async def test_the_switcher_changes_the_language_and_remembers_it(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    async with Scorer(relay.url, "switch") as scorer:
        await scorer.send_all([setup(), clock("start")])
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=switch")
    await expect(page.locator("#phase")).to_have_text("1st half", timeout=HANG_MS)
    options = await page.eval_on_selector_all("#lang option", "os => os.map(o => o.value)")
    assert options == ["en", "hi", "mr", "bn", "ta", "te", "kn"]
    await page.select_option("#lang", "mr")
    await expect(page.locator("#phase")).to_have_text(
        words("mr")["phase.firstHalf"], timeout=HANG_MS
    )
    assert await page.evaluate("document.documentElement.lang") == "mr"
    assert "lang=" not in page.url  # the choice is kept on the device, not in the address

    again = await page.context.new_page()
    console.watch(again)
    await again.goto(f"{relay.viewer_url}viewer.html?matchId=switch")
    await expect(again.locator("#pbp-title")).to_have_text(
        words("mr")["viewer.playByPlay"], timeout=HANG_MS
    )
    await expect(again.locator("#lang")).to_have_value("mr")
    # ?lang= in an address still wins over the remembered choice
    await again.goto(f"{relay.viewer_url}viewer.html?matchId=switch&lang=bn")
    await expect(again.locator("#pbp-title")).to_have_text(
        words("bn")["viewer.playByPlay"], timeout=HANG_MS
    )


@pytest.mark.parametrize("code", ["hi", "ta", "te", "kn"])
async def test_the_viewer_in_another_script_is_still_axe_clean(
    relay: Relay, open_page: OpenPage, code: str
) -> None:
    async with Scorer(relay.url, f"axe-{code}") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1",))])
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=axe-{code}&lang={code}")
    await expect(page.locator("#phase")).to_have_text(
        words(code)["phase.firstHalf"], timeout=HANG_MS
    )
    await page.emulate_media(reduced_motion="reduce")
    violations = await axe_violations(page)
    assert violations == [], describe(violations)


# The font family that draws each language's script: the Debian packages the Makefile
# installs (fonts-lohit-*), or another font for the script a system has instead.
SCRIPT_FONTS = {
    "hi": "Devanagari",
    "mr": "Devanagari",
    "bn": "Bengali",
    "ta": "Tamil",
    "te": "Telugu",
    "kn": "Kannada",
}


async def fonts_drawing(page: Page, selector: str) -> list[str]:
    """The font families Chromium drew `selector`'s text with (from DevTools)."""
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("DOM.enable")
    await cdp.send("CSS.enable")
    root = await cdp.send("DOM.getDocument")
    node = await cdp.send(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector}
    )
    used = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return [str(font["familyName"]) for font in used["fonts"]]


async def test_every_language_is_drawn_with_a_font_for_its_script(
    relay: Relay, open_page: OpenPage
) -> None:
    codes = {path.stem for path in (viewer_dir() / "lang").glob("*.json")} - {"en"}
    assert set(SCRIPT_FONTS) == codes, "a new language needs its script's font"
    page = await open_page(relay.viewer_url)
    for code, script in SCRIPT_FONTS.items():
        await page.goto(f"{relay.viewer_url}?lang={code}")
        await expect(page.locator("h1")).to_have_text(words(code)["index.heading"])
        fonts = await fonts_drawing(page, "h1")
        assert any(script in family for family in fonts), f"{code}: drawn with {fonts}"


# Every piece of text a page shows, hidden or not: text, the title and the attributes
# that are read out or shown on hover.
PAGE_TEXT = """() => {
    const said = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        if (!walker.currentNode.parentElement.closest("script, style")) {
            said.push(walker.currentNode.textContent);
        }
    }
    for (const node of document.querySelectorAll("[title], [aria-label], [alt], [placeholder]")) {
        for (const name of ["title", "aria-label", "alt", "placeholder"]) {
            if (node.hasAttribute(name)) said.push(node.getAttribute(name));
        }
    }
    return said.join("\\n");
}"""
LATIN_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


def words_allowed_in(code: str, match_id: str) -> set[str]:
    """The Latin words a page in `code` may show: names as entered, the match id, the
    address options, the languages' own names, and the Latin words its catalogue uses."""
    event = setup()
    assert isinstance(event, Setup)
    allowed = {match_id, event.rules, "pos", "scale", "safe", "margin", "hide", "offline"}
    allowed.update(("am", "pm", "AM", "PM"))  # times of day as the Indian locales write them
    for team in (event.home, event.away):
        allowed.update(team.name.split())
        allowed.add(team.short_name)
        allowed.update(player.name for player in team.players)
    allowed.update(LATIN_WORD.findall(" ".join(LANGUAGES_BY_NAME)))
    allowed.update(LATIN_WORD.findall(" ".join(words(code).values())))
    return allowed


# i18n.js LANGUAGES: the switcher names each language in its own script.
LANGUAGES_BY_NAME = ("English", "हिन्दी", "मराठी", "বাংলা", "தமிழ்", "తెలుగు", "ಕನ್ನಡ")


async def english_left(page: Page, allowed: set[str]) -> list[str]:
    said: str = await page.evaluate(PAGE_TEXT)
    return sorted({word for word in LATIN_WORD.findall(said) if word not in allowed})


PAGES = {
    "viewer": "viewer.html?matchId=words&",
    "big screen": "viewer.html?matchId=words&screen=big&",
    "overlay": "overlay.html?matchId=words&",
    "list": "?",
}


async def pages_at_a_known_state(
    relay: Relay, open_page: OpenPage, query: str, live: str
) -> dict[str, Page]:
    """Every page open on one match before a busy first half is scored, and drawn."""
    pages = {
        name: await open_page(f"{relay.viewer_url}{path}{query}") for name, path in PAGES.items()
    }
    async with Scorer(relay.url, "words") as scorer:
        seqs = await scorer.send_all(first_half_story())
        viewer = pages["viewer"]
        await expect(viewer.locator("#pbp > li")).to_have_count(len(seqs), timeout=HANG_MS)
        await expect(pages["overlay"].locator("#strip")).to_be_visible(timeout=HANG_MS)
        await expect(pages["list"].locator(".flag")).to_have_text(live, timeout=HANG_MS)
    return pages


@pytest.mark.parametrize("code", ["hi", "te", "kn"])
async def test_every_word_on_the_pages_comes_from_the_catalogue(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch, code: str
) -> None:
    console.allow(r"status of 404 .*/api/matches/[\w-]+/summary")
    said = words(code)
    pages = await pages_at_a_known_state(relay, open_page, f"lang={code}", said["status.live"])
    await expect(pages["viewer"].locator("#team-stats")).to_contain_text(said["stats.raidPoints"])
    allowed = words_allowed_in(code, "words")
    left = {name: await english_left(page, allowed) for name, page in pages.items()}
    assert left == {name: [] for name in pages}


async def test_the_check_for_words_outside_the_catalogue_finds_english(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(r"status of 404 .*/api/matches/[\w-]+/summary")
    pages = await pages_at_a_known_state(relay, open_page, "lang=en", "Live")
    allowed = words_allowed_in("hi", "words")
    found = {name: set(await english_left(page, allowed)) for name, page in pages.items()}
    assert {"Raid", "Result", "Score"} <= found["overlay"]
    assert {"Matches", "Live", "watching", "Overlay"} <= found["list"]
    assert {"Play", "by", "play", "raids", "tackled"} <= found["viewer"]

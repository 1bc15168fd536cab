"""The match list in the spectators' languages: by address, by its switcher, and in
English exactly as it always read."""

from __future__ import annotations

import json
import re

import pytest
from axe_kit import axe_violations, describe
from browser_kit import HANG_MS, OpenPage, Scorer, clock, raid, setup
from playwright.async_api import Page, expect

from relay.paths import viewer_dir
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

DEVANAGARI = re.compile(r"[\u0900-\u097F]")
STORAGE_KEY = "kabaddi-live.lang"  # i18n.js: the viewer's and the list's choice


def catalogue(code: str) -> dict[str, str]:
    words: dict[str, str] = json.loads(
        (viewer_dir() / "lang" / f"{code}.json").read_text(encoding="utf-8")
    )
    return words


async def two_matches(relay: Relay) -> None:
    """ "final" in play with a score, "semi" set up but not started."""
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1", "a2"))])
    async with Scorer(relay.url, "semi") as scorer:
        await scorer.send(setup())


async def texts(page: Page, selector: str) -> list[str]:
    found: list[str] = await page.eval_on_selector_all(selector, "ns => ns.map(n => n.innerText)")
    return found


async def test_the_list_in_hindi_says_its_headings_and_cards_in_hindi(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(f"{relay.viewer_url}?lang=hi")
    await expect(page.locator("#empty")).to_have_text(
        "इस रिले पर अभी कोई मैच नहीं। स्कोरर के मैच सेट करते ही मैच यहाँ दिखेंगे।",
        timeout=HANG_MS,
    )
    await expect(page.locator("h1")).to_have_text("मैच")
    assert await page.title() == "मैच · कबड्डी लाइव"
    assert await page.evaluate("document.documentElement.lang") == "hi"
    await expect(page.locator(".brand")).to_have_text("कबड्डी लाइव")
    await expect(page.locator("#lang")).to_have_value("hi")
    await expect(page.locator(".lang-switch span")).to_have_text("भाषा")

    await two_matches(relay)
    final = page.locator('li[data-match-id="final"]')
    await expect(final).to_be_visible(timeout=HANG_MS)
    await expect(final.locator(".team .name")).to_have_text(["Patna Pirates", "Bengaluru Bulls"])
    await expect(final.locator(".phase")).to_have_text("पहला हाफ़")
    await expect(final.locator(".flag")).to_have_text("लाइव")
    await expect(final.locator(".viewers")).to_have_text("0 दर्शक")
    await expect(final.locator(".updated")).to_have_text(
        re.compile(r"^(अभी-अभी|\d+ सेकंड पहले) अपडेट हुआ$")
    )
    semi = page.locator('li[data-match-id="semi"]')
    await expect(semi.locator(".phase")).to_have_text("शुरू नहीं हुआ")
    await expect(page.locator("#conn")).to_have_text("लाइव सूची")
    await expect(page.locator("#checked")).to_have_text("बदलाव होते ही अपडेट")
    # the pages a card leads to keep the language
    await expect(final.locator("a.match-main")).to_have_attribute(
        "href", "viewer.html?matchId=final&lang=hi"
    )

    producer = page.locator("#producer")
    await producer.locator("summary").click()
    await expect(producer.locator("summary")).to_have_text("स्ट्रीम प्रोड्यूसर और स्टेडियम की स्क्रीन के लिए")
    help_text = await page.locator("#producer-help").inner_text()
    assert help_text.startswith("ओवरले: OBS या vMix के लिए पारदर्शी स्कोर बग"), help_text
    assert await texts(page, "#producer-help code") == [
        "pos",
        "scale",
        "safe",
        "margin",
        "hide=offline",
    ], "the address options stay as they are typed"
    links = producer.locator("li[data-overlay-for='final'] a")
    await expect(links).to_have_text(
        [
            re.compile(r"^ओवरले\s*Patna Pirates बनाम Bengaluru Bulls के लिए$"),
            re.compile(r"^बड़ी स्क्रीन\s*Patna Pirates बनाम Bengaluru Bulls के लिए$"),
        ]
    )
    await expect(links.first).to_have_attribute("href", "overlay.html?matchId=final&lang=hi")

    labels = [
        *await texts(page, "h1, summary, .flag, .phase, .viewers, .updated, #conn, #checked"),
        *await texts(page, "#overlays a"),
    ]
    assert len(labels) == 15
    assert [label for label in labels if not DEVANAGARI.search(label)] == []


ENGLISH_HELP = (
    "Overlay: a transparent score bug for OBS or vMix: add one as a browser source at the"
    " size of your video. Options in the address: pos (top-left, top-right, bottom-left,"
    " bottom-right, top, bottom), scale (0.25–4), safe (title, action, none) or margin (px),"
    " and hide=offline to hide it while its data is not live. Big screen: the live page laid"
    " out to be read across a stadium."
)


async def test_the_list_in_english_reads_as_it_always_did(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(relay.viewer_url, locale="en-GB")
    await expect(page.locator("#empty")).to_have_text(
        "No matches on this relay yet. They appear here as soon as a scorer sets one up.",
        timeout=HANG_MS,
    )
    assert await page.title() == "Matches · Kabaddi Live"
    assert await page.evaluate("document.documentElement.lang") == "en"
    await expect(page.locator(".brand")).to_have_text("Kabaddi Live")
    await expect(page.locator("h1")).to_have_text("Matches")
    await expect(page.locator(".lang-switch span")).to_have_text("Language")
    await expect(page.locator("#lang")).to_have_value("en")

    await two_matches(relay)
    final = page.locator('li[data-match-id="final"]')
    await expect(final.locator(".phase")).to_have_text("1st half", timeout=HANG_MS)
    await expect(final.locator(".flag")).to_have_text("Live")
    await expect(final.locator(".viewers")).to_have_text("0 watching")
    await expect(final.locator(".updated")).to_have_text(
        re.compile(r"^Updated (just now|\d+ s ago)$")
    )
    await expect(final.locator("a.match-main")).to_have_attribute(
        "href", "viewer.html?matchId=final"
    )
    await expect(page.locator('li[data-match-id="semi"] .phase')).to_have_text("Not started")
    await expect(page.locator("#conn")).to_have_text("Live list")
    await expect(page.locator("#checked")).to_have_text("Updates as they happen")

    producer = page.locator("#producer")
    await producer.locator("summary").click()
    await expect(producer.locator("summary")).to_have_text("For stream producers and venue screens")
    help_text = await page.locator("#producer-help").inner_text()
    assert " ".join(help_text.split()) == ENGLISH_HELP
    assert await texts(page, "#producer-help strong") == ["Overlay:", "Big screen:"]
    assert await texts(page, "#producer-help code") == [
        "pos",
        "scale",
        "safe",
        "margin",
        "hide=offline",
    ]
    await expect(producer.locator("li[data-overlay-for='final'] a")).to_have_text(
        [
            "Overlay for Patna Pirates v Bengaluru Bulls",
            "Big screen for Patna Pirates v Bengaluru Bulls",
        ]
    )


async def test_the_switcher_changes_the_list_and_the_viewer_remembers_it(
    relay: Relay, open_page: OpenPage
) -> None:
    await two_matches(relay)
    telugu = catalogue("te")
    page = await open_page(relay.viewer_url)
    await expect(page.locator("h1")).to_have_text("Matches", timeout=HANG_MS)
    options = await page.eval_on_selector_all("#lang option", "os => os.map(o => o.value)")
    assert options == ["en", "hi", "mr", "bn", "ta", "te", "kn"]
    await page.select_option("#lang", "te")
    await expect(page.locator("h1")).to_have_text(telugu["index.heading"], timeout=HANG_MS)
    assert await page.evaluate("document.documentElement.lang") == "te"
    assert "lang=" not in page.url, "kept on the device, not in the address"
    assert await page.evaluate(f"localStorage.getItem('{STORAGE_KEY}')") == "te"
    final = page.locator('li[data-match-id="final"]')
    await expect(final.locator(".phase")).to_have_text(telugu["phase.firstHalf"], timeout=HANG_MS)

    # the viewer on this device speaks the language chosen on the list
    await final.locator("a.match-main").click()
    await expect(page.locator("#pbp-title")).to_have_text(
        telugu["viewer.playByPlay"], timeout=HANG_MS
    )
    await expect(page.locator("#lang")).to_have_value("te")
    # and a choice made there holds on the list
    await page.select_option("#lang", "kn")
    await expect(page.locator("#pbp-title")).to_have_text(
        catalogue("kn")["viewer.playByPlay"], timeout=HANG_MS
    )
    await page.goto(relay.viewer_url)
    await expect(page.locator("h1")).to_have_text(catalogue("kn")["index.heading"], timeout=HANG_MS)


@pytest.mark.parametrize("code", ["hi", "te"])
async def test_the_list_in_another_script_is_still_axe_clean(
    relay: Relay, open_page: OpenPage, code: str
) -> None:
    await two_matches(relay)
    page = await open_page(f"{relay.viewer_url}?lang={code}")
    await expect(page.locator('li[data-match-id="final"] .phase')).to_have_text(
        catalogue(code)["phase.firstHalf"], timeout=HANG_MS
    )
    await page.locator("#producer summary").click()
    violations = await axe_violations(page)
    assert violations == [], describe(violations)

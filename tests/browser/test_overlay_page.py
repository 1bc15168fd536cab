"""The streaming overlay: transparent, live, with banners, cues and placement options."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from axe_kit import axe_violations, describe
from browser_kit import (
    HANG_MS,
    ConsoleWatch,
    OpenPage,
    Scorer,
    StartRelay,
    clock,
    decode_png,
    event_id,
    raid,
    raid_start,
    setup,
)
from playwright.async_api import Page, expect

from relay.rules.demo import demo_setup
from relay.rules.events import Event, Player, Team
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

VIDEO = {"width": 1280, "height": 720}
FULL_HD = {"width": 1920, "height": 1080}
UHD = {"width": 3840, "height": 2160}
TRANSPARENT = "rgba(0, 0, 0, 0)"
# While the relay is down the browser itself logs each refused connection attempt.
REFUSED = r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws' failed"
# Asking the relay about a match id it does not know is answered 404, which Chromium logs.
NO_SUCH_MATCH = r"status of 404 .*/api/matches/[\w-]+/summary"
LONG_NAME = "Pardeep Narwal Kumar Singh Rajput Sharma"  # 40 characters, the most a name has
PANEL = (12, 14, 20)  # the bar's own colour, behind the score boxes


def overlay_url(relay: Relay, match_id: str, options: str = "") -> str:
    return f"{relay.viewer_url}overlay.html?matchId={match_id}{options}"


async def background(page: Page, selector: str) -> str:
    color: str = await page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")
    return color


async def box(page: Page, selector: str) -> dict[str, float]:
    found = await page.locator(selector).bounding_box()
    assert found is not None, f"{selector} is not on screen"
    return found


async def connected(page: Page, match_id: str) -> None:
    """Wait until the overlay is on the relay, waiting for a match nobody has set up yet:
    what a scorer sends from then on reaches it live, with its banners."""
    await expect(page.locator("#waiting")).to_contain_text(
        f"No match “{match_id}”", timeout=HANG_MS
    )


def setup_with(*, home_color: str | None = None, raider_name: str | None = None) -> Event:
    """The demo match with the home team's colour or its first raider's name changed."""
    event = demo_setup(client_event_id=event_id())
    home = event.home
    players = tuple(
        p.model_copy(update={"name": raider_name}) if raider_name and p.id == "h1" else p
        for p in home.players
    )
    update: dict[str, Any] = {"players": players}
    if home_color is not None:
        update["color"] = home_color
    team = Team.model_validate(home.model_copy(update=update).model_dump())
    assert all(isinstance(p, Player) for p in team.players)
    return event.model_copy(update={"home": team})


async def test_overlay_is_transparent_and_follows_the_match(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "stream", "&pos=bottom-right"), viewport=VIDEO)
    await watch_banners(page)
    await connected(page, "stream")
    async with Scorer(relay.url, "stream") as scorer:
        await expect(page.locator("#waiting")).to_have_text(
            "Waiting for the match to be set up", timeout=HANG_MS
        )
        await scorer.send_all([setup(), clock("start")])
        bug = page.locator("#bug")
        await expect(bug).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#home-name")).to_have_text("PAT")
        await expect(page.locator("#away-name")).to_have_text("BEN")
        await expect(page.locator("#phase")).to_have_text("1ST")
        await expect(page.locator("#clock")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))

        assert await background(page, "html") == TRANSPARENT
        assert await background(page, "body") == TRANSPARENT
        shot = decode_png(await page.screenshot(omit_background=True))
        assert shot.pixel(0, 0)[3] == 0, "the page around the bug must be see-through"
        assert shot.pixel(shot.width // 2, shot.height // 2)[3] == 0
        placed = await box(page, "#bug")
        inside = shot.pixel(
            int(placed["x"] + placed["width"] / 2), int(placed["y"] + placed["height"] / 4)
        )
        assert inside[3] > 200, "the bug itself is opaque"

        await scorer.send(raid_start("h1"))
        await expect(page.locator("#strip")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#strip-raider")).to_have_text("Pardeep · PAT")
        await expect(page.locator("#strip-seconds")).to_have_text(re.compile(r"^(30|29|28)$"))
        await expect(page.locator("#dod")).to_be_hidden()

        everyone = tuple(f"a{n}" for n in range(1, 8))
        await scorer.send(raid("h1", "successful", touched=everyone))
        await expect(page.locator("#home-score")).to_have_text("9", timeout=HANG_MS)
        # the all out follows once the super raid banner has had its moment, then none
        await expect(page.locator("#banner-title")).to_have_text("All out", timeout=HANG_MS)
        await expect(page.locator("#banner-team")).to_have_text("BEN all out")
        await expect(page.locator("#banner")).to_be_hidden(timeout=HANG_MS)
        shown = list(dict.fromkeys(banner for banner, _ in await banner_checks(page)))
        assert shown == ["Super raid PAT", "All out BEN all out"]


async def test_overlay_position_and_scale(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "placed") as scorer:
        await scorer.send(setup())

    page = await open_page(overlay_url(relay, "placed"), viewport=VIDEO)
    bug = page.locator("#bug")
    await expect(bug).to_be_visible(timeout=HANG_MS)
    plain = await box(page, "#bug")
    assert plain["x"] < 100, "top-left by default"
    assert plain["y"] < 100

    await page.goto(overlay_url(relay, "placed", "&pos=bottom-right&scale=1.5"))
    await expect(bug).to_be_visible(timeout=HANG_MS)
    placed = await box(page, "#bug")
    assert placed["width"] == pytest.approx(plain["width"] * 1.5, rel=0.02)
    assert VIDEO["width"] - (placed["x"] + placed["width"]) < 100
    assert VIDEO["height"] - (placed["y"] + placed["height"]) < 100

    await page.goto(overlay_url(relay, "placed", "&pos=top&scale=nonsense"))
    await expect(bug).to_be_visible(timeout=HANG_MS)
    centred = await box(page, "#bug")
    assert centred["width"] == pytest.approx(plain["width"], rel=0.02)
    middle = centred["x"] + centred["width"] / 2
    assert middle == pytest.approx(VIDEO["width"] / 2, abs=2)
    assert centred["y"] < 100


async def test_a_forty_character_name_never_moves_the_bug(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "long", "&scale=4"), viewport=UHD)
    async with Scorer(relay.url, "long") as scorer:
        await scorer.send_all([setup_with(raider_name=LONG_NAME), clock("start")])
        await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
        before = [await box(page, "#bar"), await box(page, "#bug")]

        await scorer.send(raid_start("h1"))
        raider = page.locator("#strip-raider")
        await expect(raider).to_have_text(re.compile(r"· PAT$"), timeout=HANG_MS)
        during = [await box(page, "#bar"), await box(page, "#bug")]
        strip = await box(page, "#strip")
        shown = await raider.inner_text()
        assert shown != f"{LONG_NAME} · PAT", "the long name is shortened"
        assert shown.endswith("Sharma · PAT"), "to a form that still names the raider"
        assert await raider.evaluate("e => e.scrollWidth <= e.clientWidth"), "and it fits"

        await scorer.send(raid("h1", "successful", touched=("a1",)))
        await expect(page.locator("#home-score")).to_have_text("1", timeout=HANG_MS)
        await expect(page.locator("#strip")).to_be_hidden()
        after = [await box(page, "#bar"), await box(page, "#bug")]

    assert during[0] == before[0], "the bar did not move or grow while the raid was on"
    assert after[0] == before[0]
    assert strip["width"] == pytest.approx(before[0]["width"], abs=0.5), "the strip is as wide"
    assert strip["x"] == pytest.approx(before[0]["x"], abs=0.5)
    for bug in (before[1], during[1], after[1]):
        assert bug["width"] == pytest.approx(before[0]["width"], abs=0.5)
    right = before[0]["x"] + before[0]["width"]
    assert right <= UHD["width"] * 0.95, "the away team and the clock stay on screen"


async def test_lost_data_is_said_plainly_and_stops_the_clocks(
    start_relay: StartRelay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(REFUSED)
    relay = await start_relay()
    port = relay.port
    async with Scorer(relay.url, "feed") as scorer:
        await scorer.send_all([setup(), clock("start"), raid_start("h1")])
    page = await open_page(overlay_url(relay, "feed"), viewport=VIDEO)
    hidden = await open_page(overlay_url(relay, "feed", "&hide=offline"), viewport=VIDEO)
    await expect(page.locator("#strip")).to_be_visible(timeout=HANG_MS)
    await expect(hidden.locator("#bug")).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#offline")).to_be_hidden()

    await relay.stop()
    notice = page.locator("#offline")
    await expect(notice).to_be_visible(timeout=HANG_MS)
    await expect(notice).to_contain_text("Not live")
    await expect(page.locator("#strip")).to_be_hidden()  # no raid clock over stale data
    await expect(hidden.locator("#bug")).to_be_hidden()
    frozen = await page.locator("#clock").inner_text()
    await asyncio.sleep(1.5)  # more than a second: a running clock would have moved
    assert await page.locator("#clock").inner_text() == frozen, "the clock stands still"

    restarted = await start_relay(port=port)
    await expect(notice).to_be_hidden(timeout=HANG_MS)
    await expect(page.locator("#strip")).to_be_visible()
    await expect(hidden.locator("#bug")).to_be_visible(timeout=HANG_MS)
    async with Scorer(restarted.url, "feed") as scorer:
        await scorer.send(raid("h1", "successful", touched=("a1",)))
    await expect(page.locator("#home-score")).to_have_text("1", timeout=HANG_MS)


TEXT = (
    "#home-name, #home-score, #phase, #clock, #strip-label, #strip-raider, #dod,"
    " #strip-seconds, #banner-title, #banner-team"
)


async def test_labels_stay_legible_at_half_size(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "small", "&scale=0.5"), viewport=VIDEO)
    await connected(page, "small")
    async with Scorer(relay.url, "small") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "empty"), raid("a1", "empty")])
        await scorer.send_all([raid("h2", "empty"), raid("a2", "empty"), raid_start("h3")])
        await expect(page.locator("#dod")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#banner-title")).to_have_text("Do or die", timeout=HANG_MS)
        sizes: list[list[Any]] = await page.eval_on_selector_all(
            TEXT,
            """nodes => {
                const bar = document.querySelector('#bar');
                const scale = bar.getBoundingClientRect().width / bar.offsetWidth;
                return nodes.map(e => [e.id, parseFloat(getComputedStyle(e).fontSize) * scale]);
            }""",
        )
    assert len(sizes) == 10
    small = [(name, round(size, 1)) for name, size in sizes if size < 11 - 0.05]
    assert small == [], "text drawn below 11 px on screen"
    full = await open_page(overlay_url(relay, "small"), viewport=VIDEO)
    await expect(full.locator("#bug")).to_be_visible(timeout=HANG_MS)
    half, whole = await box(page, "#bar"), await box(full, "#bar")
    assert half["width"] < 0.7 * whole["width"], "half size is still well under the full size"
    phase = page.locator("#phase")
    assert await phase.evaluate("e => e.scrollWidth <= e.clientWidth"), "the phase fits"


def luminance(rgb: tuple[int, ...]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[int, ...]:
    found = re.search(r"rgba?\((\d+), (\d+), (\d+)", css)
    assert found is not None, css
    return tuple(int(n) for n in found.groups())


async def test_a_near_black_team_keeps_a_visible_edge(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "dark"), viewport=VIDEO)
    async with Scorer(relay.url, "dark") as scorer:
        await scorer.send_all([setup_with(home_color="#1A1A1A"), clock("start"), raid_start("h1")])
        await expect(page.locator("#strip")).to_be_visible(timeout=HANG_MS)
    edges: dict[str, str] = await page.evaluate(
        """() => ({
            score: getComputedStyle(document.querySelector('#home-score')).boxShadow,
            swatch: getComputedStyle(document.querySelector('#home .swatch')).boxShadow,
            strip: getComputedStyle(document.querySelector('.strip-swatch')).boxShadow,
            fill: getComputedStyle(document.querySelector('#home-score')).backgroundColor,
        })"""
    )
    assert rgb(edges["fill"]) == (0x1A, 0x1A, 0x1A), "the team's own colour is kept"
    for part in ("score", "swatch", "strip"):
        edge = rgb(edges[part])
        assert contrast(edge, PANEL) >= 3, f"the {part}'s edge stands out from the panel"
    away = await page.eval_on_selector("#away-score", "e => getComputedStyle(e).boxShadow")
    assert rgb(away) == (0xD6, 0x28, 0x28), "a colour that shows already is its own edge"


SAFE = {"left": 96, "top": 54, "right": 1920 - 96, "bottom": 1080 - 54}


OUTSIDE = """(safe) => [...document.querySelectorAll('#bug, #bug *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    return r.left < safe.left - 0.5 || r.top < safe.top - 0.5
        || r.right > safe.right + 0.5 || r.bottom > safe.bottom + 0.5;
}).map(e => `${e.id || e.className} ${JSON.stringify(e.getBoundingClientRect())}`)"""


async def parts_outside(page: Page) -> list[str]:
    outside: list[str] = await page.evaluate(OUTSIDE, SAFE)
    return outside


async def watch_banners(page: Page) -> None:
    """Check the bug against title-safe each time a banner comes up, however briefly."""
    watch = """
        window.bannerChecks = [];
        const banner = document.querySelector('#banner');
        new MutationObserver(() => {
            if (!banner.hidden) requestAnimationFrame(() => {
                const words = [...banner.children].map(part => part.textContent).join(' ');
                window.bannerChecks.push([words, check(safe)]);
            });
        }).observe(banner, {attributes: true, attributeFilter: ['hidden'], subtree: true,
                            characterData: true, childList: true});
    """
    await page.evaluate("(safe) => { const check = " + OUTSIDE + ";" + watch + "}", SAFE)


async def banner_checks(page: Page) -> list[list[Any]]:
    checks: list[list[Any]] = await page.evaluate("window.bannerChecks")
    return checks


async def test_banners_for_do_or_die_half_time_and_the_result_inside_title_safe(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    positions = ("top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom")
    pages = [
        await open_page(overlay_url(relay, "banners", f"&pos={pos}"), viewport=FULL_HD)
        for pos in positions
    ]
    big = await open_page(overlay_url(relay, "banners", "&pos=bottom&scale=4"), viewport=FULL_HD)
    page = pages[0]
    for shown in (*pages, big):
        await connected(shown, "banners")
        await watch_banners(shown)
    async with Scorer(relay.url, "banners") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", touched=("a1",))])
        await scorer.send_all([raid("a2", "empty"), raid("h2", "empty"), raid("a3", "empty")])
        await scorer.send(raid("h3", "empty"))  # Bengaluru's next raid is do-or-die
        title, text = page.locator("#banner-title"), page.locator("#banner-team")
        await expect(title).to_have_text("Do or die", timeout=HANG_MS)
        await expect(text).to_have_text("Bengaluru Bulls must score")
        await expect(page.locator("#dod")).to_be_visible()
        for shown in (*pages, big):
            await expect(shown.locator("#strip")).to_be_visible(timeout=HANG_MS)
            assert await parts_outside(shown) == [], "every part inside title-safe"

        await scorer.send(clock("endHalf"))
        await expect(title).to_have_text("Half-time", timeout=HANG_MS)
        await expect(text).to_have_text("PAT 1–0 BEN")
        await expect(page.locator("#phase")).to_have_text("HALF-TIME")

        await scorer.send_all([clock("start"), clock("endHalf")])
        await expect(title).to_have_text("Result", timeout=HANG_MS)
        await expect(text).to_have_text("Patna Pirates win · PAT 1–0 BEN")
    # once the banner has gone, the result stays on the bug: not a bare "FINAL"
    await expect(page.locator("#banner")).to_be_hidden(timeout=HANG_MS)
    await expect(page.locator("#result")).to_have_text(
        re.compile(r"^\s*Result\s*Patna Pirates win · PAT 1–0 BEN\s*$")
    )
    for shown in (*pages, big):
        assert await parts_outside(shown) == []
        checks = await banner_checks(shown)
        assert list(dict.fromkeys(banner for banner, _ in checks)) == [
            "Do or die Bengaluru Bulls must score",
            "Half-time PAT 1–0 BEN",
            "Result Patna Pirates win · PAT 1–0 BEN",
        ]
        assert [outside for _, outside in checks] == [[]] * len(checks), "inside title-safe"


async def test_margin_and_safe_options_place_the_bug(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "edges") as scorer:
        await scorer.send(setup())
    expected = {"": (96, 54), "&safe=action": (67.2, 37.8), "&safe=none": (0, 0)}
    expected["&margin=20"] = (20, 20)
    for options, (left, top) in expected.items():
        page = await open_page(overlay_url(relay, "edges", options), viewport=FULL_HD)
        await expect(page.locator("#bug")).to_be_visible(timeout=HANG_MS)
        placed = await box(page, "#bug")
        assert (placed["x"], placed["y"]) == (
            pytest.approx(left, abs=0.1),
            pytest.approx(top, abs=0.1),
        ), options


async def test_an_unknown_match_is_named_and_goes_live_when_set_up(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "GHOST", "&scale=4"), viewport=VIDEO)
    chip = page.locator("#waiting")
    await expect(chip).to_contain_text("No match “GHOST” on this relay", timeout=HANG_MS)
    said = await box(page, "#waiting")  # whole, however large the overlay was asked to be
    assert said["x"] >= 0
    assert said["y"] >= 0
    assert said["x"] + said["width"] <= VIDEO["width"]
    assert said["y"] + said["height"] <= VIDEO["height"]
    async with Scorer(relay.url, "GHOST") as scorer:
        await expect(chip).to_have_text("Waiting for the match to be set up", timeout=HANG_MS)
        await scorer.send(setup())
        await expect(page.locator("#home-name")).to_have_text("PAT", timeout=HANG_MS)
    await expect(chip).to_be_hidden()


async def test_the_overlay_passes_axe(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    page = await open_page(overlay_url(relay, "checked"), viewport=VIDEO)
    await page.emulate_media(reduced_motion="reduce")  # axe reads colours mid-animation
    await connected(page, "checked")
    async with Scorer(relay.url, "checked") as scorer:
        await scorer.send_all([setup_with(home_color="#3FA34D"), clock("start")])
        await scorer.send_all([raid("h1", "empty"), raid("a1", "empty"), raid("h2", "empty")])
        await scorer.send_all([raid("a2", "empty"), raid_start("h3")])
        await expect(page.locator("#dod")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#banner-title")).to_have_text("Do or die", timeout=HANG_MS)
        # A banner lasts seconds: checked as the page painted it, however long that took.
        await page.eval_on_selector("#banner", "banner => { banner.hidden = false; }")
        violations = await axe_violations(page)
    assert violations == [], describe(violations)

"""The live viewer against a real relay: scoring shows up, setup goes live, junk is ignored."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable

import pytest
from browser_kit import (
    HANG_MS,
    PHONE,
    ConsoleWatch,
    OpenPage,
    Scorer,
    clock,
    pbp_lines,
    raid,
    raid_start,
    setup,
    undo,
)
from playwright.async_api import Page, WebSocketRoute, expect

from relay.rules.demo import demo_setup
from relay.rules.events import Setup
from relay.rules.settings import SettingsOverrides
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

LONG_NAME = "Venkatanarasimharajuvaripetaduraisamyraj"  # 40 letters, the longest allowed


def viewer_url(relay: Relay, match_id: str) -> str:
    return f"{relay.viewer_url}viewer.html?matchId={match_id}"


async def watch_score(page: Page, side: str) -> None:
    """Note in the page (Date.now()) when the score of `side` next changes."""
    await page.evaluate(
        """side => {
            window.scoreSeenAt = null;
            const score = document.getElementById(side + "-score");
            new MutationObserver(() => { window.scoreSeenAt ??= Date.now(); })
                .observe(score, {childList: true, characterData: true, subtree: true});
        }""",
        side,
    )


async def test_viewer_shows_scoring_as_it_happens(
    relay: Relay, open_page: OpenPage, record_property: Callable[[str, object], None]
) -> None:
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page(viewer_url(relay, "final"))

        await expect(page.locator("#home-name")).to_have_text("Patna Pirates", timeout=HANG_MS)
        await expect(page.locator("#away-name")).to_have_text("Bengaluru Bulls")
        await expect(page.locator("#home-score")).to_have_text("0")
        await expect(page.locator("#phase")).to_have_text("1st half")
        await expect(page.locator("#conn")).to_have_attribute("data-state", "live")
        assert [seq for seq, _ in await pbp_lines(page)] == [2, 1]

        await scorer.send(raid_start("h1"))
        await expect(page.locator("#raider")).to_have_text("Pardeep (PAT)", timeout=HANG_MS)
        await expect(page.locator("#raid-seconds")).to_have_text(
            # counted down in the page from raidClock.startedAt: 30, or 29 a second later
            re.compile(r"^(30|29|28)$")
        )

        await watch_score(page, "home")
        sent_at = time.time() * 1000
        await scorer.send(raid("h1", "successful", touched=("a2", "a3"), bonus=True))
        await expect(page.locator("#home-score")).to_have_text("3", timeout=HANG_MS)
        await expect(page.locator("#home-score")).to_have_class(re.compile(r"\bbump\b"))
        seen_at = await page.evaluate("window.scoreSeenAt")
        latency = seen_at - sent_at
        record_property("score_latency_ms", round(latency))
        print(f"score change shown {latency:.0f} ms after the scorer sent it")

        await expect(page.locator("#pbp > li").last).to_contain_text(
            "Pardeep (PAT) raids: 2 touch points (Saurabh, Mahender), bonus"
        )
        await expect(page.locator("#pbp > li .line-score").last).to_have_text("PAT 3–0 BEN")
        await expect(page.locator("#announce")).to_contain_text(
            "Patna Pirates 3, Bengaluru Bulls 0."
        )
        # Saurabh (a2) and Mahender (a3) are out and come back in that order.
        away_mat = page.locator('.mat-team[data-side="away"]')
        await expect(away_mat.locator('[data-player="a2"]')).to_have_class("place out")
        await expect(away_mat.locator('[data-player="a2"] .badge')).to_have_text("↺1")
        await expect(away_mat.locator('[data-player="a3"] .badge')).to_have_text("↺2")
        await expect(page.locator("#top-raiders li").first).to_contain_text("Pardeep")
        await expect(page.locator("#raid")).not_to_have_class("raid live")

        tackled = await scorer.send(raid("a1", "unsuccessful", tacklers=("h4",)))
        await expect(page.locator("#home-score")).to_have_text("4", timeout=HANG_MS)
        await expect(page.locator("#top-defenders li").first).to_contain_text("Sunil")

        await scorer.send(undo(tackled))
        await expect(page.locator("#home-score")).to_have_text("3", timeout=HANG_MS)
        await expect(page.locator("#pbp > li").last).to_contain_text("Undone: Pawan (BEN)")
        await expect(page.locator(f'#pbp > li[data-seq="{tackled}"]')).to_have_class(
            "line fresh undone"
        )
        await expect(page.locator("#top-defenders li")).to_have_text(["No tackle points yet"])

        lines = await pbp_lines(page)
        assert [seq for seq, _ in lines] == list(range(tackled + 1, 0, -1))


async def test_viewer_waits_for_setup_then_goes_live(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    # Nobody has set "later" up and no scorer is on it yet: the relay says so (a 404 the
    # browser logs), the page tells the spectator, and goes live all the same.
    console.allow(r"status of 404 .*/api/matches/[\w-]+/summary")
    page = await open_page(viewer_url(relay, "later"), viewport=PHONE, color_scheme="dark")
    await expect(page.locator("#waiting")).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("body")).to_have_css("background-color", "rgb(15, 17, 21)")
    await expect(page.locator("#waiting h1")).to_have_text(
        "No match “later” on this relay", timeout=HANG_MS
    )
    await expect(page.locator("#conn")).to_have_attribute("data-state", "live")
    await expect(page.locator("#match")).to_be_hidden()

    async with Scorer(relay.url, "later") as scorer:
        await scorer.send(setup())
        await expect(page.locator("#match")).to_be_visible(timeout=HANG_MS)
        await expect(page.locator("#waiting")).to_be_hidden()
        # the phone layout shows short names
        await expect(page.locator("#home-short")).to_have_text("PAT")
        await expect(page.locator("#home-short")).to_be_visible()
        await expect(page.locator("#phase")).to_have_text("Not started")
        await expect(page.locator("#pbp > li")).to_have_count(1)

        await scorer.send(clock("start"))
        await expect(page.locator("#phase")).to_have_text("1st half", timeout=HANG_MS)
        await expect(page.locator("#pbp > li")).to_have_count(2)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "nothing sticks out sideways on a phone"


async def test_viewer_without_match_id_points_to_the_list(
    relay: Relay, open_page: OpenPage
) -> None:
    page = await open_page(f"{relay.viewer_url}viewer.html")
    await expect(page.locator("#no-match")).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#no-match a")).to_have_attribute("href", "/")


async def test_viewer_ignores_malformed_frames(relay: Relay, open_page: OpenPage) -> None:
    """Junk on the wire is dropped without breaking the page; the next good event shows."""
    routes: list[WebSocketRoute] = []
    reconnected = asyncio.Event()

    def intercept(ws: WebSocketRoute) -> None:
        ws.connect_to_server()  # frames pass through; the test adds its own to the page
        routes.append(ws)
        if len(routes) == 2:
            reconnected.set()

    async with Scorer(relay.url, "junk") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page("about:blank")
        await page.route_web_socket("**/ws", intercept)
        await page.goto(viewer_url(relay, "junk"))
        await expect(page.locator("#home-name")).to_have_text("Patna Pirates", timeout=HANG_MS)

        response = await page.request.get(f"{relay.viewer_url}api/matches/junk")
        state = await response.json()
        stale = {"type": "event", "seq": 2, "event": {"type": "clock"}, "text": "again"}
        junk = [
            "not json at all",
            "[1, 2, 3]",
            "null",
            json.dumps({"type": "mystery", "seq": 99}),
            json.dumps({"type": "event", "seq": 3, "event": {"type": "raid"}, "text": "no state"}),
            json.dumps({"type": "event", "seq": "3", "event": {}, "text": 5, "state": {}}),
            json.dumps(
                {
                    "type": "event",
                    "seq": 3,
                    "event": {"type": "raid"},
                    "text": "x",
                    "state": {"home": None, "away": 1},
                }
            ),
            json.dumps({"type": "welcome", "epoch": 5}),
            json.dumps({"type": "presence", "viewers": "many"}),
            json.dumps({**stale, "state": state}),  # protocol 1's frame: no patch
            json.dumps({**stale, "patch": {"phase": "finished"}}),  # already shown
            # A patch that does not give a match state: the page asks the relay again.
            json.dumps({**stale, "seq": 3, "patch": {"home": {"squad": None}}}),
        ]
        for frame in junk:
            routes[-1].send(frame)
        # The bad patch makes the page reconnect.
        await asyncio.wait_for(reconnected.wait(), HANG_MS / 1000)
        await expect(page.locator("#conn")).to_have_attribute("data-state", "live")
        await scorer.send(raid("h1", "successful", touched=("a2",)))
        await expect(page.locator("#home-score")).to_have_text("1", timeout=HANG_MS)
        await expect(page.locator("#conn")).to_have_attribute("data-state", "live")
        assert [seq for seq, _ in await pbp_lines(page)] == [3, 2, 1]
        assert len(routes) == 2
        await expect(page.locator("#phase")).not_to_have_text("Final")


async def test_viewer_shows_names_as_text(relay: Relay, open_page: OpenPage) -> None:
    """Team and player names come from scorers: markup in them is shown, never run."""
    base = setup()
    assert isinstance(base, Setup)
    home = base.home.model_copy(update={"name": '<img src=x onerror="pwned=1">'})
    players = list(base.away.players)
    players[0] = players[0].model_copy(update={"name": "<b>Pawan</b>"})
    players[1] = players[1].model_copy(update={"name": LONG_NAME})
    away = base.away.model_copy(update={"players": tuple(players)})
    async with Scorer(relay.url, "names") as scorer:
        await scorer.send(base.model_copy(update={"home": home, "away": away}))
        await scorer.send(clock("start"))
        await scorer.send(raid("h1", "successful", touched=("a1", "a2")))
        page = await open_page(viewer_url(relay, "names"))
        await expect(page.locator("#home-name")).to_have_text(home.name, timeout=HANG_MS)
        await expect(page.locator("#pbp > li").last).to_contain_text("<b>Pawan</b>")
        await expect(page.locator('[data-player="a1"] .pname')).to_have_text("<b>Pawan</b>")
        assert await page.evaluate("window.pwned") is None
        assert await page.locator("main img, main b:not(#waiting-id)").count() == 0

        phone = await open_page(viewer_url(relay, "names"), viewport=PHONE)
        await expect(phone.locator("#pbp > li").last).to_contain_text(LONG_NAME)
        width = await phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], "a long name does not push the page sideways"


async def test_viewer_follows_the_match_through_its_phases(
    relay: Relay, open_page: OpenPage
) -> None:
    tie_break = SettingsOverrides(tie_break="fiveRaids")
    async with Scorer(relay.url, "level") as scorer:
        await scorer.send(demo_setup(client_event_id="level-setup", settings=tie_break))
        page = await open_page(viewer_url(relay, "level"))
        overlay = await open_page(f"{relay.viewer_url}overlay.html?matchId=level")
        await expect(page.locator("#phase")).to_have_text("Not started", timeout=HANG_MS)
        await expect(page.locator("#match-clock")).to_have_text("20:00")
        await expect(page.locator("#raider")).to_have_text("Patna Pirates")
        await expect(page.locator("#raid-label")).to_have_text("First raid")

        await scorer.send_all([clock("start"), clock("endHalf")])
        await expect(page.locator("#phase")).to_have_text("Half-time", timeout=HANG_MS)
        await expect(overlay.locator("#phase")).to_have_text("HALF-TIME", timeout=HANG_MS)

        await scorer.send_all([clock("start"), clock("endHalf")])
        await expect(page.locator("#phase")).to_have_text("Full time", timeout=HANG_MS)
        await expect(page.locator("#result")).to_have_text("Tie-break next")
        await expect(page.locator("#match-clock")).to_have_text("")

        await scorer.send_all([clock("start"), raid("h1", "successful", touched=("a1",))])
        await expect(page.locator("#phase")).to_have_text("Tie-break", timeout=HANG_MS)
        await expect(page.locator("#result")).to_have_text("Raids: PAT 1/5 · BEN 0/5")
        await expect(overlay.locator("#phase")).to_have_text("TIE-BREAK", timeout=HANG_MS)
        await expect(overlay.locator("#home-score")).to_have_text("1")

    async with Scorer(relay.url, "won") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1",))])
        await scorer.send_all([clock("endHalf"), clock("start"), clock("endHalf")])
    await page.goto(viewer_url(relay, "won"))
    await expect(page.locator("#phase")).to_have_text("Final", timeout=HANG_MS)
    await expect(page.locator("#result")).to_have_text("Patna Pirates win")
    await expect(page.locator("#raid")).to_be_hidden()

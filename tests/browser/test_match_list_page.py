"""The match list: the matches set up on the relay, with their score, phase and freshness."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from axe_kit import axe_violations, describe
from browser_kit import (
    HANG_MS,
    PHONE,
    ConsoleWatch,
    OpenPage,
    Scorer,
    StartRelay,
    clock,
    raid,
    setup,
)
from playwright.async_api import Page, Response, expect
from test_overlay_page import contrast, rgb, setup_with

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# A viewer of a match id nobody set up asks the relay about it; the 404 is logged by Chromium.
NO_SUCH_MATCH = r"status of 404"
TWO_HOURS_MS = 2 * 3600 * 1000
KINDS = ("Overlay", "Big screen")


async def test_match_list_shows_and_links_the_matches(relay: Relay, open_page: OpenPage) -> None:
    page = await open_page(relay.viewer_url)
    await expect(page.locator("#empty")).to_be_visible(timeout=HANG_MS)

    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1", "a2"))])
    async with Scorer(relay.url, "semi-2") as scorer:
        await scorer.send(setup())
    async with Scorer(relay.url, "later"):
        pass  # a match a scorer opened but has not set up yet

    # the list refreshes by itself
    final = page.locator('li[data-match-id="final"]')
    await expect(final).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#empty")).to_be_hidden()
    await expect(final.locator(".team .name")).to_have_text(["Patna Pirates", "Bengaluru Bulls"])
    await expect(final.locator(".team .score")).to_have_text(["2", "0"])
    await expect(final.locator(".phase")).to_have_text("1st half")
    await expect(final.locator(".flag")).to_have_text("Live")
    await expect(final.locator(".updated")).to_have_text(
        re.compile(r"^Updated (just now|\d+ s ago)$")
    )
    watch = final.get_by_role("link")
    await expect(watch).to_have_count(1)  # spectators get one link: the match
    await expect(watch).to_have_attribute("href", "viewer.html?matchId=final")
    semi = page.locator('li[data-match-id="semi-2"]')
    await expect(semi.locator(".phase")).to_have_text("Not started")
    await expect(semi.locator(".flag")).to_have_count(0)
    await expect(page.locator('li[data-match-id="later"]')).to_have_count(0)
    # live matches first
    await expect(page.locator("#matches > li")).to_have_count(2)
    assert await page.locator("#matches > li").first.get_attribute("data-match-id") == "final"

    # Overlays and big-screen links are for the crew: folded away under the list.
    producer = page.locator("#producer")
    named = re.compile(r"^Overlay\s*for Patna Pirates v Bengaluru Bulls$")
    overlay = producer.get_by_role("link", name=named).first
    await expect(overlay).to_be_hidden()
    await producer.locator("summary").click()
    await expect(overlay).to_be_visible()
    final_links = producer.locator("li[data-overlay-for='final'] a")
    await expect(final_links).to_have_text(
        [re.compile(rf"^{kind}\s*for Patna Pirates v Bengaluru Bulls$") for kind in KINDS]
    )
    await expect(final_links.first).to_have_attribute("href", "overlay.html?matchId=final")
    await expect(final_links.last).to_have_attribute("href", "viewer.html?matchId=final&screen=big")
    await expect(page.locator("#matches a[href^='overlay.html']")).to_have_count(0)

    # a viewer shows up in the list's count
    viewer = await open_page(f"{relay.viewer_url}viewer.html?matchId=final", viewport=PHONE)
    await expect(viewer.locator("#home-score")).to_have_text("2", timeout=HANG_MS)
    await expect(final.locator(".viewers")).to_have_text("1 watching", timeout=HANG_MS)

    await watch.click()
    await expect(page).to_have_url(f"{relay.viewer_url}viewer.html?matchId=final")
    await expect(page.locator("#home-name")).to_have_text("Patna Pirates", timeout=HANG_MS)

    # on a phone, a card's teams and its status sit side by side without overlapping
    phone = await open_page(relay.viewer_url, viewport=PHONE)
    card = phone.locator('li[data-match-id="semi-2"]')
    await expect(card).to_be_visible(timeout=HANG_MS)
    teams = await card.locator(".teams").bounding_box()
    status = await card.locator(".status").bounding_box()
    assert teams is not None
    assert status is not None
    assert teams["x"] + teams["width"] <= status["x"]
    assert status["x"] + status["width"] <= PHONE["width"]
    await expect(phone.locator("#checked")).to_have_text("Updates as they happen")
    sideways = await phone.evaluate("document.documentElement.scrollWidth > innerWidth")
    assert not sideways, "the list fits a phone's width"


async def test_a_made_up_match_id_never_makes_a_card(
    relay: Relay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(NO_SUCH_MATCH)
    async with Scorer(relay.url, "real") as scorer:
        await scorer.send(setup())
    page = await open_page(relay.viewer_url)
    await expect(page.locator('li[data-match-id="real"]')).to_be_visible(timeout=HANG_MS)
    ghost = await open_page(f"{relay.viewer_url}viewer.html?matchId=GHOST")
    await expect(ghost.locator("body")).to_be_visible()
    await eventually_watched(page, "GHOST")  # the viewer is on the relay, waiting
    async with Scorer(relay.url, "later") as scorer:
        await scorer.send(setup())
    # the list has changed since the viewer came, and still no card for the made-up id
    await expect(page.locator('li[data-match-id="later"]')).to_be_visible(timeout=HANG_MS)
    await expect(page.locator("#matches > li")).to_have_count(2)
    await expect(page.locator('li[data-match-id="GHOST"]')).to_have_count(0)
    answer = await page.request.get(f"{relay.viewer_url}api/matches/GHOST/summary")
    assert answer.status == 404
    assert (await answer.json())["error"] == "no_such_match"

    async with Scorer(relay.url, "GHOST") as scorer:  # set up later: now it is listed
        await scorer.send(setup())
    await expect(page.locator('li[data-match-id="GHOST"]')).to_be_visible(timeout=HANG_MS)


async def eventually_watched(page: Page, match_id: str) -> None:
    """Wait until the relay has a viewer on ``match_id`` (its health counts connections)."""
    health = f"{page.url.split('?')[0].rstrip('/')}/healthz"
    for _ in range(200):
        answer = await page.request.get(health)
        if (await answer.json())["connections"] >= 2:  # the list's feed and the viewer
            return
        await page.wait_for_timeout(50)
    raise AssertionError(f"no viewer on {match_id} in time")


async def test_an_abandoned_match_is_not_live_and_says_when_it_last_moved(
    start_relay: StartRelay, open_page: OpenPage, tmp_path: Path
) -> None:
    data = tmp_path / "abandoned"
    relay = await start_relay(data_dir=data)
    async with Scorer(relay.url, "abandoned") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1",))])
    async with Scorer(relay.url, "going") as scorer:
        await scorer.send_all([setup(), clock("start")])
    await relay.stop()
    # Two hours pass for one match: its events are dated back, as if its scorers left then.
    with sqlite3.connect(data / "kabaddi.sqlite3") as db:
        db.execute("UPDATE events SET at = at - ? WHERE match_id = 'abandoned'", (TWO_HOURS_MS,))
    relay = await start_relay(data_dir=data)

    page = await open_page(relay.viewer_url)
    abandoned = page.locator('li[data-match-id="abandoned"]')
    await expect(abandoned).to_be_visible(timeout=HANG_MS)
    await expect(abandoned.locator(".phase")).to_have_text("1st half")
    await expect(abandoned.locator(".flag")).to_have_text("Not live")
    await expect(abandoned.locator(".updated")).to_have_text(re.compile(r"^Updated at \d\d:\d\d"))
    await expect(abandoned).to_have_attribute("data-state", "idle")
    going = page.locator('li[data-match-id="going"]')
    await expect(going.locator(".flag")).to_have_text("Live")
    # the match still going comes first
    assert await page.locator("#matches > li").first.get_attribute("data-match-id") == "going"


async def test_the_list_is_pushed_as_it_changes(relay: Relay, open_page: OpenPage) -> None:
    asked: list[str] = []
    page = await open_page("about:blank")
    page.on("request", lambda request: asked.append(request.url))
    await page.goto(relay.viewer_url)
    conn, checked = page.locator("#conn"), page.locator("#checked")
    await expect(conn).to_have_text("Live list", timeout=HANG_MS)
    await expect(checked).to_have_text("Updates as they happen")
    assert f"{relay.viewer_url}api/matches" in asked  # asked once, as the page opened
    asked.clear()
    async with Scorer(relay.url, "pushed") as scorer:
        await scorer.send_all([setup(), clock("start")])
        card = page.locator('li[data-match-id="pushed"]')
        await expect(card.locator(".phase")).to_have_text("1st half", timeout=HANG_MS)
        await scorer.send(raid("h1", "successful", ("a1",)))
        await expect(card.locator(".team .score")).to_have_text(["1", "0"], timeout=HANG_MS)
    await expect(checked).to_have_text("Updates as they happen")
    assert [url for url in asked if url.endswith("/api/matches")] == [], "told, not asking"


async def test_without_the_feed_the_list_asks_cheaply_and_says_when(
    relay: Relay, open_page: OpenPage
) -> None:
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send(setup())
    asked: list[Response] = []
    page = await open_page("about:blank")
    # a proxy that lets no websocket through: the feed closes as it opens
    await page.route_web_socket("**/ws/matches", lambda ws: ws.close())
    page.on("response", lambda response: asked.append(response))
    await page.goto(relay.viewer_url)
    conn, checked = page.locator("#conn"), page.locator("#checked")
    await expect(conn).to_have_text("Relay reachable", timeout=HANG_MS)
    await expect(checked).to_have_text(re.compile(r"^List checked (just now|\d+ s ago)$"))
    await expect(checked).to_have_text(re.compile(r"^List checked \d+ s ago$"), timeout=HANG_MS)
    await expect(checked).to_have_text("List checked just now", timeout=HANG_MS)
    polls = [r for r in asked if r.url.endswith("/api/matches")]
    assert len(polls) >= 2
    first, again = await polls[0].all_headers(), await polls[1].request.all_headers()
    # asked again with the tag of what it has: the relay answers 304 (test_relay_http)
    assert again["if-none-match"] == first["etag"]
    assert "date" in first  # the relay's clock, for "updated N min ago"
    assert await conn.get_attribute("role") == "status"
    await expect(conn).to_have_text("Relay reachable")  # the live region only speaks of changes
    assert await checked.get_attribute("role") is None
    assert await checked.get_attribute("aria-live") is None


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_the_list_passes_axe(relay: Relay, open_page: OpenPage, scheme: str) -> None:
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock("start"), raid("h1", "successful", ("a1",))])
    async with Scorer(relay.url, "semi") as scorer:
        await scorer.send(setup())
    page: Page = await open_page(relay.viewer_url, color_scheme=scheme)
    await expect(page.locator("#matches > li")).to_have_count(2, timeout=HANG_MS)
    await page.locator("#producer summary").click()
    violations = await axe_violations(page)
    assert violations == [], describe(violations)
    assert await page.locator("h1").count() == 1


@pytest.mark.parametrize(("scheme", "card"), [("light", (255, 255, 255)), ("dark", (24, 27, 33))])
async def test_a_team_dot_stands_out_from_its_card(
    relay: Relay, open_page: OpenPage, scheme: str, card: tuple[int, int, int]
) -> None:
    shade = "#1A1A1A" if scheme == "dark" else "#F4F4F4"  # the card's own near-colour
    async with Scorer(relay.url, "dots") as scorer:
        await scorer.send(setup_with(home_color=shade))
    page = await open_page(relay.viewer_url, color_scheme=scheme)
    dot = page.locator('li[data-match-id="dots"] .team-dot').first
    await expect(dot).to_be_visible(timeout=HANG_MS)
    edge = await dot.evaluate("e => getComputedStyle(e).boxShadow")
    assert contrast(rgb(edge), card) >= 3, f"the dot's edge {edge} on the {scheme} card"

"""The viewer keeps its story straight across a relay restart and a lost frame."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from browser_kit import HANG_MS, ConsoleWatch, OpenPage, Scorer, StartRelay, pbp_lines, raid, setup
from browser_kit import clock as clock_event
from playwright.async_api import Page, WebSocketRoute, expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]

# While the relay is down the browser itself logs each refused connection attempt.
REFUSED = r"WebSocket connection to 'ws://127\.0\.0\.1:\d+/ws' failed"


async def relay_lines(page: Page, relay: Relay, match_id: str) -> list[tuple[int, str]]:
    """The relay's own log of the match, newest first, as (seq, text)."""
    response = await page.request.get(f"{relay.viewer_url}api/matches/{match_id}/events")
    events: list[dict[str, Any]] = await response.json()
    return [(e["seq"], e["text"]) for e in reversed(events)]


async def assert_same_story(page: Page, relay: Relay, match_id: str) -> None:
    shown = await pbp_lines(page)
    logged = await relay_lines(page, relay, match_id)
    assert [seq for seq, _ in shown] == [seq for seq, _ in logged], "a gap or a repeated line"
    for (_, text), (_, line) in zip(shown, logged, strict=True):
        assert line in text


async def test_viewer_resumes_after_relay_restart(
    start_relay: StartRelay, open_page: OpenPage, console: ConsoleWatch
) -> None:
    console.allow(REFUSED)
    relay = await start_relay()
    port = relay.port
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock_event("start"), raid("h1", "successful", ("a2",))])
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=final")
    await expect(page.locator("#pbp > li")).to_have_count(3, timeout=HANG_MS)
    await expect(page.locator("#home-score")).to_have_text("1")

    await relay.stop()
    await expect(page.locator("#conn")).not_to_have_attribute("data-state", "live", timeout=HANG_MS)
    await asyncio.sleep(0.5)  # down long enough for the page to retry and be refused

    restarted = await start_relay(port=port)
    async with Scorer(restarted.url, "final") as scorer:
        await scorer.send(raid("a1", "successful", ("h2", "h3")))
        await expect(page.locator("#away-score")).to_have_text("2", timeout=HANG_MS)
        await expect(page.locator("#conn")).to_have_attribute("data-state", "live")
        await scorer.send(raid("h4", "empty"))
        await expect(page.locator("#pbp > li")).to_have_count(5, timeout=HANG_MS)

    await assert_same_story(page, restarted, "final")
    await expect(page.locator("#pbp > li").last).to_contain_text("Sunil (PAT) raids: empty raid")


async def test_viewer_resyncs_after_a_lost_frame(relay: Relay, open_page: OpenPage) -> None:
    """An event frame that never arrives leaves a gap: the page asks again from its seq."""
    hellos: list[dict[str, Any]] = []
    lose_seq = 4

    def intercept(page_side: WebSocketRoute) -> None:
        relay_side = page_side.connect_to_server()

        def to_relay(message: str | bytes) -> None:
            hellos.append(json.loads(message))
            relay_side.send(message)

        def to_page(message: str | bytes) -> None:
            frame = json.loads(message)
            if frame.get("type") == "event" and frame.get("seq") == lose_seq and len(hellos) == 1:
                return  # lost on the way
            page_side.send(message)

        page_side.on_message(to_relay)
        relay_side.on_message(to_page)

    async with Scorer(relay.url, "lossy") as scorer:
        await scorer.send_all([setup(), clock_event("start")])
        page = await open_page("about:blank")
        await page.route_web_socket("**/ws", intercept)
        await page.goto(f"{relay.viewer_url}viewer.html?matchId=lossy")
        await expect(page.locator("#pbp > li")).to_have_count(2, timeout=HANG_MS)

        await scorer.send(raid("h1", "successful", ("a2",)))  # seq 3
        await scorer.send(raid("a1", "successful", ("h2",)))  # seq 4: lost
        await scorer.send(raid("h3", "empty"))  # seq 5: reveals the gap
        await expect(page.locator("#pbp > li")).to_have_count(5, timeout=HANG_MS)
        await expect(page.locator("#away-score")).to_have_text("1")

    assert len(hellos) == 2, "the page reconnects once to fill the gap"
    assert "lastSeq" not in hellos[0]
    assert hellos[1]["lastSeq"] == 3
    assert hellos[1]["epoch"]
    await assert_same_story(page, relay, "lossy")


async def test_viewer_starts_over_when_the_relay_lost_the_match(
    start_relay: StartRelay, open_page: OpenPage, console: ConsoleWatch, tmp_path: Path
) -> None:
    """A relay back without its data (a new epoch) is believed: the story is rebuilt."""
    console.allow(REFUSED)
    relay = await start_relay(data_dir=tmp_path / "lost")
    port = relay.port
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all([setup(), clock_event("start"), raid("h1", "successful", ("a2",))])
    page = await open_page(f"{relay.viewer_url}viewer.html?matchId=final")
    await expect(page.locator("#pbp > li")).to_have_count(3, timeout=HANG_MS)
    await expect(page.locator("#home-score")).to_have_text("1")
    await relay.stop()

    fresh = await start_relay(port=port, data_dir=tmp_path / "fresh")
    async with Scorer(fresh.url, "final") as scorer:
        await scorer.send_all([setup(), clock_event("start")])
    await expect(page.locator("#conn")).to_have_attribute("data-state", "live", timeout=HANG_MS)
    await expect(page.locator("#pbp > li")).to_have_count(2, timeout=HANG_MS)
    await expect(page.locator("#home-score")).to_have_text("0")
    await assert_same_story(page, fresh, "final")

"""The viewer and the overlay show the referee's calls as they happen: a raider out of
bounds, a team review and a correction."""

from __future__ import annotations

import re

import pytest
from browser_kit import HANG_MS, OpenPage, Scorer, clock, event_id, raid, setup
from playwright.async_api import Locator, expect

from relay.rules.events import Correct, Raid, Review
from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]
CORRECTED = re.compile(r"\bcorrected\b")


def out_of_bounds(raider: str) -> Raid:
    return Raid(
        client_event_id=event_id(),
        raider_id=raider,
        raid_type="unsuccessful",
        raider_out="outOfBounds",
    )


async def test_calls_on_the_viewer_and_the_overlay(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "calls") as scorer:
        await scorer.send_all([setup(), clock("start")])
        viewer = await open_page(f"{relay.viewer_url}viewer.html?matchId=calls")
        overlay = await open_page(
            f"{relay.viewer_url}overlay.html?matchId=calls", viewport={"width": 1280, "height": 720}
        )
        await expect(viewer.locator("#conn")).to_have_attribute(
            "data-state", "live", timeout=HANG_MS
        )
        await expect(overlay.locator("#bug")).to_be_visible(timeout=HANG_MS)

        out = await scorer.send(out_of_bounds("h1"))  # seq 3
        await expect(overlay.locator("#banner-title")).to_have_text(
            "OUT OF BOUNDS", timeout=HANG_MS
        )
        await expect(overlay.locator("#banner-team")).to_have_text("PAT")
        await expect(viewer.locator("#call")).to_have_text("OUT OF BOUNDS · PAT", timeout=HANG_MS)
        newest = viewer.locator("#pbp li").last
        await expect(newest.locator(".call-tag")).to_have_text("OUT OF BOUNDS")
        await expect(newest.locator(".line-text")).to_have_text(
            "Pardeep (PAT) raids: out of bounds (+1 BEN)"
        )

        tackled = raid("a1", "unsuccessful", tacklers=("h2",))
        target = await scorer.send(tackled)  # seq 4
        overturned = Review(
            client_event_id=event_id(),
            team="away",
            target_seq=target,
            overturned=True,
            event=out_of_bounds("a1"),
        )
        await scorer.send(overturned)  # seq 5
        await expect(overlay.locator("#banner-title")).to_have_text(
            "REVIEW — OVERTURNED", timeout=HANG_MS
        )
        await expect(overlay.locator("#banner-team")).to_have_text("BEN")
        await expect(viewer.locator("#call")).to_have_text(
            "REVIEW — OVERTURNED · BEN", timeout=HANG_MS
        )
        await expect(viewer.locator("li[data-seq='4']")).to_have_class(CORRECTED)

        fixed = Correct(
            client_event_id=event_id(),
            target_seq=out,
            event=raid("h1", "unsuccessful", tacklers=("a3",)),
        )
        await scorer.send(fixed)  # seq 6
        await expect(overlay.locator("#banner-title")).to_have_text("CORRECTED", timeout=HANG_MS)
        await expect(viewer.locator("#call")).to_have_text("CORRECTED · PAT", timeout=HANG_MS)
        await expect(viewer.locator("li[data-seq='3']")).to_have_class(CORRECTED)
        await expect(viewer.locator("li[data-seq='6'] .line-text")).to_have_text(
            "CORRECTED #3: Pardeep (PAT) raids: tackled by Mahender "
            "(was: Pardeep (PAT) raids: out of bounds (+1 BEN))"
        )
        await expect(viewer.locator("#away-score")).to_have_text("1")
        await expect(viewer.locator("#home-score")).to_have_text("1")

        def stat(label: str) -> Locator:
            return viewer.locator("#team-stats tr", has=viewer.locator("th", has_text=label))

        await expect(stat("· raiders out").locator(".value")).to_have_text(["1", "0"])
        await expect(stat("Reviews (kept)").locator(".value")).to_have_text(["0 (0)", "1 (1)"])

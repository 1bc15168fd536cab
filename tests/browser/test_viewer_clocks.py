"""Clocks run in the browser on the relay's time; the pages' pure helpers do their sums."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from browser_kit import HANG_MS, OpenPage, Scorer, card, clock, raid_start, setup, viewer_url
from playwright.async_api import expect

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


async def test_clocks_count_down_on_the_relays_time(relay: Relay, open_page: OpenPage) -> None:
    async with Scorer(relay.url, "clocks") as scorer:
        await scorer.send_all([setup(), clock("start")])
        page = await open_page("about:blank")
        # This browser's own clock is five minutes fast; the page must not care.
        await page.clock.install(time=datetime.now() + timedelta(minutes=5))
        await page.goto(f"{relay.viewer_url}viewer.html?matchId=clocks")
        await expect(page.locator("#phase")).to_have_text("1st half", timeout=HANG_MS)

        await scorer.send(raid_start("h1"))
        seconds = page.locator("#raid-seconds")
        await expect(seconds).to_have_text(re.compile(r"^(30|29|28)$"), timeout=HANG_MS)
        await expect(page.locator("#match-clock")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))

        await page.clock.fast_forward(10_000)
        await expect(seconds).to_have_text(re.compile(r"^(20|19|18)$"), timeout=HANG_MS)
        await expect(page.locator("#match-clock")).to_have_text(re.compile(r"^19:(4\d|50)$"))

        await page.clock.fast_forward(25_000)
        await expect(seconds).to_have_text("0", timeout=HANG_MS)
        await expect(page.locator("#raid")).to_have_class(re.compile(r"\burgent\b"))


async def test_a_suspension_ends_on_the_page_when_its_time_runs_out(
    relay: Relay, open_page: OpenPage
) -> None:
    """A yellow card's two minutes run out between events: the player is back on the mat
    on the page then, as he will be on the relay at its next event, with no badge left."""
    async with Scorer(relay.url, "yellow") as scorer:
        await scorer.send_all([setup(), clock("start"), card("a5", "yellow")])
        page = await open_page("about:blank")
        await page.clock.install()
        await page.goto(viewer_url(relay, "yellow"))
        aman = page.locator('.mat-team[data-side="away"] [data-player="a5"]')
        await expect(aman).to_have_class("place suspended", timeout=HANG_MS)
        await expect(aman.locator(".badge")).to_have_text(re.compile(r"^0(2:00|1:5\d)$"))
        away_count = page.locator('.mat-team[data-side="away"] .mat-count')
        await expect(away_count).to_have_text("6 on the mat")

        await page.clock.fast_forward(2 * 60_000 + 1_000)
        await expect(aman).to_have_class("place onCourt", timeout=HANG_MS)
        await expect(page.locator("[data-suspended]")).to_have_count(0)
        await expect(away_count).to_have_text("7 on the mat")
        assert await page.locator(".place .badge").count() == 0
        await expect(page.locator("#announce")).to_have_text(
            "Aman (Bengaluru Bulls) is back on the mat: the suspension is over."
        )


PURE_CHECKS = """async () => {
  const clock = await import("/clock.js");
  const match = await import("/match.js");
  const relayClock = new clock.RelayClock();
  const offsets = [];
  relayClock.sampleReplayed(Date.now() - 60000);   // an old event says little
  offsets.push(relayClock.offset);
  relayClock.sampleReplayed(Date.now() + 5000);    // but the relay is at least 5 s ahead
  offsets.push(Math.round(relayClock.offset / 1000));
  relayClock.sampleLive(Date.now() - 300000);      // a live event: 5 minutes behind
  offsets.push(Math.round(relayClock.offset / 1000));

  const player = (id, status) => ({ id, name: id.toUpperCase(), number: Number(id.slice(1)),
                                    status, stats: {} });
  const team = {
    name: "Home", shortName: "HOM", score: 0, allOutsInflicted: 0,
    players: [player("h1", "onCourt"), player("h2", "out"), player("h3", "onCourt"),
              player("h4", "out"), player("h5", "suspended"), player("h6", "sentOff"),
              player("h7", "onCourt"), player("h8", "bench")],
    onCourt: ["h3", "h1", "h7"],
    outOrder: ["h4", "h2"],
  };
  const places = match.matPlaces(team).map(
    (p) => [p.player.id, p.kind, p.comesBack ?? null]);

  const withStat = (t, stat, value) => ({ ...t, players: t.players.map(
    (p, i) => i === 0 ? { ...p, stats: { [stat]: value } } : p) });
  const state = { home: team, away: { ...team, shortName: "AWY" } };
  const raided = { ...state, home: withStat(team, "superRaids", 1),
                   away: { ...state.away, allOutsInflicted: 1 } };
  return {
    offsets,
    mmss: [clock.mmss(0), clock.mmss(59000), clock.mmss(1199001), clock.mmss(-5)],
    half: clock.halfRemaining(
      { halfMs: 1200000, elapsedMs: 1000, running: true, since: 5000 }, 15000),
    halfStopped: clock.halfRemaining(
      { halfMs: 1200000, elapsedMs: 1000, running: false, since: 5000 }, 15000),
    raid: [clock.raidRemaining({ seconds: 30, startedAt: 1000 }, 11000),
           clock.raidRemaining({ seconds: 30, startedAt: 1000 }, 99000)],
    places,
    highlights: match.highlights(state, raided).map((h) => [h.kind, h.team]),
    undone: match.highlights(raided, state),
    scores: [match.scoreLine({ home: 3, away: 0 }, { home: { shortName: "PAT" },
                                                    away: { shortName: "BEN" } }),
             match.scoreLine(undefined, state), match.scoreLine({ home: 3, away: 0 }, null)],
  };
}"""


async def test_page_helpers(relay: Relay, open_page: OpenPage) -> None:
    page = await open_page(f"{relay.viewer_url}viewer.html")
    result: dict[str, Any] = await page.evaluate(PURE_CHECKS)
    assert result["offsets"] == [0, 5, -300]
    assert result["mmss"] == ["00:00", "00:59", "20:00", "00:00"]
    assert result["half"] == 1_200_000 - 11_000
    assert result["halfStopped"] == 1_200_000 - 1_000
    assert result["raid"] == [20_000, 0]
    assert result["places"] == [
        ["h3", "onCourt", None],
        ["h1", "onCourt", None],
        ["h7", "onCourt", None],
        ["h4", "out", 1],
        ["h2", "out", 2],
        ["h5", "suspended", None],
        ["h6", "sentOff", None],
    ]
    assert result["highlights"] == [["superRaid", "HOM"], ["allOut", "AWY"]]
    assert result["undone"] == []
    assert result["scores"] == ["PAT 3–0 BEN", "", "3–0"]

"""A reload costs next to nothing: the page is revalidated (304), every file it names is
kept under its version and not asked for again, and what does travel is gzipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from browser_kit import OpenPage, Scorer, first_half_story
from playwright.async_api import CDPSession, Page

from relay.server import Relay

pytestmark = [pytest.mark.browser, pytest.mark.asyncio(loop_scope="session")]


@dataclass
class Fetch:
    url: str
    status: int | None = None
    cached: bool = False
    encoding: str | None = None


@dataclass
class Wire:
    """The page's file requests as Chromium's network layer saw them."""

    fetches: dict[str, Fetch] = field(default_factory=dict)

    def listen(self, cdp: CDPSession) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestServedFromCache", self._cached)
        cdp.on("Network.responseReceived", self._received)

    def _sent(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"]
        if "/api/" not in url and url.startswith("http"):
            self.fetches[event["requestId"]] = Fetch(url)

    def _cached(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.fetches:
            self.fetches[event["requestId"]].cached = True

    def _received(self, event: dict[str, Any]) -> None:
        fetch = self.fetches.get(event["requestId"])
        if fetch is not None:
            fetch.status = event["response"]["status"]
            headers = {k.lower(): v for k, v in event["response"]["headers"].items()}
            fetch.encoding = headers.get("content-encoding")
            fetch.cached = fetch.cached or bool(event["response"].get("fromDiskCache"))


async def watched(page: Page) -> Wire:
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Network.enable")
    wire = Wire()
    wire.listen(cdp)
    return wire


@pytest.mark.parametrize("name", ["viewer.html", "overlay.html", ""])
async def test_a_reload_fetches_only_the_page_and_gets_304(
    relay: Relay, open_page: OpenPage, name: str
) -> None:
    async with Scorer(relay.url, "final") as scorer:
        await scorer.send_all(first_half_story())
    page = await open_page("about:blank")
    first = await watched(page)
    await page.goto(f"{relay.viewer_url}{name}?matchId=final", wait_until="networkidle")
    loaded = list(first.fetches.values())
    assert len(loaded) >= 5, "the page and its modules"
    scripts = [f for f in loaded if ".js?v=" in f.url]
    assert scripts, "its scripts come under versioned URLs"
    assert all(f.encoding == "gzip" for f in scripts if f.url.split("?")[0].endswith("live.js"))

    again = await watched(page)
    await page.reload(wait_until="networkidle")
    reloaded = list(again.fetches.values())
    on_the_wire = [f for f in reloaded if not f.cached]
    assert [f.url.split("?")[0].rsplit("/", 1)[-1] for f in on_the_wire] in (
        [name],
        [name, "favicon.svg"],
    ), "only the page itself goes over the network"
    # Chromium reports a revalidated page with the cached 200; the relay answered 304
    # (tests/relay/test_relay_http.py); here: it was asked, and nothing else was.
    assert all(f.status in (200, 304) for f in on_the_wire)

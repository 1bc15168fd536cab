"""Relays announced on the LAN (see :mod:`relay.advertise`) and the live matches on each.

A :class:`RelayBrowser` browses ``_kabaddi._tcp`` with zeroconf, resolves each relay it
hears of, then reads its ``/api/matches`` every few seconds while it stays announced.
It reports through two callbacks, so the Qt model (:mod:`desktop.models.relay_list`)
stays free of networking. A relay that says goodbye (a clean stop) is lost at once; one
that stops answering stays listed with the reason, until its announcement expires.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from relay.advertise import SERVICE_TYPE, Interfaces

log = logging.getLogger(__name__)

POLL_SECONDS = 3.0
RESOLVE_TIMEOUT_MS = 3000
FETCH_TIMEOUT_SECONDS = 3.0
MAX_RELAYS = 64  # a LAN with more announced relays than this is not a venue
MAX_BODY_BYTES = 1024 * 1024
# No proxy: a relay on the LAN is reached directly, whatever the environment says.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass(frozen=True)
class LiveMatch:
    match_id: str
    home: str
    away: str
    home_score: int
    away_score: int
    phase: str

    @property
    def label(self) -> str:
        return f"{self.home} {self.home_score} – {self.away_score} {self.away}  ({self.match_id})"


@dataclass(frozen=True)
class FoundRelay:
    key: str  # the announced service name, unique on the LAN
    name: str
    address: str
    port: int
    path: str = "/ws"
    tls: bool = False
    protocol: int | None = None
    matches: tuple[LiveMatch, ...] = ()
    problem: str | None = None  # why its matches could not be read

    @property
    def _host(self) -> str:
        return f"[{self.address}]" if ":" in self.address else self.address

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.tls else 'ws'}://{self._host}:{self.port}{self.path}"

    @property
    def http_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://{self._host}:{self.port}"


def live_matches(listing: Any) -> tuple[LiveMatch, ...]:
    """The matches of an ``/api/matches`` answer that are not finished."""
    if not isinstance(listing, list):
        raise ValueError("the match list is not a list")
    found = []
    for entry in listing:
        if not isinstance(entry, dict) or entry.get("phase") in (None, "finished"):
            continue
        home, away = entry.get("home") or {}, entry.get("away") or {}
        found.append(
            LiveMatch(
                match_id=str(entry["matchId"]),
                home=str(home.get("name", "Home")),
                away=str(away.get("name", "Away")),
                home_score=int(home.get("score", 0)),
                away_score=int(away.get("score", 0)),
                phase=str(entry["phase"]),
            )
        )
    return tuple(found)


def fetch_matches(relay: FoundRelay) -> tuple[LiveMatch, ...]:
    """The relay's live matches (blocking: run it in a thread)."""
    with _OPENER.open(f"{relay.http_url}/api/matches", timeout=FETCH_TIMEOUT_SECONDS) as answer:
        return live_matches(json.loads(answer.read(MAX_BODY_BYTES)))


def relay_from(info: AsyncServiceInfo) -> FoundRelay | None:
    """A resolved announcement as a relay; None when it lacks an address."""
    addresses = info.parsed_addresses(IPVersion.V4Only) or info.parsed_addresses()
    if not addresses or info.port is None:
        return None
    # Another machine's loopback address is of no use; prefer an address on the LAN.
    lan = [a for a in addresses if not ipaddress.ip_address(a).is_loopback]
    text = {
        key.decode(errors="replace"): (value or b"").decode(errors="replace")
        for key, value in info.properties.items()
    }
    protocol = text.get("protocol", "")
    return FoundRelay(
        key=info.name,
        name=text.get("name") or info.name.removesuffix("." + SERVICE_TYPE),
        address=(lan or addresses)[0],
        port=info.port,
        path=text.get("path") or "/ws",
        tls=text.get("tls") == "1",
        protocol=int(protocol) if protocol.isdigit() else None,
    )


class RelayBrowser:
    def __init__(
        self,
        on_found: Callable[[FoundRelay], None],
        on_lost: Callable[[str], None],
        interfaces: Interfaces,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self._on_found = on_found
        self._on_lost = on_lost
        self._interfaces = interfaces
        self._poll_seconds = poll_seconds
        self._zeroconf: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._watchers: dict[str, asyncio.Task[None]] = {}
        self.problem: str | None = None

    async def start(self) -> None:
        """Start browsing; a failure is kept in ``problem`` (shown to the scorer), not raised."""
        try:
            self._zeroconf = AsyncZeroconf(interfaces=self._interfaces)
            self._browser = AsyncServiceBrowser(
                self._zeroconf.zeroconf, SERVICE_TYPE, handlers=[self._changed]
            )
        except OSError as exc:
            self.problem = f"Relays on the LAN cannot be looked for here: {exc}"
            log.warning("%s", self.problem)
            await self.stop()

    async def stop(self) -> None:
        for watcher in self._watchers.values():
            watcher.cancel()
        for watcher in list(self._watchers.values()):
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
        self._watchers.clear()
        browser, self._browser = self._browser, None
        if browser is not None:
            await browser.async_cancel()
        zeroconf, self._zeroconf = self._zeroconf, None
        if zeroconf is not None:
            await zeroconf.async_close()

    def _changed(
        self,
        zeroconf: Zeroconf,
        service_type: str,
        name: str,
        state_change: ServiceStateChange,
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            watcher = self._watchers.pop(name, None)
            if watcher is not None:
                watcher.cancel()
                self._on_lost(name)
            return
        if name in self._watchers:
            if state_change is ServiceStateChange.Updated:
                self._watchers.pop(name).cancel()
            else:
                return
        if len(self._watchers) >= MAX_RELAYS:
            log.warning("more than %d relays announced; %r is not listed", MAX_RELAYS, name)
            return
        self._watchers[name] = asyncio.get_running_loop().create_task(self._watch(name))

    async def _watch(self, name: str) -> None:
        """Resolve the relay, then read its matches until it is gone."""
        assert self._zeroconf is not None
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if not await info.async_request(self._zeroconf.zeroconf, RESOLVE_TIMEOUT_MS):
            log.info("relay %r announced but did not resolve", name)
            self._watchers.pop(name, None)
            return
        relay = relay_from(info)
        if relay is None:
            self._watchers.pop(name, None)
            return
        while True:
            try:
                relay = replace(relay, matches=await asyncio.to_thread(fetch_matches, relay))
                relay = replace(relay, problem=None)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                relay = replace(relay, problem=f"not answering: {exc}")
            self._on_found(relay)
            await asyncio.sleep(self._poll_seconds)

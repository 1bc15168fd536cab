"""Hosting a match on this laptop: what others need to join, and an embedded relay.

The app hosts through a relay process of its own (:mod:`desktop.relay_child`);
:func:`start_relay` embeds one in the running loop for tools such as the screenshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import segno
from PySide6.QtGui import QImage

from desktop.interfaces import host_addresses
from desktop.ports import DEFAULT_PORT
from relay.addresses import LOOPBACK, url_host
from relay.server import Relay, RelayConfig

ALL_INTERFACES = "0.0.0.0"
__all__ = ["DEFAULT_PORT", "JoinDetails", "join_details", "new_match_id", "qr_image"]


def new_match_id() -> str:
    return "match-" + secrets.token_hex(3)


@dataclass(frozen=True)
class JoinDetails:
    relay_url: str  # for other scorers on the LAN
    local_url: str  # for this laptop's own client
    match_id: str
    token: str
    viewer_url: str

    @property
    def port(self) -> int:
        return urlsplit(self.local_url).port or 0

    @property
    def host(self) -> str:
        """The address the others are given (without IPv6 brackets)."""
        return urlsplit(self.relay_url).hostname or LOOPBACK

    def at(self, host: str) -> JoinDetails:
        """The same match reached through another of this laptop's addresses."""
        shown = url_host(host)
        return replace(
            self,
            relay_url=f"ws://{shown}:{self.port}/ws",
            viewer_url=f"http://{shown}:{self.port}/viewer.html?matchId={self.match_id}",
        )


def join_details(port: int, token: str, match_id: str, host_ip: str | None = None) -> JoinDetails:
    """``host_ip``: the address to hand out; by default the likeliest of this laptop's."""
    if host_ip is None:
        candidates = host_addresses()
        host_ip = candidates[0].address if candidates else LOOPBACK
    shown = url_host(host_ip)
    return JoinDetails(
        relay_url=f"ws://{shown}:{port}/ws",
        local_url=f"ws://127.0.0.1:{port}/ws",
        match_id=match_id,
        token=token,
        viewer_url=f"http://{shown}:{port}/viewer.html?matchId={match_id}",
    )


async def start_relay(
    data_dir: Path, port: int = DEFAULT_PORT, host: str = ALL_INTERFACES
) -> Relay:
    """Start a relay on the running loop; falls back to any free port if ``port`` is taken."""
    await asyncio.to_thread(data_dir.mkdir, parents=True, exist_ok=True)
    try:
        relay = Relay(RelayConfig(host=host, port=port, data_dir=data_dir))
        await relay.start()
    except OSError:
        if port == 0:
            raise
        relay = Relay(RelayConfig(host=host, port=0, data_dir=data_dir))
        await relay.start()
    return relay


async def stop_relay(relay: Relay | None) -> None:
    if relay is not None:
        with contextlib.suppress(Exception):
            await relay.stop()


def qr_image(text: str, scale: int = 6) -> QImage:
    """A QR code of ``text`` as an image (PNG made by segno, read by Qt)."""
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    image = QImage()
    image.loadFromData(buffer.getvalue(), "PNG")
    return image

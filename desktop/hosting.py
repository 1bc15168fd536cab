"""Hosting a match on this laptop: what others need to join, and an embedded relay.

The app hosts through a relay process of its own (:mod:`desktop.relay_child`);
:func:`start_relay` embeds one in the running loop for tools such as the screenshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

import segno
from PySide6.QtGui import QImage

from relay.server import Relay, RelayConfig

DEFAULT_PORT = 3000
ALL_INTERFACES = "0.0.0.0"


def lan_ip() -> str:
    """This machine's address on the local network, or loopback when there is none.

    A UDP "connect" sends nothing; it only asks the OS which interface would be used.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address: str = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address


def new_match_id() -> str:
    return "match-" + secrets.token_hex(3)


@dataclass(frozen=True)
class JoinDetails:
    relay_url: str  # for other scorers on the LAN
    local_url: str  # for this laptop's own client
    match_id: str
    token: str
    viewer_url: str


def join_details(port: int, token: str, match_id: str, host_ip: str | None = None) -> JoinDetails:
    ip = host_ip or lan_ip()
    return JoinDetails(
        relay_url=f"ws://{ip}:{port}/ws",
        local_url=f"ws://127.0.0.1:{port}/ws",
        match_id=match_id,
        token=token,
        viewer_url=f"http://{ip}:{port}/viewer.html?matchId={match_id}",
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

"""The relay announces itself on the LAN (mDNS / DNS-SD) so scorers find it without a URL.

The service is ``_kabaddi._tcp``; its TXT record carries what a scorer app needs to
connect: the relay's name (``--name``, by default the host name), the websocket path,
whether it speaks TLS and the protocol versions it speaks. It is announced on the
interfaces the relay listens on: a relay bound to ``127.0.0.1`` is announced on the
loopback interface only, one bound to ``0.0.0.0`` on every interface.

Announcing is a convenience, never a reason not to serve: a failure (no multicast on
this network, a port 5353 nobody may share) is logged, reported on ``/healthz`` and
``/metrics``, and the relay carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass, replace

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from zeroconf import InterfaceChoice, IPVersion
from zeroconf.asyncio import AsyncServiceInfo, AsyncZeroconf

from relay.addresses import LOOPBACK, rank_addresses, system_interfaces
from relay.wire import PROTOCOL_VERSION, PROTOCOL_VERSIONS

log = logging.getLogger(__name__)

SERVICE_TYPE = "_kabaddi._tcp.local."
STOP_TIMEOUT_SECONDS = 3.0
# DNS-SD labels are at most 63 bytes; the instance name carries the port after the name.
MAX_NAME_BYTES = 40
LOOPBACK_HOSTS = ("127.0.0.1", "localhost")
ALL_HOSTS = ("0.0.0.0", "", "::")


# Addresses of the interfaces to use, or every interface.
Interfaces = list[str] | InterfaceChoice


class NotAdvertisable(ValueError):
    """The relay listens where mDNS cannot announce it; the message says why."""


@dataclass(frozen=True)
class Where:
    """Which interfaces to announce on, and the addresses to announce."""

    interfaces: Interfaces
    ip_version: IPVersion
    addresses: tuple[str, ...]


def where_to_advertise(host: str) -> Where:
    """The interfaces and addresses for a relay listening on ``host``."""
    if host in LOOPBACK_HOSTS:
        return Where(["127.0.0.1"], IPVersion.V4Only, ("127.0.0.1",))
    if host in ALL_HOSTS:
        version = IPVersion.All if host == "::" else IPVersion.V4Only
        return Where(InterfaceChoice.All, version, ())
    try:
        address = ipaddress.ip_address(host)
    except ValueError as exc:
        raise NotAdvertisable(f"--host {host!r} is not an address mDNS can announce") from exc
    if address.version == 6 and address.is_loopback:
        raise NotAdvertisable("mDNS cannot announce on ::1; listen on 127.0.0.1 instead")
    version = IPVersion.V6Only if address.version == 6 else IPVersion.V4Only
    return Where([host], version, (host,))


def default_name() -> str:
    return socket.gethostname().split(".")[0] or "Kabaddi relay"


@dataclass(frozen=True)
class Announcement:
    """What the TXT record says about the relay."""

    name: str
    port: int
    path: str = "/ws"
    tls: bool = False

    def properties(self) -> dict[str, str]:
        return {
            "name": self.name,
            "path": self.path,
            "tls": "1" if self.tls else "0",
            "protocol": str(PROTOCOL_VERSION),
            "protocols": ",".join(str(v) for v in PROTOCOL_VERSIONS),
        }

    @property
    def instance(self) -> str:
        """The DNS-SD instance name: the relay's name and its port (one host, several relays)."""
        short = self.name.encode()[:MAX_NAME_BYTES].decode(errors="ignore").strip()
        return f"{short or 'Kabaddi relay'} ({self.port})"


def host_label() -> str:
    """This machine's name as a DNS label (letters, digits and '-')."""
    label = re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname().split(".")[0]).strip("-")
    return label[:50] or "kabaddi-relay"


class Advertiser:
    """Announces one relay until stopped; ``health()`` says whether it is announced."""

    def __init__(self, host: str, name: str | None = None, tls: bool = False) -> None:
        self._host = host
        self._announcement = Announcement(name or default_name(), 0, tls=tls)
        self.enabled = False
        self._zeroconf: AsyncZeroconf | None = None
        self._info: AsyncServiceInfo | None = None
        self._registering: asyncio.Task[None] | None = None
        self.registered_as: str | None = None
        self.problem: str | None = None

    async def start(self, port: int) -> None:
        """Start announcing the relay on ``port``; a failure is logged and recorded, not raised."""
        self.enabled = True
        self._announcement = replace(self._announcement, port=port)
        try:
            where = where_to_advertise(self._host)
            self._zeroconf = AsyncZeroconf(interfaces=where.interfaces, ip_version=where.ip_version)
            self._info = self._service_info(where)
        except (OSError, ValueError) as exc:
            await self._failed(exc)
            return
        self._registering = asyncio.get_running_loop().create_task(self._register())

    def _service_info(self, where: Where) -> AsyncServiceInfo:
        announcement = self._announcement
        addresses = list(where.addresses) or _addresses(where.ip_version)
        return AsyncServiceInfo(
            SERVICE_TYPE,
            f"{announcement.instance}.{SERVICE_TYPE}",
            port=announcement.port,
            properties=announcement.properties(),
            server=f"{host_label()}-{announcement.port}.local.",
            parsed_addresses=addresses,
        )

    async def _register(self) -> None:
        assert self._zeroconf is not None
        assert self._info is not None
        try:
            # Probing for a name clash takes about a second; a clash gets "name (2)".
            sent = await self._zeroconf.async_register_service(self._info, allow_name_change=True)
            self.registered_as = self._info.name  # the name is ours; announcements follow
            log.info("announced on the LAN as %r", self._info.name)
            await sent
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.registered_as = None
            await self._failed(exc)

    async def _failed(self, exc: BaseException) -> None:
        self.problem = f"the relay is not announced on the LAN: {exc}"
        log.warning("%s (scorers can still type its URL)", self.problem)
        await self._close()

    async def stop(self) -> None:
        """Say goodbye (scorer apps drop the relay at once) and close the sockets."""
        if self._registering is not None and not self._registering.done():
            self._registering.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._registering
        await self._close()

    async def _close(self) -> None:
        zeroconf, self._zeroconf = self._zeroconf, None
        if zeroconf is None:
            return
        try:
            async with asyncio.timeout(STOP_TIMEOUT_SECONDS):
                await zeroconf.async_close()  # unregisters, which sends the goodbyes
        except (TimeoutError, OSError) as exc:
            log.warning("closing the LAN announcement failed: %s", exc)
        self.registered_as = None

    def health(self) -> dict[str, object]:
        """``advertising`` on /healthz."""
        return {
            "enabled": self.enabled,
            "announced": self.registered_as is not None,
            "service": self.registered_as,
            "problem": self.problem,
        }

    def collector(self) -> Collector:
        return _AdvertiserCollector(self)


class _AdvertiserCollector(Collector):
    def __init__(self, advertiser: Advertiser) -> None:
        self._advertiser = advertiser

    def collect(self) -> Iterable[Metric]:
        yield GaugeMetricFamily(
            "kabaddi_lan_announced",
            "1 while the relay is announced on the LAN (mDNS); 0 otherwise (see /healthz).",
            value=1 if self._advertiser.registered_as is not None else 0,
        )
        yield GaugeMetricFamily(
            "kabaddi_lan_announce_failed",
            "1 when announcing the relay on the LAN failed (see /healthz).",
            value=1 if self._advertiser.problem is not None else 0,
        )


def _addresses(version: IPVersion) -> list[str]:
    """This machine's addresses for a relay on every interface: the ones its URLs are
    handed out with (relay.addresses), of the IP version announced."""
    wanted = {IPVersion.V4Only: (4,), IPVersion.V6Only: (6,)}.get(version, (4, 6))
    ranked = [c.address for c in rank_addresses(system_interfaces())]
    usable = [a for a in ranked if ipaddress.ip_address(a).version in wanted]
    return usable or [LOOPBACK]

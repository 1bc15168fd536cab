"""Which of this machine's addresses to hand out in URLs and QR codes.

One ranking for the relay and the scorer app: both list the interfaces with
``ifaddr`` (:func:`system_interfaces`; the app adds what Qt's ``QNetworkInterface``
knows: which are up, and the names Windows shows) and call :func:`rank_addresses`,
so the relay's banner and the app's QR code name the same address. On Windows the
adapter's description ("TAP-Windows Adapter V9", "Hyper-V Virtual Ethernet
Adapter") gives a VPN or a virtual switch away when its name ("Ethernet 3") does not.

Left out: loopback, interfaces that are down, link-local addresses (169.254/16,
fe80::/10: a phone cannot be sent to them reliably), and adapters that lead nowhere a
phone on the venue Wi-Fi is: VPN tunnels, Hyper-V/WSL/Docker/VirtualBox/VMware
switches, tun/tap. Private IPv4 comes first, then public IPv4, IPv6 (global, then
unique-local; not every venue network routes it) and last a carrier-NAT address;
equals keep the system's order. The host can pick another in the join panel.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass

LOOPBACK = "127.0.0.1"

# Adapters whose addresses no phone on the venue network can reach (names as Linux,
# macOS and Windows show them; Windows' friendly names carry the adapter's product).
VIRTUAL_NAMES = re.compile(
    r"^(tun|tap|utun|wg|zt|veth|virbr|vmnet|vboxnet|docker|br-|awdl|llw|ipsec|gif|stf|anpi)"
    r"|hyper-v|vethernet|\bwsl\b|docker|virtualbox|vmware|tap-windows|wintun|wireguard"
    r"|openvpn|tailscale|zerotier|\bvpn\b|anyconnect|fortinet|globalprotect|pangp|npcap",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Interface:
    """One network interface as the OS reports it."""

    name: str  # the system's name: eth0, en0, or the adapter's GUID on Windows
    label: str  # what a person recognises: "Wi-Fi", "vEthernet (WSL)"
    addresses: tuple[str, ...]
    up: bool = True
    loopback: bool = False
    description: str = ""  # Windows: the adapter's product, "TAP-Windows Adapter V9"


@dataclass(frozen=True)
class Candidate:
    """An address the others could be given, and the interface it belongs to."""

    address: str
    interface: str

    @property
    def url_host(self) -> str:
        return url_host(self.address)

    @property
    def description(self) -> str:
        return f"{self.address} ({self.interface})"


def rank_addresses(interfaces: Iterable[Interface]) -> list[Candidate]:
    """The usable addresses, likeliest to reach this machine from a phone first."""
    scored: list[tuple[int, int, Candidate]] = []
    for interface in interfaces:
        if not interface.up or interface.loopback or _virtual(interface):
            continue
        for text in interface.addresses:
            score = _address_score(text)
            if score is None:
                continue
            address = text.split("%", 1)[0]
            candidate = Candidate(address, interface.label or interface.name)
            scored.append((-score, len(scored), candidate))
    seen: set[str] = set()
    ranked: list[Candidate] = []
    for _score, _order, candidate in sorted(scored):
        if candidate.address not in seen:
            seen.add(candidate.address)
            ranked.append(candidate)
    return ranked


def likeliest_address(interfaces: Iterable[Interface]) -> str:
    """The best address to hand out, or loopback when this machine is on no network."""
    ranked = rank_addresses(interfaces)
    return ranked[0].address if ranked else LOOPBACK


def url_host(address: str) -> str:
    """An address as it goes in a URL (IPv6 in brackets)."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def _virtual(interface: Interface) -> bool:
    names = (interface.name, interface.label, interface.description)
    return any(VIRTUAL_NAMES.search(text) for text in names if text)


def _address_score(text: str) -> int | None:
    """How likely a phone can reach ``text``; None: never hand it out."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if (
        address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    ):
        return None
    if isinstance(address, ipaddress.IPv4Address):
        if address in CGNAT:  # a carrier's NAT or an overlay VPN (Tailscale)
            return 50
        return 300 if address.is_private else 200
    if address in UNIQUE_LOCAL:
        return 100
    return 150 if address.is_global else None


CGNAT = ipaddress.ip_network("100.64.0.0/10")
UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")


def system_interfaces() -> list[Interface]:
    """This machine's interfaces, from the OS (no Qt: the relay runs without it)."""
    import ifaddr

    interfaces = []
    for adapter in ifaddr.get_adapters():
        addresses = []
        for ip in adapter.ips:
            # ifaddr gives IPv6 as (address, flowinfo, scope id)
            addresses.append(ip.ip[0] if isinstance(ip.ip, tuple) else ip.ip)
        loopback = any(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
        interfaces.append(
            Interface(
                name=adapter.name,
                label=adapter.nice_name or adapter.name,
                addresses=tuple(addresses),
                loopback=loopback,
                description=adapter.nice_name or "",
            )
        )
    return interfaces


def lan_address() -> str:
    """This machine's likeliest address on its LAN, for URLs to hand out; loopback if none."""
    try:
        return likeliest_address(system_interfaces())
    except OSError:
        return LOOPBACK

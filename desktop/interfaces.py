"""This laptop's network interfaces as Qt sees them, ranked by :mod:`relay.addresses`.

Qt knows an interface's type (Wi-Fi, Ethernet, virtual, PPP) on every platform, which
the relay's own listing does not; the ranking is the same function.
"""

from __future__ import annotations

from PySide6.QtNetwork import QNetworkInterface

from relay.addresses import Candidate, Interface, rank_addresses

_KINDS = {
    QNetworkInterface.InterfaceType.Wifi: "wifi",
    QNetworkInterface.InterfaceType.Ethernet: "ethernet",
    QNetworkInterface.InterfaceType.Virtual: "virtual",
    QNetworkInterface.InterfaceType.Loopback: "loopback",
    QNetworkInterface.InterfaceType.Ppp: "ppp",
}


def qt_interfaces() -> list[Interface]:
    flags = QNetworkInterface.InterfaceFlag
    records = []
    for interface in QNetworkInterface.allInterfaces():
        state = interface.flags()
        records.append(
            Interface(
                name=interface.name(),
                label=interface.humanReadableName() or interface.name(),
                addresses=tuple(entry.ip().toString() for entry in interface.addressEntries()),
                up=bool(state & flags.IsUp) and bool(state & flags.IsRunning),
                loopback=bool(state & flags.IsLoopBack),
                kind=_KINDS.get(interface.type(), "unknown"),
            )
        )
    return records


def host_addresses() -> list[Candidate]:
    """The addresses the others could use to reach this laptop, likeliest first."""
    return rank_addresses(qt_interfaces())

"""This laptop's addresses for the join details, ranked by :mod:`relay.addresses`.

The list is the relay's own (:func:`relay.addresses.system_interfaces`), so the app
and the relay rank the same records. Qt's ``QNetworkInterface`` adds what it knows
better: whether an interface is up and running, and the name the system shows for it
("Wi-Fi", "vEthernet (WSL)"), matched by address.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtNetwork import QNetworkInterface

from relay.addresses import Candidate, Interface, rank_addresses, system_interfaces


def _bare(address: str) -> str:
    return address.split("%", 1)[0]


def qt_interfaces() -> list[Interface]:
    """Qt's view: names, whether each is up and running, its addresses."""
    flags = QNetworkInterface.InterfaceFlag
    records = []
    for interface in QNetworkInterface.allInterfaces():
        state = interface.flags()
        records.append(
            Interface(
                name=interface.name(),
                label=interface.humanReadableName() or interface.name(),
                addresses=tuple(_bare(e.ip().toString()) for e in interface.addressEntries()),
                up=bool(state & flags.IsUp) and bool(state & flags.IsRunning),
                loopback=bool(state & flags.IsLoopBack),
            )
        )
    return records


def merged(system: list[Interface], qt: list[Interface]) -> list[Interface]:
    """The system's interfaces with Qt's name and up state where an address matches."""
    by_address = {_bare(a): q for q in qt for a in q.addresses}
    result = []
    for interface in system:
        seen = next(
            (by_address[_bare(a)] for a in interface.addresses if _bare(a) in by_address), None
        )
        if seen is None:
            result.append(interface)
            continue
        result.append(replace(interface, label=seen.label, up=seen.up))
    return result


def host_addresses() -> list[Candidate]:
    """The addresses the others could use to reach this laptop, likeliest first."""
    return rank_addresses(merged(system_interfaces(), qt_interfaces()))

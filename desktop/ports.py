"""Which port a hosted match listens on, and why it is not the one asked for.

A match keeps its port: the URL and the QR code the viewers scanned stay right across
restarts of the app. When that port cannot be had, the next of a short fixed list is
tried (never a random one, which would change on every start), and the host is told
which port the match moved to and why: on Windows, Hyper-V and WinNAT reserve ranges
of ports that nothing else may bind, which fails with WinError 10013 ("access
forbidden"), not "in use".
"""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

DEFAULT_PORT = 3000
FALLBACK_PORTS = (3000, 3080, 8000, 8080, 8765)
ANY_PORT = 0

WSAEACCES = 10013  # Windows: the port is in an excluded (reserved) range
WSAEADDRINUSE = 10048


@dataclass(frozen=True)
class PortChoice:
    port: int  # 0: none of the list could be had, the OS picks one
    wanted: int
    refused: tuple[tuple[int, str], ...] = ()  # ports tried before it, each with why

    @property
    def moved(self) -> bool:
        return self.port != self.wanted

    def explanation(self) -> str | None:
        """Why the match is not on the port it wanted, for the host; None when it is."""
        if not self.moved:
            return None
        reasons = "; ".join(f"port {port} is {why}" for port, why in self.refused)
        where = f"port {self.port}" if self.port else "a port the system chose"
        return (
            f"This match now listens on {where}: {reasons}. Scorers and viewers who joined "
            "before need the new address: show them the new QR code (Match → Share / join "
            "details)."
        )


def why_refused(exc: OSError) -> str:
    """Words for a failed bind that a host can act on."""
    winerror = getattr(exc, "winerror", None)
    if winerror == WSAEACCES:
        return (
            "reserved by Windows (WinError 10013: Hyper-V, WSL or Docker keep ranges of "
            "ports; `netsh interface ipv4 show excludedportrange protocol=tcp` lists them)"
        )
    if winerror == WSAEADDRINUSE or exc.errno == errno.EADDRINUSE:
        return "in use by another program (or a relay of an earlier run)"
    if exc.errno == errno.EACCES:
        return "not allowed for this user"
    return f"not available ({exc.strerror or exc})"


def choose_port(
    wanted: int,
    probe: Callable[[int], None],
    fallbacks: Sequence[int] = FALLBACK_PORTS,
) -> PortChoice:
    """The first of ``wanted`` then ``fallbacks`` that ``probe`` can bind.

    ``probe`` raises OSError when a port cannot be had. ``wanted`` 0 means any port.
    """
    if wanted == ANY_PORT:
        return PortChoice(ANY_PORT, ANY_PORT)
    refused: list[tuple[int, str]] = []
    for port in dict.fromkeys([wanted, *fallbacks]):
        try:
            probe(port)
        except OSError as exc:
            refused.append((port, why_refused(exc)))
            continue
        return PortChoice(port, wanted, tuple(refused))
    return PortChoice(ANY_PORT, wanted, tuple(refused))


def bind_probe(host: str) -> Callable[[int], None]:
    """Try to listen on ``host``:port the way the relay will, then let go at once.

    ``host`` "" is every interface, IPv4 and IPv6, as the relay binds it.
    """
    hosts = ["0.0.0.0", "::"] if host == "" else [host]

    def probe(port: int) -> None:
        for address in hosts:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            try:
                sock = socket.socket(family, socket.SOCK_STREAM)
            except OSError:
                if family == socket.AF_INET6 and host == "":
                    continue  # no IPv6 on this machine: the relay binds IPv4 alone
                raise
            with sock:
                if sys.platform != "win32":  # as asyncio does; on Windows it would share
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                sock.bind((address, port))
                sock.listen(1)

    return probe


def describe_move(choice: PortChoice, bound: int) -> str | None:
    """What to tell the host once the relay has bound ``bound``; None: nothing moved."""
    if choice.port != ANY_PORT and bound != choice.port:
        return (
            f"Port {choice.port} was taken just before the relay started, so this match "
            f"listens on port {bound}. Scorers and viewers who joined before need the new "
            "QR code (Match → Share / join details)."
        )
    if not choice.moved:
        return None
    return PortChoice(bound, choice.wanted, choice.refused).explanation()

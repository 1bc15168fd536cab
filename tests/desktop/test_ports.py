"""Choosing a hosted match's port: a short fixed list, and words for why it moved."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable

import pytest

from desktop.ports import PortChoice, bind_probe, choose_port, describe_move, why_refused


def windows_error(winerror: int, message: str) -> OSError:
    # What Python raises on Windows: errno mapped from the WinSock code, winerror kept.
    exc = OSError(errno.EACCES if winerror == 10013 else errno.EADDRINUSE, message)
    exc.winerror = winerror  # type: ignore[attr-defined]
    return exc


def probe_with(refusals: dict[int, OSError]) -> tuple[list[int], Callable[[int], None]]:
    tried: list[int] = []

    def probe(port: int) -> None:
        tried.append(port)
        if port in refusals:
            raise refusals[port]

    return tried, probe


def test_the_wanted_port_when_it_is_free() -> None:
    tried, probe = probe_with({})
    choice = choose_port(3000, probe)
    assert choice == PortChoice(3000, 3000)
    assert tried == [3000]
    assert choice.explanation() is None


def test_a_reserved_then_a_busy_port_move_the_match_and_say_why() -> None:
    tried, probe = probe_with(
        {
            3000: windows_error(10013, "access a socket in a way forbidden by its permissions"),
            3080: windows_error(10048, "Only one usage of each socket address is permitted"),
        }
    )
    choice = choose_port(3000, probe)
    assert tried == [3000, 3080, 8000]
    assert choice.port == 8000
    text = choice.explanation()
    assert text is not None
    assert text.startswith("This match now listens on port 8000: port 3000 is reserved by Windows")
    assert "WinError 10013" in text
    assert "netsh interface ipv4 show excludedportrange protocol=tcp" in text
    assert "port 3080 is in use by another program" in text
    assert "show them the new QR code" in text


def test_a_remembered_port_is_tried_first_then_the_list() -> None:
    tried, probe = probe_with({8765: OSError(errno.EADDRINUSE, "Address already in use")})
    choice = choose_port(8765, probe, fallbacks=(3000, 3080))
    assert tried == [8765, 3000]
    assert (choice.port, choice.wanted) == (3000, 8765)


def test_no_port_of_the_list_leaves_it_to_the_system() -> None:
    busy = OSError(errno.EADDRINUSE, "Address already in use")
    _tried, probe = probe_with({3000: busy, 3080: busy})
    choice = choose_port(3000, probe, fallbacks=(3000, 3080))
    assert choice.port == 0
    assert describe_move(choice, 41234) == (
        "This match now listens on port 41234: port 3000 is in use by another program (or a "
        "relay of an earlier run); port 3080 is in use by another program (or a relay of an "
        "earlier run). Scorers and viewers who joined before need the new address: show them "
        "the new QR code (Match → Share / join details)."
    )


def test_any_port_asked_for_is_not_probed() -> None:
    tried, probe = probe_with({})
    assert choose_port(0, probe) == PortChoice(0, 0)
    assert tried == []
    assert describe_move(PortChoice(0, 0), 45000) is None


def test_a_port_taken_between_the_probe_and_the_relay_is_reported() -> None:
    text = describe_move(PortChoice(3000, 3000), 39999)
    assert text is not None
    assert text.startswith("Port 3000 was taken just before the relay started")
    assert "port 39999" in text


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (OSError(errno.EACCES, "Permission denied"), "not allowed for this user"),
        (OSError(errno.EADDRNOTAVAIL, "Cannot assign"), "not available (Cannot assign)"),
    ],
)
def test_other_failures_in_words(exc: OSError, words: str) -> None:
    assert why_refused(exc) == words


def test_a_port_really_in_use_is_skipped() -> None:
    with socket.socket() as taken, socket.socket() as spare:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        spare.bind(("127.0.0.1", 0))
        busy, free = taken.getsockname()[1], spare.getsockname()[1]
        spare.close()  # free again, for the probe
        probe = bind_probe("127.0.0.1")
        with pytest.raises(OSError, match=r"[Aa]ddress already in use|permitted") as refused:
            probe(busy)
        assert "in use" in why_refused(refused.value)
        choice = choose_port(busy, probe, fallbacks=(busy, free))
    assert choice.port == free
    assert choice.refused[0][0] == busy

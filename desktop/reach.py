"""Noticing that nobody else can reach the hosted relay, and saying what to check.

The host's own app talks to the relay on 127.0.0.1 and keeps saying "Connected" while
a firewall, a guest Wi-Fi that keeps devices apart or a wrong address stops everyone
else. :class:`ReachWatch` notices the silence: the join details (the QR code) were
shown, and a while later the relay still has no connection but the host's own. Its
clock is given to it, so tests drive it without waiting.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from desktop.firewall import BLOCKED, Verdict

PATIENCE_SECONDS = 90.0  # scanning a QR code and opening the page takes well under this
OWN_CONNECTIONS = 1  # the host's own scorer client


class ReachWatch:
    """Decides when to tell the host that nobody else has connected."""

    def __init__(self, clock: Callable[[], float], patience: float = PATIENCE_SECONDS) -> None:
        self._clock = clock
        self.patience = patience
        self._since: float | None = None
        self.reached = False  # somebody else connected once: the way in works
        self.advised = False

    def shown(self) -> None:
        """The join details were put on screen: the others have been told how to join."""
        if self._since is None and not self.reached:
            self._since = self._clock()

    def observe(self, connections: int) -> bool:
        """The relay's connection count now; True when the advice is due (once)."""
        if connections > OWN_CONNECTIONS:
            self.reached = True
            return False
        if self.reached or self.advised or self._since is None:
            return False
        if self._clock() - self._since < self.patience:
            return False
        self.advised = True
        return True


WINDOWS_STEPS = (
    "Windows: Start → type “Allow an app through Windows Firewall” → Change settings → "
    "find kabaddi-relay (if it is missing: Allow another app… → Browse → {program}) → tick "
    "both Private and Public → OK. If this network is one you trust, you can instead make it "
    "Private: Settings → Network & internet → Wi-Fi (or Ethernet) → this network → Network "
    "profile type → Private network."
)
MACOS_STEPS = (
    "macOS: System Settings → Network → Firewall → Options… → if kabaddi-relay is listed, "
    "set it to “Allow incoming connections”; make sure “Block all incoming connections” is "
    "off. Then System Settings → Privacy & Security → Local Network → turn Kabaddi Live "
    "Scorer on."
)
LINUX_STEPS = (
    "Linux: if a firewall runs (ufw, firewalld), open the port, for example "
    "`sudo ufw allow {port}/tcp`."
)


def firewall_steps(program: str, port: int, platform: str = sys.platform) -> str:
    if platform == "win32":
        return WINDOWS_STEPS.format(program=program)
    if platform == "darwin":
        return MACOS_STEPS
    return LINUX_STEPS.format(port=port)


def silence_advice(
    viewer_url: str, program: str, port: int, minutes: float, platform: str = sys.platform
) -> str:
    """What to check when nobody else has connected ``minutes`` after the QR code was shown."""
    waited = "a minute" if minutes < 1.5 else f"{minutes:.0f} minutes"
    return (
        f"Nobody else has connected in {waited} since the join details were shown. Check:\n"
        "1. The phones and the other scorers' laptops are on the same network as this laptop. "
        "Guest and venue Wi-Fi often keep devices apart; a phone hotspot that every device "
        "joins works instead.\n"
        f"2. On a phone, open {viewer_url} in the browser. If it does not load, pick another "
        "address of this laptop above, or check the next point.\n"
        f"3. The firewall lets the relay in. {firewall_steps(program, port, platform)}"
    )


def firewall_advice(verdicts: list[Verdict], program: str) -> str:
    """What to do when Windows Firewall keeps the others out on a connected network."""
    lines = []
    for verdict in verdicts:
        why = (
            f"a rule blocks it (“{verdict.rule}”, set when Windows asked and the "
            f"{verdict.profile} box was left unticked)"
            if verdict.state == BLOCKED
            else "it has not been allowed yet"
        )
        lines.append(
            f"Windows Firewall keeps phones and other scorers out on “{verdict.network}”, a "
            f"{verdict.profile} network: {why}. This laptop itself still connects."
        )
    return "\n".join([*lines, WINDOWS_STEPS.format(program=program)])

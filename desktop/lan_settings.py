"""Whether a relay this app hosts announces itself on the LAN, and under which name.

Kept in the app's settings (QSettings) with the recent relays; handed to the relay
process as ``--name`` / ``--no-advertise``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

MAX_NAME = 40


@dataclass(frozen=True)
class LanAnnouncement:
    advertise: bool = True
    name: str = ""  # "" -> the relay takes this machine's name

    def relay_args(self) -> list[str]:
        """The relay's command line options for this choice."""
        if not self.advertise:
            return ["--no-advertise"]
        name = self.name.strip()[:MAX_NAME]
        return ["--name", name] if name else []


def _settings() -> QSettings:
    return QSettings("kabaddi-live", "scorer")


def load() -> LanAnnouncement:
    settings = _settings()
    advertise = settings.value("relay/advertise", True)
    # An INI file gives the string back; the native formats give the bool.
    on = advertise if isinstance(advertise, bool) else str(advertise).lower() != "false"
    return LanAnnouncement(on, str(settings.value("relay/name", "")))


def save(choice: LanAnnouncement) -> None:
    settings = _settings()
    settings.setValue("relay/advertise", choice.advertise)
    settings.setValue("relay/name", choice.name.strip()[:MAX_NAME])

"""macOS: the app bundle's Info.plist and the disk image it ships in.

A zip of the PyInstaller folder breaks the symlinks Qt's frameworks rely on; a DMG
keeps them. The disk image holds ``Kabaddi Live.app`` and a link to /Applications to
drag it onto. ``kabaddi-relay`` sits next to ``kabaddi-scorer`` in
``Contents/MacOS``, where the app looks for it.
"""

from __future__ import annotations

import plistlib
from pathlib import Path
from typing import Any

APP_BUNDLE = "Kabaddi Live.app"
BUNDLE_ID = "live.kabaddi.scorer"
VOLUME = "Kabaddi Live"
BONJOUR_SERVICE = "_kabaddi._tcp"
MINIMUM_MACOS = "11.0"
# macOS 15 asks before an app talks to the local network and shows this line.
LOCAL_NETWORK_USE = (
    "Kabaddi Live sends your scoring to the match relay on this network, finds relays "
    "at the venue, and lets phones and other scorers reach a match this Mac hosts."
)
# Signing with the hardened runtime: Python loads native modules it did not sign.
ENTITLEMENTS: dict[str, Any] = {
    "com.apple.security.cs.allow-unsigned-executable-memory": True,
    "com.apple.security.cs.disable-library-validation": True,
    "com.apple.security.network.client": True,
    "com.apple.security.network.server": True,
}


def info_plist(version: str) -> dict[str, Any]:
    """What the bundle's Info.plist adds to PyInstaller's (``BUNDLE(info_plist=...)``)."""
    return {
        "CFBundleName": "Kabaddi Live",
        "CFBundleDisplayName": "Kabaddi Live Scorer",
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.sports",
        "NSHighResolutionCapable": True,
        "NSLocalNetworkUsageDescription": LOCAL_NETWORK_USE,
        "NSBonjourServices": [BONJOUR_SERVICE],
        "NSHumanReadableCopyright": "Copyright (c) Kabaddi Live contributors. MIT licence.",
    }


def info_plist_bytes(version: str) -> bytes:
    return plistlib.dumps(info_plist(version))


def entitlements_bytes() -> bytes:
    return plistlib.dumps(ENTITLEMENTS)


def dmg_command(staging: Path, target: Path) -> list[str]:
    """hdiutil: a compressed, read-only image of ``staging`` (the .app and /Applications)."""
    return [
        "hdiutil",
        "create",
        "-volname",
        VOLUME,
        "-srcfolder",
        str(staging),
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        str(target),
    ]

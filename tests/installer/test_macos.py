"""The macOS app bundle's Info.plist and disk image."""

from __future__ import annotations

import plistlib
from pathlib import Path

from installer.macos import dmg_command, entitlements_bytes, info_plist_bytes


def test_info_plist_asks_for_the_local_network_and_names_the_service() -> None:
    plist = plistlib.loads(info_plist_bytes("1.4.2"))
    assert plist["CFBundleIdentifier"] == "live.kabaddi.scorer"
    assert plist["CFBundleShortVersionString"] == "1.4.2"
    assert plist["CFBundleVersion"] == "1.4.2"
    assert plist["NSBonjourServices"] == ["_kabaddi._tcp"]
    assert plist["NSLocalNetworkUsageDescription"].startswith(
        "Kabaddi Live sends your scoring to the match relay on this network"
    )
    assert plist["NSHighResolutionCapable"] is True
    assert plist["LSMinimumSystemVersion"] == "11.0"


def test_entitlements_let_the_hardened_runtime_load_python() -> None:
    entitlements = plistlib.loads(entitlements_bytes())
    assert entitlements["com.apple.security.cs.disable-library-validation"] is True
    assert entitlements["com.apple.security.network.server"] is True


def test_the_disk_image_is_compressed_and_named() -> None:
    assert dmg_command(Path("/w/dmg"), Path("/w/kabaddi-live-1.4.2-macos-arm64.dmg")) == [
        "hdiutil", "create", "-volname", "Kabaddi Live", "-srcfolder", "/w/dmg",
        "-fs", "HFS+", "-format", "UDZO", "-ov", "/w/kabaddi-live-1.4.2-macos-arm64.dmg",
    ]  # fmt: skip

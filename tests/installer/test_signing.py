"""The signing hook: nothing without a certificate; the right commands with one."""

from __future__ import annotations

from pathlib import Path

from installer.signing import Signing

EXES = [Path("kabaddi-scorer.exe"), Path("kabaddi-relay.exe")]


def test_nothing_is_signed_without_a_certificate() -> None:
    for platform in ("win32", "darwin", "linux"):
        signing = Signing(platform, {})
        assert not signing.configured
        assert signing.sign_files(EXES) == []
        assert signing.notarize(Path("a.dmg")) == []


def test_windows_signs_with_a_certificate_from_the_store() -> None:
    signing = Signing("win32", {"KABADDI_SIGN_CERT_SHA1": "0123abcd"})
    assert signing.sign_files(EXES) == [
        ["signtool", "sign", "/sha1", "0123abcd", "/fd", "sha256",
         "/tr", "http://timestamp.digicert.com", "/td", "sha256",
         "kabaddi-scorer.exe", "kabaddi-relay.exe"],
    ]  # fmt: skip


def test_windows_signs_with_a_pfx_and_never_shows_its_password() -> None:
    env = {
        "KABADDI_SIGN_PFX": r"C:\certs\kabaddi.pfx",
        "KABADDI_SIGN_PFX_PASSWORD": "hunter2",
        "KABADDI_SIGN_TIMESTAMP_URL": "http://timestamp.example",
    }
    signing = Signing("win32", env)
    (command,) = signing.sign_files([Path("setup.exe")])
    assert command[2:6] == ["/f", r"C:\certs\kabaddi.pfx", "/p", "hunter2"]
    assert "http://timestamp.example" in command
    assert "hunter2" not in signing.shown(command)
    assert r"/f C:\certs\kabaddi.pfx /p *** /fd sha256" in signing.shown(command)


def test_macos_signs_the_app_with_the_hardened_runtime_then_notarizes() -> None:
    identity = "Developer ID Application: Kabaddi Live (ABCDE12345)"
    signing = Signing("darwin", {"KABADDI_SIGN_IDENTITY": identity, "KABADDI_NOTARY_PROFILE": "kl"})
    app, dmg = Path("Kabaddi Live.app"), Path("k.dmg")
    assert signing.sign_files([app], Path("entitlements.plist")) == [
        ["codesign", "--force", "--entitlements", "entitlements.plist", "--deep", "--options",
         "runtime", "--timestamp", "--sign", identity, "Kabaddi Live.app"],
    ]  # fmt: skip
    assert signing.sign_files([dmg]) == [
        ["codesign", "--force", "--timestamp", "--sign", identity, "k.dmg"]
    ]
    assert signing.notarize(dmg) == [
        ["xcrun", "notarytool", "submit", "k.dmg", "--keychain-profile", "kl", "--wait"],
        ["xcrun", "stapler", "staple", "k.dmg"],
    ]
    assert Signing("darwin", {"KABADDI_SIGN_IDENTITY": identity}).notarize(dmg) == []

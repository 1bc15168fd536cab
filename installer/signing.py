"""Code signing: a hook that runs only when a certificate is configured.

Nothing is signed by default (the project has no certificates); Windows SmartScreen
and macOS Gatekeeper then ask the user to confirm the first start (README, Install).
A release build sets these environment variables (in CI, from its secrets):

Windows (``signtool`` from the Windows SDK, on the PATH):
- ``KABADDI_SIGN_CERT_SHA1``: the thumbprint of a code-signing certificate in the
  user's or machine's certificate store, or
- ``KABADDI_SIGN_PFX`` (a .pfx file) and ``KABADDI_SIGN_PFX_PASSWORD``;
- ``KABADDI_SIGN_TIMESTAMP_URL``: the RFC 3161 timestamp server (default DigiCert's).
Both executables are signed before they are packed, and the setup program after.

macOS (``codesign``, ``xcrun``):
- ``KABADDI_SIGN_IDENTITY``: a "Developer ID Application: …" identity in the keychain;
  the .app is signed with the hardened runtime, then the disk image;
- ``KABADDI_NOTARY_PROFILE``: a ``xcrun notarytool store-credentials`` profile; when set,
  the disk image is notarized and the ticket stapled to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMESTAMP_URL = "http://timestamp.digicert.com"
SECRET_VARIABLES = ("KABADDI_SIGN_PFX_PASSWORD",)


@dataclass(frozen=True)
class Signing:
    """The signing configured for one platform; its commands never print a secret."""

    platform: str
    environment: Mapping[str, str]

    @property
    def configured(self) -> bool:
        env = self.environment
        if self.platform == "win32":
            return bool(env.get("KABADDI_SIGN_CERT_SHA1") or env.get("KABADDI_SIGN_PFX"))
        if self.platform == "darwin":
            return bool(env.get("KABADDI_SIGN_IDENTITY"))
        return False

    def sign_files(self, files: list[Path], entitlements: Path | None = None) -> list[list[str]]:
        """Commands that sign ``files`` (executables, an .app, a setup program, a DMG)."""
        if not self.configured or not files:
            return []
        env = self.environment
        if self.platform == "win32":
            if env.get("KABADDI_SIGN_CERT_SHA1"):
                which = ["/sha1", env["KABADDI_SIGN_CERT_SHA1"]]
            else:
                which = [
                    "/f",
                    env["KABADDI_SIGN_PFX"],
                    "/p",
                    env.get("KABADDI_SIGN_PFX_PASSWORD", ""),
                ]
            timestamp = env.get("KABADDI_SIGN_TIMESTAMP_URL", DEFAULT_TIMESTAMP_URL)
            return [
                [
                    "signtool",
                    "sign",
                    *which,
                    "/fd",
                    "sha256",
                    "/tr",
                    timestamp,
                    "/td",
                    "sha256",
                    *(str(f) for f in files),
                ]
            ]
        identity = env["KABADDI_SIGN_IDENTITY"]
        commands = []
        for path in files:
            command = ["codesign", "--force", "--timestamp", "--sign", identity]
            if path.suffix == ".app":
                command[2:2] = ["--deep", "--options", "runtime"]
                if entitlements is not None:
                    command[2:2] = ["--entitlements", str(entitlements)]
            commands.append([*command, str(path)])
        return commands

    def notarize(self, dmg: Path) -> list[list[str]]:
        profile = self.environment.get("KABADDI_NOTARY_PROFILE")
        if self.platform != "darwin" or not self.configured or not profile:
            return []
        return [
            ["xcrun", "notarytool", "submit", str(dmg), "--keychain-profile", profile, "--wait"],
            ["xcrun", "stapler", "staple", str(dmg)],
        ]

    def shown(self, command: list[str]) -> str:
        """``command`` as it may be printed: secrets replaced."""
        secrets = {self.environment[v] for v in SECRET_VARIABLES if self.environment.get(v)}
        return " ".join("***" if part in secrets else part for part in command)

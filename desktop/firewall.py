"""Does Windows Defender Firewall let the others reach the relay on this network?

Windows asks the first time a program listens ("Allow access?"), and the answer covers
only the network types that were ticked: venue Wi-Fi and phone hotspots are usually
*Public*, so a relay allowed on Private networks alone is reached by this laptop and
nobody else. Unticked types get a *block* rule, which wins over any allow rule.

The question goes to PowerShell's NetSecurity module (``Get-NetFirewallApplicationFilter``
for the relay program's rules, ``Get-NetFirewallProfile`` for each profile's default,
``Get-NetConnectionProfile`` for the current network's type), answered as JSON with
every value turned into its name, so nothing depends on the system's language
(``netsh`` output is translated). :func:`firewall_verdicts` reads that answer; it is
pure and tested with sample answers on any platform. :func:`check_firewall` runs the
query on Windows only.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

QUERY_TIMEOUT_SECONDS = 30.0
ALLOWED, BLOCKED, UNDECIDED, OFF = "allowed", "blocked by a rule", "not allowed yet", "off"
PROFILE_BITS = {1: "Domain", 2: "Private", 4: "Public"}
CATEGORY_PROFILE = {"DomainAuthenticated": "Domain", "Private": "Private", "Public": "Public"}
# NetSecurity's enums, for a PowerShell that hands out numbers instead of names.
ACTIONS = {2: "Allow", 3: "AllowBypass", 4: "Block"}
ENABLED = {1: "True", 2: "False"}
CATEGORIES = {0: "Public", 1: "Private", 2: "DomainAuthenticated"}

# {program} is the leaf name: a rule's path may be spelt with other case or %VARIABLES%.
POWERSHELL_QUERY = """\
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8
$rules = @(Get-NetFirewallApplicationFilter -PolicyStore ActiveStore |
  Where-Object {{ $_.Program -like '*\\{program}' }} | ForEach-Object {{
    $filter = $_
    $filter | Get-NetFirewallRule | Where-Object {{ "$($_.Direction)" -eq 'Inbound' }} |
      ForEach-Object {{ [pscustomobject]@{{
        Name = $_.DisplayName; Program = $filter.Program; Enabled = "$($_.Enabled)";
        Action = "$($_.Action)"; Profile = "$($_.Profile)" }} }} }})
$profiles = @(Get-NetFirewallProfile -PolicyStore ActiveStore | ForEach-Object {{
  [pscustomobject]@{{ Name = "$($_.Name)"; Enabled = "$($_.Enabled)";
    DefaultInboundAction = "$($_.DefaultInboundAction)" }} }})
$networks = @(Get-NetConnectionProfile | ForEach-Object {{
  [pscustomobject]@{{ Interface = $_.InterfaceAlias; Category = "$($_.NetworkCategory)" }} }})
[pscustomobject]@{{ Rules = $rules; Profiles = $profiles; Networks = $networks }} |
  ConvertTo-Json -Depth 4 -Compress
"""


class FirewallAnswerError(ValueError):
    """PowerShell's answer is not what the query prints."""


@dataclass(frozen=True)
class Verdict:
    """Whether others can reach ``program`` through one connected network."""

    network: str  # the connection's name ("Wi-Fi")
    profile: str  # "Public", "Private" or "Domain"
    state: str  # ALLOWED, BLOCKED, UNDECIDED or OFF
    rule: str = ""  # the rule that decided, if one did

    @property
    def reachable(self) -> bool:
        return self.state in (ALLOWED, OFF)


def firewall_verdicts(answer: str, program: str) -> list[Verdict]:
    """One verdict per connected network, from the JSON :data:`POWERSHELL_QUERY` prints."""
    try:
        data = json.loads(answer)
    except ValueError as exc:
        raise FirewallAnswerError(f"not JSON: {answer[:80]!r}") from exc
    if not isinstance(data, dict):
        raise FirewallAnswerError(f"not an object: {answer[:80]!r}")
    wanted = _normal_path(program)
    rules = [r for r in _items(data.get("Rules")) if _normal_path(str(r.get("Program"))) == wanted]
    profiles = {str(p.get("Name")): p for p in _items(data.get("Profiles"))}
    verdicts = []
    for network in _items(data.get("Networks")):
        category = _name(network.get("Category"), CATEGORIES)
        profile = CATEGORY_PROFILE.get(category, "Public")
        verdicts.append(
            _verdict(str(network.get("Interface", "")), profile, rules, profiles.get(profile))
        )
    return verdicts


def _verdict(
    network: str, profile: str, rules: list[dict[str, Any]], settings: dict[str, Any] | None
) -> Verdict:
    if settings is not None and _name(settings.get("Enabled"), ENABLED) == "False":
        return Verdict(network, profile, OFF)
    covering = [
        r
        for r in rules
        if _name(r.get("Enabled"), ENABLED) == "True" and profile in _profiles(r.get("Profile"))
    ]
    for rule in covering:  # a block rule wins over every allow rule
        if _name(rule.get("Action"), ACTIONS) == "Block":
            return Verdict(network, profile, BLOCKED, str(rule.get("Name", "")))
    for rule in covering:
        if _name(rule.get("Action"), ACTIONS).startswith("Allow"):
            return Verdict(network, profile, ALLOWED, str(rule.get("Name", "")))
    if settings is not None and _name(settings.get("DefaultInboundAction"), ACTIONS) == "Allow":
        return Verdict(network, profile, ALLOWED)
    return Verdict(network, profile, UNDECIDED)


def _items(value: object) -> list[dict[str, Any]]:
    """ConvertTo-Json writes a one-item array as the item itself."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _name(value: object, names: dict[int, str]) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return names.get(value, str(value))
    return str(value) if value is not None else ""


def _profiles(value: object) -> set[str]:
    """A rule's profiles: "Any", "Private, Public" or NetSecurity's bit mask."""
    every = set(PROFILE_BITS.values())
    if isinstance(value, int) and not isinstance(value, bool):
        return every if value == 0 else {n for bit, n in PROFILE_BITS.items() if value & bit}
    names = {part.strip() for part in str(value).split(",") if part.strip()}
    return every if "Any" in names or not names else names & every


def _normal_path(path: str) -> str:
    """Compared as Windows does: any case, either slash, %VARIABLES% expanded."""
    environment = {name.upper(): value for name, value in os.environ.items()}
    expanded = re.sub(
        r"%([^%]+)%", lambda m: environment.get(m[1].upper(), m[0]), path.strip().strip('"')
    )
    return expanded.replace("/", "\\").lower()


# --- asking Windows ------------------------------------------------------------------

Runner = Callable[[list[str]], Awaitable[str]]


async def _powershell(command: list[str]) -> str:
    # In a thread, not the loop's subprocess support: the Qt event loop may not have it.
    done = await asyncio.to_thread(
        subprocess.run,
        command,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=QUERY_TIMEOUT_SECONDS,
        check=False,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console flashes up
    )
    if done.returncode != 0:
        error = done.stderr.decode(errors="replace").strip()
        raise OSError(f"PowerShell failed ({done.returncode}): {error}")
    return str(done.stdout.decode("utf-8", errors="replace"))


def query_command(program: str) -> list[str]:
    leaf = program.replace("/", "\\").rsplit("\\", 1)[-1].replace("'", "''")
    return [
        "powershell.exe",
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-Command",
        POWERSHELL_QUERY.format(program=leaf),
    ]


async def check_firewall(
    program: str, run: Runner = _powershell, platform: str = sys.platform
) -> list[Verdict] | None:
    """The firewall's verdicts for ``program`` on Windows; None elsewhere or when unknown."""
    if platform != "win32":
        return None
    try:
        return firewall_verdicts(await run(query_command(program)), program)
    except (OSError, subprocess.SubprocessError, FirewallAnswerError) as exc:
        log.warning("could not ask Windows Firewall about %s: %s", program, exc)
        return None


def blocked(verdicts: list[Verdict] | None) -> list[Verdict]:
    return [v for v in verdicts or [] if not v.reachable]

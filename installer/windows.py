"""Windows: the executables' version resource and the Inno Setup script of the installer.

The installer (``kabaddi-live-VERSION-windows-ARCH-setup.exe``) installs for the current
user by default (no administrator rights: ``%LOCALAPPDATA%\\Programs\\Kabaddi Live``;
the first page offers all users instead), adds a Start-menu entry and an uninstaller,
and offers a task, ticked by default, that adds a Windows Firewall rule letting phones
and other scorers reach a match this computer hosts, on private and public networks.
Adding a firewall rule needs an administrator: that one step asks for elevation
(``runas``) and the rest of a per-user install does not.
"""

from __future__ import annotations

import re
from pathlib import PurePath

APP_ID = "{D695F4C5-5135-497C-B509-95D9A4BF2ECD}"  # never change: upgrades find the install by it
APP_NAME = "Kabaddi Live"
PUBLISHER = "Kabaddi Live"
FIREWALL_RULE = "Kabaddi Live relay (venue networks)"
COPYRIGHT = "Copyright (c) Kabaddi Live contributors. MIT licence."
DESCRIPTIONS = {
    "kabaddi-scorer": "Kabaddi Live Scorer",
    # Windows Firewall names the rules it creates from this description.
    "kabaddi-relay": "Kabaddi Live relay",
}


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """A Windows file version (four numbers) from a version such as ``1.2.0rc1``."""
    numbers = [int(n) for n in re.findall(r"\d+", version.split("+")[0])[:3]]
    while len(numbers) < 4:
        numbers.append(0)
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_file(version: str, program: str) -> str:
    """PyInstaller's version-resource text for ``program`` (``EXE(version=...)``)."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": PUBLISHER,
        "FileDescription": DESCRIPTIONS[program],
        "FileVersion": version,
        "InternalName": program,
        "LegalCopyright": COPYRIGHT,
        "OriginalFilename": f"{program}.exe",
        "ProductName": APP_NAME,
        "ProductVersion": version,
    }
    table = ",\n          ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return f"""\
# Written by build_installer.py: the version resource of {program}.exe.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers!r},
    prodvers={numbers!r},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '040904B0',
        [
          {table}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""


def _quote(text: str) -> str:
    """A value inside an Inno Setup "..." string: quotes doubled."""
    return text.replace('"', '""')


FIREWALL_TASK = (
    "Let phones and other scorers reach matches hosted on this computer (a Windows Firewall "
    "rule for private and public networks; Windows asks for an administrator)"
)


def _entry(**parameters: str) -> str:
    """One line of an Inno Setup section: ``Name: "value"; Flags: a b``."""
    return "; ".join(f"{name}: {value}" for name, value in parameters.items())


def inno_script(
    version: str, bundle: PurePath, output_dir: PurePath, output_name: str, icon: PurePath
) -> str:
    """The .iss script that packs the PyInstaller folder ``bundle`` into a setup program."""
    numbers = ".".join(str(n) for n in version_numbers(version))
    relay = "{app}\\kabaddi-relay.exe"
    scorer = "{app}\\kabaddi-scorer.exe"
    rule = _quote(FIREWALL_RULE)
    add_rule = (
        f'"advfirewall firewall add rule name=""{rule}"" dir=in action=allow '
        f'program=""{relay}"" enable=yes profile=private,public"'
    )
    delete_rule = f'"advfirewall firewall delete rule name=""{rule}"" program=""{relay}"""'
    elevated = "shellexec runhidden waituntilterminated"
    setup = {
        "AppId": "{" + APP_ID,  # a leading brace is written twice in Inno Setup
        "AppName": APP_NAME,
        "AppVersion": version,
        "AppVerName": f"{APP_NAME} {version}",
        "AppPublisher": PUBLISHER,
        "VersionInfoVersion": numbers,
        "VersionInfoProductVersion": numbers,
        "DefaultDirName": f"{{autopf}}\\{APP_NAME}",
        "DefaultGroupName": APP_NAME,
        "DisableProgramGroupPage": "yes",
        # Per-user by default (no administrator); the first page offers all users instead.
        "PrivilegesRequired": "lowest",
        "PrivilegesRequiredOverridesAllowed": "dialog",
        "ArchitecturesAllowed": "x64compatible",
        "ArchitecturesInstallIn64BitMode": "x64compatible",
        "OutputDir": str(output_dir),
        "OutputBaseFilename": output_name,
        "SetupIconFile": str(icon),
        "UninstallDisplayIcon": scorer,
        "UninstallDisplayName": f"{APP_NAME} {version}",
        "Compression": "lzma2",
        "SolidCompression": "yes",
        "WizardStyle": "modern",
        "CloseApplications": "yes",
    }
    sections = {
        "Setup": [f"{key}={value}" for key, value in setup.items()],
        "Tasks": [
            _entry(Name='"firewall"', Description=f'"{FIREWALL_TASK}"'),
            _entry(
                Name='"desktopicon"',
                Description='"{cm:CreateDesktopIcon}"',
                GroupDescription='"{cm:AdditionalIcons}"',
                Flags="unchecked",
            ),
        ],
        "Files": [
            _entry(
                Source=f'"{bundle}\\*"',
                DestDir='"{app}"',
                Flags="ignoreversion recursesubdirs createallsubdirs",
            )
        ],
        "Icons": [
            _entry(Name='"{group}\\Kabaddi Live Scorer"', Filename=f'"{scorer}"'),
            _entry(Name=f'"{{group}}\\Uninstall {APP_NAME}"', Filename='"{uninstallexe}"'),
            _entry(
                Name='"{autodesktop}\\Kabaddi Live Scorer"',
                Filename=f'"{scorer}"',
                Tasks="desktopicon",
            ),
        ],
        "Run": [
            _entry(
                Filename='"{sys}\\netsh.exe"',
                Parameters=add_rule,
                Verb="runas",
                Flags=elevated,
                StatusMsg='"Adding the Windows Firewall rule..."',
                Tasks="firewall",
            ),
            _entry(
                Filename=f'"{scorer}"',
                Description='"{cm:LaunchProgram,Kabaddi Live Scorer}"',
                Flags="nowait postinstall skipifsilent",
            ),
        ],
        "UninstallRun": [
            _entry(
                Filename='"{sys}\\netsh.exe"',
                Parameters=delete_rule,
                Verb="runas",
                Flags=elevated,
                RunOnceId='"DeleteFirewallRule"',
                Tasks="firewall",
            )
        ],
    }
    lines = ["; Written by build_installer.py from the PyInstaller folder; edit that instead."]
    for name, entries in sections.items():
        lines += ["", f"[{name}]", *entries]
    return "\n".join(lines) + "\n"


INNO_COMPILERS = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)

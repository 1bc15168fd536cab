"""The Windows installer's script and the executables' version resource, read back."""

from __future__ import annotations

import ast
import configparser
from pathlib import PureWindowsPath

from installer.windows import APP_ID, FIREWALL_RULE, inno_script, version_file, version_numbers

BUNDLE = PureWindowsPath(r"D:\a\kabaddi\build\installer\dist\kabaddi-live")
SCRIPT = inno_script(
    "1.4.2",
    BUNDLE,
    PureWindowsPath(r"D:\a\kabaddi\build\installer"),
    "kabaddi-live-1.4.2-windows-amd64-setup",
    PureWindowsPath(r"D:\a\kabaddi\build\installer\kabaddi-live.ico"),
)


def sections() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current = ""
    for line in SCRIPT.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            found[current] = []
        elif line and not line.startswith(";"):
            found[current].append(line)
    return found


def entry(line: str) -> dict[str, str]:
    """``Name: "a"; Flags: b c`` as a dict (values unquoted)."""
    parts = {}
    for part in line.split("; "):
        key, _, value = part.partition(": ")
        parts[key] = value[1:-1] if value.startswith('"') and value.endswith('"') else value
    return parts


def test_setup_installs_per_user_by_default_with_an_uninstaller() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string("\n".join(["[Setup]", *sections()["Setup"]]))
    setup = parser["Setup"]
    assert setup["AppId"] == "{" + APP_ID  # Inno Setup's escaped leading brace
    assert APP_ID == "{D695F4C5-5135-497C-B509-95D9A4BF2ECD}"
    assert setup["AppVersion"] == "1.4.2"
    assert setup["VersionInfoVersion"] == "1.4.2.0"
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["PrivilegesRequiredOverridesAllowed"] == "dialog"
    assert setup["DefaultDirName"] == r"{autopf}\Kabaddi Live"
    assert setup["OutputBaseFilename"] == "kabaddi-live-1.4.2-windows-amd64-setup"
    assert setup["SetupIconFile"] == r"D:\a\kabaddi\build\installer\kabaddi-live.ico"
    assert setup["UninstallDisplayIcon"] == r"{app}\kabaddi-scorer.exe"


def test_the_whole_bundle_goes_in_with_a_start_menu_entry() -> None:
    (files,) = sections()["Files"]
    assert entry(files) == {
        "Source": r"D:\a\kabaddi\build\installer\dist\kabaddi-live\*",
        "DestDir": "{app}",
        "Flags": "ignoreversion recursesubdirs createallsubdirs",
    }
    icons = [entry(line) for line in sections()["Icons"]]
    assert {
        "Name": r"{group}\Kabaddi Live Scorer",
        "Filename": r"{app}\kabaddi-scorer.exe",
    } in icons
    assert {"Name": r"{group}\Uninstall Kabaddi Live", "Filename": "{uninstallexe}"} in icons
    desktop = next(i for i in icons if i["Name"].startswith("{autodesktop}"))
    assert desktop["Tasks"] == "desktopicon"


def test_the_firewall_rule_is_an_optional_task_ticked_by_default() -> None:
    tasks = [entry(line) for line in sections()["Tasks"]]
    firewall = next(t for t in tasks if t["Name"] == "firewall")
    assert "Flags" not in firewall  # ticked unless the user unticks it
    assert "private and public networks" in firewall["Description"]
    (add,) = [entry(line) for line in sections()["Run"] if "netsh" in line]
    assert add["Tasks"] == "firewall"
    assert add["Verb"] == "runas"  # the one step that needs an administrator
    assert add["Parameters"] == (
        f'advfirewall firewall add rule name=""{FIREWALL_RULE}"" dir=in action=allow '
        'program=""{app}\\kabaddi-relay.exe"" enable=yes profile=private,public'
    )
    (remove,) = [entry(line) for line in sections()["UninstallRun"]]
    assert remove["Parameters"] == (
        f'advfirewall firewall delete rule name=""{FIREWALL_RULE}"" '
        'program=""{app}\\kabaddi-relay.exe""'
    )
    assert remove["RunOnceId"] == "DeleteFirewallRule"


def version_strings(text: str) -> tuple[tuple[int, ...], dict[str, str]]:
    tree = ast.parse(text, mode="eval")
    assert isinstance(tree.body, ast.Call)
    assert isinstance(tree.body.func, ast.Name)
    assert tree.body.func.id == "VSVersionInfo"
    strings: dict[str, str] = {}
    numbers: tuple[int, ...] = ()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StringStruct":
            key, value = (ast.literal_eval(a) for a in node.args)
            strings[key] = value
        if isinstance(node, ast.keyword) and node.arg == "filevers":
            numbers = ast.literal_eval(node.value)
    return numbers, strings


def test_each_exe_has_a_version_resource() -> None:
    numbers, strings = version_strings(version_file("1.4.2", "kabaddi-relay"))
    assert numbers == (1, 4, 2, 0)
    assert strings == {
        "CompanyName": "Kabaddi Live",
        "FileDescription": "Kabaddi Live relay",  # what Windows Firewall names its rules
        "FileVersion": "1.4.2",
        "InternalName": "kabaddi-relay",
        "LegalCopyright": "Copyright (c) Kabaddi Live contributors. MIT licence.",
        "OriginalFilename": "kabaddi-relay.exe",
        "ProductName": "Kabaddi Live",
        "ProductVersion": "1.4.2",
    }
    _numbers, scorer = version_strings(version_file("1.4.2", "kabaddi-scorer"))
    assert scorer["FileDescription"] == "Kabaddi Live Scorer"
    assert scorer["OriginalFilename"] == "kabaddi-scorer.exe"


def test_windows_version_numbers() -> None:
    assert version_numbers("0.1.0") == (0, 1, 0, 0)
    assert version_numbers("2.0") == (2, 0, 0, 0)
    assert version_numbers("1.3.0rc2") == (1, 3, 0, 0)
    assert version_numbers("1.3.1+local.7") == (1, 3, 1, 0)

"""The architecture's import rules, checked on the source.

- ``relay`` never imports ``desktop`` or Qt: venue machines run it headless.
- The rules engine (``relay.rules``) is pure: no I/O, no clock, no event loop.
- The scorer app's widgets never hold the network client, and the app talks to its
  windows through their methods, not to the widgets inside them.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_AND_DESKTOP = {"desktop", "PySide6", "shiboken6", "qasync"}
IMPURE = {
    "asyncio",
    "socket",
    "selectors",
    "select",
    "ssl",
    "websockets",
    "sqlite3",
    "os",
    "io",
    "pathlib",
    "shutil",
    "tempfile",
    "time",
    "datetime",
    "random",
    "secrets",
    "uuid",
    "threading",
    "multiprocessing",
    "subprocess",
    "http",
    "urllib",
    "logging",
    "signal",
    "platformdirs",
} | QT_AND_DESKTOP


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def test_packages_exist() -> None:
    assert modules("relay.rules"), "relay/rules holds the rules engine"
    assert modules("relay")


@pytest.mark.parametrize("path", modules("relay"), ids=lambda p: str(p.relative_to(ROOT)))
def test_relay_never_imports_desktop_or_qt(path: Path) -> None:
    bad = [(line, name) for line, name in imports_of(path) if name.split(".")[0] in QT_AND_DESKTOP]
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}: the relay must run without Qt"


@pytest.mark.parametrize("path", modules("relay.rules"), ids=lambda p: str(p.relative_to(ROOT)))
def test_rules_engine_is_pure(path: Path) -> None:
    bad = []
    for line, name in imports_of(path):
        root = name.split(".")[0]
        if root in IMPURE or (root == "relay" and not name.startswith("relay.rules")):
            bad.append((line, name))
    assert not bad, f"{path.relative_to(ROOT)} imports {bad}: the rules engine must stay pure"


def test_importing_the_engine_loads_no_io_modules() -> None:
    # Indirect imports count too: load the engine alone in a fresh interpreter. (``socket``
    # is not in the list: pydantic's e-mail helpers import it without using it.)
    watched = sorted({"asyncio", "sqlite3", "websockets", "PySide6", "qasync"})
    code = (
        "import sys, relay.rules, relay.rules.engine;"
        f"print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {watched!r})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert loaded == [], f"importing relay.rules pulls in {loaded}"


# --- the scorer app -----------------------------------------------------------------

NETWORK = {"desktop.client", "websockets"}
WIDGET_OWNERS = ("self.window", "self.start_screen", "self.join_panel", "self.setup_dialog")


def dotted(node: ast.expr) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


@pytest.mark.parametrize("path", modules("desktop.widgets"), ids=lambda p: p.name)
def test_widgets_never_reach_the_network_client(path: Path) -> None:
    bad = [(line, name) for line, name in imports_of(path) if name in NETWORK]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad += [
        (node.lineno, f".{node.attr}")
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "client"
    ]
    assert not bad, (
        f"{path.relative_to(ROOT)} reaches {bad}: widgets read the match through"
        " desktop.match_view.MatchView and act through the ScoringController"
    )


def test_the_app_talks_to_its_windows_not_to_the_widgets_inside() -> None:
    path = ROOT / "desktop" / "app.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = sorted(
        {
            (node.lineno, name)
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and (name := dotted(node)) is not None
            and name.startswith(tuple(f"{owner}." for owner in WIDGET_OWNERS))
            and name.count(".") >= 3
        }
    )
    assert not bad, f"desktop/app.py reaches inside windows: {bad}; give the window a method"

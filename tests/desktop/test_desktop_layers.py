"""The scorer app's structure: views and models never touch the network or the disk."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
NETWORK_AND_DISK = {"websockets", "socket", "sqlite3", "asyncio", "desktop.outbox"}


def imported(path: Path) -> set[str]:
    """Modules a file imports at run time (``if TYPE_CHECKING:`` blocks do not count)."""
    names: set[str] = set()
    pending: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        pending.extend(ast.iter_child_nodes(node))
    return names


@pytest.mark.parametrize(
    "path",
    sorted([*(DESKTOP / "widgets").glob("*.py"), *(DESKTOP / "models").glob("*.py")]),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_views_and_models_stay_off_the_network(path: Path) -> None:
    bad = {
        name
        for name in imported(path)
        if name in NETWORK_AND_DISK or name.split(".")[0] in NETWORK_AND_DISK
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_one_widget_class_per_widget_module() -> None:
    for path in (DESKTOP / "widgets").glob("*.py"):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        public = [
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_")
        ]
        assert len(public) == 1, f"{path.name} defines {public}"

"""Writes what clients build on: the JSON Schema of every wire frame and the phase table.

- ``resources/schema/frames.schema.json``: every frame, from ``relay/wire.py``.
- ``resources/schema/phases.json``: the match's phases and what moves between them,
  from ``relay/rules/phases.py``.
- ``resources/viewer/phases.js``: the same table as an ES module for the pages.

Run ``python -m relay.schema`` (``make schema``) after changing a frame or the table; a
test fails while a committed file is stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from relay.paths import resources_dir, viewer_dir
from relay.rules.phases import as_json
from relay.wire import json_schema

SCHEMA_PATH = resources_dir() / "schema" / "frames.schema.json"
PHASES_PATH = resources_dir() / "schema" / "phases.json"
PHASES_MODULE_PATH = viewer_dir() / "phases.js"


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def render_phases() -> str:
    return json.dumps(as_json(), indent=2, ensure_ascii=False) + "\n"


def render_phases_module() -> str:
    return (
        "// Generated from relay/rules/phases.py by `python -m relay.schema`: do not edit.\n"
        "// The match's phases (labels, what happens in each, the clock button) and what\n"
        "// moves a match from one to the next.\n\n"
        f"export const PHASE_TABLE = {render_phases().rstrip()};\n"
    )


def outputs() -> dict[Path, str]:
    """Every generated file and what it must hold."""
    return {
        SCHEMA_PATH: render(),
        PHASES_PATH: render_phases(),
        PHASES_MODULE_PATH: render_phases_module(),
    }


def main() -> int:
    for path, text in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

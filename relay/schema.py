"""Writes the JSON Schema of every wire frame to ``resources/schema/frames.schema.json``.

Run ``python -m relay.schema`` (``make schema``) after changing a frame; a test fails
while the committed schema is stale.
"""

from __future__ import annotations

import json
import sys

from relay.paths import resources_dir
from relay.wire import json_schema

SCHEMA_PATH = resources_dir() / "schema" / "frames.schema.json"


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"


def main() -> int:
    SCHEMA_PATH.parent.mkdir(parents=True, exist_ok=True)
    SCHEMA_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

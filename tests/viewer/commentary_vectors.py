"""Commentary vectors: every event of the 80-raid fixture match as the pages receive it.

Each step is what a protocol-2 viewer got for one event: the event, the merge patch from
the state before it and the relay's English commentary line (``text``). The pages'
commentary (resources/viewer/commentary.js) renders each event from the event and the
states before and after it; in English it must say exactly what the relay says
(tests/js/commentary.test.js). ``resources/vectors/commentary.json`` holds them;
``python -m tests.viewer.commentary_vectors`` writes it again after the rules' wording
changes, and tests/viewer/test_commentary_vectors.py fails until someone does.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.viewer.patch_vectors import broadcast_fixture

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "resources" / "vectors" / "commentary.json"
ABOUT = (
    "Every event of the 80-raid fixture match (tests/rules/fixtures/full_match.json) as a"
    " protocol-2 viewer receives it: seq, event, the merge patch from the state before it,"
    " and the relay's English commentary (text). resources/viewer/commentary.js must render"
    " each one, from the event and the states before and after it, as exactly this text."
    " Written by python -m tests.viewer.commentary_vectors."
)


def commentary_vectors(data_dir: Path) -> dict[str, Any]:
    _, patched = asyncio.run(broadcast_fixture(data_dir))
    steps = [
        {"seq": f["seq"], "event": f["event"], "patch": f["patch"], "text": f["text"]}
        for f in patched
    ]
    return {"about": ABOUT, "steps": steps}


def encoded(vectors: dict[str, Any]) -> str:
    """One step a line: diffs stay readable when the wording changes."""
    lines = ",\n".join(json.dumps(step, ensure_ascii=False) for step in vectors["steps"])
    return f'{{"about": {json.dumps(vectors["about"])},\n"steps": [\n{lines}\n]}}\n'


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        VECTORS.write_text(encoded(commentary_vectors(Path(scratch))), encoding="utf-8")
    print(f"wrote {VECTORS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

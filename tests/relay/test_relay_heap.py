"""The relay process keeps what it loaded at start out of the cyclic collector's walks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a process of its own: freezing is for the whole heap of the process.
PROBE = """
import gc, json
import relay.server  # what a relay process has loaded once it has started
from relay.heap import freeze_startup_objects
tracked = len(gc.get_objects())
frozen = freeze_startup_objects()
garbage = []
garbage.append(garbage)  # a cycle made after the freeze is still collected
del garbage
print(json.dumps({
    "tracked": tracked,
    "frozen": frozen,
    "walked": len(gc.get_objects()),
    "collected": gc.collect(),
}))
"""


def test_start_up_objects_are_frozen_and_later_cycles_still_collected() -> None:
    found = json.loads(
        subprocess.run(
            [sys.executable, "-c", PROBE],
            cwd=ROOT,
            capture_output=True,
            check=True,
            text=True,
            timeout=60,
        ).stdout
    )
    assert found["tracked"] > 10_000  # pydantic models, websockets, the rules
    assert found["frozen"] >= found["tracked"] // 2
    assert found["walked"] < 1_000  # what a full collection walks now
    assert found["collected"] >= 1

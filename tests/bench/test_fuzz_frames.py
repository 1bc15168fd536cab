"""The fuzz generator is seeded, varied, and never produces a frame it must not send."""

from __future__ import annotations

import json
import random

from bench.scenarios.fuzz import fuzz_frame


def test_same_seed_same_frames() -> None:
    first = [fuzz_frame(random.Random(5), n) for n in range(200)]
    second = [fuzz_frame(random.Random(5), n) for n in range(200)]
    assert first == second


def test_mix_covers_text_binary_long_fields_and_no_hello() -> None:
    rng = random.Random(1)
    frames = [fuzz_frame(rng, n) for n in range(3000)]
    assert any(isinstance(f, bytes) for f in frames)
    assert any(isinstance(f, str) and len(f) > 60_000 for f in frames)
    # A frame over 64 KiB closes the connection (1009) by design: none is sent.
    assert all(len(f.encode() if isinstance(f, str) else f) <= 64 * 1024 for f in frames)
    types = set()
    for frame in frames:
        try:
            data = json.loads(frame)
        except (ValueError, RecursionError):
            continue
        if isinstance(data, dict) and isinstance(data.get("type"), str):
            types.add(data["type"])
    assert {"technical", "raid", "setup", "undo"} <= types
    assert "hello" not in types  # a second hello closes the connection by design

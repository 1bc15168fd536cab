"""resources/vectors/commentary.json is what the relay broadcasts for the fixture match now.

The pages' commentary is checked against this file (tests/js/commentary.test.js); this
keeps the file honest: when the rules' wording changes, it fails until the file is
written again with ``python -m tests.viewer.commentary_vectors``.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.viewer.commentary_vectors import VECTORS, commentary_vectors, encoded


def test_the_commentary_vectors_are_the_relays_broadcasts_of_the_fixture_match(
    tmp_path: Path,
) -> None:
    stored = VECTORS.read_text(encoding="utf-8")
    assert stored == encoded(commentary_vectors(tmp_path)), (
        "resources/vectors/commentary.json is out of date: run"
        " python -m tests.viewer.commentary_vectors"
    )


def test_the_vectors_hold_the_moments_the_pages_must_say() -> None:
    steps = json.loads(VECTORS.read_text(encoding="utf-8"))["steps"]
    texts = {step["seq"]: step["text"] for step in steps}
    assert len(steps) == 176
    # Hand-picked from the fixture match: a raid, a super tackle, an all out and a card.
    assert texts[4] == "Sachin (PAT) raids: 1 touch point (Saurabh)"
    assert texts[29] == ("Sachin (PAT) raids: SUPER TACKLE by Vikash (+2 BEN), Bharat back for BEN")
    assert texts[53] == (
        "Mahender (BEN) raids: tackled by Rohit, Sachin, bonus — ALL OUT on BEN, +2 PAT"
    )
    assert texts[62] == "Yellow card for Manjeet (PAT): suspended for 2 min, +1 BEN"

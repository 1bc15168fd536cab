"""Squads as text: pasted or CSV lines of ``number,name`` (tab or semicolon works too)."""

from __future__ import annotations

import csv
import io


def parse_squad(text: str) -> list[tuple[int, str]]:
    """Rows of (number, name); a header line or blank lines are skipped.

    Raises ValueError naming the first line that is not ``number, name``.
    """
    sample = text[:1024]
    delimiter = "\t" if "\t" in sample else (";" if ";" in sample and "," not in sample else ",")
    rows: list[tuple[int, str]] = []
    for line_no, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [c.strip() for c in row if c.strip()]
        if not cells:
            continue
        if len(cells) < 2 or not cells[0].isdigit():
            if line_no == 1 and not rows:
                continue  # a header
            raise ValueError(f"Line {line_no}: expected 'number, name', got {','.join(row)!r}.")
        rows.append((int(cells[0]), " ".join(cells[1:])[:40]))
    return rows

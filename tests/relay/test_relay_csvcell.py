"""CSV cells: OWASP's formula starts are neutralised, everything else is left alone."""

from __future__ import annotations

import pytest

from relay.csvcell import safe_cell, safe_row


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+1", "'+1+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Asha", "Asha"),
        ("a=b", "a=b"),
        ("", ""),
        (" =x", " =x"),
    ],
)
def test_text_cells(cell: str, expected: str) -> None:
    assert safe_cell(cell) == expected


def test_numbers_and_empty_cells_are_left_alone() -> None:
    assert safe_row([-3, 4.5, None, "-3"]) == [-3, 4.5, None, "'-3"]

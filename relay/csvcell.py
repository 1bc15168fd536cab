"""CSV cells that a spreadsheet shows as text, never runs as a formula.

OWASP's rule for CSV injection: a cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return can be taken for a formula by Excel, LibreOffice or
Google Sheets (``=HYPERLINK(...)`` in a scorer's name). Such a cell is prefixed with
a single quote, which spreadsheets show as text. Numbers the export writes itself
are left alone: only text is neutralised.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """``value`` as a CSV cell that cannot start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[object] | tuple[object, ...]) -> list[object]:
    return [safe_cell(value) for value in values]

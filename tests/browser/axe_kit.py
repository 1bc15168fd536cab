"""axe-core in a page: inject the checker from the local copy ``make`` fetched, run it.

The file comes from npm into ``.cache`` (see the Makefile), never from a CDN. It is
evaluated through the DevTools protocol, which the pages' CSP does not govern, so the
pages keep their policy while they are checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page

ROOT = Path(__file__).resolve().parents[2]
AXE_FILES = sorted(ROOT.glob(".cache/axe-core-*/axe.min.js"))


def axe_source() -> str:
    if not AXE_FILES:
        pytest.fail(
            "axe-core is missing: `make .cache/axe-core-<version>/axe.min.js` (part of make test)"
        )
    return AXE_FILES[-1].read_text(encoding="utf-8")


async def axe_violations(
    page: Page, tags: tuple[str, ...] = ("wcag2a", "wcag2aa")
) -> list[dict[str, Any]]:
    """Every axe-core violation on the page now, for the given rule tags."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate(axe_source() + "\n;0")
    result: list[dict[str, Any]] = await page.evaluate(
        """async (tags) => {
            const report = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return report.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary})),
            }));
        }""",
        list(tags),
    )
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    """A readable list for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in violation["nodes"][:6])
    return "\n".join(lines)

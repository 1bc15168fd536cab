"""JSON Merge Patch (RFC 7386): the difference between two JSON values, and applying it.

A merge patch is an object that mirrors the target: a member set to a value replaces
it, a member set to ``null`` removes it, a nested object patches recursively, and an
array is replaced whole. It cannot say "set to null", so the documents it patches here
carry no nulls (see :mod:`relay.shape`): a missing member means what ``null`` would.
Pure functions over plain JSON values (dict, list, str, int, float, bool, None).
"""

from __future__ import annotations

from typing import Any

JsonObject = dict[str, Any]


def diff(before: Any, after: Any) -> Any:
    """The merge patch that turns ``before`` into ``after``.

    Both must be free of nulls inside objects (a null there could not be told apart from
    a removal). The patch of two equal objects is ``{}``.
    """
    if not isinstance(after, dict) or not isinstance(before, dict):
        return after
    patch: JsonObject = {}
    for key in before:
        if key not in after:
            patch[key] = None
    for key, value in after.items():
        if key not in before:
            patch[key] = value
            continue
        old = before[key]
        if old == value:
            continue
        if isinstance(value, dict) and isinstance(old, dict):
            patch[key] = diff(old, value)
        else:
            patch[key] = value
    return patch


def apply_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 §2 MergePatch(target, patch); ``target`` is left unchanged."""
    if not isinstance(patch, dict):
        return patch
    result: JsonObject = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = apply_patch(result.get(key), value)
    return result

"""JSON Merge Patch: RFC 7386's own examples, and diffs that apply back."""

from __future__ import annotations

from typing import Any

import pytest

from relay.patch import apply_patch, diff

# RFC 7386, Appendix A: (original, patch, result).
RFC_EXAMPLES: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("original", "patch", "result"), RFC_EXAMPLES)
def test_apply_follows_the_rfc_examples(original: Any, patch: Any, result: Any) -> None:
    kept = repr(original)
    assert apply_patch(original, patch) == result
    assert repr(original) == kept  # the target is not changed in place


def test_diff_names_only_what_changed() -> None:
    before = {
        "score": 3,
        "clock": {"running": True, "elapsedMs": 1000, "since": 5},
        "players": {"h1": {"status": "onCourt", "stats": {"raids": 2}}, "h2": {"status": "out"}},
        "onCourt": ["h1"],
        "raidClock": {"team": "home"},
    }
    after = {
        "score": 4,
        "clock": {"running": True, "elapsedMs": 2500, "since": 5},
        "players": {"h1": {"status": "onCourt", "stats": {"raids": 3}}, "h2": {"status": "out"}},
        "onCourt": ["h1", "h2"],
        "winner": "home",
    }
    assert diff(before, after) == {
        "score": 4,
        "clock": {"elapsedMs": 2500},
        "players": {"h1": {"stats": {"raids": 3}}},
        "onCourt": ["h1", "h2"],
        "raidClock": None,
        "winner": "home",
    }
    assert diff(after, after) == {}
    assert diff(None, after) == after


def test_a_counter_back_to_zero_is_removed() -> None:
    # Counters that are zero are left out of the state, so undoing the first raid removes it.
    assert diff({"stats": {"raids": 1}}, {"stats": {}}) == {"stats": {"raids": None}}
    assert apply_patch({"stats": {"raids": 1}}, {"stats": {"raids": None}}) == {"stats": {}}

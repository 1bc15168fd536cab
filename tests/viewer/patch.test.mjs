// Replays the relay's protocol-2 broadcasts of the 80-raid match through the pages' own
// patch code (resources/viewer/patch.js). Run by tests/viewer/test_patch_js.py, which
// writes the vectors and passes their path in PATCH_VECTORS.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { mergePatch, viewState } from "../../resources/viewer/patch.js";

const steps = JSON.parse(readFileSync(process.env.PATCH_VECTORS, "utf8"));

/** Protocol 1's state without its nulls: protocol 2 leaves those members out. */
function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  const kept = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) kept[key] = withoutNulls(member);
  }
  return kept;
}

test("the vectors cover the whole match", () => {
  assert.equal(steps.length, 176);
  assert.equal(steps[0].previous, null);
  assert.equal(steps.at(-1).next.phase, "finished");
});

for (const step of steps) {
  test(`seq ${step.seq}: the patch turns the previous state into the next`, () => {
    const frozen = JSON.stringify(step.previous);
    const patched = mergePatch(step.previous, step.patch);
    assert.deepStrictEqual(patched, step.next);
    assert.equal(JSON.stringify(step.previous), frozen, "the previous state was changed");
    const view = viewState(patched);
    const { home, away, ...rest } = view;
    const expected = withoutNulls(step.protocol1);
    assert.deepStrictEqual(rest, Object.fromEntries(
      Object.entries(expected).filter(([key]) => key !== "home" && key !== "away"),
    ));
    for (const [side, team] of [["home", home], ["away", away]]) {
      const { squad, ...drawn } = team;
      assert.deepStrictEqual(drawn, expected[side], `${side} as protocol 1 draws it`);
      assert.deepStrictEqual(squad, expected[side].players.map((p) => p.id));
    }
  });
}

test("a state that is not one draws nothing", () => {
  assert.equal(viewState(null), null);
  assert.equal(viewState({ home: { squad: ["h1"], players: {} }, away: {} }), null);
});

test("a player named __proto__ stays a player", () => {
  const patched = mergePatch({}, JSON.parse('{"players": {"__proto__": {"name": "P"}}}'));
  assert.deepStrictEqual(Object.keys(patched.players), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(patched.players), Object.prototype);
  const team = { squad: ["__proto__"], players: patched.players };
  const view = viewState({ home: team, away: { squad: [], players: {} } });
  assert.deepStrictEqual(view.home.players, [{ id: "__proto__", name: "P" }]);
});

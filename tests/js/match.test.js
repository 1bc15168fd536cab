// What the pages make of a match's phase, from the generated phase table; the scorer app
// reads the same table (relay/rules/phases.py), and tests/rules/test_phases.py expects
// the same clock buttons.

import assert from "node:assert/strict";
import { test } from "node:test";

import { clockButton, clockShown, inPlay, phaseLabel, scoreLine, shortPhase } from "../../resources/viewer/match.js";

const PHASES = ["scheduled", "firstHalf", "halfTime", "secondHalf", "fullTime", "tieBreak", "goldenRaid", "finished"];

test("labels", () => {
  assert.deepEqual(PHASES.map(phaseLabel), [
    "Not started",
    "1st half",
    "Half-time",
    "2nd half",
    "Full time",
    "Tie-break",
    "Golden raid",
    "Final",
  ]);
  assert.equal(shortPhase("halfTime"), "HALF-TIME");
  assert.equal(phaseLabel("extraTime"), "extraTime", "a phase from a newer relay");
  assert.equal(phaseLabel(undefined), "");
});

test("the clock button in each phase", () => {
  assert.deepEqual(
    PHASES.map((phase) => clockButton(phase, false)),
    ["start", "resume", "start", "resume", "start", "resume", "resume", null],
  );
  assert.equal(clockButton("secondHalf", true), "pause");
  assert.equal(clockButton("extraTime", false), null);
});

test("raids and clocks", () => {
  assert.deepEqual(PHASES.filter(inPlay), ["firstHalf", "secondHalf", "tieBreak", "goldenRaid"]);
  assert.deepEqual(PHASES.filter(clockShown), ["scheduled", "firstHalf", "halfTime", "secondHalf"]);
});

test("the score beside a play-by-play line", () => {
  const state = { home: { shortName: "PAT" }, away: { shortName: "BEN" } };
  assert.equal(scoreLine({ home: 3, away: 0 }, state), "PAT 3–0 BEN");
  assert.equal(scoreLine(undefined, state), "");
  assert.equal(scoreLine({ home: 3 }, state), "");
});

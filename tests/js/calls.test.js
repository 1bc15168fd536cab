// The referee's calls the pages show, read from logged events (resources/viewer/calls.js).

import assert from "node:assert/strict";
import { test } from "node:test";

import { callOf, calls, callSide } from "../../resources/viewer/calls.js";

const STATE = {
  home: { shortName: "PAT", players: [{ id: "h1" }] },
  away: { shortName: "BEN", players: [{ id: "a1" }] },
};

const CALLS = [
  [{ type: "raid", raiderId: "h1", raiderOut: "outOfBounds" }, "OUT OF BOUNDS", "home"],
  [{ type: "raid", raiderId: "a1", raiderOut: "lobby" }, "LOBBY", "away"],
  [{ type: "raid", raiderId: "a1", raiderOut: "baulkLine" }, "BAULK LINE", "away"],
  [{ type: "raid", raiderId: "a1", raiderOut: "cant" }, "CANT LOST", "away"],
  [{ type: "raid", raiderId: "a1", raiderOut: "timeUp" }, "TIME UP", "away"],
  [{ type: "review", team: "away", overturned: true }, "REVIEW — OVERTURNED", "away"],
  [{ type: "review", team: "home", overturned: false }, "REVIEW — CALL STANDS", "home"],
  [{ type: "correct", event: { type: "raid", raiderId: "h1" } }, "CORRECTED", "home"],
  [{ type: "correct", event: { type: "card", playerId: "h1" } }, "CORRECTED", null],
];

test("each call has its title and side", () => {
  for (const [event, title, side] of CALLS) {
    assert.equal(callOf(event), title);
    assert.equal(callSide(event, STATE), side);
  }
});

test("other events are no call", () => {
  for (const event of [
    { type: "raid", raiderId: "h1", raidType: "unsuccessful", tacklerIds: ["a1"] },
    { type: "raid", raiderId: "h1", raiderOut: "somewhere" },
    { type: "undo", targetSeq: 3 },
    null,
    "raid",
  ]) {
    assert.equal(callOf(event), null);
  }
});

test("calls among logged events keep their order and seq", () => {
  const events = [
    { seq: 3, event: { type: "raid", raiderId: "h1", raidType: "empty" } },
    { seq: 4, event: CALLS[0][0] },
    { seq: 5, event: CALLS[5][0] },
  ];
  assert.deepEqual(calls(events, STATE), [
    { title: "OUT OF BOUNDS", side: "home", seq: 4 },
    { title: "REVIEW — OVERTURNED", side: "away", seq: 5 },
  ]);
});

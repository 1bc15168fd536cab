// The situation line at the viewer's score: timeouts counted down from the event, a super
// raid or an all out for a while, a do-or-die raid.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";

import { nextTimeout, situation } from "../../resources/viewer/viewer-situation.js";
import { useMessages } from "../../resources/viewer/i18n.js";

// The words are the English catalogue's (the pages load theirs before drawing).
useMessages(JSON.parse(readFileSync(new URL("../../resources/viewer/lang/en.json", import.meta.url), "utf-8")));

function team(name, shortName, extra = {}) {
  return { name, shortName, score: 0, players: [], onCourt: [], ...extra };
}

function state(extra = {}) {
  return {
    phase: "firstHalf",
    raidingTeam: "home",
    raidClock: null,
    clock: { running: true },
    home: team("Patna Pirates", "PAT"),
    away: team("Bengaluru Bulls", "BEN"),
    ...extra,
  };
}

const logged = (seq, event) => ({ seq, text: "", event });

test("a timeout starts with its event and ends with the clock or its undo", () => {
  const started = nextTimeout(null, logged(5, { type: "timeout", team: "away", at: 1000 }));
  assert.deepEqual(started, { seq: 5, team: "away", at: 1000 });
  assert.equal(nextTimeout(started, logged(6, { type: "card", at: 2000 })), started);
  assert.equal(nextTimeout(started, logged(6, { type: "clock", action: "resume" })), null);
  assert.equal(nextTimeout(started, logged(6, { type: "undo", targetSeq: 5 })), null);
  assert.equal(nextTimeout(started, logged(6, { type: "undo", targetSeq: 4 })), started);
  assert.equal(nextTimeout(null, logged(1, { type: "timeout", team: "nobody" })), null);
});

test("a timeout counts down thirty seconds while the clock is stopped", () => {
  const stopped = state({ clock: { running: false } });
  const timeout = { seq: 5, team: "away", at: 1000 };
  assert.deepEqual(situation(stopped, { timeout, now: 1000 }), {
    kind: "timeout",
    side: "away",
    text: "Timeout 00:30 · Bengaluru Bulls",
  });
  assert.equal(situation(stopped, { timeout, now: 13_500 }).text, "Timeout 00:18 · Bengaluru Bulls");
  assert.equal(situation(stopped, { timeout, now: 31_000 }).text, "Timeout · Bengaluru Bulls");
  assert.equal(situation(state(), { timeout, now: 2000 }).kind, "none", "over once the clock runs");
});

test("a super raid or an all out holds the line for eight seconds", () => {
  const superRaid = { kind: "superRaid", side: "home", at: 10_000 };
  assert.equal(situation(state(), { highlight: superRaid, now: 17_999 }).text, "Super raid · Patna Pirates");
  assert.equal(situation(state(), { highlight: superRaid, now: 18_000 }).kind, "none");
  const allOut = { kind: "allOut", side: "home", at: 10_000 };
  assert.equal(situation(state(), { highlight: allOut, now: 10_000 }).text, "All out · Bengaluru Bulls all out");
});

test("a do-or-die raid is the raiding team's", () => {
  const dod = state({ away: team("Bengaluru Bulls", "BEN", { doOrDie: true }) });
  assert.equal(situation(dod, { now: 0 }).kind, "none", "home raid next");
  const raiding = { ...dod, raidClock: { team: "away", raiderId: "a1", startedAt: 0, seconds: 30 } };
  assert.deepEqual(situation(raiding, { now: 0 }), {
    kind: "doOrDie",
    side: "away",
    text: "Do-or-die raid · Bengaluru Bulls",
  });
  assert.equal(situation({ ...raiding, phase: "halfTime" }, { now: 0 }).kind, "none");
});

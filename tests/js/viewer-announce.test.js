// What the viewer's live region says for an event.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readFileSync } from "node:fs";

import { announcement, withFullNames } from "../../resources/viewer/viewer-announce.js";
import { useMessages } from "../../resources/viewer/i18n.js";

// The words are the English catalogue's (the pages load theirs before drawing).
useMessages(JSON.parse(readFileSync(new URL("../../resources/viewer/lang/en.json", import.meta.url), "utf-8")));

function team(name, shortName, extra = {}) {
  return { name, shortName, score: 0, players: [], onCourt: [], allOutsInflicted: 0, ...extra };
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

test("short names become full names, whole words only", () => {
  const s = state({ home: team("Patna Pirates", "PA"), away: team("PA United", "PAU") });
  assert.equal(withFullNames("Pardeep (PA) tackled by PAU; PAPA stays", s), "Pardeep (Patna Pirates) tackled by PA United; PAPA stays");
  assert.equal(withFullNames("Kick-off! PAT raid first", state()), "Kick-off! Patna Pirates raid first");
});

test("a raid start is said, with no score", () => {
  const before = state();
  const after = state({ raidClock: { team: "home", raiderId: "h1", startedAt: 0, seconds: 30 } });
  const line = { seq: 3, text: "Pardeep (PAT) goes in to raid", event: { type: "raidStart" } };
  assert.equal(announcement(line, before, after), "Pardeep (Patna Pirates) goes in to raid.");
});

test("points bring the score; an all out and the do-or-die that follows are said", () => {
  const before = state({ raidingTeam: "away" });
  const after = state({
    raidingTeam: "home",
    home: team("Patna Pirates", "PAT", { doOrDie: true }),
    away: team("Bengaluru Bulls", "BEN", { score: 3, allOutsInflicted: 1 }),
  });
  const line = { seq: 9, text: "Pawan (BEN) raids: 1 touch point (Sunil) — all out PAT", event: { type: "raid" } };
  assert.equal(
    announcement(line, before, after),
    "Pawan (Bengaluru Bulls) raids: 1 touch point (Sunil) — all out Patna Pirates. " +
      "All out: Patna Pirates all out. Patna Pirates 0, Bengaluru Bulls 3. " +
      "Next raid is do or die for Patna Pirates.",
  );
});

test("the end of the match brings the result", () => {
  const before = state({ phase: "secondHalf", home: team("Patna Pirates", "PAT", { score: 30 }) });
  const after = { ...before, phase: "finished", winner: "home" };
  const line = { seq: 80, text: "Full time", event: { type: "clock" } };
  assert.equal(announcement(line, before, after), "Full time. Patna Pirates win. Patna Pirates 30, Bengaluru Bulls 0.");
});

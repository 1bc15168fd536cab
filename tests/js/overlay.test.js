// The overlay's banners (overlay-moments.js) and its address options (overlay-options.js).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { doOrDieSide, moments, resultText } from "../../resources/viewer/overlay-moments.js";
import { overlayOptions } from "../../resources/viewer/overlay-options.js";
import { useMessages } from "../../resources/viewer/i18n.js";

const catalogue = (code) =>
  JSON.parse(readFileSync(new URL(`../../resources/viewer/lang/${code}.json`, import.meta.url), "utf-8"));
const english = catalogue("en");
useMessages(english);

function team(name, shortName, score, extra = {}) {
  return { name, shortName, score, players: [], onCourt: [], allOutsInflicted: 0, ...extra };
}

function state(phase, home = {}, away = {}, extra = {}) {
  return {
    phase,
    raidingTeam: "home",
    raidClock: null,
    clock: { running: false },
    home: team("Patna Pirates", "PAT", 1, home),
    away: team("Bengaluru Bulls", "BEN", 0, away),
    ...extra,
  };
}

test("a do-or-die raid coming gets a banner once", () => {
  const before = state("firstHalf");
  const after = state("firstHalf", {}, { doOrDie: true }, { raidingTeam: "away" });
  assert.equal(doOrDieSide(after), "away");
  assert.deepEqual(moments(before, after), [
    { title: "Do or die", text: "Bengaluru Bulls must score", side: "away" },
  ]);
  assert.deepEqual(moments(after, after), []);
  // the other team's flag does not matter while this team raids
  assert.equal(doOrDieSide(state("firstHalf", {}, { doOrDie: true })), null);
  // nor outside play
  assert.equal(doOrDieSide(state("halfTime", { doOrDie: true })), null);
});

test("half-time, full time and the result", () => {
  const playing = state("firstHalf");
  assert.deepEqual(moments(playing, state("halfTime")), [
    { title: "Half-time", text: "PAT 1–0 BEN", side: null },
  ]);
  const level = state("fullTime", { score: 3 }, { score: 3 });
  assert.deepEqual(moments(state("secondHalf"), level), [
    { title: "Full time", text: "PAT 3–3 BEN · tie-break next", side: null },
  ]);
  const won = state("finished", {}, {}, { winner: "home" });
  assert.equal(resultText(won), "Patna Pirates win · PAT 1–0 BEN");
  assert.deepEqual(moments(state("secondHalf"), won), [
    { title: "Result", text: "Patna Pirates win · PAT 1–0 BEN", side: "home" },
  ]);
  const drawn = state("finished", { score: 2 }, { score: 2 }, { winner: "draw" });
  assert.deepEqual(moments(state("secondHalf"), drawn), [
    { title: "Result", text: "Match drawn · PAT 2–2 BEN", side: null },
  ]);
  assert.deepEqual(moments(null, won), [], "nothing on the first drawing");
});

test("options from the address", () => {
  const read = (query) => overlayOptions(new URLSearchParams(query));
  assert.deepEqual(read(""), {
    pos: "top-left",
    scale: 1,
    safeX: "5vw",
    safeY: "5vh",
    hideOffline: false,
  });
  assert.deepEqual(read("pos=bottom&scale=2&safe=action&hide=offline"), {
    pos: "bottom",
    scale: 2,
    safeX: "3.5vw",
    safeY: "3.5vh",
    hideOffline: true,
  });
  assert.equal(read("safe=none").safeX, "0px");
  assert.deepEqual([read("margin=12").safeX, read("margin=12").safeY], ["12px", "12px"]);
  assert.equal(read("margin=-3").safeX, "5vw", "a margin out of range is ignored");
  assert.equal(read("scale=9").scale, 1);
  assert.equal(read("pos=middle").pos, "top-left");
  assert.equal(read("safe=odd").safeY, "5vh");
});

test("banners in the page's language, names as entered, digits Western", () => {
  try {
    useMessages(catalogue("hi"), english, "hi");
    const before = state("firstHalf");
    const doOrDie = state("firstHalf", {}, { doOrDie: true }, { raidingTeam: "away" });
    assert.deepEqual(moments(before, doOrDie), [
      { title: "डू ऑर डाई", text: "Bengaluru Bulls को अंक लेना ही होगा", side: "away" },
    ]);
    assert.deepEqual(moments(before, state("halfTime")), [
      { title: "हाफ़ टाइम", text: "PAT 1–0 BEN", side: null },
    ]);
    const level = state("fullTime", { score: 3 }, { score: 3 });
    assert.deepEqual(moments(state("secondHalf"), level), [
      { title: "फ़ुल टाइम", text: "PAT 3–3 BEN · अब टाई-ब्रेक", side: null },
    ]);
    const won = state("finished", {}, {}, { winner: "home" });
    assert.deepEqual(moments(state("secondHalf"), won), [
      { title: "नतीजा", text: "Patna Pirates की जीत · PAT 1–0 BEN", side: "home" },
    ]);
    useMessages(catalogue("te"), english, "te");
    assert.deepEqual(moments(state("secondHalf"), won), [
      { title: "ఫలితం", text: "Patna Pirates గెలుపు · PAT 1–0 BEN", side: "home" },
    ]);
  } finally {
    useMessages(english);
  }
});

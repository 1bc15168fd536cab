// The pages' catalogue (resources/viewer/i18n.js and lang/*.json): every language has
// every message, with the same placeholders, in Western digits; the language is chosen
// from ?lang=, then the stored choice, then the browser's languages. Run by
// `node --test tests/js`, which tests/test_javascript.py does.

import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { test } from "node:test";

import {
  LANGUAGES,
  chooseLanguage,
  format,
  knownLanguage,
  translator,
} from "../../resources/viewer/i18n.js";

const VIEWER = new URL("../../resources/viewer/", import.meta.url);
const LANG = new URL("lang/", VIEWER);
const read = (url) => readFileSync(url, "utf-8");
const files = readdirSync(LANG).filter((name) => name.endsWith(".json"));
const catalogues = Object.fromEntries(
  files.map((name) => [name.replace(/\.json$/, ""), JSON.parse(read(new URL(name, LANG)))]),
);
const english = catalogues.en;
const placeholders = (text) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

test("the switcher offers exactly the languages that have a catalogue", () => {
  assert.deepEqual(Object.keys(LANGUAGES).sort(), Object.keys(catalogues).sort());
  const source = read(new URL("i18n.js", VIEWER));
  for (const code of Object.keys(LANGUAGES)) {
    assert.ok(source.includes(`import("./lang/${code}.json"`), `i18n.js does not load ${code}`);
  }
  for (const code of ["en", "hi", "mr", "bn", "ta", "te", "kn"]) {
    assert.ok(catalogues[code], `no lang/${code}.json`);
  }
});

test("every language has every message English has, and no other", () => {
  const problems = [];
  for (const [code, messages] of Object.entries(catalogues)) {
    for (const key of Object.keys(english)) {
      if (!Object.hasOwn(messages, key)) problems.push(`${code}: missing ${key}`);
      else if (typeof messages[key] !== "string" || !messages[key].trim())
        problems.push(`${code}: ${key} is empty`);
    }
    for (const key of Object.keys(messages)) {
      if (!Object.hasOwn(english, key)) problems.push(`${code}: ${key} is not an English key`);
    }
  }
  assert.deepEqual(problems, []);
});

test("a translation keeps every placeholder of the English message", () => {
  const problems = [];
  for (const [code, messages] of Object.entries(catalogues)) {
    for (const [key, text] of Object.entries(english)) {
      if (typeof messages[key] !== "string") continue;
      const want = [...placeholders(text)].sort().join(",");
      const got = [...placeholders(messages[key])].sort().join(",");
      if (want !== got) problems.push(`${code} ${key}: {${got}} instead of {${want}}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("numbers stay in Western digits in every language", () => {
  // Devanagari, Bengali, Tamil, Telugu and Kannada digits.
  const native = /[\u0966-\u096F\u09E6-\u09EF\u0BE6-\u0BEF\u0C66-\u0C6F\u0CE6-\u0CEF]/;
  for (const [code, messages] of Object.entries(catalogues)) {
    for (const [key, text] of Object.entries(messages)) {
      assert.doesNotMatch(text, native, `${code} ${key}`);
    }
  }
});

test("the languages other than English are written in their own script", () => {
  const scripts = {
    hi: /[\u0900-\u097F]/,
    mr: /[\u0900-\u097F]/,
    bn: /[\u0980-\u09FF]/,
    ta: /[\u0B80-\u0BFF]/,
    te: /[\u0C00-\u0C7F]/,
    kn: /[\u0C80-\u0CFF]/,
  };
  for (const [code, script] of Object.entries(scripts)) {
    if (!catalogues[code]) continue;
    assert.match(catalogues[code]["viewer.playByPlay"], script, code);
    assert.match(catalogues[code]["c.superTackleBy"], script, code);
  }
});

test("English phase names are the phase table's (relay/rules/phases.py)", () => {
  const table = JSON.parse(read(new URL("../../resources/schema/phases.json", import.meta.url)));
  for (const [phase, rules] of Object.entries(table.phases)) {
    assert.equal(english[`phase.${phase}`], rules.label, phase);
    assert.equal(english[`phaseShort.${phase}`], rules.shortLabel, phase);
  }
});

test("every message the pages ask for is in the catalogue", () => {
  const asked = new Set();
  for (const name of readdirSync(VIEWER)) {
    const text = name.endsWith(".js") || name.endsWith(".html") ? read(new URL(name, VIEWER)) : "";
    for (const m of text.matchAll(/\b(?:t|say|tParts)\(\s*"([\w.]+)"/g)) asked.add(m[1]);
    for (const m of text.matchAll(/data-i18n="([\w.]+)"/g)) asked.add(m[1]);
    for (const m of text.matchAll(/data-i18n-attr="([^"]+)"/g)) {
      for (const pair of m[1].split(/\s+/)) asked.add(pair.split(":")[1]);
    }
  }
  assert.ok(asked.size > 40, `only ${asked.size} keys found: is the scan broken?`);
  const missing = [...asked].filter((key) => !Object.hasOwn(english, key));
  assert.deepEqual(missing, []);
});

test("the language: ?lang= first, then the stored choice, then the browser's", () => {
  assert.equal(chooseLanguage({ query: "hi", stored: "mr", preferred: ["bn"] }), "hi");
  assert.equal(chooseLanguage({ query: null, stored: "mr", preferred: ["bn"] }), "mr");
  assert.equal(chooseLanguage({ query: "xx", stored: null, preferred: ["fr-FR", "bn-IN"] }), "bn");
  assert.equal(chooseLanguage({ preferred: ["hi-IN", "en-GB"] }), "hi");
  assert.equal(chooseLanguage({ preferred: ["fr"] }), "en");
  assert.equal(chooseLanguage(), "en");
  assert.equal(knownLanguage("MR_in"), "mr");
  assert.equal(knownLanguage(42), null);
});

test("messages fill in their parameters as given and fall back to English", () => {
  assert.equal(format("{team} win", { team: "Patna Pirates" }), "Patna Pirates win");
  assert.equal(format("{a} and {b}", { a: 1 }), "1 and {b}");
  const t = translator({ "result.win": "{team} की जीत" }, english);
  assert.equal(t("result.win", { team: "Patna Pirates" }), "Patna Pirates की जीत");
  assert.equal(t("result.drawn"), "Match drawn");
  assert.equal(t("no.such.key"), "no.such.key");
});

test("every referee's call has its catalogue key, saying the same in English", async () => {
  const { callKey, callOf } = await import("../../resources/viewer/calls.js");
  const events = [
    ...["outOfBounds", "lobby", "baulkLine", "cant", "timeUp"].map((raiderOut) => ({
      type: "raid",
      raiderOut,
    })),
    { type: "review", overturned: true },
    { type: "review", overturned: false },
    { type: "correct" },
  ];
  for (const event of events) {
    const title = callOf(event);
    assert.ok(title, JSON.stringify(event));
    assert.equal(english[callKey(title)], title);
  }
  assert.equal(callKey("SOMETHING NEW"), null);
});

test("the team stats' breakdown rows start with a dot in every language", () => {
  // viewer-stats.js tells a breakdown row ("· line-outs") by it.
  for (const [code, messages] of Object.entries(catalogues)) {
    for (const key of ["stats.lineOuts", "stats.raidersOut", "stats.failedDoOrDie"]) {
      assert.ok(messages[key].startsWith("· "), `${code} ${key}`);
    }
  }
});

test("the pages' words come from the catalogue in use", async () => {
  const { useMessages } = await import("../../resources/viewer/i18n.js");
  const { phaseName, resultLine } = await import("../../resources/viewer/match.js");
  const { situation } = await import("../../resources/viewer/viewer-situation.js");
  const team = (name, shortName) => ({ name, shortName, score: 0, players: [], onCourt: [] });
  const finished = {
    phase: "finished",
    winner: "home",
    home: team("Patna Pirates", "PAT"),
    away: team("Bengaluru Bulls", "BEN"),
    clock: { running: false },
  };
  const doOrDie = {
    ...finished,
    phase: "firstHalf",
    raidingTeam: "away",
    away: { ...team("Bengaluru Bulls", "BEN"), doOrDie: true },
  };
  try {
    useMessages(catalogues.hi, english, "hi");
    assert.equal(resultLine(finished), "Patna Pirates की जीत");
    assert.equal(phaseName("halfTime"), "हाफ़ टाइम");
    assert.equal(phaseName("halfTime", { short: true }), "हाफ़ टाइम");
    assert.equal(phaseName("extraTime"), "extraTime", "a newer relay's phase as it comes");
    assert.equal(situation(doOrDie, { now: 0 }).text, "डू ऑर डाई रेड · Bengaluru Bulls");
    useMessages(english);
    assert.equal(resultLine(finished), "Patna Pirates win");
    assert.equal(situation(doOrDie, { now: 0 }).text, "Do-or-die raid · Bengaluru Bulls");
  } finally {
    useMessages(english);
  }
});

// The pages' commentary (commentary.js) in English says what the relay says, for every
// event of the fixture match (resources/vectors/commentary.json, written from the relay's
// broadcasts by tests/viewer/commentary_vectors.py). Run by `node --test tests/js`.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { commentary } from "../../resources/viewer/commentary.js";
import { translator } from "../../resources/viewer/i18n.js";
import { mergePatch, viewState } from "../../resources/viewer/patch.js";

const read = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf-8"));
const vectors = read("../../resources/vectors/commentary.json");
const english = translator(read("../../resources/viewer/lang/en.json"));
const hindi = translator(read("../../resources/viewer/lang/hi.json"), {});

/** Each step with the states (as the pages draw them) before and after its event. */
function replayed() {
  const steps = [];
  let wire = null;
  for (const step of vectors.steps) {
    const before = wire === null ? null : viewState(wire);
    wire = mergePatch(wire, step.patch);
    steps.push({ step, before, after: viewState(wire) });
  }
  return steps;
}

// A correction restates two raids as they were then: the page has not the states for it.
const NOT_RENDERED = new Set(["correct"]);

test("the vectors cover the whole fixture match", () => {
  assert.equal(vectors.steps.length, 176);
  const kinds = new Set(vectors.steps.map((s) => s.event.type));
  for (const kind of ["setup", "clock", "raidStart", "raid", "card", "timeout", "technical",
    "substitution", "review", "correct"]) {
    assert.ok(kinds.has(kind), `no ${kind} in the vectors`);
  }
});

test("in English, every event reads as the relay's own line", () => {
  const wrong = [];
  for (const { step, before, after } of replayed()) {
    const line = commentary(step, before, after, english);
    if (NOT_RENDERED.has(step.event.type)) {
      assert.equal(line, null, `#${step.seq}`);
    } else if (line !== step.text) {
      wrong.push(`#${step.seq} ${step.event.type}\n  relay: ${step.text}\n  page:  ${line}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test("without the state before it, a raid is left to the relay's line", () => {
  const raid = replayed().find(({ step }) => step.event.type === "raid");
  assert.equal(commentary(raid.step, null, raid.after, english), null);
});

test("in Hindi, names stay as entered and numbers in Western digits", () => {
  const steps = replayed();
  const bySeq = (seq) => steps.find(({ step }) => step.seq === seq);
  const three = bySeq(31); // Bharat (BEN): 3 touch points, three back for BEN, super raid
  const line = commentary(three.step, three.before, three.after, hindi);
  assert.match(line, /Bharat \(BEN\)/);
  assert.match(line, /Neeraj, Rohit, Manjeet/);
  assert.match(line, /3/);
  assert.doesNotMatch(line, /[०-९]/); // no Devanagari digits
  assert.match(line, /[\u0900-\u097F]/); // in Devanagari
  assert.doesNotMatch(line, /touch|raids|back for/);
});

test("an undo restates the line it takes back, as the page said it", () => {
  const steps = replayed();
  const { before, after } = steps.find(({ step }) => step.seq === 5);
  const undo = { seq: 6, event: { type: "undo", targetSeq: 4 }, text: "Undone: …" };
  const said = { 4: "Sachin (PAT) raids: 1 touch point (Saurabh)" };
  const earlier = (seq) => said[seq] ?? null;
  // The relay says: f"Undone: {line}" (relay/rules/engine.py).
  assert.equal(
    commentary(undo, before, after, english, earlier),
    "Undone: Sachin (PAT) raids: 1 touch point (Saurabh)",
  );
  assert.equal(commentary({ ...undo, event: { type: "undo", targetSeq: 3 } }, before, after, english, earlier), null);
  assert.equal(commentary(undo, before, after, hindi, earlier), "रद्द: Sachin (PAT) raids: 1 touch point (Saurabh)");
});

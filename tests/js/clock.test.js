// The pages' clock readings against the shared vectors (relay/rules/countdown.py reads the
// same file). Run by `node --test tests/js`, which tests/test_javascript.py does.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import {
  halfRemaining,
  mmss,
  playedMs,
  raidRemaining,
  secondsLeft,
  suspensionRemaining,
} from "../../resources/viewer/clock.js";

const vectors = JSON.parse(
  readFileSync(new URL("../../resources/vectors/clock.json", import.meta.url), "utf-8"),
);

function cases(name) {
  assert.ok(vectors[name]?.length, `no vectors for ${name}`);
  return vectors[name];
}

test("mmss", () => {
  for (const { ms, text } of cases("mmss")) assert.equal(mmss(ms), text, `${ms} ms`);
});

test("secondsLeft", () => {
  for (const { ms, seconds } of cases("secondsLeft")) assert.equal(secondsLeft(ms), seconds, `${ms} ms`);
});

test("halfRemaining", () => {
  for (const { name, clock, now, ms, text } of cases("halfRemaining")) {
    const remaining = halfRemaining(clock, now);
    assert.equal(remaining, ms, name);
    assert.equal(mmss(remaining), text, name);
  }
});

test("playedMs", () => {
  for (const { clock, now, ms } of cases("playedMs")) assert.equal(playedMs(clock, now), ms);
});

test("raidRemaining", () => {
  for (const { raidClock, now, ms, seconds } of cases("raidRemaining")) {
    const remaining = raidRemaining(raidClock, now);
    assert.equal(remaining, ms, `now ${now}`);
    assert.equal(secondsLeft(remaining), seconds, `now ${now}`);
  }
});

test("suspensionRemaining", () => {
  for (const { player, clock, now, ms, text } of cases("suspensionRemaining")) {
    const remaining = suspensionRemaining(player, clock, now);
    assert.equal(remaining, ms, player.id);
    assert.equal(remaining === null ? null : mmss(remaining), text, player.id);
  }
});

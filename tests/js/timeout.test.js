// The viewer's timeout length against the shared clock vectors, which
// relay/rules/countdown.py (and so the scorer app's band) reads too.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { mmss } from "../../resources/viewer/clock.js";
import { TIMEOUT_MS } from "../../resources/viewer/viewer-situation.js";

const vectors = JSON.parse(
  readFileSync(new URL("../../resources/vectors/clock.json", import.meta.url), "utf-8"),
);

test("a timeout lasts as long for the viewer as for the scorer", () => {
  const cases = vectors.timeoutRemaining;
  assert.ok(cases?.length, "no vectors for timeoutRemaining");
  for (const { name, takenAt, now, ms, text } of cases) {
    const left = Math.min(TIMEOUT_MS, Math.max(0, TIMEOUT_MS - (now - takenAt)));
    assert.equal(left, ms, name);
    assert.equal(mmss(left), text, name);
  }
});

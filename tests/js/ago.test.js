// How long ago, in words (ago.js), as the match list says it.

import assert from "node:assert/strict";
import { test } from "node:test";

import { ago } from "../../resources/viewer/ago.js";

test("seconds, minutes, then the time of day", () => {
  const now = Date.UTC(2026, 11, 1, 18, 0, 0);
  assert.equal(ago(now, now), "just now");
  assert.equal(ago(now - 1999, now), "just now");
  assert.equal(ago(now - 2000, now), "2 s ago");
  assert.equal(ago(now - 59_999, now), "59 s ago");
  assert.equal(ago(now - 60_000, now), "1 min ago");
  assert.equal(ago(now - 59 * 60_000, now), "59 min ago");
  assert.match(ago(now - 2 * 3600_000, now), /^at \d\d:\d\d/);
  assert.match(ago(now - 30 * 3600_000, now), /^on (\d+ \w+|\w+ \d+)$/); // the reader's date format
  assert.equal(ago(now + 5000, now), "just now", "a clock a little ahead is not the future");
});

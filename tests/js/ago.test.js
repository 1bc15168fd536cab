// How long ago, in words (ago.js), as the match list says it, in the page's language.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { ago } from "../../resources/viewer/ago.js";
import { useMessages } from "../../resources/viewer/i18n.js";

const catalogue = (code) =>
  JSON.parse(readFileSync(new URL(`../../resources/viewer/lang/${code}.json`, import.meta.url), "utf-8"));
const english = catalogue("en");
useMessages(english);

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

test("in Hindi, with Western digits", () => {
  const now = Date.UTC(2026, 11, 1, 18, 0, 0);
  try {
    useMessages(catalogue("hi"), english, "hi");
    assert.equal(ago(now, now), "अभी-अभी");
    assert.equal(ago(now - 40_000, now), "40 सेकंड पहले");
    assert.equal(ago(now - 12 * 60_000, now), "12 मिनट पहले");
    assert.match(ago(now - 2 * 3600_000, now), /^\d\d:\d\d.* बजे$/);
    assert.match(ago(now - 30 * 3600_000, now), /^\d+ \S+ को$/);
    assert.doesNotMatch(ago(now - 30 * 3600_000, now), /[\u0966-\u096F]/, "no Devanagari digits");
  } finally {
    useMessages(english);
  }
});

// Team colour contrast: expectations worked out by hand from the WCAG formulas.

import assert from "node:assert/strict";
import { test } from "node:test";

import { contrastRatio, edgeOn, inkOn, luminance } from "../../resources/viewer/colours.js";

const close = (actual, expected, note) => assert.ok(Math.abs(actual - expected) < 0.01, `${note}: ${actual}`);

test("luminance of black, white and mid grey", () => {
  assert.equal(luminance("#000000"), 0);
  assert.equal(luminance("#ffffff"), 1);
  close(luminance("#808080"), 0.2159, "#808080");
});

test("contrast ratio is symmetric and spans 1 to 21", () => {
  assert.equal(contrastRatio("#000000", "#ffffff"), 21);
  assert.equal(contrastRatio("#ffffff", "#000000"), 21);
  assert.equal(contrastRatio("#3fa34d", "#3fa34d"), 1);
  close(contrastRatio("#3fa34d", "#ffffff"), 3.2025, "white on green");
});

test("ink is chosen by contrast: black on a mid green, white on blue and on red", () => {
  assert.equal(inkOn("#3FA34D"), "#111111");
  assert.equal(inkOn("#1f5fbf"), "#ffffff");
  assert.equal(inkOn("#d62828"), "#ffffff");
  assert.equal(inkOn("#ffd500"), "#111111");
});

test("an edge keeps a colour that already stands out", () => {
  assert.equal(edgeOn("#d62828", "#ffffff"), "#d62828");
  assert.equal(edgeOn("#ffd500", "#111111"), "#ffd500");
});

test("a near-black team gets a light edge on a dark page, a near-white one a dark edge", () => {
  const onDark = edgeOn("#1a1a1a", "#121212");
  assert.notEqual(onDark, "#1a1a1a");
  assert.ok(contrastRatio(onDark, "#121212") >= 3, onDark);
  assert.ok(luminance(onDark) > luminance("#1a1a1a"), onDark);
  const onLight = edgeOn("#f4f4f4", "#ffffff");
  assert.ok(contrastRatio(onLight, "#ffffff") >= 3, onLight);
  assert.ok(luminance(onLight) < luminance("#f4f4f4"), onLight);
});

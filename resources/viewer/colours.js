// Team colours made readable: text and outlines chosen by WCAG contrast ratio, not by a
// brightness threshold, so a mid green gets black text and a near-black team still shows
// an edge on a dark page.

const INK_DARK = "#111111";
const INK_LIGHT = "#ffffff";
// Non-text contrast (WCAG 1.4.11): a shape must differ from what surrounds it by 3:1.
const EDGE_MIN = 3;

function channels(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

function toHex([r, g, b]) {
  return "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

/** WCAG relative luminance of a #rrggbb colour, 0 (black) to 1 (white). */
export function luminance(hex) {
  const linear = (c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two #rrggbb colours, 1 to 21. */
export function contrastRatio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour for `hex`: near-black or white, whichever has the higher contrast. */
export function inkOn(hex) {
  return contrastRatio(INK_DARK, hex) >= contrastRatio(INK_LIGHT, hex) ? INK_DARK : INK_LIGHT;
}

/**
 * An outline for a `hex` shape drawn on `background`: the colour itself when it already stands
 * out by 3:1, otherwise the colour mixed towards white or black (away from the background)
 * just far enough to reach 3:1.
 */
export function edgeOn(hex, background) {
  if (contrastRatio(hex, background) >= EDGE_MIN) return hex;
  const target = luminance(background) < 0.18 ? [255, 255, 255] : [0, 0, 0];
  const from = channels(hex);
  for (let step = 1; step <= 20; step++) {
    const t = step / 20;
    const mixed = toHex(from.map((c, i) => c + (target[i] - c) * t));
    if (contrastRatio(mixed, background) >= EDGE_MIN) return mixed;
  }
  return toHex(target);
}

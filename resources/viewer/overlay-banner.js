// The overlay's banner: a moment's title and words, in a team's colours or in neither,
// made to fit the bug's width in any language at any scale.
//
// The banner is as wide as the bar above it. Its words are tried on one line at their
// full size, then a little smaller; then stacked, title over words, each wrapping
// between words; and last, breaking a word too long for a line of its own. Text never
// goes below the overlay's minimum size (overlay.css --min-text), so at small scales
// stacking is what makes room.

import { paintTeam, setText } from "./dom.js";

// Font sizes to try, as fractions of the banner's full size, in each layout in turn.
const SIZES = [1, 0.9, 0.8, 0.7];
const LAYOUTS = [[], ["stacked"], ["stacked", "broken"]];
const LAYOUT_CLASSES = ["stacked", "broken"];

/** Show `moment` ({ title, text, side, team }) on `banner` and fit it. */
export function showBanner(banner, moment) {
  banner.classList.toggle("neutral", !moment.side);
  if (moment.side) paintTeam(banner, moment.team, moment.side);
  setText(banner.querySelector(".banner-title"), moment.title);
  setText(banner.querySelector(".banner-team"), moment.text);
  banner.hidden = false;
  return fitBanner(banner);
}

/** The first layout in which every part of the banner shows whole; whether one did. */
export function fitBanner(banner) {
  for (const layout of LAYOUTS) {
    banner.classList.remove(...LAYOUT_CLASSES);
    banner.classList.add(...layout);
    for (const size of SIZES) {
      banner.style.setProperty("--banner-size", String(size));
      if (showsWhole(banner)) return true;
    }
  }
  return false;
}

function showsWhole(banner) {
  return [banner, ...banner.children].every(
    (node) => node.scrollWidth <= node.clientWidth && node.scrollHeight <= node.clientHeight,
  );
}

// What the overlay puts up a banner for, and the result line it keeps up after the match.
// Pure functions of two match states; no DOM here.

import { HIGHLIGHT_TITLES, highlights, inPlay, resultLine } from "./match.js";

/** The side whose next raid is do-or-die, or null. */
export function doOrDieSide(state) {
  if (!state || !inPlay(state.phase)) return null;
  const side = state.raidClock ? state.raidClock.team : state.raidingTeam;
  return side && state[side]?.doOrDie ? side : null;
}

function score(state) {
  return `${state.home.shortName} ${state.home.score}–${state.away.score} ${state.away.shortName}`;
}

/** "Patna Pirates win 34–30", "Match drawn 30–30": the result as the bug keeps showing it. */
export function resultText(state) {
  return `${resultLine(state)} · ${score(state)}`;
}

/**
 * The moments between `before` and `after` worth a banner, in the order to show them:
 * { title, text, side } where side is null for a banner in neither team's colours.
 */
export function moments(before, after) {
  if (!before || !after) return [];
  const found = highlights(before, after).map((moment) => ({
    title: HIGHLIGHT_TITLES[moment.kind],
    text: moment.kind === "allOut" ? `${moment.victim} all out` : moment.team,
    side: moment.side,
  }));
  const doOrDie = doOrDieSide(after);
  if (doOrDie && doOrDie !== doOrDieSide(before)) {
    found.push({ title: "Do or die", text: `${after[doOrDie].name} must score`, side: doOrDie });
  }
  if (after.phase !== before.phase) {
    if (after.phase === "halfTime") found.push({ title: "Half-time", text: score(after), side: null });
    if (after.phase === "fullTime")
      found.push({ title: "Full time", text: `${score(after)} · tie-break next`, side: null });
    if (after.phase === "finished") {
      const winner = after.winner === "home" || after.winner === "away" ? after.winner : null;
      found.push({ title: "Result", text: resultText(after), side: winner });
    }
  }
  return found;
}

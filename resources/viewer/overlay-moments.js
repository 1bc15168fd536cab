// What the overlay puts up a banner for, and the result line it keeps up after the match,
// in the page's language. Pure functions of two match states; no DOM here.

import { t } from "./i18n.js";
import { highlightTitle, highlights, inPlay, phaseName, resultLine } from "./match.js";

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
    title: highlightTitle(moment.kind),
    text: moment.kind === "allOut" ? t("highlight.teamAllOut", { team: moment.victim }) : moment.team,
    side: moment.side,
  }));
  const doOrDie = doOrDieSide(after);
  if (doOrDie && doOrDie !== doOrDieSide(before)) {
    const text = t("banner.mustScore", { team: after[doOrDie].name });
    found.push({ title: t("raid.doOrDie"), text, side: doOrDie });
  }
  if (after.phase !== before.phase) {
    const title = phaseName(after.phase);
    if (after.phase === "halfTime") found.push({ title, text: score(after), side: null });
    if (after.phase === "fullTime") {
      found.push({ title, text: t("banner.tieBreakNext", { score: score(after) }), side: null });
    }
    if (after.phase === "finished") {
      const winner = after.winner === "home" || after.winner === "away" ? after.winner : null;
      found.push({ title: t("banner.result"), text: resultText(after), side: winner });
    }
  }
  return found;
}

// What a screen reader hears as the match goes on: every line a sighted spectator sees
// appear, with teams by their full names, and the score or the new situation after it.
// Pure functions; no DOM here.

import { t } from "./i18n.js";
import { SIDES, highlightTitle, highlights, inPlay, resultLine, scoreWords } from "./match.js";

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `text` with each team's short name ("PAT") replaced by its full name. */
export function withFullNames(text, state) {
  const names = new Map();
  for (const side of SIDES) {
    const team = state[side];
    if (team.shortName && team.shortName !== team.name) names.set(team.shortName, team.name);
  }
  if (!names.size) return text;
  const words = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})(?![\\p{L}\\p{N}])`, "gu");
  return text.replace(pattern, (short) => names.get(short));
}

/** What to say for one live event: its line (in the page's language when the page could
 * say it, `said`), then what changed because of it. */
export function announcement(logged, before, after) {
  const parts = [withFullNames(logged.said ?? logged.text, after)];
  if (before) {
    for (const moment of highlights(before, after)) {
      const title = highlightTitle(moment.kind);
      const team = after[moment.side].name;
      parts.push(
        moment.kind === "allOut"
          ? t("announce.allOut", { title, team: after[other(moment.side)].name })
          : t("announce.highlight", { title, team }),
      );
    }
    // The line says the phase changed ("Half time", "Kick-off!"); the result is news.
    if (before.phase !== after.phase && after.phase === "finished") parts.push(resultLine(after));
    const scored = SIDES.some((side) => before[side].score !== after[side].score);
    if (scored || before.phase !== after.phase) parts.push(scoreWords(after));
    if (doOrDieNext(after) && !doOrDieNext(before)) {
      parts.push(t("announce.nextDoOrDie", { team: after[after.raidingTeam].name }));
    }
  }
  return parts.map((part) => part.replace(/[.\s]+$/, "")).join(". ") + ".";
}

/** Between raids, with the team to raid next on a do-or-die raid. */
function doOrDieNext(state) {
  return inPlay(state.phase) && !state.raidClock && state[state.raidingTeam]?.doOrDie === true;
}

function other(side) {
  return side === "home" ? "away" : "home";
}

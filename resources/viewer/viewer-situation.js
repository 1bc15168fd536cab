// What is going on at the score right now, in one line: a timeout and its countdown, a
// super raid, super tackle or all out just now, a do-or-die raid. Pure functions of the
// state, the events and a time; no DOM here.

import { mmss } from "./clock.js";
import { t } from "./i18n.js";
import { halfInPlay, highlightTitle, inPlay } from "./match.js";

// A team timeout lasts 30 seconds (PKL and federation play alike). The rules do not time
// it (the scorer resumes the clock), so the page counts it down from the timeout event.
export const TIMEOUT_MS = 30_000;
// How long a super raid, super tackle or all out stays at the score.
export const HIGHLIGHT_MS = 8_000;

/**
 * The timeout in force after `logged` (an event as the relay logs it), given the one in
 * force before: a timeout starts one, a clock event ends it, an undo of it takes it back.
 */
export function nextTimeout(current, logged) {
  const event = logged.event;
  if (event.type === "timeout" && (event.team === "home" || event.team === "away")) {
    return { seq: logged.seq, team: event.team, at: event.at };
  }
  if (event.type === "clock") return null;
  if (current && event.type === "undo" && event.targetSeq === current.seq) return null;
  return current;
}

/**
 * The situation line: {kind, side, text}, kind one of "timeout", "highlight", "doOrDie"
 * or "none". `timeout` is nextTimeout()'s, `highlight` the latest {kind, side, at} banner
 * moment, `now` the relay's time in ms.
 */
export function situation(state, { timeout = null, highlight = null, now }) {
  if (timeout && halfInPlay(state.phase) && !state.clock.running) {
    const team = state[timeout.team];
    const left = Number.isFinite(timeout.at) ? TIMEOUT_MS - (now - timeout.at) : 0;
    // The countdown before the name: a narrow screen cuts a long name short, not the time.
    const text =
      left > 0
        ? t("situation.timeoutLeft", { team: team.name, time: mmss(left) })
        : t("situation.timeout", { team: team.name });
    return { kind: "timeout", side: timeout.team, text };
  }
  if (highlight && now - highlight.at < HIGHLIGHT_MS) {
    const team = state[highlight.side];
    const title = highlightTitle(highlight.kind);
    const victim = state[highlight.side === "home" ? "away" : "home"];
    const text =
      highlight.kind === "allOut"
        ? t("situation.allOut", { title, team: victim.name })
        : t("situation.highlight", { title, team: team.name });
    return { kind: "highlight", side: highlight.side, text };
  }
  const side = state.raidClock ? state.raidClock.team : state.raidingTeam;
  if (inPlay(state.phase) && state[side]?.doOrDie) {
    return { kind: "doOrDie", side, text: t("situation.doOrDie", { team: state[side].name }) };
  }
  return { kind: "none", side: null, text: "" };
}

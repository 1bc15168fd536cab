// The referee's calls worth showing as they happen: a raider out without a tackle, a
// team review (overturned or not) and a correction. Pure functions of logged events.

import { findPlayer } from "./match.js";

// The catalogue's key for each call (i18n.js: "call.<key>").
const CALL_KEYS = {
  "OUT OF BOUNDS": "call.outOfBounds",
  LOBBY: "call.lobby",
  "BAULK LINE": "call.baulkLine",
  "CANT LOST": "call.cant",
  "TIME UP": "call.timeUp",
  "REVIEW — OVERTURNED": "call.reviewOverturned",
  "REVIEW — CALL STANDS": "call.reviewStands",
  CORRECTED: "call.corrected",
};

const RAIDER_OUT = {
  outOfBounds: "OUT OF BOUNDS",
  lobby: "LOBBY",
  baulkLine: "BAULK LINE",
  cant: "CANT LOST",
  timeUp: "TIME UP",
};

/** The call a logged event stands for ("OUT OF BOUNDS", "REVIEW — OVERTURNED", ...), or null. */
export function callOf(event) {
  if (!event || typeof event !== "object") return null;
  if (event.type === "raid" && RAIDER_OUT[event.raiderOut]) return RAIDER_OUT[event.raiderOut];
  if (event.type === "review") return event.overturned ? "REVIEW — OVERTURNED" : "REVIEW — CALL STANDS";
  if (event.type === "correct") return "CORRECTED";
  return null;
}

/** The side a call belongs to: the raider's team, the reviewing team; null if neither. */
export function callSide(event, state) {
  if (!event || !state) return null;
  if (event.type === "review" && (event.team === "home" || event.team === "away")) return event.team;
  const raid = event.type === "correct" ? event.event : event;
  if (raid && raid.type === "raid") return findPlayer(state, raid.raiderId)?.side ?? null;
  return null;
}

/** The catalogue's key for a call's title (i18n.js), or null for a title it lacks. */
export function callKey(title) {
  return Object.hasOwn(CALL_KEYS, title) ? CALL_KEYS[title] : null;
}

/** The calls among `events` (logged events, oldest first), each with its side. */
export function calls(events, state) {
  const found = [];
  for (const logged of events) {
    const title = callOf(logged.event);
    if (title) found.push({ title, side: callSide(logged.event, state), seq: logged.seq });
  }
  return found;
}

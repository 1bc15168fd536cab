// Reading a MatchState (the relay's JSON, camelCase): labels, lookups, leaders, and the
// moments worth a banner. Pure functions of the state; no DOM here. What each phase
// means comes from the generated phase table (relay/rules/phases.py).

import { known, t } from "./i18n.js";
import { PHASE_TABLE } from "./phases.js";

export const SIDES = ["home", "away"];

/** Enough of a MatchState to draw it; anything else is a frame to ignore. */
export function isMatchState(state) {
  return (
    state !== null &&
    typeof state === "object" &&
    SIDES.every((side) => isTeam(state[side])) &&
    state.clock !== null &&
    typeof state.clock === "object" &&
    typeof state.phase === "string"
  );
}

function isTeam(team) {
  return (
    team !== null &&
    typeof team === "object" &&
    typeof team.name === "string" &&
    typeof team.shortName === "string" &&
    Number.isFinite(team.score) &&
    Array.isArray(team.players) &&
    Array.isArray(team.onCourt)
  );
}

/** What a phase means to a screen (see phases.js), or null for a phase this page does not know. */
function phaseRules(phase) {
  return typeof phase === "string" && Object.hasOwn(PHASE_TABLE.phases, phase)
    ? PHASE_TABLE.phases[phase]
    : null;
}

/** The phase's name for people ("1st half"); a phase from a newer relay shows as it is. */
export function phaseLabel(phase) {
  return phaseRules(phase)?.label ?? (typeof phase === "string" ? phase : "");
}

/** A phase's name in the page's language ("1st half"; `short`: the overlay's "1ST"); a
 * newer relay's phase as the relay names it. */
export function phaseName(phase, { short = false } = {}) {
  const key = `${short ? "phaseShort" : "phase"}.${phase}`;
  if (known(key)) return t(key);
  return short ? shortPhase(phase) : phaseLabel(phase);
}

/** The overlay's short name ("1ST"). */
export function shortPhase(phase) {
  return phaseRules(phase)?.shortLabel ?? "";
}

/** Phases in which the match clock runs down a half. */
export function halfInPlay(phase) {
  return phaseRules(phase)?.half === true;
}

/** Phases with a match clock to show: the halves and the breaks around them. */
export function clockShown(phase) {
  return phaseRules(phase)?.clockShown === true;
}

/** Phases in which raids happen. */
export function inPlay(phase) {
  return phaseRules(phase)?.raids === true;
}

/** What the clock button does now: "start", "pause", "resume", or null. */
export function clockButton(phase, running) {
  const rules = phaseRules(phase);
  if (!rules) return null;
  return running ? "pause" : rules.stoppedClockButton;
}

export function otherSide(side) {
  return side === "home" ? "away" : "home";
}

/** A line under the phase, in the page's language: who won, or what comes next. */
export function resultLine(state) {
  if (state.phase === "finished") {
    if (state.winner === "draw") return t("result.drawn");
    if (state.winner === "home" || state.winner === "away") {
      return t("result.win", { team: state[state.winner].name });
    }
    return t("result.over");
  }
  if (state.phase === "fullTime") return t("result.tieBreakNext");
  if (state.phase === "scheduled") return t("result.waitingKickOff");
  if (state.phase === "tieBreak") {
    const raids = (side) => state.tieBreak?.raids?.[side]?.length ?? 0;
    return t("result.tieBreakRaids", {
      home: state.home.shortName,
      homeRaids: raids("home"),
      away: state.away.shortName,
      awayRaids: raids("away"),
    });
  }
  if (state.phase === "goldenRaid") return t("result.goldenRaid");
  if (halfInPlay(state.phase) && !state.clock.running) return t("result.clockStopped");
  return "";
}

export function findPlayer(state, id) {
  for (const side of SIDES) {
    const player = state[side].players.find((p) => p.id === id);
    if (player) return { side, player };
  }
  return null;
}

/**
 * The places on a team's mat, in the order to draw them: players on the mat, then those
 * out in the order they come back, then the suspended, then the sent off.
 */
export function matPlaces(team) {
  const byId = new Map(team.players.map((p) => [p.id, p]));
  const pick = (ids) => ids.map((id) => byId.get(id)).filter(Boolean);
  const onCourt = pick(team.onCourt);
  const out = pick(Array.isArray(team.outOrder) ? team.outOrder : []);
  const listed = new Set([...onCourt, ...out].map((p) => p.id));
  const outLate = team.players.filter((p) => p.status === "out" && !listed.has(p.id));
  return [
    ...onCourt.map((player) => ({ player, kind: "onCourt" })),
    ...[...out, ...outLate].map((player, index) => ({ player, kind: "out", comesBack: index + 1 })),
    ...team.players.filter((p) => p.status === "suspended").map((player) => ({ player, kind: "suspended" })),
    ...team.players.filter((p) => p.status === "sentOff").map((player) => ({ player, kind: "sentOff" })),
  ];
}

export function bench(team) {
  return team.players.filter((p) => p.status === "bench");
}

/** Top players of both teams by one statistic, best first, ties by raids/tackles made. */
export function leaders(state, stat, count = 5) {
  const rows = [];
  for (const side of SIDES) {
    for (const player of state[side].players) {
      const stats = player.stats ?? {};
      const points = Number(stats[stat]) || 0;
      if (points > 0) rows.push({ side, player, stats, points });
    }
  }
  rows.sort((a, b) => b.points - a.points || a.player.number - b.player.number);
  return rows.slice(0, count);
}

function sum(team, stat) {
  return team.players.reduce((total, p) => total + (Number(p.stats?.[stat]) || 0), 0);
}

/**
 * What a state change is worth a banner for: super raids, super tackles and all outs
 * that happened between `before` and `after` (never on an undo, which takes them back).
 */
export function highlights(before, after) {
  if (!before || !after) return [];
  const found = [];
  for (const side of SIDES) {
    const was = before[side];
    const now = after[side];
    const team = now.shortName;
    if (sum(now, "superRaids") > sum(was, "superRaids")) found.push({ kind: "superRaid", side, team });
    if (sum(now, "superTackles") > sum(was, "superTackles"))
      found.push({ kind: "superTackle", side, team });
    if ((now.allOutsInflicted ?? 0) > (was.allOutsInflicted ?? 0))
      found.push({ kind: "allOut", side, team, victim: after[otherSide(side)].shortName });
  }
  return found;
}

/** A banner moment's title in the page's language ("Super raid"). */
export function highlightTitle(kind) {
  return known(`highlight.${kind}`) ? t(`highlight.${kind}`) : (HIGHLIGHT_TITLES[kind] ?? kind);
}

export const HIGHLIGHT_TITLES = {
  superRaid: "Super raid",
  superTackle: "Super tackle",
  allOut: "All out",
};

/** The score after an event ("PAT 3–0 BEN") from its `score`; "" when it has none. */
export function scoreLine(score, state) {
  if (!score || !Number.isFinite(score.home) || !Number.isFinite(score.away)) return "";
  if (!state) return `${score.home}–${score.away}`;
  return `${state.home.shortName} ${score.home}–${score.away} ${state.away.shortName}`;
}

export function scoreWords(state) {
  const { home, away } = state;
  return t("viewer.scoreWords", {
    home: home.name,
    homeScore: home.score,
    away: away.name,
    awayScore: away.score,
  });
}

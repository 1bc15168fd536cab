// The commentary line of an event, in the page's language, from the event and the match
// states before and after it.
//
// The relay sends an English line (`text`) with every event; this says the same in any
// language of the catalogue (i18n.js). It decides nothing: what a raid was worth, a super
// tackle, an all out, who came back, are read off the change between the two states the
// relay computed, never worked out again here. In English it says exactly what the relay
// says: tests/js/commentary.test.js checks every event of the fixture match against the
// relay's own lines (resources/vectors/commentary.json).
//
// Without the state before the event (the lines a page finds in its welcome) or for an
// event it cannot read (a correction restates two raids as they were then; a newer
// relay's event), `commentary` returns null and the page shows the relay's English line.
// An undo restates the line it takes back: `earlier(seq)` gives that line as the page
// said it, or null (then the relay's line is shown).

import { SIDES, findPlayer, halfInPlay, inPlay, otherSide } from "./match.js";

const NEWS = " — ";
const LIST = ", ";
const TIE_BREAK = ["tieBreak", "goldenRaid"];

/** The line for `logged` ({event, ...}) given the states around it; null when it cannot say. */
export function commentary(logged, before, after, t, earlier = () => null) {
  const event = logged?.event;
  if (!event || !after) return null;
  if (event.type === "setup") return setupLine(event, after, t);
  if (event.type === "undo") {
    const line = earlier(event.targetSeq);
    return typeof line === "string" ? t("c.undone", { line }) : null;
  }
  if (!before) return null;
  const say = SAYINGS[event.type];
  if (!say) return null;
  let line = say(event, before, after, t);
  if (line === null) return null;
  const returned = backFromSuspension(before, after);
  if (returned.length) line += ` ${t("c.backFromSuspension", { names: names(after, returned) })}`;
  const passed = passedTurn(event, before, after, t);
  if (passed) line += NEWS + passed;
  return line;
}

const SAYINGS = {
  clock: clockLine,
  raidStart: raidStartLine,
  raid: raidLine,
  card: cardLine,
  substitution: substitutionLine,
  timeout: timeoutLine,
  technical: technicalLine,
  review: reviewLine,
  toss: tossLine,
};

// --- who --------------------------------------------------------------------------------

function player(state, id) {
  return findPlayer(state, id);
}

function nameOf(state, id) {
  return player(state, id)?.player.name ?? id;
}

function names(state, ids) {
  return ids.map((id) => nameOf(state, id)).join(LIST);
}

/** "Pardeep (PAT)". */
function label(state, id, t) {
  const found = player(state, id);
  if (!found) return id;
  return t("c.player", { name: found.player.name, team: state[found.side].shortName });
}

function statusOf(state, side, id) {
  return state[side].players.find((p) => p.id === id)?.status ?? null;
}

function count(team, path) {
  let value = team;
  for (const step of path) value = value?.[step];
  return Number(value) || 0;
}

// --- events -----------------------------------------------------------------------------

function setupLine(event, after, t) {
  return t("c.setup", {
    home: after.home.name,
    away: after.away.name,
    rules: event.rules,
    first: after[event.firstRaid]?.shortName ?? "",
  });
}

function clockLine(event, before, after, t) {
  switch (event.action) {
    case "start":
      if (after.phase === "firstHalf") return t("c.kickOff", { team: after[after.firstRaid].shortName });
      if (after.phase === "secondHalf")
        return t("c.secondHalf", { team: after[after.raidingTeam].shortName });
      if (after.phase === "tieBreak") return t("c.tieBreak", { team: after[after.firstRaid].shortName });
      return null;
    case "endHalf":
      if (after.halfEndsAfterRaid && !before.halfEndsAfterRaid) return t("c.timeUpAfterRaid");
      return halfEnd(after, t);
    case "pause":
      return t("c.clockPaused");
    case "resume":
      return t("c.clockResumed");
    default:
      return null;
  }
}

/** What the end of a half led to: half time, full time, or a tie-break to come. */
function halfEnd(after, t) {
  if (after.phase === "halfTime") return t("c.halfTime");
  if (after.phase === "fullTime") return t("c.fullTimeLevel");
  if (after.phase === "finished") return result(after, t);
  return null;
}

function result(after, t) {
  if (after.winner === "draw") return t("c.fullTimeDraw");
  if (after.winner === "home" || after.winner === "away") {
    const winner = after[after.winner].name;
    if (after.tieBreak?.winnerToss) return t("c.winOnToss", { team: winner });
    return t("c.fullTimeWin", { team: winner });
  }
  return null;
}

function raidStartLine(event, before, after, t) {
  const found = player(after, event.raiderId);
  if (!found) return null;
  const line = t("c.goesIn", { raider: label(after, event.raiderId, t) });
  // Every tie-break raid is do-or-die; in a half, when the team's flag is up.
  const doOrDie = inPlay(after.phase) && (!halfInPlay(after.phase) || after[found.side].doOrDie);
  return doOrDie ? line + NEWS + t("c.doOrDie") : line;
}

function raidLine(event, before, after, t) {
  const found = player(after, event.raiderId);
  if (!found) return null;
  const attack = found.side;
  const defence = otherSide(attack);
  const tieBreak = TIE_BREAK.includes(before.phase);
  const kind = event.raidType;
  const touched = kind === "successful" ? (event.touchedIds ?? []) : [];
  const lineOuts = event.lineOutIds ?? [];
  const defenceTeam = after[defence].shortName;

  const parts = [];
  if (touched.length) {
    const key = touched.length === 1 ? "c.touch.one" : "c.touch.other";
    parts.push(t(key, { count: touched.length, names: names(after, touched) }));
  }
  if (event.bonus) parts.push(t("c.bonus"));
  if (lineOuts.length) parts.push(t("c.lineOut", { names: names(after, lineOuts), count: lineOuts.length }));

  const doOrDieLost = count(after[defence], ["extras", "doOrDie"]) > count(before[defence], ["extras", "doOrDie"]);
  if (kind === "unsuccessful") {
    parts.unshift(raiderOut(event, before, after, defence, t));
  } else if (kind === "empty" && doOrDieLost) {
    parts.unshift(
      tieBreak
        ? t("c.emptyRaidPoint", { team: defenceTeam })
        : t("c.emptyDoOrDie", { raider: nameOf(after, event.raiderId), team: defenceTeam }),
    );
  } else if (kind === "empty") {
    parts.unshift(t("c.emptyRaid"));
  }

  const allOuts = {};
  for (const side of [defence, attack]) allOuts[side] = allOut(before, after, side, t);
  if (!tieBreak) {
    for (const side of [defence, attack]) {
      if (!allOuts[side]) parts.push(...revivals(before, after, side, t));
    }
  }

  const news = [];
  if (superRaid(before, after, attack, event.raiderId)) news.push(t("c.superRaid"));
  for (const side of [defence, attack]) if (allOuts[side]) news.push(allOuts[side]);
  if (halfInPlay(before.phase) && after[attack].doOrDie)
    news.push(t("c.nextDoOrDie", { team: after[attack].shortName }));
  const decided = tieBreakNews(before, after, t);
  if (decided) news.push(decided);
  if (before.halfEndsAfterRaid && !after.halfEndsAfterRaid) {
    const end = halfEnd(after, t);
    if (end) news.push(end);
  }
  const line = t("c.raids", { raider: label(after, event.raiderId, t), parts: parts.join(LIST) });
  return [line, ...news].join(NEWS);
}

/** The raider's exit, for the defence: a reason called by the referee, or a tackle. */
function raiderOut(event, before, after, defence, t) {
  const team = after[defence].shortName;
  if (event.raiderOut) {
    return t("c.raiderOut", { reason: t(`c.out.${event.raiderOut}`), team });
  }
  const tacklers = event.tacklerIds ?? [];
  const points = count(after[defence], ["points", "tackle"]) - count(before[defence], ["points", "tackle"]);
  const by = tacklers.length ? names(after, tacklers) : null;
  if (points === 2) return by ? t("c.superTackleBy", { names: by, team }) : t("c.superTackle", { team });
  return by ? t("c.tackledBy", { names: by }) : t("c.tackled");
}

function superRaid(before, after, side, raiderId) {
  const was = before[side].players.find((p) => p.id === raiderId);
  const now = after[side].players.find((p) => p.id === raiderId);
  return count(now, ["stats", "superRaids"]) > count(was, ["stats", "superRaids"]);
}

/** "Pawan, Aman back for BEN" and who starts a suspension instead, for one side. */
function revivals(before, after, side, t) {
  const order = before[side].outOrder ?? [];
  const back = order.filter((id) => statusOf(after, side, id) === "onCourt");
  const suspended = order.filter((id) => statusOf(after, side, id) === "suspended");
  const parts = [];
  if (back.length) parts.push(t("c.back", { names: names(after, back), team: after[side].shortName }));
  for (const id of suspended) parts.push(t("c.suspensionInstead", { player: label(after, id, t) }));
  return parts;
}

/** The all out `side` suffered in this event, in words, or null. */
function allOut(before, after, side, t) {
  const winner = otherSide(side);
  const inflicted = count(after[winner], ["allOutsInflicted"]) - count(before[winner], ["allOutsInflicted"]);
  if (inflicted <= 0) return null;
  const points = count(after[winner], ["points", "allOut"]) - count(before[winner], ["points", "allOut"]);
  const parts = [
    t("c.allOut", { team: after[side].shortName, points, winner: after[winner].shortName }),
  ];
  if (!after[side].onCourt.length) parts[0] += `; ${t("c.allOutNobody", { team: after[side].name })}`;
  const order = before[side].outOrder ?? [];
  const suspended = [...order, ...before[side].onCourt].filter(
    (id) => statusOf(before, side, id) !== "suspended" && statusOf(after, side, id) === "suspended",
  );
  for (const id of suspended) parts.push(t("c.suspensionInstead", { player: label(after, id, t) }));
  return parts.join("; ");
}

/** What a tie-break or golden raid led to, or null. */
function tieBreakNews(before, after, t) {
  if (!TIE_BREAK.includes(before.phase)) return null;
  if (after.phase === "finished") return result(after, t);
  if (before.phase === "tieBreak" && after.phase === "goldenRaid") return t("c.goldenRaid");
  if (before.phase === "goldenRaid" && after.phase === "goldenRaid") {
    const raided = after.tieBreak?.goldenRaids ?? [];
    const teams = new Set(raided);
    if (teams.size < 2) return t("c.goldenAgain", { team: after[after.raidingTeam].shortName });
    return t("c.goldenToss");
  }
  return null;
}

function cardLine(event, before, after, t) {
  const found = player(after, event.playerId);
  if (!found) return null;
  const who = label(after, event.playerId, t);
  const opponent = after[otherSide(found.side)].shortName;
  let line;
  if (event.color === "green") {
    line = t("c.greenCard", { player: who });
  } else if (event.color === "yellow") {
    const minutes = after.settings?.yellowCardMinutes;
    const wasOut = statusOf(before, found.side, event.playerId) === "out";
    line = t(wasOut ? "c.yellowCardOut" : "c.yellowCard", { player: who, minutes, team: opponent });
  } else if (event.color === "red") {
    line = t("c.redCard", { player: who, team: opponent });
  } else {
    return null;
  }
  const out = allOut(before, after, found.side, t);
  return out ? line + NEWS + out : line;
}

function substitutionLine(event, before, after, t) {
  const found = player(after, event.inId);
  if (!found) return null;
  return t("c.substitution", {
    team: after[found.side].shortName,
    in: nameOf(after, event.inId),
    out: nameOf(after, event.outId),
  });
}

function timeoutLine(event, before, after, t) {
  const team = after[event.team];
  if (!team) return null;
  return t("c.timeout", { team: team.shortName, left: team.timeoutsLeft ?? 0 });
}

function technicalLine(event, before, after, t) {
  const team = after[event.team];
  if (!team) return null;
  const key = event.points === 1 ? "c.technical.one" : "c.technical.other";
  // The reason is the scorer's own words: it stays as entered.
  const line = t(key, { points: event.points, team: team.shortName, reason: event.reason });
  if (!event.passesRaid) return line;
  const loser = before[before.raidingTeam].shortName;
  return line + NEWS + t("c.losesRaid", { loser, team: team.shortName });
}

function reviewLine(event, before, after, t) {
  const team = after[event.team];
  if (!team) return null;
  if (event.overturned) return t("c.reviewOverturned", { team: team.shortName, seq: event.targetSeq });
  const left = team.reviewsLeft ?? 0;
  const key = left === 1 ? "c.reviewStands.one" : "c.reviewStands.other";
  return t(key, { team: team.shortName, seq: event.targetSeq, left });
}

function tossLine(event, before, after, t) {
  const winner = after[event.winner];
  if (!winner) return null;
  if (after.phase === "finished") return t("c.winOnToss", { team: winner.name });
  return t("c.tossGolden", { team: winner.name });
}

// --- what happens around any event -------------------------------------------------------

/** Players whose suspension ended as the clock caught up, home then away, squad order. */
function backFromSuspension(before, after) {
  const back = [];
  for (const side of SIDES) {
    for (const p of after[side].players) {
      if (p.status === "onCourt" && statusOf(before, side, p.id) === "suspended") back.push(p.id);
    }
  }
  return back;
}

/** A team with nobody on the mat passes its raid to the other team. */
function passedTurn(event, before, after, t) {
  if (!inPlay(after.phase) || after.raidClock) return null;
  const side = after.raidingTeam;
  const skipped = otherSide(side);
  const expected = event.type === "raid" ? otherSide(before.raidingTeam) : before.raidingTeam;
  if (event.type === "technical" && event.passesRaid) return null;
  if (event.type === "clock") return null;
  if (side === expected || after[skipped].onCourt.length) return null;
  return t("c.passTurn", { team: after[skipped].name, other: after[side].shortName });
}

// The live viewer: the whole match for spectators, from a phone to the venue's big screen.
//
// Everything at the score keeps its place while the match goes on (each line has its room
// reserved), and when the connection drops the page says so over the score and stops its
// clocks at the moment it lost touch, rather than counting on over a score that may be old.

import { halfRemaining, mmss, raidRemaining, secondsLeft } from "./clock.js";
import { callKey, calls } from "./calls.js";
import { commentary } from "./commentary.js";
import { byId, fill, flash, h, paintTeam, setText } from "./dom.js";
import { currentLanguage, mountLanguageSwitcher, startLanguage, statusWords, t } from "./i18n.js";
import { LiveMatch, matchIdFromUrl } from "./live.js";
import { matchExists } from "./match-exists.js";
import { SIDES, clockShown, findPlayer, highlights, inPlay, phaseName, resultLine } from "./match.js";
import { renderPlayByPlay } from "./playbyplay.js";
import { announcement, withFullNames } from "./viewer-announce.js";
import { drawMat, endedSuspensions, suspensionBadges } from "./viewer-mat.js";
import { watchScreenMode } from "./viewer-screen.js";
import { nextTimeout, situation } from "./viewer-situation.js";
import { drawLeaders, drawTeamStats } from "./viewer-stats.js";

const TICK_MS = 250;
const CALL_MS = 8000;
const SAID_LINES = 1000; // as many as the play-by-play keeps

const view = {
  state: null,
  feed: null,
  callTimer: null,
  timeout: null, // the timeout in force (viewer-situation.js nextTimeout)
  highlight: null, // the latest super raid, super tackle or all out: {kind, side, at}
  lastLine: "",
  askedWhetherExists: false,
  ended: null, // players whose suspension has run out on this page's clock, as drawn
  returned: new Set(), // suspensions whose end has been announced ("id@until")
  saidLines: new Map(), // seq -> the line as this page said it, for an undo to restate
  wasLive: false,
  staleAt: null, // the relay's time when the connection was lost, while it is
  lostAt: null, // this browser's time then, for "N s ago"
};

async function main() {
  watchScreenMode();
  await startLanguage();
  mountLanguageSwitcher(byId("lang"));
  const matchId = matchIdFromUrl();
  if (!matchId) {
    byId("no-match").hidden = false;
    byId("conn").hidden = true;
    return;
  }
  waitingText(matchId);
  const pbp = renderPlayByPlay(
    byId("pbp"),
    () => view.feed.clock.offset,
    () => view.feed.state,
  );
  view.feed = new LiveMatch(matchId, {
    reset(state, events) {
      events = events.map((logged) => said(logged, null, state));
      pbp.reset(events);
      view.timeout = null;
      view.highlight = null;
      for (const logged of events) view.timeout = nextTimeout(view.timeout, logged);
      view.lastLine = events.length ? lineOf(events.at(-1)) : "";
      show(state);
    },
    append(events, state, live) {
      const before = view.state;
      // A live event comes alone, after the state before it: its line can be said in the
      // page's language. Events caught up on in a batch keep the relay's English line.
      events = events.map((logged) => said(logged, live ? before : null, state));
      pbp.append(events);
      for (const logged of events) view.timeout = nextTimeout(view.timeout, logged);
      const last = events.at(-1);
      if (last) view.lastLine = lineOf(last);
      if (live && last && before) {
        const moment = highlights(before, state).at(-1);
        if (moment && last.event.type !== "undo") view.highlight = { ...moment, at: last.event.at };
        setText(byId("announce"), announcement(last, before, state));
      }
      show(state);
      if (live) showCall(events, state);
    },
    presence({ viewers }) {
      const watchers = byId("watchers");
      watchers.hidden = false;
      setText(watchers, t(viewers === 1 ? "watching.one" : "watching.other", { count: viewers }));
    },
    status(name) {
      showConnection(name);
    },
  });
  view.feed.start();
  setInterval(tick, TICK_MS);
}

/**
 * A page waiting for its match asks the relay once whether the id names a match: a
 * mistyped link is told so (and still goes live if that match is set up later).
 */
async function askWhetherTheMatchExists() {
  if (view.askedWhetherExists) return;
  view.askedWhetherExists = true;
  const matchId = matchIdFromUrl();
  if ((await matchExists(matchId)) !== "missing" || view.state !== null) return;
  byId("waiting").classList.add("unknown");
  setText(byId("waiting-title"), t("viewer.unknownMatch", { match: matchId }));
  setText(byId("waiting-text"), t("viewer.unknownMatchText"));
  setText(byId("announce"), `${t("viewer.unknownMatch", { match: matchId })}. ${t("viewer.unknownMatchText")}`);
}

/** "This page goes live … sets up match <b>ID</b>." with the id in bold, in any language. */
function waitingText(matchId) {
  const [before, after = ""] = t("viewer.waitingText").split("{match}");
  fill(byId("waiting-text"), before, h("b", { id: "waiting-id" }, matchId), after);
}

/**
 * `logged` with its line in the page's language (`said`), rendered from the states around
 * it (commentary.js); without them, or for an event it cannot say, the relay's English
 * line stays, marked as English (`saidLang`) for screen readers.
 */
function said(logged, before, after) {
  if (currentLanguage() === "en") return logged;
  const line = commentary(logged, before, after, t, (seq) => view.saidLines.get(seq) ?? null);
  if (line === null) return { ...logged, saidLang: "en" };
  view.saidLines.set(logged.seq, line);
  if (view.saidLines.size > SAID_LINES) view.saidLines.delete(view.saidLines.keys().next().value);
  return { ...logged, said: line };
}

function lineOf(logged) {
  return logged.said ?? logged.text;
}

/** The connection's state in the header, and over the score when the data is stale. */
function showConnection(name) {
  const conn = byId("conn");
  conn.dataset.state = name;
  setText(conn, statusWords(name));
  const live = name === "live";
  if (live) {
    view.wasLive = true;
    view.staleAt = null;
    view.lostAt = null;
  } else if (view.wasLive && view.staleAt === null) {
    view.staleAt = view.feed.clock.now();
    view.lostAt = Date.now();
  }
  document.documentElement.classList.toggle("not-live", view.staleAt !== null);
  byId("stale").hidden = view.staleAt === null;
  tick();
}

/** The latest referee's call among live events ("OUT OF BOUNDS · BEN"), for a while. */
function showCall(events, state) {
  const latest = calls(events, state).at(-1);
  if (!latest) return;
  const node = byId("call");
  const team = latest.side ? state[latest.side].shortName : "";
  const title = callKey(latest.title) ? t(callKey(latest.title)) : latest.title;
  setText(node, team ? `${title} · ${team}` : title);
  node.hidden = false;
  byId("situation").classList.add("calling");
  clearTimeout(view.callTimer);
  view.callTimer = setTimeout(() => {
    node.hidden = true;
    byId("situation").classList.remove("calling");
  }, CALL_MS);
}

/** Draw a new state. */
function show(state) {
  const before = view.state;
  view.state = state;
  byId("waiting").hidden = state !== null;
  if (state === null) askWhetherTheMatchExists();
  byId("match").hidden = state === null;
  if (state === null) {
    document.title = t("viewer.titleWaiting");
    return;
  }
  const { home, away } = state;
  document.title = t("viewer.titleScore", {
    home: home.shortName,
    homeScore: home.score,
    awayScore: away.score,
    away: away.shortName,
  });
  setText(byId("match-title"), t("viewer.matchTitle", { home: home.name, away: away.name }));
  for (const side of SIDES) drawSide(state, side, before);
  replaceText(byId("phase"), phaseName(state.phase));
  replaceText(byId("result"), resultLine(state));
  // The line as the play-by-play shows it; screen readers get the teams' full names.
  replaceText(byId("last-event-shown"), view.lastLine);
  replaceText(byId("last-event-heard"), withFullNames(view.lastLine, state));
  drawRaid(state);
  view.ended = null; // draw the mat again with the suspensions as they are now
  drawTeamStats(byId("team-stats"), state);
  drawLeaders(byId("top-raiders"), byId("top-defenders"), state);
  tick();
}

function drawSide(state, side, before) {
  const team = state[side];
  paintTeam(byId(`${side}-side`), team, side);
  replaceText(byId(`${side}-name`), team.name);
  replaceText(byId(`${side}-short`), team.shortName);
  const score = byId(`${side}-score`);
  replaceText(score, team.score);
  if (before && before[side].score !== team.score) flash(score, "bump");

  const raidsNext = inPlay(state.phase) && state.raidingTeam === side;
  const raidingNow = state.raidClock && state.raidClock.team === side;
  fill(
    byId(`${side}-tags`),
    raidingNow || raidsNext
      ? h("span", { class: "tag raiding" }, t(raidingNow ? "raid.raiding" : "raid.raidsNext"))
      : null,
    team.doOrDie && inPlay(state.phase) ? h("span", { class: "tag dod" }, t("raid.doOrDie")) : null,
  );
  fill(
    byId(`${side}-meta`),
    h("span", {}, t("viewer.timeoutsLeft", { count: team.timeoutsLeft ?? 0 })),
    h("span", {}, t("viewer.allOuts", { count: team.allOutsInflicted ?? 0 })),
  );
}

function drawRaid(state) {
  const raid = byId("raid");
  const clock = state.raidClock;
  const side = clock ? clock.team : state.raidingTeam;
  const team = state[side];
  raid.classList.toggle("idle", !clock && !inPlay(state.phase) && state.phase !== "scheduled");
  raid.classList.toggle("live", Boolean(clock));
  paintTeam(raid, team, side);
  if (clock) {
    const found = findPlayer(state, clock.raiderId);
    replaceText(byId("raid-label"), t("raid.raid"));
    replaceText(byId("raider"), found ? `${found.player.name} (${team.shortName})` : team.shortName);
  } else if (raid.classList.contains("idle")) {
    replaceText(byId("raid-label"), "");
    replaceText(byId("raider"), "");
  } else {
    replaceText(byId("raid-label"), t(state.phase === "scheduled" ? "raid.firstRaid" : "raid.nextRaid"));
    replaceText(byId("raider"), team.name);
  }
}

function tick() {
  const state = view.state;
  if (!state) return;
  // Stale data: the clocks stop where they were when the connection was lost.
  const now = view.staleAt ?? view.feed.clock.now();
  const clock = byId("match-clock");
  setText(clock, clockShown(state.phase) ? mmss(halfRemaining(state.clock, now)) : "");
  clock.classList.toggle("stopped", !state.clock.running);

  if (state.raidClock) {
    const left = raidRemaining(state.raidClock, now);
    setText(byId("raid-seconds"), secondsLeft(left));
    byId("raid-bar").style.width = `${(100 * left) / (state.raidClock.seconds * 1000)}%`;
    byId("raid").classList.toggle("urgent", left <= 5000);
  } else {
    setText(byId("raid-seconds"), "");
    byId("raid-bar").style.width = "0%";
    byId("raid").classList.remove("urgent");
  }

  const now_ = situation(state, { timeout: view.timeout, highlight: view.highlight, now });
  const box = byId("situation");
  box.dataset.kind = now_.kind;
  if (now_.side) paintTeam(box, state[now_.side], now_.side);
  replaceText(byId("situation-text"), now_.text);

  // A suspension ends on the page when its time runs out, as the relay will end it at
  // the next event: the player is back on the mat.
  const ended = endedSuspensions(state, now);
  const key = ended.join(" ");
  if (key !== view.ended) {
    view.ended = key;
    drawMat(byId("mat"), state, ended);
    announceReturns(state, ended);
  }
  suspensionBadges(byId("mat"), state, now);

  if (view.lostAt !== null) {
    setText(byId("stale-age"), t("viewer.staleAge", { ago: ago(Date.now() - view.lostAt) }));
  }
}

/** Say once that a player whose suspension has run out is back on the mat. */
function announceReturns(state, ended) {
  for (const id of ended) {
    const found = findPlayer(state, id);
    const once = `${id}@${found?.player.suspendedUntilMs}`;
    if (!found || view.returned.has(once)) continue;
    view.returned.add(once);
    const team = state[found.side].name;
    setText(byId("announce"), t("announce.backFromSuspension", { player: found.player.name, team }));
  }
}

/**
 * Put new words in `node` as a new text node. Centred words that change are new words,
 * not old ones moved sideways: nothing on the page shifts (Layout Instability API).
 */
function replaceText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.replaceChildren(document.createTextNode(value));
}

/** "12 s ago", "3 min ago". */
function ago(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return seconds < 60
    ? t("ago.seconds", { count: seconds })
    : t("ago.minutes", { count: Math.floor(seconds / 60) });
}

main();

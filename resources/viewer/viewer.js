// The live viewer: the whole match for spectators, from a phone to the venue's big screen.

import { halfRemaining, mmss, raidRemaining, secondsLeft, suspensionRemaining } from "./clock.js";
import { calls } from "./calls.js";
import { byId, fill, flash, h, paintTeam, setText } from "./dom.js";
import { LiveMatch, matchIdFromUrl, statusText } from "./live.js";
import {
  SIDES,
  clockShown,
  findPlayer,
  inPlay,
  phaseLabel,
  resultLine,
  scoreWords,
} from "./match.js";
import { renderPlayByPlay } from "./playbyplay.js";
import { drawMat } from "./viewer-mat.js";
import { drawLeaders, drawTeamStats } from "./viewer-stats.js";

const TICK_MS = 250;
const CALL_MS = 8000;

const view = {
  state: null,
  feed: null,
  callTimer: null,
};

function main() {
  const matchId = matchIdFromUrl();
  if (!matchId) {
    byId("no-match").hidden = false;
    byId("conn").hidden = true;
    return;
  }
  setText(byId("waiting-id"), matchId);
  const pbp = renderPlayByPlay(
    byId("pbp"),
    () => view.feed.clock.offset,
    () => view.feed.state,
  );
  view.feed = new LiveMatch(matchId, {
    reset(state, events) {
      pbp.reset(events);
      show(state, null);
    },
    append(events, state) {
      pbp.append(events);
      const last = events.at(-1);
      show(state, last ? last.text : null);
      showCall(events, state);
    },
    presence({ viewers }) {
      const watchers = byId("watchers");
      watchers.hidden = false;
      setText(watchers, viewers === 1 ? "1 watching" : `${viewers} watching`);
    },
    status(name) {
      const conn = byId("conn");
      conn.dataset.state = name;
      setText(conn, statusText(name));
    },
  });
  view.feed.start();
  setInterval(tick, TICK_MS);
}

/** The latest referee's call among live events ("OUT OF BOUNDS — BEN"), for a while. */
function showCall(events, state) {
  const latest = calls(events, state).at(-1);
  if (!latest) return;
  const node = byId("call");
  const team = latest.side ? state[latest.side].shortName : "";
  setText(node, team ? `${latest.title} · ${team}` : latest.title);
  node.hidden = false;
  clearTimeout(view.callTimer);
  view.callTimer = setTimeout(() => {
    node.hidden = true;
  }, CALL_MS);
}

/** Draw a new state; `line` is the commentary of the event that led to it, if live. */
function show(state, line) {
  const before = view.state;
  view.state = state;
  byId("waiting").hidden = state !== null;
  byId("match").hidden = state === null;
  if (state === null) {
    document.title = "Waiting for the match · Kabaddi Live";
    return;
  }
  const { home, away } = state;
  document.title = `${home.shortName} ${home.score}–${away.score} ${away.shortName} · Kabaddi Live`;
  for (const side of SIDES) drawSide(state, side, before);
  setText(byId("phase"), phaseLabel(state.phase));
  setText(byId("result"), resultLine(state));
  drawRaid(state);
  drawMat(byId("mat"), state);
  drawTeamStats(byId("team-stats"), state);
  drawLeaders(byId("top-raiders"), byId("top-defenders"), state);
  tick();
  const scored = before && SIDES.some((side) => before[side].score !== state[side].score);
  if (scored && line !== null) {
    setText(byId("announce"), `${scoreWords(state)}. ${line}`);
  }
}

function drawSide(state, side, before) {
  const team = state[side];
  paintTeam(byId(`${side}-side`), team, side);
  setText(byId(`${side}-name`), team.name);
  setText(byId(`${side}-short`), team.shortName);
  const score = byId(`${side}-score`);
  setText(score, team.score);
  if (before && before[side].score !== team.score) flash(score, "bump");

  const raidsNext = inPlay(state.phase) && state.raidingTeam === side;
  const raidingNow = state.raidClock && state.raidClock.team === side;
  fill(
    byId(`${side}-tags`),
    raidingNow || raidsNext
      ? h("span", { class: "tag raiding" }, raidingNow ? "Raiding" : "Raids next")
      : null,
    team.doOrDie && inPlay(state.phase) ? h("span", { class: "tag dod" }, "Do or die") : null,
  );
  fill(
    byId(`${side}-meta`),
    h("span", {}, `Timeouts left ${team.timeoutsLeft ?? 0}`),
    h("span", {}, `All outs ${team.allOutsInflicted ?? 0}`),
  );
}

function drawRaid(state) {
  const raid = byId("raid");
  const clock = state.raidClock;
  const side = clock ? clock.team : state.raidingTeam;
  const team = state[side];
  raid.hidden = !clock && !inPlay(state.phase) && state.phase !== "scheduled";
  raid.classList.toggle("live", Boolean(clock));
  paintTeam(raid, team, side);
  if (clock) {
    const found = findPlayer(state, clock.raiderId);
    setText(byId("raid-label"), "Raid");
    setText(byId("raider"), found ? `${found.player.name} (${team.shortName})` : team.shortName);
  } else {
    setText(byId("raid-label"), state.phase === "scheduled" ? "First raid" : "Next raid");
    setText(byId("raider"), team.name);
  }
  byId("dod-flag").hidden = !(team.doOrDie && inPlay(state.phase));
}

function tick() {
  const state = view.state;
  if (!state) return;
  const now = view.feed.clock.now();
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

  for (const badge of document.querySelectorAll("[data-suspended]")) {
    const found = findPlayer(state, badge.dataset.suspended);
    const left = found ? suspensionRemaining(found.player, state.clock, now) : null;
    if (left !== null) setText(badge, mmss(left));
  }
}

main();

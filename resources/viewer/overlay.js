// The streaming overlay: a score bug with a transparent background.
//
// Query options: matchId (required), pos = top-left | top-right | bottom-left |
// bottom-right | top | bottom (default top-left), scale = 0.25 … 4 (default 1).

import { callKey, calls } from "./calls.js";
import { startLanguage, statusWords, t } from "./i18n.js";
import { halfRemaining, mmss, raidRemaining, secondsLeft } from "./clock.js";
import { byId, flash, paintTeam, setText } from "./dom.js";
import { LiveMatch, matchIdFromUrl } from "./live.js";
import { SIDES, clockShown, findPlayer, highlightTitle, highlights, inPlay, phaseName } from "./match.js";

const TICK_MS = 250;
const BANNER_MS = 4000;
const POSITIONS = ["top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom"];

const view = { state: null, feed: null, banners: [], bannerTimer: null };

async function main() {
  applyOptions(new URLSearchParams(location.search));
  await startLanguage();
  const matchId = matchIdFromUrl();
  if (!matchId) {
    byId("no-match").hidden = false;
    return;
  }
  view.feed = new LiveMatch(matchId, {
    reset(state) {
      show(state, false);
    },
    append(events, state, live) {
      show(state, live);
      if (live) for (const call of calls(events, state)) queueCall(state, call);
    },
    status(name) {
      const dot = byId("conn");
      dot.dataset.state = name;
      dot.title = statusWords(name);
    },
  });
  view.feed.start();
  setInterval(tick, TICK_MS);
}

function applyOptions(params) {
  const pos = params.get("pos");
  document.body.dataset.pos = POSITIONS.includes(pos) ? pos : "top-left";
  const scale = Number.parseFloat(params.get("scale") ?? "");
  if (Number.isFinite(scale) && scale >= 0.25 && scale <= 4) {
    document.body.style.setProperty("--scale", String(scale));
  }
}

function show(state, live) {
  const before = view.state;
  view.state = state;
  byId("waiting").hidden = state !== null;
  byId("bug").hidden = state === null;
  if (state === null) return;
  for (const side of SIDES) {
    const team = state[side];
    paintTeam(byId(side), team, side);
    setText(byId(`${side}-name`), team.shortName);
    const score = byId(`${side}-score`);
    setText(score, team.score);
    if (before && before[side].score !== team.score) flash(score, "bump");
  }
  setText(byId("phase"), phaseName(state.phase, { short: true }));
  drawStrip(state);
  if (live) for (const moment of highlights(before, state)) queueBanner(state, moment);
  tick();
}

function drawStrip(state) {
  const strip = byId("strip");
  const clock = state.raidClock;
  const side = clock ? clock.team : state.raidingTeam;
  const team = state[side];
  const doOrDie = Boolean(team.doOrDie) && inPlay(state.phase);
  strip.hidden = !clock && !doOrDie;
  paintTeam(strip, team, side);
  byId("dod").hidden = !doOrDie;
  if (clock) {
    const found = findPlayer(state, clock.raiderId);
    setText(byId("strip-label"), t("raid.raid"));
    setText(byId("strip-raider"), found ? `${found.player.name} · ${team.shortName}` : team.shortName);
  } else {
    setText(byId("strip-label"), t("raid.next"));
    setText(byId("strip-raider"), team.shortName);
  }
}

function queueBanner(state, moment) {
  view.banners.push({
    title: highlightTitle(moment.kind),
    team: moment.kind === "allOut" ? t("highlight.teamAllOut", { team: moment.victim }) : moment.team,
    side: moment.side,
    teamState: state[moment.side],
  });
  if (view.bannerTimer === null) nextBanner();
}

function queueCall(state, call) {
  const side = call.side ?? "home";
  view.banners.push({
    title: callKey(call.title) ? t(callKey(call.title)) : call.title,
    team: call.side ? state[side].shortName : "",
    side,
    teamState: state[side],
  });
  if (view.bannerTimer === null) nextBanner();
}

function nextBanner() {
  const banner = byId("banner");
  const next = view.banners.shift();
  if (!next) {
    banner.hidden = true;
    view.bannerTimer = null;
    return;
  }
  paintTeam(banner, next.teamState, next.side);
  setText(byId("banner-title"), next.title);
  setText(byId("banner-team"), next.team);
  banner.hidden = false;
  flash(banner, "shown");
  view.bannerTimer = setTimeout(nextBanner, BANNER_MS);
}

function tick() {
  const state = view.state;
  if (!state) return;
  const now = view.feed.clock.now();
  const clock = byId("clock");
  setText(clock, clockShown(state.phase) ? mmss(halfRemaining(state.clock, now)) : "");
  clock.classList.toggle("stopped", !state.clock.running);
  const strip = byId("strip");
  if (state.raidClock) {
    const left = raidRemaining(state.raidClock, now);
    setText(byId("strip-seconds"), secondsLeft(left));
    byId("strip-bar").style.width = `${(100 * left) / (state.raidClock.seconds * 1000)}%`;
    strip.classList.toggle("urgent", left <= 5000);
  } else {
    setText(byId("strip-seconds"), "");
    byId("strip-bar").style.width = "0%";
    strip.classList.remove("urgent");
  }
}

main();

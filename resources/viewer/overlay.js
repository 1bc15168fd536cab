// The streaming overlay: a score bug with a transparent background.
//
// Options come from the address (overlay-options.js): matchId (required), pos, scale,
// safe, margin, hide=offline. The bug keeps one size whatever the names: long ones are
// shortened to fit. When its data stops being live the clocks stand still and, after a
// moment, the bug says "Not live" (or hides, with hide=offline) until the feed is back.
// Every word it shows comes from the catalogue (i18n.js), in the language of ?lang=.

import { callKey, calls } from "./calls.js";
import { halfRemaining, mmss, raidRemaining, secondsLeft } from "./clock.js";
import { byId, flash, paintTeam, setText } from "./dom.js";
import { startLanguage, t } from "./i18n.js";
import { LiveMatch, matchIdFromUrl } from "./live.js";
import { SIDES, clockShown, findPlayer, phaseName } from "./match.js";
import { matchExists } from "./match-exists.js";
import { fitBanner, showBanner } from "./overlay-banner.js";
import { doOrDieSide, moments, resultText } from "./overlay-moments.js";
import { overlayOptions } from "./overlay-options.js";

const TICK_MS = 250;
const BANNER_MS = 4000;
// A dropped connection often comes back within a second: say "not live" only after this.
const STALE_AFTER_MS = 1500;
// The height the bug may take, in bar heights: the bar and two rows under it, one of
// them a banner stacked on two lines.
const HEIGHT_IN_BARS = 3.1;

const options = overlayOptions(new URLSearchParams(location.search));
const view = {
  state: null,
  feed: null,
  banners: [],
  bannerTimer: null,
  live: false,
  frozenAt: null, // relay time when the data stopped being live: the clocks stop there
  staleTimer: null,
  exists: null, // null: not asked yet; true/false: what the relay said about the match id
};

async function main() {
  await startLanguage();
  document.body.dataset.pos = options.pos;
  if (options.hideOffline) document.body.dataset.hideOffline = "";
  document.body.style.setProperty("--safe-x", options.safeX);
  document.body.style.setProperty("--safe-y", options.safeY);
  setScale(options.scale);
  const matchId = matchIdFromUrl();
  if (!matchId) {
    byId("no-match").hidden = false;
    fit();
    return;
  }
  view.feed = new LiveMatch(matchId, {
    reset(state) {
      show(state, false);
      if (state === null) askWhetherItExists(matchId);
    },
    append(events, state, live) {
      show(state, live);
      if (live) for (const call of calls(events, state)) queueCall(state, call);
    },
    presence(frame) {
      if (view.state === null && frame.scorers.length > 0) {
        view.exists = true;
        drawWaiting(matchId);
      }
    },
    status: connection,
  });
  view.feed.start();
  window.addEventListener("resize", fit);
  setInterval(tick, TICK_MS);
}

// --- whether the match exists -----------------------------------------------------------

async function askWhetherItExists(matchId) {
  const answer = await matchExists(matchId);
  // A scorer who joined while the question was on its way outranks a "missing".
  if (answer === "exists") view.exists = true;
  else if (answer === "missing" && view.exists === null) view.exists = false;
  drawWaiting(matchId);
}

function drawWaiting(matchId) {
  const chip = byId("waiting");
  if (view.state !== null) return;
  if (view.exists === false) {
    const unknown = t("viewer.unknownMatch", { match: matchId });
    setText(chip, t("overlay.unknownMatch", { unknown }));
  } else if (!view.live && view.frozenAt !== null) {
    setText(chip, t("relay.unreachable"));
  } else {
    setText(chip, t("match.waiting"));
  }
  fit();
}

// --- live or not --------------------------------------------------------------------------

function connection(name) {
  const live = name === "live";
  if (live) {
    view.live = true;
    view.frozenAt = null;
    clearTimeout(view.staleTimer);
    view.staleTimer = null;
    markStale(false);
  } else if (name !== "connecting" && view.frozenAt === null) {
    view.live = false;
    view.frozenAt = view.feed.clock.now();
    if (view.staleTimer === null) view.staleTimer = setTimeout(() => markStale(true), STALE_AFTER_MS);
  }
  if (view.feed) drawWaiting(view.feed.matchId);
  tick();
}

function markStale(stale) {
  if (stale) document.body.dataset.stale = "";
  else delete document.body.dataset.stale;
  byId("offline").hidden = !stale;
  if (view.state) drawStrip(view.state);
}

function isStale() {
  return "stale" in document.body.dataset;
}

/** The relay time the clocks show: now, or when the data stopped being live. */
function shownTime() {
  return view.frozenAt ?? view.feed.clock.now();
}

// --- drawing ------------------------------------------------------------------------------

function show(state, live) {
  const before = view.state;
  view.state = state;
  byId("waiting").hidden = state !== null;
  const bug = byId("bug");
  const appearing = bug.hidden && state !== null;
  bug.hidden = state === null;
  if (state === null) return fit();
  for (const side of SIDES) {
    const team = state[side];
    paintTeam(byId(side), team, side);
    setText(byId(`${side}-name`), team.shortName);
    const score = byId(`${side}-score`);
    setText(score, team.score);
    if (before && before[side].score !== team.score) flash(score, "bump");
  }
  setText(byId("phase"), phaseName(state.phase, { short: true }));
  const result = byId("result");
  result.hidden = state.phase !== "finished";
  if (!result.hidden) setText(byId("result-text"), resultText(state));
  drawStrip(state);
  if (live) for (const moment of moments(before, state)) queueBanner(state, moment);
  if (appearing) fit();
  tick();
}

function drawStrip(state) {
  const strip = byId("strip");
  const clock = state.raidClock;
  const doOrDie = doOrDieSide(state);
  const side = clock ? clock.team : state.raidingTeam;
  const team = state[side];
  strip.hidden = (!clock && !doOrDie) || !team || isStale();
  if (strip.hidden) return;
  paintTeam(strip, team, side);
  byId("dod").hidden = doOrDie !== side;
  const raider = byId("strip-raider");
  if (clock) {
    const found = findPlayer(state, clock.raiderId);
    setText(byId("strip-label"), t("raid.raid"));
    fitText(raider, found ? nameChoices(found.player.name, team.shortName) : [team.shortName]);
  } else {
    setText(byId("strip-label"), t("raid.next"));
    fitText(raider, [team.shortName]);
  }
}

/** A name, then shorter forms of it: "Pardeep Kumar Narwal", "P. K. Narwal", "Narwal". */
function nameChoices(name, team) {
  const words = name.trim().split(/\s+/);
  const last = words[words.length - 1];
  const initialled = [...words.slice(0, -1).map((w) => `${w[0]}.`), last].join(" ");
  return [...new Set([name, initialled, last])].map((form) => `${form} · ${team}`);
}

/** The first text that fits the node's fixed width; the last one is cut with an ellipsis. */
function fitText(node, choices) {
  for (const text of choices) {
    setText(node, text);
    if (node.scrollWidth <= node.clientWidth) return;
  }
}

// --- banners ------------------------------------------------------------------------------

function queueBanner(state, moment) {
  view.banners.push({ ...moment, team: moment.side ? state[moment.side] : null });
  if (view.bannerTimer === null) nextBanner();
}

function queueCall(state, call) {
  const key = callKey(call.title);
  queueBanner(state, {
    title: key ? t(key) : call.title,
    text: call.side ? state[call.side].shortName : "",
    side: call.side,
  });
}

function nextBanner() {
  const banner = byId("banner");
  const next = view.banners.shift();
  if (!next) {
    banner.hidden = true;
    view.bannerTimer = null;
    return;
  }
  if (!showBanner(banner, next)) console.warn(`A banner does not fit the bug: ${next.title}`);
  flash(banner, "shown");
  view.bannerTimer = setTimeout(nextBanner, BANNER_MS);
}

// --- size and clocks ----------------------------------------------------------------------

function setScale(scale) {
  document.body.style.setProperty("--scale", String(scale));
}

/** The scale asked for, or less if what is shown (the bug or a chip) would not fit inside
 * the safe area. */
function fit() {
  const bug = byId("bug");
  const shown = bug.hidden ? [...document.querySelectorAll(".chip")].find((c) => !c.hidden) : bug;
  if (!shown) return;
  const stage = byId("stage");
  const style = getComputedStyle(stage);
  const width = stage.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  const height = stage.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const tall = () => (shown === bug ? byId("bar").offsetHeight * HEIGHT_IN_BARS : shown.offsetHeight);
  let scale = options.scale;
  // Text never renders below its minimum, so a smaller scale can widen the bug: settle.
  for (let round = 0; round < 6; round++) {
    setScale(scale);
    const fits = Math.min(options.scale, width / shown.offsetWidth, height / tall());
    if (fits >= scale) break;
    scale = fits * 0.995;
  }
  // A new scale changes the smallest size text may take: the banner up may need another layout.
  const banner = byId("banner");
  if (!banner.hidden) fitBanner(banner);
}

function tick() {
  const state = view.state;
  if (!state || !view.feed) return;
  const now = shownTime();
  const clock = byId("clock");
  setText(clock, clockShown(state.phase) ? mmss(halfRemaining(state.clock, now)) : "");
  clock.classList.toggle("stopped", !state.clock.running || view.frozenAt !== null);
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

// The live viewer: the whole match for spectators, from a phone to the venue's big screen.

import { halfRemaining, mmss, raidRemaining, secondsLeft, suspensionRemaining } from "./clock.js";
import { byId, fill, flash, h, paintTeam, setText, teamStyle } from "./dom.js";
import { LiveMatch, matchIdFromUrl, statusText } from "./live.js";
import {
  SIDES,
  bench,
  findPlayer,
  inPlay,
  leaders,
  matPlaces,
  phaseLabel,
  resultLine,
  scoreWords,
  splitLine,
} from "./match.js";
import { renderPlayByPlay } from "./playbyplay.js";

const TICK_MS = 250;

const view = {
  state: null,
  feed: null,
  status: { name: "connecting", detail: {} },
};

function main() {
  const matchId = matchIdFromUrl();
  if (!matchId) {
    byId("no-match").hidden = false;
    byId("conn").hidden = true;
    return;
  }
  setText(byId("waiting-id"), matchId);
  const pbp = renderPlayByPlay(byId("pbp"), () => view.feed.clock.offset);
  view.feed = new LiveMatch(matchId, {
    reset(state, events) {
      pbp.reset(events);
      show(state, null);
    },
    append(events, state) {
      pbp.append(events);
      const last = events.at(-1);
      show(state, last ? last.text : null);
    },
    presence({ viewers }) {
      const watchers = byId("watchers");
      watchers.hidden = false;
      setText(watchers, viewers === 1 ? "1 watching" : `${viewers} watching`);
    },
    status(name, detail) {
      view.status = { name, detail };
      drawStatus();
    },
  });
  view.feed.start();
  setInterval(tick, TICK_MS);
}

function drawStatus() {
  const conn = byId("conn");
  conn.dataset.state = view.status.name;
  setText(conn, statusText(view.status.name, view.status.detail));
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
  document.title = `${state.home.shortName} ${state.home.score}–${state.away.score} ${state.away.shortName} · Kabaddi Live`;
  for (const side of SIDES) drawSide(state, side, before);
  setText(byId("phase"), phaseLabel(state.phase));
  setText(byId("result"), resultLine(state));
  drawRaid(state);
  drawMat(state);
  drawTeamStats(state);
  drawLeaders(state);
  tick();
  const scored = before && SIDES.some((side) => before[side].score !== state[side].score);
  if (scored && line !== null) {
    setText(byId("announce"), `${scoreWords(state)}. ${splitLine(line).words}`);
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
    raidingNow || raidsNext ? h("span", { class: "tag raiding" }, raidingNow ? "Raiding" : "Raids next") : null,
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
  if (view.status.name !== "live") drawStatus();
  if (!state) return;
  const now = view.feed.clock.now();
  const clock = byId("match-clock");
  setText(clock, mmss(halfRemaining(state.clock, now)));
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

// --- the mat -------------------------------------------------------------------------

const ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th"];

function drawMat(state) {
  const raiderId = state.raidClock ? state.raidClock.raiderId : null;
  fill(
    byId("mat"),
    SIDES.map((side) => {
      const team = state[side];
      const places = matPlaces(team);
      const onMat = places.filter((p) => p.kind === "onCourt").length;
      const benched = bench(team);
      return h(
        "div",
        { class: "mat-team", style: teamStyle(team, side), dataset: { side } },
        h(
          "div",
          { class: "mat-head" },
          h("span", { class: "team-dot", "aria-hidden": "true" }),
          h("span", { class: "mat-name" }, team.name),
          h("span", { class: "mat-count" }, `${onMat} on the mat`),
        ),
        h(
          "ol",
          { class: "places" },
          places.map((place) => drawPlace(place, raiderId)),
        ),
        benched.length
          ? h("p", { class: "bench" }, "Bench: ", benched.map((p) => `${p.number} ${p.name}`).join(" · "))
          : null,
      );
    }),
  );
}

function drawPlace({ player, kind, comesBack }, raiderId) {
  let badge = null;
  let words = `${player.number} ${player.name}`;
  if (kind === "out") {
    badge = h("span", { class: "badge" }, `↺${comesBack}`);
    words += `, out, back ${ORDINALS[comesBack - 1] ?? comesBack}`;
  } else if (kind === "suspended") {
    badge = h("span", { class: "badge", dataset: { suspended: player.id } }, "");
    words += ", suspended (yellow card)";
  } else if (kind === "sentOff") {
    badge = h("span", { class: "badge" }, "Off");
    words += ", sent off (red card)";
  } else if (player.id === raiderId) {
    words += ", raiding";
  }
  const green = player.stats?.greenCards > 0;
  return h(
    "li",
    {
      class: `place ${kind}${player.id === raiderId ? " raider" : ""}`,
      title: words,
      "aria-label": words,
      dataset: { player: player.id },
    },
    h("span", { class: "num" }, player.number),
    h("span", { class: "pname" }, player.name),
    badge,
    green ? h("span", { class: "green-card", title: "Green card" }) : null,
  );
}

// --- statistics ----------------------------------------------------------------------

function drawTeamStats(state) {
  const { home, away } = state;
  const rows = [
    ["Raid points", (t) => t.points?.raid],
    ["Tackle points", (t) => t.points?.tackle],
    ["All-out points", (t) => t.points?.allOut],
    ["Extras", (t) => t.points?.extra],
    ["Technical", (t) => t.points?.technical],
    ["Raids", (t) => t.raids],
    ["Tackles", (t) => t.tackles],
    ["All outs inflicted", (t) => t.allOutsInflicted],
    ["Substitutions", (t) => t.substitutionsUsed],
    ["Timeouts left", (t) => t.timeoutsLeft],
  ];
  fill(
    byId("team-stats"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col", style: teamStyle(home, "home") }, h("span", { class: "team-dot" }), " ", home.shortName),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Statistic")),
        h("th", { scope: "col", style: teamStyle(away, "away") }, away.shortName, " ", h("span", { class: "team-dot" })),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(([label, read]) => {
        const a = Number(read(home)) || 0;
        const b = Number(read(away)) || 0;
        const total = a + b;
        return h(
          "tr",
          {},
          statCell(a, total, a > b, teamStyle(home, "home")),
          h("th", { scope: "row" }, label),
          statCell(b, total, b > a, teamStyle(away, "away")),
        );
      }),
    ),
  );
}

function statCell(value, total, leads, style) {
  return h(
    "td",
    { class: leads ? "leads" : null, style: { ...style, "--share": total ? String(value / total) : "0" } },
    h("span", { class: "value" }, value),
    h("span", { class: "bar", "aria-hidden": "true" }),
  );
}

function drawLeaders(state) {
  drawLeaderList(byId("top-raiders"), state, "raidPoints", (s) => `${s.raidsSuccessful ?? 0}/${s.raids ?? 0} raids`, "super10", "Super 10", "No raid points yet");
  drawLeaderList(byId("top-defenders"), state, "tacklePoints", (s) => `${s.tacklesSuccessful ?? 0}/${s.tackles ?? 0} tackles`, "high5", "High 5", "No tackle points yet");
}

function drawLeaderList(list, state, stat, detail, milestone, milestoneName, empty) {
  const rows = leaders(state, stat);
  if (!rows.length) {
    fill(list, h("li", { class: "empty" }, empty));
    return;
  }
  fill(
    list,
    rows.map((row, index) =>
      h(
        "li",
        { style: teamStyle(state[row.side], row.side) },
        h("span", { class: "rank" }, index + 1),
        h("span", { class: "team-dot", "aria-hidden": "true" }),
        h(
          "span",
          { class: "who" },
          h("span", { class: "lname" }, row.player.name),
          h("span", { class: "lteam" }, ` ${state[row.side].shortName} · ${detail(row.stats)}`),
        ),
        row.stats[milestone] ? h("span", { class: "milestone" }, milestoneName) : null,
        h("span", { class: "lpoints" }, row.points),
      ),
    ),
  );
}

main();

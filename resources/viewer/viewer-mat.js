// The mat: each team's seven places, who is out and in what order they come back,
// suspended and sent-off players, and the bench.

import { mmss, suspensionRemaining } from "./clock.js";
import { fill, h, setText, teamStyle } from "./dom.js";
import { known, t } from "./i18n.js";
import { SIDES, bench, findPlayer, matPlaces } from "./match.js";

/** "1st", "2nd"… in the page's language: the place in the order of coming back. */
function place(n) {
  return known(`mat.place.${n}`) ? t(`mat.place.${n}`) : String(n);
}

/**
 * Suspended players whose time is up at `now` (the relay's time): the relay puts them back
 * on the mat with its next event, the page as soon as their time runs out.
 */
export function endedSuspensions(state, now) {
  const ended = [];
  for (const side of SIDES) {
    for (const player of state[side].players) {
      if (suspensionRemaining(player, state.clock, now) === 0) ended.push(player.id);
    }
  }
  return ended;
}

/** The team as it stands once the `ended` suspensions are over. */
function withSuspensionsEnded(team, ended) {
  const back = team.players.filter((p) => p.status === "suspended" && ended.includes(p.id));
  if (!back.length) return team;
  return {
    ...team,
    players: team.players.map((p) =>
      back.includes(p) ? { ...p, status: "onCourt", suspendedUntilMs: null } : p,
    ),
    onCourt: [...team.onCourt, ...back.map((p) => p.id)],
  };
}

/** The yellow-card countdowns on the mat, at `now`. */
export function suspensionBadges(node, state, now) {
  for (const badge of node.querySelectorAll("[data-suspended]")) {
    const found = findPlayer(state, badge.dataset.suspended);
    const left = found ? suspensionRemaining(found.player, state.clock, now) : null;
    if (left !== null) setText(badge, mmss(left));
  }
}

/**
 * Both teams' places on the mat, out players in the order they come back, and the bench;
 * `ended` lists the players whose suspension is over (endedSuspensions).
 */
export function drawMat(node, state, ended = []) {
  const raiderId = state.raidClock ? state.raidClock.raiderId : null;
  fill(
    node,
    SIDES.map((side) => {
      const team = withSuspensionsEnded(state[side], ended);
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
          h("span", { class: "mat-count" }, t("mat.onTheMat", { count: onMat })),
        ),
        h(
          "ol",
          { class: "places" },
          places.map((place) => drawPlace(place, raiderId)),
        ),
        benched.length
          ? h(
              "p",
              { class: "bench" },
              `${t("mat.bench")} `,
              benched.map((p) => `${p.number} ${p.name}`).join(" · "),
            )
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
    words += `, ${t("mat.outBack", { place: place(comesBack) })}`;
  } else if (kind === "suspended") {
    badge = h("span", { class: "badge", dataset: { suspended: player.id } }, "");
    words += `, ${t("mat.suspended")}`;
  } else if (kind === "sentOff") {
    badge = h("span", { class: "badge" }, t("mat.off"));
    words += `, ${t("mat.sentOff")}`;
  } else if (player.id === raiderId) {
    words += `, ${t("mat.raiding")}`;
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
    green ? h("span", { class: "green-card", title: t("mat.greenCard") }) : null,
  );
}

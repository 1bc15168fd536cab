// Team statistics and the match leaders.

import { fill, h, teamStyle } from "./dom.js";
import { leaders } from "./match.js";

/** Home and away side by side: where the points came from, raids, tackles and more. */
export function drawTeamStats(table, state) {
  const { home, away } = state;
  const rows = [
    ["Raid points", (t) => t.points?.raid],
    ["Tackle points", (t) => t.points?.tackle],
    ["All-out points", (t) => t.points?.allOut],
    ["Extras", (t) => t.points?.extra],
    ["· line-outs", (t) => t.extras?.lineOut],
    ["· raiders out", (t) => t.extras?.raiderOut],
    ["· failed do-or-die", (t) => t.extras?.doOrDie],
    ["Technical", (t) => t.points?.technical],
    ["Raids", (t) => t.raids],
    ["Tackles", (t) => t.tackles],
    ["All outs inflicted", (t) => t.allOutsInflicted, null, "at-score"],
    ["Do-or-die raids", (t) => t.doOrDieRaids],
    ["Do-or-die raids won", (t) => t.doOrDieSuccessful],
    ["Reviews (kept)", (t) => t.reviews, (t) => t.reviewsKept],
    ["Substitutions", (t) => t.substitutionsUsed],
    ["Timeouts left", (t) => t.timeoutsLeft, null, "at-score"],
  ];
  fill(
    table,
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col", style: teamStyle(home, "home") }, dot(), " ", home.shortName),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, "Statistic")),
        h("th", { scope: "col", style: teamStyle(away, "away") }, away.shortName, " ", dot()),
      ),
    ),
    h(
      "tbody",
      {},
      rows.map(([label, read, aside, shownAtScore]) => {
        const a = Number(read(home)) || 0;
        const b = Number(read(away)) || 0;
        const total = a + b;
        const note = (team) => (aside ? ` (${Number(aside(team)) || 0})` : "");
        // The breakdown rows ("· line-outs") and those the scoreboard shows too give way
        // on the big screen.
        const kind = label.startsWith("·") ? "detail" : shownAtScore;
        return h(
          "tr",
          { class: kind ?? null },
          statCell(a, total, a > b, teamStyle(home, "home"), note(home)),
          h("th", { scope: "row" }, label),
          statCell(b, total, b > a, teamStyle(away, "away"), note(away)),
        );
      }),
    ),
  );
}

function statCell(value, total, leads, style, note = "") {
  return h(
    "td",
    { class: leads ? "leads" : null, style: { ...style, "--share": total ? String(value / total) : "0" } },
    h("span", { class: "value" }, `${value}${note}`),
    h("span", { class: "bar", "aria-hidden": "true" }),
  );
}

function dot() {
  return h("span", { class: "team-dot", "aria-hidden": "true" });
}

const RAIDERS = {
  stat: "raidPoints",
  detail: (s) => `${s.raidsSuccessful ?? 0}/${s.raids ?? 0} raids`,
  milestone: "super10",
  milestoneName: "Super 10",
  empty: "No raid points yet",
};

const DEFENDERS = {
  stat: "tacklePoints",
  detail: (s) => `${s.tacklesSuccessful ?? 0}/${s.tackles ?? 0} tackles`,
  milestone: "high5",
  milestoneName: "High 5",
  empty: "No tackle points yet",
};

/** The top raiders and defenders of both teams. */
export function drawLeaders(raiders, defenders, state) {
  drawLeaderList(raiders, state, RAIDERS);
  drawLeaderList(defenders, state, DEFENDERS);
}

function drawLeaderList(list, state, { stat, detail, milestone, milestoneName, empty }) {
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

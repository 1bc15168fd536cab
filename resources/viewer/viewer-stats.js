// Team statistics and the match leaders.

import { fill, h, teamStyle } from "./dom.js";
import { t as say } from "./i18n.js";
import { leaders } from "./match.js";

/** Home and away side by side: where the points came from, raids, tackles and more. */
export function drawTeamStats(table, state) {
  const { home, away } = state;
  const rows = [
    [say("stats.raidPoints"), (t) => t.points?.raid],
    [say("stats.tacklePoints"), (t) => t.points?.tackle],
    [say("stats.allOutPoints"), (t) => t.points?.allOut],
    [say("stats.extras"), (t) => t.points?.extra],
    [say("stats.lineOuts"), (t) => t.extras?.lineOut],
    [say("stats.raidersOut"), (t) => t.extras?.raiderOut],
    [say("stats.failedDoOrDie"), (t) => t.extras?.doOrDie],
    [say("stats.technical"), (t) => t.points?.technical],
    [say("stats.raids"), (t) => t.raids],
    [say("stats.tackles"), (t) => t.tackles],
    [say("stats.allOutsInflicted"), (t) => t.allOutsInflicted, null, "at-score"],
    [say("stats.doOrDieRaids"), (t) => t.doOrDieRaids],
    [say("stats.doOrDieWon"), (t) => t.doOrDieSuccessful],
    [say("stats.reviewsKept"), (t) => t.reviews, (t) => t.reviewsKept],
    [say("stats.substitutions"), (t) => t.substitutionsUsed],
    [say("stats.timeoutsLeft"), (t) => t.timeoutsLeft, null, "at-score"],
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
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, say("stats.statistic"))),
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
  detail: (s) => say("leaders.raids", { won: s.raidsSuccessful ?? 0, total: s.raids ?? 0 }),
  milestone: "super10",
  milestoneName: () => say("leaders.super10"),
  empty: () => say("leaders.noRaidPoints"),
};

const DEFENDERS = {
  stat: "tacklePoints",
  detail: (s) => say("leaders.tackles", { won: s.tacklesSuccessful ?? 0, total: s.tackles ?? 0 }),
  milestone: "high5",
  milestoneName: () => say("leaders.high5"),
  empty: () => say("leaders.noTacklePoints"),
};

/** The top raiders and defenders of both teams. */
export function drawLeaders(raiders, defenders, state) {
  drawLeaderList(raiders, state, RAIDERS);
  drawLeaderList(defenders, state, DEFENDERS);
}

function drawLeaderList(list, state, { stat, detail, milestone, milestoneName, empty }) {
  const rows = leaders(state, stat);
  if (!rows.length) {
    fill(list, h("li", { class: "empty" }, empty()));
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
        row.stats[milestone] ? h("span", { class: "milestone" }, milestoneName()) : null,
        h("span", { class: "lpoints" }, row.points),
      ),
    ),
  );
}

// The match list: every match on this relay, refreshed every few seconds.

import { byId, fill, h, setText, teamStyle } from "./dom.js";
import { phaseName } from "./match.js";
import { keepLanguage, startLanguage, t } from "./i18n.js";

const REFRESH_MS = 5000;
const MATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;

let shown = null; // the list as last drawn, to redraw only what changed

async function refresh() {
  const conn = byId("conn");
  try {
    const response = await fetch("/api/matches", { cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const matches = await response.json();
    if (!Array.isArray(matches)) throw new Error("not a list");
    draw(matches.filter((m) => m && typeof m === "object" && MATCH_ID.test(m.matchId ?? "")));
    conn.dataset.state = "live";
    setText(conn, t("index.upToDate"));
  } catch (error) {
    console.warn("Could not load the match list:", error);
    conn.dataset.state = "offline";
    setText(conn, t("index.unreachable"));
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

function draw(matches) {
  const text = JSON.stringify(matches);
  if (text === shown) return; // keeps focus and selection in place between refreshes
  shown = text;
  byId("empty").hidden = matches.length > 0;
  const live = (m) => (m.phase && m.phase !== "finished" && m.phase !== "scheduled" ? 0 : 1);
  const ordered = [...matches].sort((a, b) => live(a) - live(b));
  fill(byId("matches"), ordered.map(matchCard));
}

function matchCard(match) {
  const query = keepLanguage(new URLSearchParams({ matchId: match.matchId })).toString();
  const setUp = isTeam(match.home) && isTeam(match.away);
  const viewers = Number.isInteger(match.viewers) ? match.viewers : 0;
  return h(
    "li",
    { class: "match card", dataset: { matchId: match.matchId } },
    h(
      "a",
      { class: "match-main", href: `viewer.html?${query}` },
      setUp
        ? h(
            "div",
            { class: "teams" },
            teamRow(match.home, "home"),
            teamRow(match.away, "away"),
          )
        : h(
            "div",
            { class: "teams pending" },
            h("span", { class: "match-id" }, match.matchId),
            h("span", {}, t("match.waiting")),
          ),
      h(
        "div",
        { class: "status" },
        h(
          "span",
          { class: `phase phase-${match.phase ?? "none"}` },
          setUp ? phaseName(match.phase) : t("index.notSetUp"),
        ),
        h("span", { class: "viewers" }, t(viewers === 1 ? "watching.one" : "watching.other", { count: viewers })),
      ),
    ),
    h(
      "div",
      { class: "links" },
      h("a", { href: `viewer.html?${query}` }, t("index.watchLive")),
      h("a", { href: `overlay.html?${query}` }, t("index.overlay")),
      h("span", { class: "match-id" }, match.matchId),
    ),
  );
}

function teamRow(team, side) {
  return h(
    "div",
    { class: "team", style: teamStyle(team, side) },
    h("span", { class: "team-dot", "aria-hidden": "true" }),
    h("span", { class: "name" }, team.name),
    h("span", { class: "score" }, Number.isFinite(team.score) ? team.score : 0),
  );
}

function isTeam(team) {
  return team !== null && typeof team === "object" && typeof team.name === "string";
}

startLanguage().then(refresh);

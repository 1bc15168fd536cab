// The match list: the matches set up on this relay, live ones first.
//
// It asks the relay again every few seconds while the page is shown (the relay answers
// 304 while nothing changed, so that costs next to nothing) and says when it last
// checked, in words that stay true. Each match says when it last moved; one whose
// scorers left long ago is marked "Not live" by the relay (relay/readmodel.py).

import { ago } from "./ago.js";
import { byId, fill, h, setText, teamStyle } from "./dom.js";
import { phaseLabel } from "./match.js";

const REFRESH_MS = 5000;
const TICK_MS = 1000;
const MATCH_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ORDER = { live: 0, scheduled: 1, idle: 2, finished: 3 };

const list = {
  cards: new Map(), // matchId -> { json, node }
  order: "",
  links: "",
  checkedAt: null, // Date.now() of the last answer from the relay
  offset: 0, // relay clock minus this clock, from the answer's Date header
  timer: null,
  asking: false,
};

async function refresh() {
  if (list.asking) return;
  list.asking = true;
  clearTimeout(list.timer);
  list.timer = null;
  try {
    const response = await fetch("/api/matches", { cache: "no-cache" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const matches = await response.json();
    if (!Array.isArray(matches)) throw new Error("not a list");
    const date = Date.parse(response.headers.get("Date") ?? "");
    list.offset = Number.isFinite(date) ? date - Date.now() : 0;
    list.checkedAt = Date.now();
    draw(matches.filter((m) => m && typeof m === "object" && MATCH_ID.test(m.matchId ?? "")));
    status("live", "Relay reachable");
  } catch (error) {
    console.warn("Could not load the match list:", error);
    status("offline", "Relay unreachable · retrying");
  } finally {
    list.asking = false;
    // A page nobody looks at asks nothing; it asks again as soon as it is shown.
    if (document.visibilityState === "visible") list.timer = setTimeout(refresh, REFRESH_MS);
  }
  tick();
}

function status(state, text) {
  const conn = byId("conn");
  conn.dataset.state = state;
  setText(conn, text);
}

/** A match's state on the list: live, not started, in play without a scorer, or over. */
function stateOf(match) {
  if (match.live === true) return "live";
  if (match.phase === "finished") return "finished";
  if (match.phase === "scheduled" || !match.phase) return "scheduled";
  return "idle";
}

function draw(matches) {
  byId("empty").hidden = matches.length > 0;
  byId("producer").hidden = matches.length === 0;
  // Matches in play keep their places as they score; those over, the latest first.
  const recency = (match) => (stateOf(match) === "live" ? 0 : (match.updatedAt ?? 0));
  const ordered = [...matches].sort(
    (a, b) =>
      ORDER[stateOf(a)] - ORDER[stateOf(b)] ||
      recency(b) - recency(a) ||
      a.matchId.localeCompare(b.matchId),
  );
  // Only cards that changed are drawn again, so focus stays where it was.
  const nodes = ordered.map((match) => {
    const json = JSON.stringify(match);
    const known = list.cards.get(match.matchId);
    if (known && known.json === json) return known.node;
    const node = matchCard(match);
    if (known) known.node.replaceWith(node);
    list.cards.set(match.matchId, { json, node });
    return node;
  });
  const ids = new Set(ordered.map((m) => m.matchId));
  for (const id of [...list.cards.keys()]) if (!ids.has(id)) list.cards.delete(id);
  const order = ordered.map((m) => m.matchId).join(" ");
  if (order !== list.order) fill(byId("matches"), nodes);
  list.order = order;
  const links = ordered.map(overlayLink);
  const linksText = links.map((link) => link.textContent).join("\n");
  if (linksText !== list.links) fill(byId("overlays"), links);
  list.links = linksText;
}

function matchCard(match) {
  const query = new URLSearchParams({ matchId: match.matchId }).toString();
  const state = stateOf(match);
  const viewers = Number.isInteger(match.viewers) ? match.viewers : 0;
  const teams = isTeam(match.home) && isTeam(match.away);
  return h(
    "li",
    { class: "match card", dataset: { matchId: match.matchId, state } },
    h(
      "a",
      { class: "match-main", href: `viewer.html?${query}` },
      teams
        ? h("div", { class: "teams" }, teamRow(match.home, "home"), teamRow(match.away, "away"))
        : h("div", { class: "teams pending" }, h("span", {}, match.matchId)),
      h(
        "div",
        { class: "status" },
        h("span", { class: `phase phase-${state}` }, phaseLabel(match.phase) || "Not set up"),
        state === "live" ? h("span", { class: "flag flag-live" }, "Live") : null,
        state === "idle" ? h("span", { class: "flag flag-idle" }, "Not live") : null,
      ),
    ),
    h(
      "p",
      { class: "meta" },
      Number.isFinite(match.updatedAt)
        ? h("span", { class: "updated", dataset: { at: match.updatedAt } }, "")
        : null,
      h("span", { class: "viewers" }, viewers === 1 ? "1 watching" : `${viewers} watching`),
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

function overlayLink(match) {
  const query = new URLSearchParams({ matchId: match.matchId }).toString();
  const title = isTeam(match.home) && isTeam(match.away)
    ? `${match.home.name} v ${match.away.name}`
    : match.matchId;
  return h(
    "li",
    { dataset: { overlayFor: match.matchId } },
    h("span", { class: "for" }, title),
    h("a", { href: `overlay.html?${query}` }, "Overlay", hidden(` for ${title}`)),
    h("a", { href: `viewer.html?${query}&screen=big` }, "Big screen", hidden(` for ${title}`)),
    h("span", { class: "match-id" }, match.matchId),
  );
}

/** Words for screen readers only: the links say which match they are for. */
function hidden(text) {
  return h("span", { class: "visually-hidden" }, text);
}

function isTeam(team) {
  return team !== null && typeof team === "object" && typeof team.name === "string";
}

// --- times that stay true -----------------------------------------------------------------

function tick() {
  const now = Date.now();
  const checked = byId("checked");
  if (list.checkedAt === null) setText(checked, "");
  else setText(checked, `List checked ${ago(list.checkedAt, now)}`);
  const relayNow = now + list.offset;
  for (const node of document.querySelectorAll(".updated[data-at]")) {
    const at = Number(node.dataset.at);
    setText(node, `Updated ${ago(at, relayNow)}`);
    const exact = new Date(at).toLocaleString();
    if (node.title !== exact) node.title = exact;
  }
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && list.timer === null) refresh();
});
setInterval(tick, TICK_MS);
refresh();

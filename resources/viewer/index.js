// The match list: the matches set up on this relay, live ones first.
//
// The relay pushes the list on /ws/matches whenever it changes (relay/list_feed.py).
// Without that feed (a proxy that drops websockets, a relay restarting) the page asks
// again every few seconds while it is shown, which costs a 304 while nothing changed,
// and says when it last checked, in words that stay true. Each match says when it last
// moved; one whose scorers left long ago is marked "Not live" by the relay. Its words come
// from the catalogue (i18n.js) in the page's language, which a switcher at its foot sets.

import { ago } from "./ago.js";
import { byId, fill, h, setText, teamStyle } from "./dom.js";
import { dateLocale, keepLanguage, mountLanguageSwitcher, startLanguage, t, tParts } from "./i18n.js";
import { phaseName } from "./match.js";

const REFRESH_MS = 5000;
const FEED_RETRY_MS = [1000, 2000, 5000, 10000, 30000];
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
  feed: null, // the websocket the relay pushes the list on, while it is open
  pushed: false, // the feed has delivered: no need to ask
  feedFailures: 0,
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
    draw(valid(matches));
    if (!list.pushed) status("live", t("index.reachable"));
  } catch (error) {
    console.warn("Could not load the match list:", error);
    if (!list.pushed) status("offline", t("relay.unreachable"));
  } finally {
    list.asking = false;
    // Pushed, it need not ask; a page nobody looks at asks nothing until it is shown.
    if (!list.pushed && document.visibilityState === "visible") {
      list.timer = setTimeout(refresh, REFRESH_MS);
    }
  }
  tick();
}

function valid(matches) {
  return matches.filter((m) => m && typeof m === "object" && MATCH_ID.test(m.matchId ?? ""));
}

function listen() {
  let socket;
  try {
    socket = new WebSocket(`${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/ws/matches`);
  } catch (error) {
    console.warn("Cannot open the match list feed:", error);
    return;
  }
  list.feed = socket;
  socket.addEventListener("message", (message) => {
    let matches = null;
    try {
      matches = JSON.parse(message.data);
    } catch {
      matches = null;
    }
    if (!Array.isArray(matches)) {
      console.warn("Ignored a match list that is not a list.");
      return;
    }
    list.pushed = true;
    list.feedFailures = 0;
    list.checkedAt = Date.now();
    clearTimeout(list.timer);
    list.timer = null;
    draw(valid(matches));
    status("live", t("index.liveList"));
    tick();
  });
  socket.addEventListener("close", () => {
    if (list.feed !== socket) return;
    list.feed = null;
    list.pushed = false;
    // Ask meanwhile, and try the feed again a little later each time.
    if (list.timer === null) refresh();
    const wait = FEED_RETRY_MS[Math.min(list.feedFailures, FEED_RETRY_MS.length - 1)];
    list.feedFailures += 1;
    setTimeout(listen, wait);
  });
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

/** The address query of a match's pages, keeping this page's ?lang=. */
function matchQuery(match) {
  return keepLanguage(new URLSearchParams({ matchId: match.matchId })).toString();
}

function matchCard(match) {
  const query = matchQuery(match);
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
        h("span", { class: `phase phase-${state}` }, phaseWords(match.phase)),
        state === "live" ? h("span", { class: "flag flag-live" }, t("status.live")) : null,
        state === "idle" ? h("span", { class: "flag flag-idle" }, t("status.notLive")) : null,
      ),
    ),
    h(
      "p",
      { class: "meta" },
      Number.isFinite(match.updatedAt)
        ? h("span", { class: "updated", dataset: { at: match.updatedAt } }, "")
        : null,
      h("span", { class: "viewers" }, watching(viewers)),
      h("span", { class: "match-id" }, match.matchId),
    ),
  );
}

/** A match's phase in the page's language, or that nobody has set it up yet. */
function phaseWords(phase) {
  return (phase && phaseName(phase)) || t("index.notSetUp");
}

function watching(count) {
  return t(count === 1 ? "watching.one" : "watching.other", { count });
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
  const query = matchQuery(match);
  const title = isTeam(match.home) && isTeam(match.away)
    ? t("match.versus", { home: match.home.name, away: match.away.name })
    : match.matchId;
  const forMatch = () => hidden(` ${t("index.linkFor", { match: title })}`);
  return h(
    "li",
    { dataset: { overlayFor: match.matchId } },
    h("span", { class: "for" }, title),
    h("a", { href: `overlay.html?${query}` }, t("index.overlay"), forMatch()),
    h("a", { href: `viewer.html?${query}&screen=big` }, t("index.bigScreen"), forMatch()),
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
  if (list.pushed) setText(checked, t("index.updatesLive"));
  else if (list.checkedAt === null) setText(checked, "");
  else setText(checked, t("index.checked", { ago: ago(list.checkedAt, now) }));
  const relayNow = now + list.offset;
  for (const node of document.querySelectorAll(".updated[data-at]")) {
    const at = Number(node.dataset.at);
    setText(node, t("index.updated", { ago: ago(at, relayNow) }));
    const exact = new Date(at).toLocaleString(dateLocale() ?? []);
    if (node.title !== exact) node.title = exact;
  }
}

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible" && !list.pushed && list.timer === null) refresh();
});
/** The producers' note: what the overlay's address options are, in the page's language. */
function producerHelp() {
  const code = (text) => h("code", {}, text);
  fill(
    byId("producer-help"),
    h("strong", {}, `${t("index.overlay")}:`),
    " ",
    tParts("index.overlayHelp", {
      pos: code("pos"),
      scale: code("scale"),
      safe: code("safe"),
      margin: code("margin"),
      hide: code("hide=offline"),
    }),
    " ",
    h("strong", {}, `${t("index.bigScreen")}:`),
    " ",
    t("index.bigScreenHelp"),
  );
}

await startLanguage();
mountLanguageSwitcher(byId("lang"));
producerHelp();
setInterval(tick, TICK_MS);
refresh();
listen();

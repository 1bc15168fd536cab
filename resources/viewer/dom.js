// Small DOM helpers. Names and lines come from scorers: they only ever go in as text,
// never as markup.

import { edgeOn, inkOn } from "./colours.js";

// The surfaces team colours sit on (common.css --surface, light and dark).
const PAGE_LIGHT = "#ffffff";
const PAGE_DARK = "#181b21";

/**
 * Build an element: h("li", {class: "line", dataset: {seq: 3}}, "text", childNode).
 * Strings become text nodes; null/undefined/false children are skipped.
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "style") {
      for (const [name, v] of Object.entries(value)) if (v != null) node.style.setProperty(name, v);
    } else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace all children of `node`. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** Set text only when it changed, so that timers do not churn the DOM. */
export function setText(node, text) {
  const value = String(text);
  if (node.textContent !== value) node.textContent = value;
}

export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`Missing element #${id}`);
  return node;
}

/** Restart a CSS animation by toggling its class. */
export function flash(node, className) {
  node.classList.remove(className);
  void node.offsetWidth; // reflow so the animation starts again
  node.classList.add(className);
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;
const DEFAULT_COLORS = { home: "#1f5fbf", away: "#d62828" };

/** A team's colour as a safe CSS value: its own #rrggbb, or the side's default. */
export function teamColor(team, side) {
  const color = team && typeof team.color === "string" ? team.color : "";
  return HEX_COLOR.test(color) ? color : DEFAULT_COLORS[side] ?? "#777777";
}

/**
 * The CSS custom properties that paint something in a team's colours: the colour, its text
 * colour, and outlines that keep it visible on the light and on the dark page.
 */
export function teamStyle(team, side) {
  const color = teamColor(team, side);
  return {
    "--team": color,
    "--team-ink": inkOn(color),
    "--team-edge-light": edgeOn(color, PAGE_LIGHT),
    "--team-edge-dark": edgeOn(color, PAGE_DARK),
  };
}

/** Apply teamStyle() to an existing element. */
export function paintTeam(node, team, side) {
  for (const [name, value] of Object.entries(teamStyle(team, side))) node.style.setProperty(name, value);
}

// The play-by-play: one line per accepted event, newest first, each with the score
// after it. An undo adds its own line and marks the line it took back; a correction
// adds its own line and marks the line it replaced. Referee's calls carry a tag.

import { callOf } from "./calls.js";
import { h } from "./dom.js";
import { scoreLine } from "./match.js";

const MAX_LINES = 1000;

/**
 * `offset()` is the relay clock's lead over ours, to show each line's local time;
 * `state()` the match state drawn, for the teams' short names.
 */
export function renderPlayByPlay(list, offset, state) {
  function line(logged, fresh) {
    const score = scoreLine(logged.score, state());
    const isUndo = logged.event.type === "undo";
    const call = callOf(logged.event);
    const item = h(
      "li",
      { class: `line${isUndo ? " undo" : ""}${fresh ? " fresh" : ""}`, dataset: { seq: logged.seq } },
      score ? h("span", { class: "line-score" }, score) : null,
      call ? h("span", { class: "call-tag" }, call) : null,
      h("span", { class: "line-text" }, logged.text),
      time(logged.event.at),
    );
    list.prepend(item);
    if (isUndo && Number.isInteger(logged.event.targetSeq)) markUndone(logged.event.targetSeq);
    const replaced = logged.event.type === "correct" || logged.event.overturned === true;
    if (replaced && Number.isInteger(logged.event.targetSeq)) markCorrected(logged.event.targetSeq);
    while (list.children.length > MAX_LINES) list.lastElementChild.remove();
  }

  function markUndone(seq) {
    const target = list.querySelector(`li[data-seq="${seq}"]`);
    if (!target || target.classList.contains("undone")) return;
    target.classList.add("undone");
    target.append(h("span", { class: "visually-hidden" }, " (undone)"));
  }

  function markCorrected(seq) {
    const target = list.querySelector(`li[data-seq="${seq}"]`);
    if (!target || target.classList.contains("corrected")) return;
    target.classList.add("corrected");
    target.append(h("span", { class: "visually-hidden" }, " (corrected)"));
  }

  function time(at) {
    if (!Number.isFinite(at)) return null;
    const local = new Date(at - offset());
    const words = local.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    return h("time", { datetime: local.toISOString() }, words);
  }

  return {
    reset(events) {
      list.replaceChildren();
      for (const logged of events) line(logged, false);
    },
    append(events) {
      for (const logged of events) line(logged, true);
    },
  };
}

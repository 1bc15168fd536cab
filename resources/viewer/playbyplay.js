// The play-by-play: one line per accepted event, oldest first, each with the score
// after it. New lines go at the end and the list, a box of fixed height, follows them
// unless the reader has scrolled back: nothing already shown moves in the layout. An
// undo adds its own line and marks the line it took back; a correction adds its own
// line and marks the line it replaced. Referee's calls carry a tag.

import { callOf } from "./calls.js";
import { h } from "./dom.js";
import { currentLanguage, t } from "./i18n.js";
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
      // The line in the page's language when the page could say it (viewer.js), else the
      // relay's English line, marked as English.
      h("span", { class: "line-text", lang: logged.saidLang ?? null }, logged.said ?? logged.text),
      time(logged.event.at),
    );
    list.append(item);
    if (isUndo && Number.isInteger(logged.event.targetSeq)) markUndone(logged.event.targetSeq);
    const replaced = logged.event.type === "correct" || logged.event.overturned === true;
    if (replaced && Number.isInteger(logged.event.targetSeq)) markCorrected(logged.event.targetSeq);
    while (list.children.length > MAX_LINES) list.firstElementChild.remove();
  }

  function markUndone(seq) {
    const target = list.querySelector(`li[data-seq="${seq}"]`);
    if (!target || target.classList.contains("undone")) return;
    target.classList.add("undone");
    target.append(h("span", { class: "visually-hidden" }, ` ${t("viewer.undone")}`));
  }

  function markCorrected(seq) {
    const target = list.querySelector(`li[data-seq="${seq}"]`);
    if (!target || target.classList.contains("corrected")) return;
    target.classList.add("corrected");
    target.append(h("span", { class: "visually-hidden" }, ` ${t("viewer.corrected")}`));
  }

  function time(at) {
    if (!Number.isFinite(at)) return null;
    const local = new Date(at - offset());
    // Western digits whatever the language (Marathi and Bengali would write their own).
    const locales = currentLanguage() === "en" ? [] : [currentLanguage()];
    const words = local.toLocaleTimeString(locales, {
      hour: "2-digit",
      minute: "2-digit",
      numberingSystem: "latn",
    });
    return h("time", { datetime: local.toISOString() }, words);
  }

  // Follow the newest line unless the reader has scrolled back to read older ones.
  let following = true;
  const atEnd = () => list.scrollHeight - list.scrollTop - list.clientHeight < 8;
  const toEnd = () => {
    list.scrollTop = list.scrollHeight;
  };
  list.addEventListener("scroll", () => {
    following = atEnd();
  });
  // The box changes size with the layout (a phone turned, the big screen): stay at the end.
  new ResizeObserver(() => {
    if (following) toEnd();
  }).observe(list);

  return {
    reset(events) {
      list.replaceChildren();
      for (const logged of events) line(logged, false);
      following = true;
      toEnd();
    },
    append(events) {
      for (const logged of events) line(logged, true);
      if (following) toEnd();
    },
  };
}

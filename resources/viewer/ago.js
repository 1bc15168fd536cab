// How long ago something happened, in the page's language, in words that stay true as
// time passes.

import { dateLocale, t } from "./i18n.js";

/** "just now", "40 s ago", "12 min ago", "at 14:05", "on 3 Dec": how long ago `ms` was. */
export function ago(ms, now) {
  const seconds = Math.max(0, Math.floor((now - ms) / 1000));
  if (seconds < 2) return t("ago.justNow");
  if (seconds < 60) return t("ago.seconds", { count: seconds });
  if (seconds < 3600) return t("ago.minutes", { count: Math.floor(seconds / 60) });
  const when = new Date(ms);
  const locale = dateLocale();
  if (seconds < 20 * 3600) {
    const time = when.toLocaleTimeString(locale ?? [], { hour: "2-digit", minute: "2-digit" });
    return t("ago.at", { time });
  }
  const date = when.toLocaleDateString(locale ?? [], { day: "numeric", month: "short" });
  return t("ago.on", { date });
}

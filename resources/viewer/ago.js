// How long ago something happened, in words that stay true as time passes.

/** "just now", "40 s ago", "12 min ago", "at 14:05", "on 3 Dec": how long ago `ms` was. */
export function ago(ms, now) {
  const seconds = Math.max(0, Math.floor((now - ms) / 1000));
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  const when = new Date(ms);
  if (seconds < 20 * 3600) {
    return `at ${when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
  }
  return `on ${when.toLocaleDateString([], { day: "numeric", month: "short" })}`;
}

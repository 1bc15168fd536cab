// Whether a match id names a match on this relay, for a page whose welcome came with
// `state: null`: a match about to be set up (a scorer is on it) or a mistyped id.
//
// The relay answers GET /api/matches/ID/summary with 200 (the match as the list shows
// it; `setUp: false` before the setup) or 404 `{"error": "no_such_match", "message"}`.
// Either way the page's connection stays open and goes live if the match is set up.
// (Chromium logs the 404 in the console as a failed resource: it is the answer.)

/** "exists", "missing", or "unknown" (the relay could not be asked). */
export async function matchExists(matchId) {
  try {
    const response = await fetch(`/api/matches/${encodeURIComponent(matchId)}/summary`, {
      cache: "no-cache",
    });
    if (response.status === 404) return "missing";
    if (response.ok) return "exists";
    console.warn(`Asking the relay about match ${matchId}: HTTP ${response.status}`);
  } catch (error) {
    console.warn("Could not ask the relay about the match:", error);
  }
  return "unknown";
}

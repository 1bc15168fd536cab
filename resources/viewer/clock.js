// Clocks counted down in the browser from the state's timestamps, on the relay's time.
//
// The one JavaScript definition of clock arithmetic; relay/rules/countdown.py is the one
// Python definition, and both are checked against resources/vectors/clock.json. A
// countdown shows a second until the whole second has gone: 1,199,001 ms reads 20:00.
//
// The relay stamps every event with `at` (its own clock, ms since the Unix epoch) just
// before it sends it, so `at - Date.now()` on arrival is the offset between the two
// clocks minus the delivery delay: a slight underestimate. The largest recent sample
// from live events is the estimate. Events replayed in a welcome are old, so they only
// prove a lower bound: they can push the estimate up but never stand in for it.

const LIVE_SAMPLES = 20;

export class RelayClock {
  constructor() {
    this.live = [];
    this.floor = -Infinity;
  }

  /** An event that just arrived live (an `event` frame). */
  sampleLive(at) {
    if (!Number.isFinite(at)) return;
    this.live.push(at - Date.now());
    if (this.live.length > LIVE_SAMPLES) this.live.shift();
  }

  /** An event replayed in a welcome: the relay's clock is at least this far ahead. */
  sampleReplayed(at) {
    if (!Number.isFinite(at)) return;
    this.floor = Math.max(this.floor, at - Date.now());
  }

  get offset() {
    if (this.live.length) return Math.max(...this.live);
    return Math.max(0, this.floor);
  }

  /** The relay's time now, in ms. */
  now() {
    return Date.now() + this.offset;
  }
}

/** Match clock time still to play in this half, in ms. */
export function halfRemaining(clock, now) {
  if (!clock) return 0;
  let elapsed = clock.elapsedMs;
  if (clock.running && Number.isFinite(clock.since)) elapsed += Math.max(0, now - clock.since);
  return clamp(clock.halfMs - elapsed, 0, clock.halfMs);
}

/** Match clock time played in the whole match, in ms (the clock suspensions run on). */
export function playedMs(clock, now) {
  if (!clock) return 0;
  let played = clock.playedMs;
  if (clock.running && Number.isFinite(clock.since)) played += Math.max(0, now - clock.since);
  return played;
}

/** Raid clock time left, in ms. */
export function raidRemaining(raidClock, now) {
  if (!raidClock) return 0;
  const total = raidClock.seconds * 1000;
  return clamp(total - (now - raidClock.startedAt), 0, total);
}

/** Time left on a yellow card, in ms, or null when the player is not suspended. */
export function suspensionRemaining(player, clock, now) {
  if (player.status !== "suspended" || !Number.isFinite(player.suspendedUntilMs)) return null;
  return Math.max(0, player.suspendedUntilMs - playedMs(clock, now));
}

/** "mm:ss", counting down: 19:59.2 shows as 20:00 until a whole second has gone. */
export function mmss(ms) {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, "0")}:${String(seconds).padStart(2, "0")}`;
}

/** Whole seconds, rounded up: a raid clock reads 30 … 1, then 0. */
export function secondsLeft(ms) {
  return Math.ceil(Math.max(0, ms) / 1000);
}

function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}

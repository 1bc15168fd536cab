// The live connection to one match on the relay, shared by the viewer and the overlay.
//
// It says hello as a viewer, keeps the last `seq` it applied and the match `epoch`, and
// reconnects by itself (exponential backoff with jitter) when the connection drops or
// the relay restarts. On reconnect it sends lastSeq/epoch; the relay answers with the
// events it missed (`recovered: true`) or with the whole story again (`false`). Events
// it already has (seq <= lastSeq) are dropped, so a page never shows a line twice; a
// gap in the numbering makes it resync instead of guessing. A frame it does not
// understand is ignored.
//
// A connection can die without a word (a phone that walked out of the venue's Wi-Fi,
// a NAT that forgot it): the relay says something to every connection at least every
// 15 s (presence, when the match is quiet), so hearing nothing for SILENCE_MS means the
// connection is dead. It is dropped and the page says it is not live and reconnects.
//
// It speaks protocol 2: the welcome brings the whole state, each event a merge patch
// against the one before (patch.js). A patch that does not give a match state makes it
// resync too. Handlers always get the state as the pages draw it (players as lists).

import { RelayClock } from "./clock.js";
import { isMatchState } from "./match.js";
import { mergePatch, viewState } from "./patch.js";

const FIRST_RETRY_MS = 400;
const MAX_RETRY_MS = 15000;
const RESYNC_CODE = 4000; // our own close code: "resyncing after a gap"
// Three of the relay's heartbeats (--heartbeat is at most 15 s; docs/protocol.md).
export const SILENCE_MS = 45000;

/**
 * handlers:
 *   reset(state, events)  start over: draw `state` (null before setup) and these lines
 *   append(events, state, live)  add these lines (oldest first) and draw `state`; `live`
 *                         is true for an event as it happens, false for ones caught up on
 *   presence({scorers, viewers})
 *   status(name)          "connecting" | "live" | "reconnecting" | "offline"
 */
export class LiveMatch {
  constructor(matchId, handlers, { url = defaultUrl() } = {}) {
    this.matchId = matchId;
    this.handlers = handlers;
    this.url = url;
    this.clock = new RelayClock();
    this.epoch = null;
    this.lastSeq = null;
    this.state = null;
    this.wire = null; // the state as protocol 2 sends it: the next patch applies to it
    this.socket = null;
    this.failures = 0;
    this.retryTimer = null;
    this.stopped = false;
    this.resyncing = false;
    this.silenceTimer = null;
    this.retryNow = () => {
      if (this.retryTimer !== null) this.connect();
    };
    // The browser knows the network has gone (a phone off the venue's Wi-Fi) before the
    // socket does, which can take minutes: say so now and retry when it is back.
    this.dropNow = () => {
      const socket = this.socket;
      if (!socket) return;
      clearTimeout(this.silenceTimer);
      this.socket = null;
      this.resyncing = false;
      socket.close();
      this.scheduleRetry();
    };
  }

  start() {
    window.addEventListener("online", this.retryNow);
    window.addEventListener("offline", this.dropNow);
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.retryNow();
    });
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.silenceTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    window.removeEventListener("online", this.retryNow);
    window.removeEventListener("offline", this.dropNow);
    if (this.socket) this.socket.close(1000, "bye");
  }

  connect({ quietly = false } = {}) {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.stopped) return;
    if (!quietly) this.emitStatus(this.failures ? "reconnecting" : "connecting");
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      console.warn("Cannot open the connection to the relay:", error);
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.addEventListener("open", () => {
      this.listen(socket);
      socket.send(JSON.stringify(this.hello()));
    });
    socket.addEventListener("message", (message) => {
      if (socket !== this.socket) return;
      this.listen(socket);
      this.receive(message.data);
    });
    socket.addEventListener("close", () => {
      if (socket !== this.socket) return;
      clearTimeout(this.silenceTimer);
      this.socket = null;
      if (this.resyncing) {
        // A quick ask-again for a missed event, not a lost connection: nothing to report.
        this.resyncing = false;
        this.connect({ quietly: true });
      } else {
        this.scheduleRetry();
      }
    });
  }

  /** (Re)start the wait for the relay's next word on `socket`. */
  listen(socket) {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      if (socket === this.socket) this.dropNow();
    }, SILENCE_MS);
  }

  hello() {
    const frame = { type: "hello", role: "viewer", matchId: this.matchId, protocol: 2 };
    if (this.epoch !== null && this.lastSeq !== null) {
      frame.lastSeq = this.lastSeq;
      frame.epoch = this.epoch;
    }
    return frame;
  }

  scheduleRetry() {
    if (this.stopped) return;
    const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.failures += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.emitStatus(this.failures > 3 ? "offline" : "reconnecting");
  }

  receive(data) {
    let frame;
    try {
      frame = typeof data === "string" ? JSON.parse(data) : null;
    } catch {
      frame = null;
    }
    if (!frame || typeof frame !== "object") {
      console.warn("Ignored a frame that is not a JSON object.");
      return;
    }
    try {
      if (frame.type === "welcome") this.welcome(frame);
      else if (frame.type === "event") this.event(frame);
      else if (frame.type === "presence") this.presence(frame);
      else if (frame.type === "error") console.warn("The relay says:", frame.code, frame.message);
      else console.warn("Ignored a frame of type", frame.type);
    } catch (error) {
      // A frame the page cannot draw must not take the page down with it.
      console.warn("Ignored a frame that could not be shown:", error);
    }
  }

  welcome(frame) {
    const state = frame.state === null ? null : viewState(frame.state);
    const valid =
      typeof frame.epoch === "string" &&
      Number.isInteger(frame.seq) &&
      (frame.state === null || isMatchState(state)) &&
      Array.isArray(frame.events);
    if (!valid) {
      console.warn("Ignored a malformed welcome.");
      return;
    }
    const events = frame.events.filter(isLoggedEvent);
    for (const logged of events) this.clock.sampleReplayed(logged.event.at);
    // The relay's time as it sent the welcome: as good as a live event's `at`.
    if (Number.isFinite(frame.now)) this.clock.sampleLive(frame.now);
    const resumes = frame.recovered === true && frame.epoch === this.epoch && this.lastSeq !== null;
    this.failures = 0;
    this.epoch = frame.epoch;
    this.wire = frame.state;
    this.state = state;
    if (resumes) {
      const missed = events.filter((logged) => logged.seq > this.lastSeq);
      this.lastSeq = Math.max(this.lastSeq, frame.seq);
      this.handlers.append(missed, state, false);
    } else {
      this.lastSeq = frame.seq;
      this.handlers.reset(state, events);
    }
    this.emitStatus("live");
  }

  event(frame) {
    const patch = frame.patch;
    if (!Number.isInteger(frame.seq) || !isLoggedEvent(frame) || patch === null || typeof patch !== "object") {
      console.warn("Ignored a malformed event.");
      return;
    }
    if (this.lastSeq === null || frame.seq <= this.lastSeq) return; // already shown
    if (frame.seq > this.lastSeq + 1) {
      // Something went missing: ask again from what we have rather than skip it.
      this.resync();
      return;
    }
    const wire = mergePatch(this.wire, patch);
    const state = viewState(wire);
    if (!isMatchState(state)) {
      console.warn(`Event ${frame.seq} does not apply to the state this page has: resyncing.`);
      this.resync();
      return;
    }
    this.clock.sampleLive(frame.event.at);
    this.lastSeq = frame.seq;
    this.wire = wire;
    this.state = state;
    // The score after the event is the patched state's (protocol 2 does not repeat it).
    const score = { home: state.home.score, away: state.away.score };
    const logged = { seq: frame.seq, event: frame.event, text: frame.text, score };
    this.handlers.append([logged], state, true);
  }

  resync() {
    if (this.socket && !this.resyncing) {
      this.resyncing = true;
      this.socket.close(RESYNC_CODE, "resync");
    }
  }

  presence(frame) {
    if (!Number.isInteger(frame.viewers) || !Array.isArray(frame.scorers)) return;
    this.handlers.presence?.(frame);
  }

  emitStatus(name) {
    this.handlers.status?.(name);
  }
}

function isLoggedEvent(logged) {
  return (
    logged !== null &&
    typeof logged === "object" &&
    Number.isInteger(logged.seq) &&
    logged.seq > 0 &&
    typeof logged.text === "string" &&
    logged.event !== null &&
    typeof logged.event === "object" &&
    typeof logged.event.type === "string"
  );
}

function defaultUrl() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws`;
}

/** The matchId of the page's URL, or null when it is missing or not a valid id. */
export function matchIdFromUrl() {
  const id = new URLSearchParams(location.search).get("matchId");
  return id && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}

/** Words for the connection state. The label is a live region: the words stay the same
 * while the page keeps retrying ("reconnecting" and "offline" alike), so a screen reader
 * says it once, and a ticking countdown never goes in it. */
export function statusText(name) {
  if (name === "live") return "Live";
  if (name === "connecting") return "Connecting…";
  return "Not live · reconnecting";
}

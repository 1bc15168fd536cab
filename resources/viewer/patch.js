// Protocol 2's match state: JSON Merge Patch (RFC 7386) and the state's shape.
//
// The relay sends the state once (in `welcome`) and then, with each event, a merge
// patch against the state before it. In that shape each team's `players` is an object
// keyed by player id, in squad order in `squad`, and members that would be null are
// left out (docs/protocol.md, "Version 2: patches"; relay/shape.py on the relay).
// `viewState` turns it back into the shape the pages draw: `players` as a list.

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * RFC 7386 §2 MergePatch(target, patch). `target` is not changed: what the patch
 * touches is copied, the rest is shared with it.
 */
export function mergePatch(target, patch) {
  if (!isObject(patch)) return patch;
  const result = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      // defineProperty: a member named "__proto__" (a valid player id) stays a member.
      const next = mergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value);
      Object.defineProperty(result, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return result;
}

/** The state as the pages draw it (players as a list in squad order), or null if the
 * protocol-2 state is not one. */
export function viewState(wire) {
  if (!isObject(wire)) return null;
  const home = viewTeam(wire.home);
  const away = viewTeam(wire.away);
  if (!home || !away) return null;
  return { ...wire, home, away };
}

function viewTeam(team) {
  if (!isObject(team) || !Array.isArray(team.squad) || !isObject(team.players)) return null;
  const players = [];
  for (const id of team.squad) {
    const player = Object.hasOwn(team.players, id) ? team.players[id] : null;
    if (!isObject(player)) return null;
    players.push({ id, ...player });
  }
  return { ...team, players };
}

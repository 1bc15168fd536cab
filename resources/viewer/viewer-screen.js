// The venue's big screen: `?screen=big` asks for it, `?screen=normal` refuses it, and
// without either a large landscape viewport (a TV or a projector) gets it by itself.
// The layout is in viewer.css under `html.big`: one screen, no scrolling, sizes in
// proportion to the viewport, to be read from the back of a stand.

const BIG_SCREEN = "(min-width: 1600px) and (orientation: landscape)";

/** The screen mode the URL asks for: "big", "normal", or null to follow the viewport. */
export function screenModeFromUrl() {
  const mode = new URLSearchParams(location.search).get("screen");
  return mode === "big" || mode === "normal" ? mode : null;
}

/** Keep `html.big` set for the big screen, following the viewport when the URL does not say. */
export function watchScreenMode() {
  const asked = screenModeFromUrl();
  const root = document.documentElement;
  if (asked) {
    root.classList.toggle("big", asked === "big");
    return;
  }
  const query = matchMedia(BIG_SCREEN);
  const follow = () => root.classList.toggle("big", query.matches);
  query.addEventListener("change", follow);
  follow();
}

// The overlay's options, from its address:
//   pos    top-left | top-right | bottom-left | bottom-right | top | bottom (default top-left)
//   scale  0.25 … 4 (default 1); reduced when the bug would not fit inside the safe area
//   safe   title (default: 5% of each side, 96 × 54 px at 1920 × 1080) | action (3.5%) | none
//   margin a margin in px on every side instead (0 … 400)
//   hide   offline: hide the bug while its data is not live, instead of saying so on it

export const POSITIONS = ["top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom"];
const SAFE_AREAS = { title: ["5vw", "5vh"], action: ["3.5vw", "3.5vh"], none: ["0px", "0px"] };

export function overlayOptions(params) {
  const pos = params.get("pos");
  const scale = Number.parseFloat(params.get("scale") ?? "");
  const margin = Number.parseFloat(params.get("margin") ?? "");
  let [safeX, safeY] = SAFE_AREAS[params.get("safe")] ?? SAFE_AREAS.title;
  if (Number.isFinite(margin) && margin >= 0 && margin <= 400) safeX = safeY = `${margin}px`;
  return {
    pos: POSITIONS.includes(pos) ? pos : "top-left",
    scale: Number.isFinite(scale) && scale >= 0.25 && scale <= 4 ? scale : 1,
    safeX,
    safeY,
    hideOffline: params.get("hide") === "offline",
  };
}

/**
 * Whether this browser can run the map at all: MapLibre GL 5+ and mapbox-gl 3 need WebGL 2.
 * Checked before the map chunk is downloaded, so a browser without it gets the list at once.
 */
export function supportsWebGL2(): boolean {
  if (typeof document === "undefined") return false;
  try {
    const canvas = document.createElement("canvas");
    const context = canvas.getContext("webgl2");
    // Free the context now: browsers cap how many can be alive at once.
    context?.getExtension("WEBGL_lose_context")?.loseContext();
    return Boolean(context);
  } catch {
    return false;
  }
}

// The HiDPI browser scale override's rule, as a pure function of what the browser reports (no DOM here, so that a
// unit test can give it any device). hidpi-scale.ts reads these facts from the window and applies the verdict.
//
// ClearML's rule, scale = clamp(60 %, 100 %, round(min(screen.width, screen.height) / 1080 × 10) × 10 %), is meant
// for desktop browsers (it runs only on Windows and macOS) on a high-density screen at the browser's own 100 %. On
// its own it also fires where it must not: a phone (390 CSS px wide at 3× gives 60 %, a page shrunk to unreadable)
// and a browser the user has zoomed (at 400 % the CSS viewport of a 1366×768 screen is 341×192 at ratio 4, so the
// rule would shrink the page against the zoom the user just asked for). So the scale applies only when all hold:
//
//  1. the device pixel ratio is above 1 (a high-density screen, or a zoom: 3 and 4 tell the two apart);
//  2. the primary pointer is not coarse: a phone or tablet, whose browser already chose the size for its screen;
//  3. the browser is not zoomed. Chromium and WebKit report window.outerWidth in screen pixels (device-independent,
//     untouched by page zoom) and window.innerWidth in CSS pixels (divided by the zoom), so their ratio is the zoom:
//     1.0 at 100 % (window borders add a few pixels), 1.1 at Chrome's smallest step up, 0.9 at its smallest step down.
//     Outside 0.95–1.05 the page counts as zoomed. A docked DevTools or side panel also narrows innerWidth and reads
//     as a zoom; then the override stays off, the safe side. visualViewport is no help here: it measures pinch zoom,
//     which does not change the layout (and so is not fought), not the browser's zoom. An outerWidth of 0 (some
//     embedded views) says nothing, and the test is skipped;
//  4. the CSS viewport is a desktop's, at least 1024 px wide: a narrow window keeps the size it has (this also covers
//     a zoom in a browser, such as Firefox, whose outerWidth follows the zoom);
//  5. ClearML's formula gives less than 100 % for the screen.

export const MIN_DESKTOP_VIEWPORT_WIDTH = 1024;
/** window.outerWidth / window.innerWidth farther than this from 1 means the browser is zoomed. */
export const ZOOM_TOLERANCE = 0.05;

export interface DisplayFacts {
  /** window.innerWidth: the CSS viewport's width */
  viewportWidth: number;
  /** window.outerWidth: the browser window's width in screen pixels (0 when unknown) */
  outerWidth: number;
  /** window.screen.width and height, in CSS pixels */
  screenWidth: number;
  screenHeight: number;
  devicePixelRatio: number;
  /** matchMedia('(pointer: coarse)'): the primary pointer is a finger */
  coarsePointer: boolean;
}

/** Why the page is, or is not, scaled. */
export type HidpiReason =
  | 'scaled'
  | 'standard-density'
  | 'touch-screen'
  | 'browser-zoom'
  | 'narrow-window'
  | 'large-screen';

export interface HidpiVerdict {
  /** the scale for the page when the override is on: 1 unless the reason is 'scaled' */
  scale: number;
  reason: HidpiReason;
}

/** ClearML's formula: the scale for a screen's size in CSS pixels, in steps of 10 % from 60 % to 100 %. */
export function screenSizeScale(screenWidth: number, screenHeight: number): number {
  const tenths = Math.round((Math.min(screenWidth, screenHeight) / 1080) * 10);
  return Math.min(10, Math.max(6, tenths)) / 10;
}

/** The browser's zoom as window.outerWidth / window.innerWidth tells it, or undefined when that says nothing. */
export function browserZoom(facts: Pick<DisplayFacts, 'outerWidth' | 'viewportWidth'>): number | undefined {
  if (!(facts.outerWidth > 0) || !(facts.viewportWidth > 0)) return undefined;
  return facts.outerWidth / facts.viewportWidth;
}

export function hidpiVerdict(facts: DisplayFacts): HidpiVerdict {
  if (!(facts.devicePixelRatio > 1)) return { scale: 1, reason: 'standard-density' };
  if (facts.coarsePointer) return { scale: 1, reason: 'touch-screen' };
  const zoom = browserZoom(facts);
  if (zoom !== undefined && Math.abs(zoom - 1) > ZOOM_TOLERANCE) return { scale: 1, reason: 'browser-zoom' };
  if (facts.viewportWidth < MIN_DESKTOP_VIEWPORT_WIDTH) return { scale: 1, reason: 'narrow-window' };
  const scale = screenSizeScale(facts.screenWidth, facts.screenHeight);
  return scale < 1 ? { scale, reason: 'scaled' } : { scale: 1, reason: 'large-screen' };
}

// The HiDPI browser scale override: the one place where its rule lives.
//
// Rule (ClearML's): on a high-density screen (window.devicePixelRatio > 1) the whole page is shown at
//
//     scale = clamp(60 %, 100 %, round(min(screen.width, screen.height) / 1080 × 10) × 10 %)
//
// where screen.width and screen.height are the screen's size in CSS pixels. So a laptop whose screen is small in
// CSS pixels shows more at once: 1440×900 at 2× → round(8.33) × 10 % = 80 %; 1366×768 at 1.25× → 70 %;
// anything whose shorter side is 1026 CSS px or more → 100 % (unchanged). Standard-density screens (ratio 1) are
// never scaled. The override is on by default; turning it off is kept per browser in localStorage (it describes
// this device, not the user), and every change (the switch, another tab, moving the window to another screen,
// a resolution change) applies at once, without a reload.
//
// How it is applied: as the root element's font size (80 % → 12.8 px), with `data-hidpi-scale` on the root
// element saying the factor. Every size in the app is in rem, so the whole layout scales and reflows. Neither
// ClearML's `transform: scale` nor CSS `zoom` is used: both make getBoundingClientRect() report other units than
// layout uses, which misplaces menus, tooltips, indicators and carets (clearml-web #81, floating-ui #3032).

import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'foyer.hidpi-scale-override';
const STORAGE_OFF = 'off';

export function hidpiScale(screenWidth: number, screenHeight: number, devicePixelRatio: number): number {
  if (!(devicePixelRatio > 1)) return 1;
  const tenths = Math.round((Math.min(screenWidth, screenHeight) / 1080) * 10);
  return Math.min(10, Math.max(6, tenths)) / 10;
}

export function isHidpiOverrideOn(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== STORAGE_OFF;
  } catch {
    return true;
  }
}

/** The scale this screen calls for under the rule, whether or not the override is on. */
export function screenHidpiScale(): number {
  return hidpiScale(window.screen.width, window.screen.height, window.devicePixelRatio);
}

export interface HidpiState {
  on: boolean;
  /** the scale the rule gives this screen */
  screenScale: number;
  /** the scale applied to the page now */
  appliedScale: number;
}

let state: HidpiState = { on: true, screenScale: 1, appliedScale: 1 };
const listeners = new Set<() => void>();

function apply(): void {
  const on = isHidpiOverrideOn();
  const screenScale = screenHidpiScale();
  const appliedScale = on ? screenScale : 1;
  const root = document.documentElement;
  if (appliedScale === 1) {
    root.style.removeProperty('font-size');
    root.removeAttribute('data-hidpi-scale');
  } else {
    root.style.setProperty('font-size', `${appliedScale * 100}%`);
    root.setAttribute('data-hidpi-scale', String(appliedScale));
  }
  if (state.on !== on || state.screenScale !== screenScale || state.appliedScale !== appliedScale) {
    state = { on, screenScale, appliedScale };
    for (const listener of listeners) listener();
  }
}

export function setHidpiOverride(on: boolean): void {
  try {
    if (on) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, STORAGE_OFF);
  } catch {
    // Storage is unavailable (a locked-down browser): the choice then lasts for this page only.
  }
  apply();
}

let resolutionQuery: MediaQueryList | undefined;

function watchResolution(): void {
  resolutionQuery?.removeEventListener('change', onResolutionChange);
  resolutionQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
  resolutionQuery.addEventListener('change', onResolutionChange);
}

function onResolutionChange(): void {
  watchResolution();
  apply();
}

/** Applies the scale now and keeps it applied; call once, before the first render. */
export function startHidpiScaling(): void {
  apply();
  watchResolution();
  window.addEventListener('resize', apply);
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) apply();
  });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useHidpiScale(): HidpiState {
  return useSyncExternalStore(subscribe, () => state);
}

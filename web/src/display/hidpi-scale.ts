// The HiDPI browser scale override: applying it. Its rule, and why it holds back on phones, on zoomed browsers and in
// narrow windows, is in hidpi-rule.ts (a pure function of what the browser reports).
//
// Where it applies, a laptop whose screen is small in CSS pixels shows more at once: 1440×900 at 2× → 80 %;
// 1366×768 at 1.25× → 70 %; a screen whose shorter side is 1026 CSS px or more → 100 % (unchanged). The override is
// on by default; turning it off is kept per browser in localStorage (it describes this device, not the user), and
// every change (the switch, another tab, a zoom, a window resized or moved to another screen) applies at once,
// without a reload.
//
// How it is applied: as the root element's font size (80 % → 12.8 px), with `data-hidpi-scale` on the root
// element saying the factor. Every size in the app is in rem, so the whole layout scales and reflows. Neither
// ClearML's `transform: scale` nor CSS `zoom` is used: both make getBoundingClientRect() report other units than
// layout uses, which misplaces menus, tooltips, indicators and carets (clearml-web #81, floating-ui #3032). The
// font size does not change window.innerWidth, so applying the scale never feeds back into the rule.

import { useSyncExternalStore } from 'react';
import { hidpiVerdict, type DisplayFacts, type HidpiVerdict } from './hidpi-rule';

const STORAGE_KEY = 'foyer.hidpi-scale-override';
const STORAGE_OFF = 'off';

export function isHidpiOverrideOn(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) !== STORAGE_OFF;
  } catch {
    return true;
  }
}

/** What this window reports, for the rule. */
export function displayFacts(): DisplayFacts {
  return {
    viewportWidth: window.innerWidth,
    outerWidth: window.outerWidth,
    screenWidth: window.screen.width,
    screenHeight: window.screen.height,
    devicePixelRatio: window.devicePixelRatio,
    coarsePointer: window.matchMedia('(pointer: coarse)').matches,
  };
}

export interface HidpiState {
  on: boolean;
  /** the rule's verdict for this window: the scale it calls for, or why there is none */
  verdict: HidpiVerdict;
  /** the facts the verdict was made from */
  facts: DisplayFacts;
  /** the scale applied to the page now */
  appliedScale: number;
}

let state: HidpiState = { on: true, verdict: { scale: 1, reason: 'standard-density' }, facts: displayFacts(), appliedScale: 1 };
const listeners = new Set<() => void>();

function sameFacts(a: DisplayFacts, b: DisplayFacts): boolean {
  return (Object.keys(a) as (keyof DisplayFacts)[]).every((key) => a[key] === b[key]);
}

function apply(): void {
  const on = isHidpiOverrideOn();
  const facts = displayFacts();
  const verdict = hidpiVerdict(facts);
  const appliedScale = on ? verdict.scale : 1;
  const root = document.documentElement;
  if (appliedScale === 1) {
    root.style.removeProperty('font-size');
    root.removeAttribute('data-hidpi-scale');
  } else {
    root.style.setProperty('font-size', `${appliedScale * 100}%`);
    root.setAttribute('data-hidpi-scale', String(appliedScale));
  }
  if (state.on !== on || state.verdict.reason !== verdict.reason || state.verdict.scale !== verdict.scale || !sameFacts(state.facts, facts)) {
    state = { on, verdict, facts, appliedScale };
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

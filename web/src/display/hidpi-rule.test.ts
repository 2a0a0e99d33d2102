// Unit tests of the HiDPI scale rule: run with `node --import tsx --test web/src/display/hidpi-rule.test.ts` (npm test
// runs them with the server's tests). Each device is given as the browser reports it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserZoom, hidpiVerdict, screenSizeScale, type DisplayFacts } from './hidpi-rule';

/** A desktop browser at 100 %: the window fills the screen, outer and inner widths agree. */
function desktop(width: number, height: number, devicePixelRatio: number, viewportWidth = width): DisplayFacts {
  return { viewportWidth, outerWidth: viewportWidth, screenWidth: width, screenHeight: height, devicePixelRatio, coarsePointer: false };
}

test("ClearML's formula: the screen's shorter side against 1080, in tenths, from 60 % to 100 %", () => {
  assert.equal(screenSizeScale(1440, 900), 0.8);
  assert.equal(screenSizeScale(1366, 768), 0.7);
  assert.equal(screenSizeScale(1920, 1080), 1);
  assert.equal(screenSizeScale(2560, 1440), 1);
  assert.equal(screenSizeScale(390, 844), 0.6);
  assert.equal(screenSizeScale(1026, 1600), 1);
  assert.equal(screenSizeScale(1025, 1600), 0.9);
});

test('a wide HiDPI desktop at 100 % is scaled: 1440×900 at 2× → 80 %, 1366×768 at 1.25× → 70 %', () => {
  assert.deepEqual(hidpiVerdict(desktop(1440, 900, 2)), { scale: 0.8, reason: 'scaled' });
  assert.deepEqual(hidpiVerdict(desktop(1366, 768, 1.25)), { scale: 0.7, reason: 'scaled' });
  // A window smaller than the screen but still a desktop's width.
  assert.deepEqual(hidpiVerdict(desktop(1440, 900, 2, 1280)), { scale: 0.8, reason: 'scaled' });
  // Window borders make outerWidth a little larger than innerWidth: still 100 %.
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 2), outerWidth: 1456 }), { scale: 0.8, reason: 'scaled' });
});

test('a large or standard-density screen is left alone', () => {
  assert.deepEqual(hidpiVerdict(desktop(2560, 1440, 2)), { scale: 1, reason: 'large-screen' });
  assert.deepEqual(hidpiVerdict(desktop(1366, 768, 1)), { scale: 1, reason: 'standard-density' });
  assert.deepEqual(hidpiVerdict(desktop(1280, 720, 0.9)), { scale: 1, reason: 'standard-density' });
});

test('a phone is never scaled: 390×844 at 3× with a touch screen', () => {
  const phone: DisplayFacts = { viewportWidth: 390, outerWidth: 390, screenWidth: 390, screenHeight: 844, devicePixelRatio: 3, coarsePointer: true };
  assert.deepEqual(hidpiVerdict(phone), { scale: 1, reason: 'touch-screen' });
  // Even a tablet as wide as a desktop, in landscape.
  assert.deepEqual(hidpiVerdict({ ...desktop(1366, 1024, 2), coarsePointer: true }), { scale: 1, reason: 'touch-screen' });
});

test('a zoomed browser is not fought: 1366×768 at 400 %, 200 %, 110 % and 90 %', () => {
  // Chromium at 400 % on a 1366×768 screen of ratio 1: CSS viewport 341.5 px, outerWidth 1366, ratio 4.
  const at400: DisplayFacts = { viewportWidth: 341.5, outerWidth: 1366, screenWidth: 341, screenHeight: 192, devicePixelRatio: 4, coarsePointer: false };
  assert.equal(browserZoom(at400), 4);
  assert.deepEqual(hidpiVerdict(at400), { scale: 1, reason: 'browser-zoom' });
  // The same when the browser reports the screen unzoomed.
  assert.deepEqual(hidpiVerdict({ ...at400, screenWidth: 1366, screenHeight: 768 }), { scale: 1, reason: 'browser-zoom' });
  // 200 % on a 2× laptop: the viewport is 720 px, the ratio 4.
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 4, 720), outerWidth: 1440 }), { scale: 1, reason: 'browser-zoom' });
  // 110 % on a 1440×900 2× laptop, where the rule would otherwise give 80 %.
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 2.2, 1309), outerWidth: 1440 }), { scale: 1, reason: 'browser-zoom' });
  // 90 %: zoomed out, the viewport is wider than the window.
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 1.8, 1600), outerWidth: 1440 }), { scale: 1, reason: 'browser-zoom' });
});

test('a narrow window is not scaled, nor a browser whose outerWidth says nothing', () => {
  assert.deepEqual(hidpiVerdict(desktop(1440, 900, 2, 900)), { scale: 1, reason: 'narrow-window' });
  assert.deepEqual(hidpiVerdict(desktop(1440, 900, 2, 1023)), { scale: 1, reason: 'narrow-window' });
  assert.deepEqual(hidpiVerdict(desktop(1440, 900, 2, 1024)), { scale: 0.8, reason: 'scaled' });
  // outerWidth 0 (an embedded view): the zoom test is skipped, the rest still holds.
  assert.equal(browserZoom({ outerWidth: 0, viewportWidth: 1440 }), undefined);
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 2), outerWidth: 0 }), { scale: 0.8, reason: 'scaled' });
  assert.deepEqual(hidpiVerdict({ ...desktop(1440, 900, 4, 341), outerWidth: 0 }), { scale: 1, reason: 'narrow-window' });
});

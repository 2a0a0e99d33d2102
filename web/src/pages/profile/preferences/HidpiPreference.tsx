import { Switch } from '@mantine/core';
import type { DisplayFacts, HidpiVerdict } from '../../../display/hidpi-rule';
import { MIN_DESKTOP_VIEWPORT_WIDTH } from '../../../display/hidpi-rule';
import { setHidpiOverride, useHidpiScale } from '../../../display/hidpi-scale';

function percent(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}

/** One line on what the override does here, or why it does nothing on this device (hidpi-rule.ts). */
function effectHere(verdict: HidpiVerdict, facts: DisplayFacts, on: boolean): string {
  const screenSize = `${facts.screenWidth}×${facts.screenHeight}`;
  const density = `${Number(facts.devicePixelRatio.toFixed(2))}×`;
  switch (verdict.reason) {
    case 'standard-density':
      return `This screen (${screenSize}) has standard pixel density, so nothing is scaled here.`;
    case 'touch-screen':
      return 'Not applied on this device: it has a touch screen (a phone or tablet), whose browser already sizes the page for it.';
    case 'browser-zoom':
      return 'Not applied in this window: the browser is zoomed in or out, and that zoom sets the size (reset the zoom to use the override).';
    case 'narrow-window':
      return `Not applied in this window: it is ${Math.round(facts.viewportWidth)} px wide, and the override needs at least ${MIN_DESKTOP_VIEWPORT_WIDTH} px.`;
    case 'large-screen':
      return `This screen (${screenSize} at ${density}) is large enough, so nothing is scaled here.`;
    case 'scaled':
      return on
        ? `On this screen (${screenSize} at ${density}) the page is shown at ${percent(verdict.scale)}.`
        : `On this screen (${screenSize} at ${density}) the page would be shown at ${percent(verdict.scale)}.`;
  }
}

export function HidpiPreference() {
  const { on, verdict, facts } = useHidpiScale();
  return (
    <Switch
      size="md"
      label="HiDPI browser scale override"
      description={
        <>
          Shows more at once on high-density desktop screens with a small resolution. Applies to this browser only.{' '}
          {effectHere(verdict, facts, on)}
        </>
      }
      checked={on}
      onChange={(event) => setHidpiOverride(event.currentTarget.checked)}
    />
  );
}

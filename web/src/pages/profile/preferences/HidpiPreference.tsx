import { Switch } from '@mantine/core';
import { setHidpiOverride, useHidpiScale } from '../../../display/hidpi-scale';

function percent(scale: number): string {
  return `${Math.round(scale * 100)}%`;
}

function effectOnThisScreen(screenScale: number, on: boolean): string {
  const screenSize = `${window.screen.width}×${window.screen.height}`;
  const density = `${Number(window.devicePixelRatio.toFixed(2))}×`;
  if (window.devicePixelRatio <= 1) return `This screen (${screenSize}) has standard pixel density, so nothing is scaled here.`;
  if (screenScale === 1) return `This screen (${screenSize} at ${density}) is large enough, so nothing is scaled here.`;
  return on
    ? `On this screen (${screenSize} at ${density}) the page is shown at ${percent(screenScale)}.`
    : `On this screen (${screenSize} at ${density}) the page would be shown at ${percent(screenScale)}.`;
}

export function HidpiPreference() {
  const { on, screenScale } = useHidpiScale();
  return (
    <Switch
      size="md"
      label="HiDPI browser scale override"
      description={
        <>
          Shows more at once on high-density screens with a small resolution. Applies to this browser only.{' '}
          {effectOnThisScreen(screenScale, on)}
        </>
      }
      checked={on}
      onChange={(event) => setHidpiOverride(event.currentTarget.checked)}
    />
  );
}

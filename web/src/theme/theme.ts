import { Alert, createTheme, TableScrollContainer, localStorageColorSchemeManager, type CSSVariablesResolver } from '@mantine/core';
import classes from './theme.module.css';

/** The key public/color-scheme.js reads before the first paint. */
export const COLOR_SCHEME_STORAGE_KEY = 'foyer.color-scheme';

export const colorSchemeManager = localStorageColorSchemeManager({ key: COLOR_SCHEME_STORAGE_KEY });

// Shade 9 for filled colors: white text on Mantine's default shade 6 is below the 4.5:1 contrast WCAG AA asks for.
export const foyerTheme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 9, dark: 9 },
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, "SF Mono", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  // People who ask their system for less motion get dialogs, menus and popovers without fades and slides.
  respectReducedMotion: true,
  components: {
    // Tinted alerts keep their color in the background and a bar, and their text in the text color: yellow or
    // orange text on a light tint cannot reach 4.5:1.
    Alert: Alert.extend({ classNames: { root: classes.alert, title: classes.alertText, message: classes.alertText } }),
    // A wide table scrolls inside its container, never the page (theme.module.css says why this takes a class).
    TableScrollContainer: TableScrollContainer.extend({ classNames: { scrollContainer: classes.tableScrollContainer } }),
  },
});

// Mantine's dimmed text (gray 6 on white, dark 2 on dark 7) reads at about 3.3:1 and 4.1:1, and its error red
// (red 6 on white, red 8 on dark 7) at 3.3:1 and 3.9:1; these pass 4.5:1.
export const foyerCssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});

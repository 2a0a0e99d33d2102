// The theme follows the user: it is stored on the server as the preference `foyer.theme` and mirrored into this
// browser (Mantine's color scheme manager) so that the next visit paints in it before anything loads.
import { useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { preferenceAt, setPreferences } from '../api/users';
import { PREFERENCES_QUERY_KEY, usePreferences } from '../session/preferences';
import type { Preferences } from '@foyer/contract';

export type ThemeChoice = 'light' | 'dark' | 'system';

export const THEME_PREFERENCE_PATH = 'foyer.theme';

function toColorScheme(choice: ThemeChoice): MantineColorScheme {
  return choice === 'system' ? 'auto' : choice;
}

function toThemeChoice(scheme: MantineColorScheme): ThemeChoice {
  return scheme === 'auto' ? 'system' : scheme;
}

function isThemeChoice(value: unknown): value is ThemeChoice {
  return value === 'light' || value === 'dark' || value === 'system';
}

const NOTHING_APPLIED = Symbol('nothing applied yet');

/**
 * Applies the signed-in user's stored theme whenever the preferences load (System when they never chose one, so
 * that a browser shared by two people shows each their own).
 */
export function useApplyThemePreference(): void {
  const preferences = usePreferences();
  const { setColorScheme } = useMantineColorScheme();
  const loaded = preferences.data !== undefined;
  const stored = preferences.data ? preferenceAt(preferences.data, THEME_PREFERENCE_PATH) : undefined;
  // Only a change of the stored value is applied, so a local choice that is still being saved is not undone.
  const applied = useRef<unknown>(NOTHING_APPLIED);
  useEffect(() => {
    if (!loaded || stored === applied.current) return;
    applied.current = stored;
    setColorScheme(isThemeChoice(stored) ? toColorScheme(stored) : 'auto');
  }, [loaded, stored, setColorScheme]);
}

export function useThemeChoice() {
  const queryClient = useQueryClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const mutation = useMutation({
    mutationFn: (choice: ThemeChoice) => setPreferences({ [THEME_PREFERENCE_PATH]: choice }),
    onMutate: (choice) => {
      const previous = toThemeChoice(colorScheme);
      setColorScheme(toColorScheme(choice));
      return { previous };
    },
    onSuccess: (_data, choice) => {
      queryClient.setQueryData<Preferences>(PREFERENCES_QUERY_KEY, (preferences) => {
        const current = preferences ?? {};
        const foyer = (typeof current.foyer === 'object' && current.foyer !== null ? current.foyer : {}) as Record<string, unknown>;
        return { ...current, foyer: { ...foyer, theme: choice } };
      });
    },
    onError: (_error, _choice, context) => {
      if (context) setColorScheme(toColorScheme(context.previous));
    },
  });
  return { choice: toThemeChoice(colorScheme), choose: mutation.mutate, error: mutation.error, saving: mutation.isPending };
}

import { Box, SegmentedControl, Text } from '@mantine/core';
import { useThemeChoice, type ThemeChoice } from '../../../theme/theme-preference';

const CHOICES: Array<{ value: ThemeChoice; label: string }> = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
];

export function ThemePreference() {
  const { choice, choose, error } = useThemeChoice();
  return (
    <Box>
      <Text id="theme-preference-label">Theme</Text>
      <Text id="theme-preference-description" size="sm" c="dimmed" mb="xs" mt={2}>
        Saved with your account, so it follows you to every browser. System follows your device's light or dark setting.
      </Text>
      <SegmentedControl
        role="radiogroup"
        aria-labelledby="theme-preference-label"
        aria-describedby="theme-preference-description"
        data={CHOICES}
        value={choice}
        onChange={(value) => choose(value as ThemeChoice)}
      />
      {error && (
        <Text size="sm" c="red" mt="xs" role="alert">
          The theme could not be saved: {error.message}
        </Text>
      )}
    </Box>
  );
}

import { Divider, Stack } from '@mantine/core';
import { ProfileSection } from '../ProfileSection';
import { HidpiPreference } from './HidpiPreference';
import classes from './Preferences.module.css';
import { ThemePreference } from './ThemePreference';
import { UsageDataPreference } from './UsageDataPreference';

export function PreferencesSection() {
  return (
    <ProfileSection id="preferences" title="User preferences">
      <Stack gap="lg" className={classes.switchRows}>
        <ThemePreference />
        <Divider />
        <HidpiPreference />
        <UsageDataPreference />
      </Stack>
    </ProfileSection>
  );
}

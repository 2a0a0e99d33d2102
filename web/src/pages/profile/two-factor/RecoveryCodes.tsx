import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { CopyTextButton } from '../../../ui/CopyTextButton';
import { saveTextFile } from '../../../ui/save-file';
import classes from './TwoFactor.module.css';

/** Recovery codes, shown once: copy them, or save them as a text file, before the dialog closes. */
export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const text = `Foyer recovery codes for ${email}\nEach code signs in once, in place of the code from the app.\n\n${codes.join('\n')}\n`;
  return (
    <Stack gap="sm">
      <Alert color="orange" variant="light" title="Save these recovery codes now">
        They are shown this once. If you lose your phone, each code signs you in once in place of the app&apos;s code.
        Keep them where you keep your passwords.
      </Alert>
      <List className={classes.codes} aria-label="Recovery codes" listStyleType="none" spacing={2}>
        {codes.map((code) => (
          <List.Item key={code}>
            <Text ff="monospace" size="sm">
              {code}
            </Text>
          </List.Item>
        ))}
      </List>
      <Group gap="sm">
        <CopyTextButton text={text} label="Copy codes" accessibleLabel="Copy the recovery codes" />
        <Button variant="default" size="xs" onClick={() => saveTextFile(text, 'foyer-recovery-codes.txt', 'text/plain')}>
          Download as text
        </Button>
      </Group>
    </Stack>
  );
}

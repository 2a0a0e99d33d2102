import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { CopyTextButton } from '../../../ui/CopyTextButton';
import classes from './TwoFactor.module.css';

/** Recovery codes, shown once: copy them, or save them as a text file, before the dialog closes. */
export function RecoveryCodes({ codes, email }: { codes: string[]; email: string }) {
  const text = `Foyer recovery codes for ${email}\nEach code signs in once, in place of the code from the app.\n\n${codes.join('\n')}\n`;
  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'foyer-recovery-codes.txt';
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
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
        <Button variant="default" size="xs" onClick={download}>
          Download as text
        </Button>
      </Group>
    </Stack>
  );
}

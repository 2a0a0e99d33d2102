import { Code, Text } from '@mantine/core';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { useRevokeCredentials } from './credentials-queries';
import type { Credential } from '@foyer/contract';

export function RevokeCredentialsDialog({
  credential,
  onClose,
  onRevoked,
  onExited,
}: {
  credential: Credential | undefined;
  onClose: () => void;
  onRevoked: () => void;
  /** after the dialog's closing transition, when focus can move elsewhere */
  onExited: () => void;
}) {
  const revoke = useRevokeCredentials();
  return (
    <ConfirmDialog item={credential} title="Revoke credentials?" confirmLabel="Revoke credentials"
      action={revoke} variablesOf={(shown) => shown.access_key} onDone={onRevoked} onClose={onClose} onExitTransitionEnd={onExited}>
      {(shown) => (
        <>
          <Text>
            Revoke {shown.label ? <strong>“{shown.label}”</strong> : 'the credentials'} with access key <Code>{shown.access_key}</Code>?
          </Text>
          <Text size="sm">
            Every script, notebook and agent that uses them stops authenticating at once. Revoked credentials cannot be
            restored.
          </Text>
        </>
      )}
    </ConfirmDialog>
  );
}

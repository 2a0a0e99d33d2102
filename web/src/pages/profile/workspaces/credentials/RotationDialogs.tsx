import { Code, Text } from '@mantine/core';
import { ConfirmDialog } from '../../../../ui/ConfirmDialog';
import { ExactTime } from '../../../../ui/TimeWithExact';
import { useEndCredentialsRotation, useRollBackCredentialsRotation } from './credentials-queries';
import { oldSecretUse } from './rotation';
import type { Credential } from '@foyer/contract';

const keyName = (credential: Credential) => (credential.label ? <strong>“{credential.label}”</strong> : 'the key pair');

/** Ending a rotation's overlap now: the old secret, and the sessions it opened, stop. */
export function EndRotationDialog({ credential, onClose }: { credential: Credential | undefined; onClose: () => void }) {
  const end = useEndCredentialsRotation();
  return (
    <ConfirmDialog item={credential} title="End the overlap now?" confirmLabel="End the overlap" action={end} variablesOf={(shown) => shown.access_key} onClose={onClose}>
      {(shown) => {
        const use = shown.rotation ? oldSecretUse(shown.rotation, Date.now()) : null;
        return (
          <>
            <Text>
              The old secret of {keyName(shown)} (<Code>{shown.access_key}</Code>) stops working at once, and the sessions it opened end. The new
              secret goes on.
            </Text>
            <Text size="sm" fw={use ? 500 : undefined}>
              {use ? `${use}: it fails until it has the new secret.` : 'Nothing has used the old secret since the rotation.'}
            </Text>
          </>
        );
      }}
    </ConfirmDialog>
  );
}

/** Taking a rotation back inside its overlap: the old secret is the only one again; the new one stops. */
export function RollBackRotationDialog({ credential, onClose }: { credential: Credential | undefined; onClose: () => void }) {
  const rollBack = useRollBackCredentialsRotation();
  return (
    <ConfirmDialog item={credential} title="Roll the rotation back?" confirmLabel="Roll back" action={rollBack} variablesOf={(shown) => shown.access_key} onClose={onClose}>
      {(shown) => (
        <>
          <Text>
            The old secret of {keyName(shown)} (<Code>{shown.access_key}</Code>) becomes its only secret again, with no end
            {shown.rotation && (
              <>
                {' '}
                (it was to stop on <ExactTime iso={shown.rotation.old_secret_until} />)
              </>
            )}
            .
          </Text>
          <Text size="sm">The new secret stops working at once, and the sessions it opened end. You can rotate again later.</Text>
        </>
      )}
    </ConfirmDialog>
  );
}

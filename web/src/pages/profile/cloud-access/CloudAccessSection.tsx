import { Box, Button, Divider, Group, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useRef, useState } from 'react';
import { AppDialog } from '../../../ui/AppDialog';
import { EmptyState } from '../../../ui/EmptyState';
import { PlusIcon } from '../../../ui/icons';
import { LoadStatus } from '../../../ui/LoadStatus';
import { ProfileSection } from '../ProfileSection';
import { AccessRowForm } from './AccessRowForm';
import { AccessRowsTable } from './AccessRowsTable';
import { DeleteRowDialog } from './DeleteRowDialog';
import { ObjectPreview } from './ObjectPreview';
import { useAccessRows } from './storage-access-queries';
import { TestAccessDialog } from './TestAccessDialog';
import type { AccessRow, CurrentUser } from '@foyer/contract';

/**
 * CLOUD ACCESS: bucket credentials that let the web app show objects kept in S3, Google Cloud Storage and Azure Blob
 * Storage. The keys live encrypted on the server, which signs object URLs; the browser never holds a secret.
 */
export function CloudAccessSection({ user }: { user: CurrentUser }) {
  const access = useAccessRows();
  const [adding, setAdding] = useState(false);
  const [testing, setTesting] = useState<AccessRow | undefined>();
  const [deleting, setDeleting] = useState<AccessRow | undefined>();
  const [announcement, setAnnouncement] = useState('');
  const addButton = useRef<HTMLButtonElement>(null);
  const focusAddAfterDialog = useRef(false);

  const rows = access.data?.rows ?? [];
  const canAddWorkspaceRows = access.data?.can.add_workspace_rows ?? false;

  return (
    <ProfileSection id="cloud-access" title="Cloud access">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Box maw={600}>
            <Title order={3} fz="lg">
              Web app cloud access
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              Keys for the buckets that hold your debug samples and artifacts, so that this web app can show them. They stay
              encrypted on the server, which signs each object URL; nothing is stored in this browser.
            </Text>
          </Box>
          <Button ref={addButton} leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)} disabled={!access.data}>
            Add access keys
          </Button>
        </Group>

        <VisuallyHidden role="status" aria-live="polite">
          {announcement}
        </VisuallyHidden>

        <LoadStatus query={access} loadingLabel="Loading cloud access keys" errorTitle="Your cloud access keys could not be loaded" />
        {access.data && rows.length === 0 && (
          <EmptyState title="No cloud access keys yet">
            The web app shows debug samples (images, video, audio, HTML and text) and artifacts straight from the buckets
            your code uploads them to. For a private bucket in S3 (AWS, MinIO, Ceph, Wasabi…), Google Cloud Storage or
            Azure Blob Storage, add its access keys here. Foyer keeps them encrypted on the server, never sends a secret back
            to any browser, and signs each object URL for you; nothing is stored in this browser.
          </EmptyState>
        )}
        {rows.length > 0 && access.data && (
          <AccessRowsTable
            rows={rows}
            canAddWorkspaceRows={canAddWorkspaceRows}
            workspaceName={user.company.name}
            onTest={setTesting}
            onDelete={setDeleting}
            onSaved={(row) => setAnnouncement(`Saved the access keys for ${row.bucket}.`)}
          />
        )}

        <Divider />
        <ObjectPreview rows={rows} />
      </Stack>

      <AppDialog opened={adding} onClose={() => setAdding(false)} title="Add access keys" size={720}>
        {adding && (
          <AccessRowForm
            canAddWorkspaceRows={canAddWorkspaceRows}
            workspaceName={user.company.name}
            onCancel={() => setAdding(false)}
            onSaved={(row) => {
              setAdding(false);
              setAnnouncement(`Added access keys for ${row.bucket}.`);
            }}
          />
        )}
      </AppDialog>
      <TestAccessDialog row={testing} rows={rows} onClose={() => setTesting(undefined)} />
      <DeleteRowDialog
        row={deleting}
        onClose={() => setDeleting(undefined)}
        onDeleted={(row) => {
          setAnnouncement(`Deleted the access keys for ${row.bucket}.`);
          focusAddAfterDialog.current = true;
        }}
        onExited={() => {
          // the dialog gave focus back to the row's Delete button, which is gone: give it to a control that stays
          if (focusAddAfterDialog.current) addButton.current?.focus();
          focusAddAfterDialog.current = false;
        }}
      />
    </ProfileSection>
  );
}

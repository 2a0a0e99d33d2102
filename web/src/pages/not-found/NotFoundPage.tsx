import { Stack, Text, Title } from '@mantine/core';
import { Link } from '../../navigation/Link';
import { useDocumentTitle } from '../use-document-title';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Stack gap="sm" py="xl">
      <Title order={1} fz={24}>
        Page not found
      </Title>
      <Text>There is no page at this address.</Text>
      <Link to="/profile">Go to your profile</Link>
    </Stack>
  );
}

import { Container, Text } from '@mantine/core';
import { useServerInfo } from '../session/server-info';
import classes from './AppFrame.module.css';

const WEB_APP_VERSION = __FOYER_WEB_VERSION__;

/** Web app, server and API versions (server.info), under every signed-in page. */
export function VersionFooter() {
  const info = useServerInfo();
  const server = info.data ? `${info.data.version}${info.data.build ? ` (build ${info.data.build})` : ''}` : '…';
  return (
    <Container size="md" component="footer" className={classes.footer}>
      <Text size="xs" c="dimmed" ta="center">
        Web app {WEB_APP_VERSION} · Server {server} · API {info.data?.api_version ?? '…'}
      </Text>
    </Container>
  );
}

import { Box, Center, Container, Group, Loader, Text, UnstyledButton, rem } from '@mantine/core';
import type { ReactNode } from 'react';
import { navigate } from '../navigation/location';
import { useApplyThemePreference } from '../theme/theme-preference';
import classes from './AppFrame.module.css';
import { PageNotice } from './PageNotice';
import { ProfileMenu } from './ProfileMenu';
import { VersionFooter } from './VersionFooter';
import type { CurrentUser } from '@foyer/contract';

/** The signed-in frame: a header with the wordmark and the Profile button, and the page below it. */
export function AppFrame({ user, children }: { user: CurrentUser; children: ReactNode }) {
  useApplyThemePreference();
  return (
    <>
      <a href="#main" className={classes.skipLink}>
        Skip to content
      </a>
      <Box component="header" className={classes.header}>
        <Container fluid px={{ base: 'md', sm: 'lg' }} h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <UnstyledButton
              component="a"
              href="/profile"
              className={classes.brand}
              onClick={(event) => {
                if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
                event.preventDefault();
                navigate('/profile');
              }}
            >
              <img src="/favicon.svg" alt="" width={26} height={26} style={{ width: rem(26), height: rem(26) }} />
              <Text component="span" fz={19} fw={700}>
                Foyer
              </Text>
            </UnstyledButton>
            <ProfileMenu user={user} />
          </Group>
        </Container>
      </Box>
      <Container size="md" component="main" id="main" tabIndex={-1} className={classes.main}>
        <PageNotice />
        {children}
      </Container>
      <VersionFooter />
    </>
  );
}

export function FullPageLoader() {
  return (
    <Center mih="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}

export function FullPageProblem({ children }: { children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      {children}
    </Center>
  );
}

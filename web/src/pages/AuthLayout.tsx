import { Box, Center, Group, Paper, Text, Title, rem } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './AuthLayout.module.css';

/** The frame of the signed-out pages: the wordmark above one centered card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center component="main" className={classes.page}>
      <Box className={classes.column}>
        <Group gap={10} justify="center" mb="lg">
          <img src="/favicon.svg" alt="" width={32} height={32} style={{ width: rem(32), height: rem(32) }} />
          <Text component="span" fz={26} fw={700} lh={1}>
            Foyer
          </Text>
        </Group>
        <Paper withBorder shadow="sm" radius="md" p={{ base: 'lg', sm: 'xl' }}>
          <Title order={1} fz={22} mb="lg">
            {title}
          </Title>
          {children}
        </Paper>
      </Box>
    </Center>
  );
}

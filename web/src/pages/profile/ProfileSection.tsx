import { Box, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './ProfilePage.module.css';

/** One section of the Profile page: an uppercase heading above a bordered card. */
export function ProfileSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const headingId = `${id}-heading`;
  return (
    <Box component="section" id={id} aria-labelledby={headingId} className={classes.section}>
      <Title order={2} id={headingId} className={classes.sectionHeading}>
        {title}
      </Title>
      <Paper withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
        {children}
      </Paper>
    </Box>
  );
}

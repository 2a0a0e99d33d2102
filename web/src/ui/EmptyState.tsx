import { Box, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './EmptyState.module.css';

/** In place of an empty list: what it will hold, and how to add the first one. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box className={classes.empty}>
      <Text fw={600} mb={4}>
        {title}
      </Text>
      <Text size="sm">{children}</Text>
    </Box>
  );
}

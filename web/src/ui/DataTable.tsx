import { Table, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';

interface DataTableProps {
  columns: string[];
  /** a last column of buttons for each row, its header heard by screen readers but not shown */
  withActions?: boolean;
  /** the table's name for screen readers, when no visible heading names it (labelledBy) */
  caption?: string;
  labelledBy?: string;
  /** below this width the table scrolls sideways rather than squeezing its columns */
  minWidth: number;
  verticalSpacing: 'xs' | 'sm';
  highlightOnHover?: boolean;
  scrollerClassName?: string;
  className?: string;
  /** the rows */
  children: ReactNode;
}

/** A table of things, with column headers and a sideways scroller on narrow screens. */
export function DataTable({ columns, withActions, caption, labelledBy, minWidth, verticalSpacing, highlightOnHover, scrollerClassName, className, children }: DataTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth} type="native" className={scrollerClassName}>
      <Table verticalSpacing={verticalSpacing} highlightOnHover={highlightOnHover} className={className} aria-labelledby={labelledBy}>
        {caption && <VisuallyHidden component="caption">{caption}</VisuallyHidden>}
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column} scope="col">
                {column}
              </Table.Th>
            ))}
            {withActions && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

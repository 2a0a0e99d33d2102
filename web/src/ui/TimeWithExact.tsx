import { Tooltip } from '@mantine/core';
import { exactTime, parseTime } from './times';
import classes from './TimeWithExact.module.css';

/** A time shown short (relative or as a date) with the exact time on hover and on keyboard focus. */
export function TimeWithExact({ iso, display }: { iso: string; display: (date: Date) => string }) {
  const date = parseTime(iso);
  if (!date) return <>{iso}</>;
  return (
    <Tooltip label={exactTime(date)} events={{ hover: true, focus: true, touch: true }}>
      <time dateTime={iso} tabIndex={0} className={classes.time}>
        {display(date)}
      </time>
    </Tooltip>
  );
}

/** A moment shown exactly, in running text ("until Dec 9, 2026, 1:36 PM UTC"). */
export function ExactTime({ iso }: { iso: string }) {
  const date = parseTime(iso);
  if (!date) return <>{iso}</>;
  return <time dateTime={iso}>{exactTime(date)}</time>;
}

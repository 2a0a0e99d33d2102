import { useRef } from 'react';

/** The value, or while it is undefined the last one it had: a closing dialog keeps its content during its fade-out. */
export function useLastDefined<T>(value: T | undefined): T | undefined {
  const last = useRef(value);
  if (value !== undefined) last.current = value;
  return value ?? last.current;
}

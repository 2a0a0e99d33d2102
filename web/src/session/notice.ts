// One message for the person after something that reloads the page's data, such as switching workspace, leaving
// one, or joining through an invitation: it outlives the reload, and stays until dismissed or replaced.
import { useSyncExternalStore } from 'react';

export interface Notice {
  id: number;
  title: string;
  text?: string;
  /** 'problem' when what was asked for did not happen */
  tone: 'done' | 'problem';
}

let current: Notice | undefined;
let lastId = 0;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function showNotice(title: string, text?: string, tone: Notice['tone'] = 'done'): void {
  lastId += 1;
  current = { id: lastId, title, tone, ...(text ? { text } : {}) };
  notify();
}

export function dismissNotice(): void {
  if (!current) return;
  current = undefined;
  notify();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useNotice(): Notice | undefined {
  return useSyncExternalStore(subscribe, () => current);
}

// Client-side routing for Foyer's few pages: the History API plus one subscription, no router library.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search + window.location.hash) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  notify();
}

export interface AppLocation {
  pathname: string;
  search: string;
  hash: string;
}

let cachedHref = '';
let cachedLocation: AppLocation = { pathname: '/', search: '', hash: '' };

function snapshot(): AppLocation {
  const { href, pathname, search, hash } = window.location;
  if (href !== cachedHref) {
    cachedHref = href;
    cachedLocation = { pathname, search, hash };
  }
  return cachedLocation;
}

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribe, snapshot);
}

/** The path to come back to after signing in. */
export function currentPathForReturn(): string {
  const { pathname, search, hash } = window.location;
  return pathname + search + hash;
}

/**
 * A `next` value is followed only when it is a path on this site: it starts with one `/`, and is neither
 * protocol-relative (`//evil.example`) nor a backslash trick, nor a sign-in page (which would loop).
 */
export function safeReturnPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/profile';
  const path = next.split(/[?#]/)[0];
  if (path === '/login' || path === '/setup' || path === '/signup') return '/profile';
  return next;
}

/** The sign-in page, coming back to `path` afterwards; `ended` says why the session ended, when the server said. */
export function signInPathReturningTo(path: string, ended?: string): string {
  return `/login?next=${encodeURIComponent(path)}${ended ? `&ended=${encodeURIComponent(ended)}` : ''}`;
}

// Pure rules of users.set_preferences, as the reference server applies them: top-level keys are dotted
// paths; the value replaces whatever is at that path; missing objects on the way are created.
import { isDeepStrictEqual } from 'node:util';
import { errors } from '../http/errors.ts';

export const PREFERENCES_MAX_BYTES = 64 * 1024;

type Prefs = Record<string, unknown>;

function isObject(value: unknown): value is Prefs {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys may never start with '$'; only top-level keys (the paths) may contain '.'. */
function assertValidPreferenceKeys(update: Prefs): void {
  const invalid = (key: string) => errors.fieldsValue(`Key ${key} is invalid. Keys cannot start with '$' or contain '.'.`);
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!isObject(value)) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key.startsWith('$') || key.includes('.')) throw invalid(key);
      walk(inner);
    }
  };
  for (const [key, value] of Object.entries(update)) {
    if (key.startsWith('$') || key === '' || key.split('.').some((part) => part === '')) throw invalid(key);
    walk(value);
  }
}

export function applyPreferences(current: Prefs, update: Prefs): { changed: boolean; preferences: Prefs } {
  assertValidPreferenceKeys(update);
  const next = structuredClone(current);
  for (const [path, value] of Object.entries(update)) {
    const parts = path.split('.');
    let node: Prefs = next;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      if (child === undefined) {
        const created: Prefs = {};
        node[part] = created;
        node = created;
      } else if (isObject(child)) {
        node = child;
      } else {
        throw errors.preferencesUpdate(`Cannot set preference "${path}": "${part}" holds a value, not a group of preferences`);
      }
    }
    node[parts[parts.length - 1]!] = structuredClone(value);
  }
  if (Buffer.byteLength(JSON.stringify(next)) > PREFERENCES_MAX_BYTES) {
    throw errors.validation(`Preferences may take at most ${PREFERENCES_MAX_BYTES / 1024} KiB in all`);
  }
  return { changed: !isDeepStrictEqual(current, next), preferences: next };
}

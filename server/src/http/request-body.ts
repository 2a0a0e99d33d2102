// Pure rules for turning an HTTP request into the call's parameters, as the reference server does:
// a JSON object body (on GET too), then query parameters merged in with light type coercion.
import { errors } from './errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(raw: Buffer | undefined): Record<string, unknown> {
  if (!raw || raw.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw errors.badRequest('The request body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw errors.badRequest(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest('The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** "12" → 12, "1.5" → 1.5, "true"/"false" in any of the reference's spellings → booleans. */
export function coerceQueryValue(value: string): unknown {
  if (/^\d+$/.test(value)) return value.length > 15 ? value : Number(value);
  if (/^\d+\.\d+$/.test(value)) return Number(value);
  if (value === 'true' || value === 'True' || value === 'TRUE') return true;
  if (value === 'false' || value === 'False' || value === 'FALSE') return false;
  return value;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Merges `a.b=1`, `k[]=x`, repeated `k=x&k=y` into the body. Query values override body values. */
export function mergeQuery(body: Record<string, unknown>, search: string): Record<string, unknown> {
  if (!search) return body;
  const params = new URLSearchParams(search);
  const merged = new Map<string, { values: unknown[]; asList: boolean }>();
  for (const [rawKey, rawValue] of params) {
    const asList = rawKey.endsWith('[]');
    const key = asList ? rawKey.slice(0, -2) : rawKey;
    if (!key) continue;
    const entry = merged.get(key) ?? { values: [], asList: false };
    entry.values.push(coerceQueryValue(rawValue));
    entry.asList ||= asList;
    merged.set(key, entry);
  }
  for (const [key, { values, asList }] of merged) {
    setPath(body, key.split('.'), asList || values.length > 1 ? values : values[0]);
  }
  return body;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.some((part) => part === '' || FORBIDDEN_KEYS.has(part))) {
    throw errors.badRequest(`Invalid query parameter name "${path.join('.')}"`);
  }
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      node[part] = created;
      node = created;
    } else if (next !== null && typeof next === 'object' && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      throw errors.badRequest(`Query parameter "${path.join('.')}" conflicts with the body field "${part}"`);
    }
  }
  node[path[path.length - 1]!] = value;
}

/**
 * Rejects what no field of Foyer accepts anywhere: ill-formed UTF-16 (lone surrogates), NUL characters
 * (PostgreSQL cannot store them), prototype-polluting keys, and nesting deeper than a sane document.
 */
export function assertCleanStrings(value: unknown, path = 'body', depth = 0): void {
  if (depth > 32) throw errors.badRequest(`${path} is nested too deeply`);
  if (typeof value === 'string') {
    if (!value.isWellFormed()) throw errors.badRequest(`${path} is not valid Unicode text`);
    if (value.includes('\u0000')) throw errors.badRequest(`${path} contains a NUL character`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertCleanStrings(item, `${path}[${index}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) throw errors.badRequest(`${path} has a forbidden key "${key}"`);
      assertCleanStrings(key, `${path} key`, depth + 1);
      assertCleanStrings(item, `${path}.${key}`, depth + 1);
    }
  }
}

/**
 * The ClearML SDK's typed requests (2.x) put their HTTP method into the body as `"method": "get"`.
 * It is transport, not a parameter of any endpoint, so it is dropped before the endpoint's own validation,
 * which rejects every other unknown field.
 */
export function dropTransportFields(params: Record<string, unknown>): Record<string, unknown> {
  const method = params.method;
  if (typeof method === 'string' && /^(get|post|put)$/i.test(method)) {
    const { method: _method, ...rest } = params;
    return rest;
  }
  return params;
}

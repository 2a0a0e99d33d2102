// Unit tests of what the page says of a key pair in rotation (npm test runs them with the server's tests).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientWords, oldSecretUse, OVERLAP_OPTIONS } from './rotation';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const rotation = { rotated: new Date(NOW - 86400_000).toISOString(), old_secret_until: new Date(NOW + 6 * 86400_000).toISOString() };

describe('key rotation wording', () => {
  test('who still uses the old secret: the worker and its client, and when', () => {
    const used = { ...rotation, old_secret_last_used: new Date(NOW - 2 * 3600_000).toISOString(), old_secret_last_used_worker: 'gpu-03', old_secret_last_used_from: 'gpu-03', old_secret_last_used_client: 'clearml-agent-1.9.2' };
    assert.equal(oldSecretUse(used, NOW), 'Old secret still used by worker gpu-03 (clearml-agent 1.9.2) 2 hours ago');
    const noWorker = { ...rotation, old_secret_last_used: new Date(NOW - 5 * 60_000).toISOString(), old_secret_last_used_from: '10.0.0.7' };
    assert.equal(oldSecretUse(noWorker, NOW), 'Old secret still used by a client at 10.0.0.7 5 minutes ago');
  });

  test('no use since the rotation says nothing, so the page can offer to end the overlap', () => {
    assert.equal(oldSecretUse(rotation, NOW), null);
  });

  test('the overlaps offered, seven days recommended', () => {
    assert.deepEqual(OVERLAP_OPTIONS.map((option) => option.label), ['None: the old secret stops at once', '1 hour', '1 day', '7 days (recommended)', '30 days']);
    assert.equal(clientWords('clearml-1.17.0'), 'clearml 1.17.0');
  });
});

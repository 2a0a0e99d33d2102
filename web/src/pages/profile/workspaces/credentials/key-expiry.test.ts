// Unit tests of the expiry choices of a new key pair (npm test runs them with the server's tests).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultExpiry, expiresAtFor, expiryOptions, expiryState, latestExpiryDay, unusedRevocationSoon } from './key-expiry';

const NOW = Date.UTC(2026, 11, 4, 12, 0, 0);
const DAY = 24 * 3600_000;

test('without a workspace maximum: never, 30 and 90 days, 1 year, a date; never first', () => {
  assert.deepEqual(expiryOptions(null).map((option) => option.value), ['never', '30', '90', '365', 'date']);
  assert.equal(defaultExpiry(null), 'never');
  assert.equal(latestExpiryDay(null, NOW), undefined);
});

test('with a maximum: no never, nothing longer, the maximum itself offered and chosen first', () => {
  assert.deepEqual(expiryOptions(60).map((option) => option.value), ['30', '60', 'date']);
  assert.deepEqual(expiryOptions(90).map((option) => option.label), ['30 days', '90 days', 'On a date…']);
  assert.deepEqual(expiryOptions(7).map((option) => option.value), ['7', 'date']);
  assert.equal(defaultExpiry(60), '60');
});

test('what each choice sends', () => {
  assert.deepEqual(expiresAtFor('never', '', NOW, null), { expiresAt: null });
  assert.deepEqual(expiresAtFor('30', '', NOW, null), { expiresAt: new Date(NOW + 30 * DAY).toISOString() });
  const picked = expiresAtFor('date', '2027-01-15', NOW, null);
  assert.ok('expiresAt' in picked && picked.expiresAt !== null);
  const end = new Date(picked.expiresAt);
  assert.deepEqual([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours()], [2027, 0, 15, 23], 'the end of the day picked, in the reader’s zone');
  assert.deepEqual(expiresAtFor('date', '', NOW, null), { problem: 'Pick the day it expires.' });
  assert.deepEqual(expiresAtFor('date', '2026-12-01', NOW, null), { problem: 'Pick a day after today.' });
  assert.match((expiresAtFor('date', '2027-06-01', NOW, 90) as { problem: string }).problem, /within 90 days/);
  const lastDay = expiresAtFor('date', latestExpiryDay(90, NOW)!, NOW, 90);
  assert.ok('expiresAt' in lastDay && Date.parse(lastDay.expiresAt!) <= NOW + 90 * DAY, 'the last day allowed is capped at the maximum');
});

test('what the table says of an expiry', () => {
  assert.equal(expiryState({}, NOW), 'never');
  assert.equal(expiryState({ expires: new Date(NOW + 30 * DAY).toISOString() }, NOW), 'later');
  assert.equal(expiryState({ expires: new Date(NOW + 6 * DAY).toISOString() }, NOW), 'soon');
  assert.equal(expiryState({ expires: new Date(NOW - 1000).toISOString() }, NOW), 'expired');
  assert.equal(expiryState({ expires: new Date(NOW + DAY).toISOString(), expired: true }, NOW), 'expired', 'the server’s word wins');
});

test('an unused key pair is pointed out in the three days before the workspace revokes it, counted from its last use', () => {
  const created = new Date(NOW - 40 * DAY).toISOString();
  assert.equal(unusedRevocationSoon({ created }, null, NOW), undefined, 'no rule: never');
  assert.equal(unusedRevocationSoon({ created, last_used: new Date(NOW - DAY).toISOString() }, 30, NOW), undefined, 'used yesterday');
  assert.equal(unusedRevocationSoon({ created, last_used: new Date(NOW - 28 * DAY).toISOString() }, 30, NOW)?.getTime(), NOW + 2 * DAY);
  assert.equal(unusedRevocationSoon({ created: new Date(NOW - 29 * DAY).toISOString() }, 30, NOW)?.getTime(), NOW + DAY, 'never used: from its making');
  assert.equal(unusedRevocationSoon({ created, expired: true }, 30, NOW), undefined);
});

// What a node remembers of sign-ins, and how session ids are formed: pure rules, without HTTP or SQL.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { SignInCache } from '../../src/auth/sign-in-cache.ts';
import { newSessionId, storedSessionId } from '../../src/auth/sessions.ts';
import type { ActiveSession, KeyOwner } from '../../src/auth/sign-in-lookups.ts';

const principal = {
  userId: 'u1',
  userName: 'Ada',
  email: 'ada@example.com',
  serverRole: 'user' as const,
  workspaceId: 'w1',
  workspaceName: 'Team',
  memberRole: 'member' as const,
  lastActiveAt: null,
  profile: { givenName: 'Ada', familyName: null, created: '1970-01-01T00:00:00.000+00:00' },
  twoFactor: { workspaceRequires: false, enabled: false },
};
const session: ActiveSession = { ...principal, credentialId: null, secretGeneration: 1, withPreviousSecret: false, expiresAt: Date.now() + 60_000 };
const owner: KeyOwner = { ...principal, credentialId: 'c1', secretHash: 'ab'.repeat(32), keyExpiresAt: null, secretGeneration: 1, previousSecret: null };

/** A cache over an epoch the test moves by hand, as the database's triggers would. */
function cacheWithEpoch(start = 0) {
  const epoch = { value: start };
  return { epoch, cache: new SignInCache(() => epoch.value) };
}

/** A stand-in for the database lookup that counts how often the cache had to ask it. */
function counted<T>(value: T, during?: () => Promise<void>) {
  const load = async () => {
    load.calls++;
    await during?.();
    return value;
  };
  load.calls = 0;
  return load;
}

describe('SignInCache', () => {
  test('what was checked is remembered while the epoch stays', async () => {
    const { cache } = cacheWithEpoch();
    const loadSession = counted<ActiveSession | undefined>(session);
    const loadOwner = counted<KeyOwner | undefined>(owner);
    assert.equal(await cache.findSession('raw-1', loadSession), session);
    assert.equal(await cache.findKeyOwner('KEY1', loadOwner), owner);
    assert.equal(await cache.findSession('raw-1', loadSession), session);
    assert.equal(await cache.findKeyOwner('KEY1', loadOwner), owner);
    assert.equal(loadSession.calls, 1, 'the second lookup of the session was answered from memory');
    assert.equal(loadOwner.calls, 1, 'the second lookup of the key pair was answered from memory');
    const unknown = counted<ActiveSession | undefined>(undefined);
    assert.equal(await cache.findSession('raw-2', unknown), undefined);
    assert.equal(await cache.findSession('raw-2', unknown), undefined);
    assert.equal(unknown.calls, 2, 'what was not found is asked again');
  });

  test('everything is forgotten once the epoch moves', async () => {
    const { cache, epoch } = cacheWithEpoch();
    const loadSession = counted<ActiveSession | undefined>(session);
    const loadOwner = counted<KeyOwner | undefined>(owner);
    await cache.findSession('raw-1', loadSession);
    await cache.findKeyOwner('KEY1', loadOwner);
    epoch.value = 1;
    await cache.findSession('raw-1', loadSession);
    await cache.findKeyOwner('KEY1', loadOwner);
    assert.equal(loadSession.calls, 2);
    assert.equal(loadOwner.calls, 2);
  });

  test('a lookup that started under an older epoch is not remembered', async () => {
    const { cache, epoch } = cacheWithEpoch();
    // request 1 reads the epoch, then goes to the database; meanwhile request 2 sees a revocation
    const revokedMeanwhile = async () => {
      epoch.value += 1;
      await cache.currentEpoch();
    };
    const loadSession = counted<ActiveSession | undefined>(session, revokedMeanwhile);
    const loadOwner = counted<KeyOwner | undefined>(owner, revokedMeanwhile);
    await cache.findSession('raw-1', loadSession); // request 1's answer may predate the revocation
    await cache.findKeyOwner('KEY1', loadOwner);
    const again = counted<ActiveSession | undefined>(session);
    const ownerAgain = counted<KeyOwner | undefined>(owner);
    await cache.findSession('raw-1', again);
    await cache.findKeyOwner('KEY1', ownerAgain);
    assert.equal(again.calls, 1, 'the session is read again');
    assert.equal(ownerAgain.calls, 1, 'the key pair is read again');
  });

  test('an epoch read that arrives late does not move the cache backwards', async () => {
    const { cache, epoch } = cacheWithEpoch(5);
    const checkedAt5 = counted<ActiveSession | undefined>(session);
    await cache.findSession('raw-1', checkedAt5);
    epoch.value = 4; // a slower reply from before (PostgreSQL reads are asynchronous)
    assert.equal(await cache.currentEpoch(), 4);
    await cache.findSession('raw-1', checkedAt5);
    assert.equal(checkedAt5.calls, 1, 'what was checked at epoch 5 is newer than epoch 4');
    const readAt4 = counted<ActiveSession | undefined>(session);
    await cache.findSession('raw-2', readAt4);
    epoch.value = 5;
    await cache.findSession('raw-2', readAt4);
    assert.equal(readAt4.calls, 2, 'an answer read from epoch 4 is not filed under 5');
  });

  test('the calls of one turn share one epoch read, made after all of them were asked', async () => {
    let reads = 0;
    const epoch = { value: 3 };
    const cache = new SignInCache(() => {
      reads++;
      return epoch.value;
    });
    const asked = [cache.currentEpoch(), cache.currentEpoch(), cache.currentEpoch()];
    epoch.value = 4; // a revocation committed after the calls arrived but before the read: they must all see it
    assert.deepEqual(await Promise.all(asked), [4, 4, 4]);
    assert.equal(reads, 1);
    await cache.currentEpoch();
    assert.equal(reads, 2, 'a later turn reads again');
  });

  test('a call that arrives while a read is under way waits for a read of its own', async () => {
    const pending: Array<(value: number) => void> = [];
    const cache = new SignInCache(() => new Promise<number>((resolve) => pending.push(resolve)));
    const first = cache.currentEpoch();
    await new Promise((resolve) => setImmediate(resolve)); // the first read has started
    assert.equal(pending.length, 1);
    const second = cache.currentEpoch(); // arrives after a revocation the first read may not see
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pending.length, 2, 'the second call started a read of its own');
    pending[0]!(7);
    pending[1]!(8);
    assert.equal(await first, 7);
    assert.equal(await second, 8);
  });

  test('a failed read fails the calls that shared it, and the next turn reads again', async () => {
    let fail = true;
    const cache = new SignInCache(() => {
      if (fail) throw new Error('database unavailable');
      return 1;
    });
    const results = await Promise.allSettled([cache.currentEpoch(), cache.currentEpoch()]);
    assert.deepEqual(results.map((result) => result.status), ['rejected', 'rejected']);
    fail = false;
    assert.equal(await cache.currentEpoch(), 1);
  });

  test('it stays bounded', async () => {
    const { cache } = cacheWithEpoch();
    const load = counted<ActiveSession | undefined>(session);
    for (let i = 0; i <= 10_000; i++) await cache.findSession(`raw-${i}`, load);
    assert.equal(load.calls, 10_001);
    await cache.findSession('raw-10000', load);
    assert.equal(load.calls, 10_001, 'the newest is remembered');
    await cache.findSession('raw-0', load);
    assert.equal(load.calls, 10_002, 'reaching the limit starts the cache afresh');
  });
});

describe('session ids', () => {
  test('a new id is the creation time in 12 hex digits, then a random uuid4', () => {
    const now = Date.UTC(2026, 10, 27, 12);
    const id = newSessionId(now);
    assert.match(id, /^[0-9a-f]{12}[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    assert.equal(parseInt(id.slice(0, 12), 16), now);
    assert.notEqual(newSessionId(now), id);
    assert.ok(newSessionId(now) < newSessionId(now + 1), 'ids sort by time');
  });

  test('the database keeps the time part and a hash of the whole id; older 32-digit ids are kept as the bare hash', () => {
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const id = newSessionId(Date.now());
    assert.equal(storedSessionId(id), id.slice(0, 12) + sha(id));
    assert.ok(!storedSessionId(id).includes(id.slice(12)), 'the secret part is not stored');
    const legacy = 'f'.repeat(32);
    assert.equal(storedSessionId(legacy), sha(legacy));
  });
});

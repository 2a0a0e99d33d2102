// The address guard of region discovery, as pure functions: no socket is opened here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guardedLookup, isForbiddenAddress, type BaseLookup } from '../../src/storage-access/region.ts';

test('link-local and cloud-metadata addresses are forbidden in every form; private networks are not', () => {
  for (const address of [
    '169.254.169.254',
    '169.254.0.1',
    '169.254.170.2',
    'fe80::1',
    'fe80::1%eth0',
    'febf:ffff::1',
    'fd00:ec2::254',
    'FD00:EC2:0:0:0:0:0:254',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '0:0:0:0:0:ffff:a9fe:a9fe',
    '::169.254.169.254',
    '64:ff9b::169.254.169.254',
    'not-an-address',
  ]) {
    assert.equal(isForbiddenAddress(address), true, address);
  }
  for (const address of ['127.0.0.1', '10.0.0.5', '192.168.1.10', '172.16.0.1', '8.8.8.8', '::1', 'fd00::1', 'fc00::254', '::ffff:10.0.0.1', '::ffff:127.0.0.1', '2001:db8::1', 'fec0::1']) {
    assert.equal(isForbiddenAddress(address), false, address);
  }
});

test('the guarded lookup drops forbidden addresses and fails when none is left', async () => {
  const table: Record<string, Array<{ address: string; family: number }>> = {
    'mixed.test': [
      { address: '169.254.169.254', family: 4 },
      { address: '10.1.2.3', family: 4 },
    ],
    'metadata.test': [
      { address: '::ffff:169.254.169.254', family: 6 },
      { address: 'fd00:ec2::254', family: 6 },
    ],
  };
  const base: BaseLookup = (hostname, _options, callback) => callback(null, table[hostname] ?? []);
  const lookup = guardedLookup(base);
  const ask = (hostname: string, options: { all?: boolean }) =>
    new Promise<{ error: NodeJS.ErrnoException | null; rest: unknown[] }>((done) =>
      (lookup as unknown as (h: string, o: object, cb: (error: NodeJS.ErrnoException | null, ...rest: unknown[]) => void) => void)(hostname, options, (error, ...rest) =>
        done({ error, rest }),
      ),
    );
  assert.deepEqual((await ask('mixed.test', { all: true })).rest, [[{ address: '10.1.2.3', family: 4 }]]);
  assert.deepEqual((await ask('mixed.test', {})).rest, ['10.1.2.3', 4]);
  const refused = await ask('metadata.test', { all: true });
  assert.equal(refused.error?.code, 'EFORBIDDEN');
});

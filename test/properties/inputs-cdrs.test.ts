/**
 * Bad input, property-based: cdrs.list and cdrs.get for every vendor — invalid and impossible
 * dates, `from` after `to`, bad page sizes and cursors, `userId` with `scope: 'self'`,
 * unknown query keys (see inputs.test.ts for what every call must satisfy).
 */
import { describe, expect, it } from 'vitest';
import { VENDORS, VENDOR_IDS } from '../../src/registry.js';
import { Harness, harness } from './support/harness.js';
import { OPERATIONS, assertOperation } from './support/operations.js';
import { useNoUnhandledRejections } from './support/unhandled.js';

// PROPERTY_RUNS=2000 for a deeper search than the default run affords.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 100);

useNoUnhandledRejections();

const MINE = OPERATIONS.filter((p) => p.op.startsWith('cdrs.'));

describe.each(VENDOR_IDS)('%s: hostile input to cdrs.*', (vendor) => {
  it.each(MINE.map((p) => [p.op, p] as const))('%s', async (_op, property) => {
    await assertOperation(await harness(vendor), property, NUM_RUNS);
  });
});

/**
 * Regression: a cursor that is not one of this list's was refused only after the adapter had
 * looked up the user's extension (PortSIP, `userId`) or logged in to learn its own id
 * (VoIPStudio, `scope: 'self'`). A fresh client makes the login visible.
 */
describe.each(VENDOR_IDS.filter((v) => VENDORS[v].capabilities['cdrs.list'].support !== 'unsupported'))('%s: a foreign cursor', (vendor) => {
  it.each([
    ['with userId', (userId: string) => ({ userId })],
    ['with scope self', () => ({ scope: 'self' as const })],
    ['alone', () => ({})],
  ])('is refused before any request, %s', async (_label, query) => {
    const h = await harness(vendor);
    const userId = h.known.users[1]!.id;
    for (const cursor of ['garbage', 'offset:-1', 'page:0', vendor === 'portsip' ? 'page:2' : 'offset:3']) {
      const fresh = new Harness(vendor, h.sim, 0);
      const error = await fresh.client.cdrs
        .list({ ...query(userId), cursor })
        .page()
        .then(() => undefined, (e: unknown) => e);
      expect(error, cursor).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client' });
      expect(fresh.requests, cursor).toEqual([]);
    }
  });
});

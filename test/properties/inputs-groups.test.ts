/**
 * Bad input, property-based: groups.* and groups.members.* for every vendor (see
 * inputs.test.ts for what every call must satisfy, and test/properties/support/).
 */
import { describe, it } from 'vitest';
import { VENDOR_IDS } from '../../src/registry.js';
import { harness } from './support/harness.js';
import { OPERATIONS, assertOperation } from './support/operations.js';
import { useNoUnhandledRejections } from './support/unhandled.js';

// PROPERTY_RUNS=2000 for a deeper search than the default run affords.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

useNoUnhandledRejections();

const MINE = OPERATIONS.filter((p) => p.op.startsWith('groups.'));

describe.each(VENDOR_IDS)('%s: hostile input to groups.*', (vendor) => {
  it.each(MINE.map((p) => [p.op, p] as const))('%s', async (_op, property) => {
    await assertOperation(await harness(vendor), property, NUM_RUNS);
  });
});

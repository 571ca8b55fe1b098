/**
 * The unipbx conformance suite, for our adapters and third parties' alike:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * import { defineConformanceSuite } from 'unipbx/conformance';
 *
 * defineConformanceSuite({ describe, it }, {
 *   name: 'acme (simulator)',
 *   capabilities: acme.capabilities,
 *   async setup() {
 *     const sim = await startAcmeSimulator();
 *     const client = createAcme({ baseUrl: sim.url, credentials: sim.credentials });
 *     return { client, facts: sim.facts, requestCount: sim.requestCount, teardown: () => sim.close() };
 *   },
 * });
 * ```
 *
 * The capability manifest drives it: behaviour tests run for the operations a vendor
 * supports, and every operation it marks unsupported must throw `UnsupportedOperationError`
 * without sending a request. Assertions use `node:assert`, so any test framework works.
 */
import { OPERATIONS, isSupported } from '../../core/capabilities.js';
import { assert, assertRejects } from './assert.js';
import { cdrCases } from './cases/cdrs.js';
import { contactCentreCases } from './cases/contact-centre.js';
import { groupCases } from './cases/groups.js';
import { limitCases } from './cases/limits.js';
import { queueCases } from './cases/queues.js';
import { userCases } from './cases/users.js';
import type { ConformanceCase, ConformanceContext, ConformanceTarget, TestApi } from './types.js';
import { INVOCATIONS } from './unsupported.js';

export type { ConformanceCase, ConformanceContext, ConformanceFacts, ConformanceTarget, TestApi } from './types.js';

/** Every behaviour test of the suite. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [...userCases, ...groupCases, ...queueCases, ...cdrCases, ...contactCentreCases];

const TIMEOUT_MS = 30_000;

async function withContext(target: ConformanceTarget, body: (ctx: ConformanceContext) => Promise<void>): Promise<void> {
  const ctx = await target.setup();
  try {
    await body(ctx);
  } finally {
    await ctx.teardown();
  }
}

/** Registers the suite for `target` with your test framework's `describe` and `it`. */
export function defineConformanceSuite(api: TestApi, target: ConformanceTarget): void {
  const supported = (operation: (typeof OPERATIONS)[number]) => isSupported(target.capabilities[operation]);

  api.describe(`unipbx conformance: ${target.name}`, () => {
    api.it('the capability manifest covers every operation with a reason or a cost', async () => {
      for (const operation of OPERATIONS) {
        const capability = target.capabilities[operation];
        assert.ok(capability, `${operation} is missing from the manifest`);
        if (capability.support === 'unsupported') assert.ok(capability.reason.trim().length > 10, `${operation}: give a real reason`);
        else assert.ok(capability.requests >= 1, `${operation}: requests must be at least 1`);
        if (capability.support === 'emulated') assert.ok(capability.cost.trim().length > 0, `${operation}: an emulation must state its cost`);
      }
      await withContext(target, async ({ client }) => {
        assert.deepEqual(client.capabilities, target.capabilities, 'the client reports another manifest');
        for (const operation of OPERATIONS) assert.equal(client.supports(operation), supported(operation), `supports(${operation})`);
      });
    });

    for (const testCase of [...CONFORMANCE_CASES, ...limitCases(target.capabilities)]) {
      if (testCase.needs.every(supported)) api.it(testCase.name, () => withContext(target, testCase.run), TIMEOUT_MS);
    }

    for (const operation of OPERATIONS.filter((op) => !supported(op))) {
      api.it(`${operation} is unsupported: UnsupportedOperationError before any request`, () =>
        withContext(target, async ({ client, facts, requestCount }) => {
          const before = requestCount?.();
          const error = await assertRejects(() => INVOCATIONS[operation](client, facts), 'UNSUPPORTED_OPERATION', operation);
          assert.equal((error as { operation?: string }).operation, operation);
          if (before !== undefined) assert.equal(requestCount?.(), before, `${operation} sent a request`);
        }),
      );
    }
  });
}

/**
 * The unipbx conformance suite, for our adapters and third parties' alike:
 *
 * ```ts
 * import { describe, it } from 'vitest';
 * import { defineConformanceSuite } from 'unipbx/conformance';
 *
 * defineConformanceSuite({ describe, it, skip: it.skip }, {
 *   name: 'acme (simulator)',
 *   capabilities: acme.capabilities,
 *   features: ['connect', 'faults'],
 *   async setup() {
 *     const sim = await startAcmeSimulator();
 *     const connect = (o: ConformanceConnectOptions) => createAcme({
 *       baseUrl: sim.url, ...o,
 *       credentials: o.credentialsCanary ? withCanary(sim.credentials, o.credentialsCanary) : sim.credentials,
 *     });
 *     const client = connect({});
 *     return {
 *       client, connect, facts: sim.facts, requestCount: sim.requestCount, faults: sim.faults,
 *       secrets: credentialSecrets(sim.credentials),
 *       teardown: async () => { await client.close(); await sim.close(); },
 *     };
 *   },
 * });
 * ```
 *
 * The capability manifest drives it: behaviour tests run for the operations a vendor
 * supports, and every operation it marks unsupported must throw `UnsupportedOperationError`
 * without sending a request. Behaviour under failure (abort, timeouts, deadline, retries on
 * 5xx / 429 / resets, session expiry, secrets in errors and hooks) needs the target features
 * `connect` and `faults`; without them those cases are registered as skipped.
 * Assertions use `node:assert`, so any test framework works.
 */
import { OPERATIONS, isSupported } from '../../core/capabilities.js';
import { assert, assertRejects } from './assert.js';
import { cdrCases } from './cases/cdrs.js';
import { contactCentreCases } from './cases/contact-centre.js';
import { groupCases } from './cases/groups.js';
import { limitCases } from './cases/limits.js';
import { queueCases } from './cases/queues.js';
import { userCases } from './cases/users.js';
import { fieldCases } from './cases/fields.js';
import { pagingCases } from './cases/paging.js';
import { resilienceCases } from './cases/resilience.js';
import { secretCases } from './cases/secrets.js';
import type { ConformanceCase, ConformanceContext, ConformanceTarget, TestApi } from './types.js';
import { INVOCATIONS } from './unsupported.js';

export type {
  ConformanceCase,
  ConformanceConnectOptions,
  ConformanceContext,
  ConformanceFacts,
  ConformanceFaultConfig,
  ConformanceFaultKind,
  ConformanceFaultRule,
  ConformanceFaults,
  ConformanceFeature,
  ConformanceTarget,
  TestApi,
} from './types.js';
export { credentialSecrets, withCanary } from './credentials.js';

/** Every behaviour test of the suite. */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...userCases,
  ...fieldCases,
  ...pagingCases,
  ...groupCases,
  ...queueCases,
  ...cdrCases,
  ...resilienceCases,
  ...secretCases,
  ...contactCentreCases,
];

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

    const features = new Set(target.features ?? []);
    const skipped: string[] = [];
    for (const testCase of [...CONFORMANCE_CASES, ...limitCases(target.capabilities)]) {
      if (!testCase.needs.every(supported)) continue;
      const missing = (testCase.requires ?? []).filter((f) => !features.has(f));
      if (missing.length === 0) api.it(testCase.name, () => withContext(target, testCase.run), TIMEOUT_MS);
      else {
        const title = `${testCase.name} (skipped: the target has no ${missing.join(', ')})`;
        skipped.push(title);
        api.skip?.(title, () => withContext(target, testCase.run));
      }
    }
    if (skipped.length && !api.skip) {
      api.it(`${skipped.length} behaviour cases skipped for lack of target features (pass TestApi.skip to list them)`, async () => undefined);
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

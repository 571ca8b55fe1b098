/**
 * Acme, proven as an outside developer would: installed against the packed unipbx, public
 * exports only, registered, simulated, and run through the exported conformance suite.
 * `npm test` (node:test; no test framework to install).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPbx, getVendor, isPbxError } from 'unipbx';
import { credentialSecrets, defineConformanceSuite, withCanary, type ConformanceConnectOptions } from 'unipbx/conformance';
import { startSimulator } from 'unipbx/simulator';
import { ACME_CAPABILITIES, createAcme } from '../src/index.js';
import '../src/register.js';
import type {} from '../src/simulator/index.js';

// The suite's `it(name, body, timeoutMs)` and `skip` on node:test's `it(name, options, body)`.
const api = {
  describe,
  it: (name: string, body: () => Promise<void>, timeout?: number) => it(name, { timeout: timeout ?? 30_000 }, body),
  skip: (name: string) => it.skip(name),
};

defineConformanceSuite(api, {
  name: 'acme (simulator over loopback)',
  capabilities: ACME_CAPABILITIES,
  // Everything the suite can prove: extra clients (hooks, timeouts, canary credentials) and injected faults.
  features: ['connect', 'faults'],
  async setup() {
    const sim = await startSimulator('acme', { users: 40 });
    // Typed through the VendorRegistry augmentation in src/index.ts: `credentials` must be Acme's.
    const connect = ({ credentialsCanary, ...options }: ConformanceConnectOptions) =>
      createPbx({ vendor: 'acme', baseUrl: sim.url, retry: { baseDelayMs: 1, maxDelayMs: 5 }, ...options, credentials: credentialsCanary ? withCanary(sim.credentials, credentialsCanary) : sim.credentials });
    const client = connect({});
    return {
      client,
      connect,
      facts: sim.facts,
      requestCount: sim.requestCount,
      faults: sim.faults!,
      secrets: credentialSecrets(sim.credentials),
      teardown: async () => {
        await client.close();
        await sim.close();
      },
    };
  },
});

describe('acme registration', () => {
  it('is known to createPbx, and an unknown vendor is still refused', () => {
    assert.equal(getVendor('acme')?.name, 'Acme PBX v2 (made-up)');
    assert.throws(() => createPbx({ vendor: 'nope' } as never), (error: unknown) => isPbxError(error, 'VALIDATION_FAILED'));
  });

  it('pages a large list through next links without gaps or repeats', async () => {
    const sim = await startSimulator('acme', { users: 230 });
    try {
      const client = createAcme({ baseUrl: sim.url, credentials: sim.credentials });
      const ids = (await client.users.list({ pageSize: 40 }).toArray()).map((u) => u.id);
      assert.equal(ids.length, 230);
      assert.equal(new Set(ids).size, 230);
    } finally {
      await sim.close();
    }
  });

  it('an update keeps every field the patch does not name (PUT replaces the record)', async () => {
    const sim = await startSimulator('acme', { users: 5 });
    try {
      const client = createAcme({ baseUrl: sim.url, credentials: sim.credentials });
      const [before] = await client.users.list().toArray({ max: 1 });
      const after = await client.users.update(before!.id, { department: 'Research' });
      const { raw: _a, department: _d, ...kept } = before!;
      const { raw: _b, department, ...now } = after;
      assert.equal(department, 'Research');
      assert.deepEqual(now, kept);
    } finally {
      await sim.close();
    }
  });
});

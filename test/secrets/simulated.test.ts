/**
 * Secrets never leak, for every registered vendor, driven by the registry alone (no wire
 * knowledge of the vendor): a client of the vendor's simulator, with faults of every kind
 * injected, calls each supported read operation; a client with canary credentials gets
 * refused. No rendering of any error, and no hook payload, may hold a credential.
 */
import { describe, expect, it } from 'vitest';
import { OPERATIONS, isSupported } from '../../core/capabilities.js';
import type { PbxClient } from '../../core/client.js';
import { isPbxError } from '../../core/errors.js';
import { FAULT_KINDS } from '../../core/sim/faults.js';
import { createPbx, type CreatePbxOptions } from '../../src/create.js';
import { VENDORS, VENDOR_IDS } from '../../src/registry.js';
import { hasSimulator, simulatorFactory } from '../../src/simulator.js';
import { PASSWORD, STATIC_TOKEN, expectNoSecrets, type Secret } from './canaries.js';

/** Credential fields that hold secrets (not user names or emails). */
const SECRET_KEY = /pass|token|key|secret/i;

function secretsOf(credentials: unknown): Secret[] {
  return Object.entries(credentials as Record<string, unknown>).flatMap(([key, value]) => (SECRET_KEY.test(key) && typeof value === 'string' ? [{ value }] : []));
}

/** The same credentials with every secret replaced by a canary. */
function canaryCredentials(credentials: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(credentials as Record<string, unknown>).map(([key, value]) => [key, SECRET_KEY.test(key) ? (/pass/i.test(key) ? PASSWORD : STATIC_TOKEN) : value]));
}

/** Read operations a generic test can call with facts alone. */
function reads(client: PbxClient, facts: { missingId: string; freeExtension: string }): Array<() => Promise<unknown>> {
  const calls: Partial<Record<(typeof OPERATIONS)[number], () => Promise<unknown>>> = {
    'users.list': () => client.users.list({ pageSize: 5 }).page(),
    'users.get': () => client.users.get(facts.missingId),
    'users.findByEmail': () => client.users.findByEmail('nobody@example.com'),
    'users.findByExtension': () => client.users.findByExtension(facts.freeExtension),
    'groups.list': () => client.groups.list({ pageSize: 5 }).page(),
    'queues.list': () => client.queues.list({ pageSize: 5 }).page(),
    whoami: () => client.whoami(),
  };
  return OPERATIONS.flatMap((op) => (calls[op] && isSupported(client.capabilities[op]) ? [calls[op]] : []));
}

for (const vendor of VENDOR_IDS.filter(hasSimulator)) {
  describe(`${vendor}: no secret in errors or hook payloads (simulator, every fault kind)`, () => {
    it('with faults injected into every supported read, and with refused canary credentials', async () => {
      const sim = (await simulatorFactory(vendor))({ users: 10, cdrs: 10, seed: 5 });
      const secrets = secretsOf(sim.credentials);
      expect(secrets.length, 'the simulator credentials hold a secret').toBeGreaterThan(0);
      const events: unknown[] = [];
      const record = (event: unknown) => void events.push(event);
      const connect = (credentials: unknown) =>
        createPbx({
          vendor,
          baseUrl: `https://${vendor}.secrets.test${sim.basePath}`,
          credentials,
          fetch: async (input: string | URL | Request, init?: RequestInit) => sim.handler.fetch(new Request(input, init)),
          timeoutMs: 100,
          retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
          hooks: { onRequest: record, onResponse: record, onRetry: record, onError: record },
        } as CreatePbxOptions);

      const client = connect(sim.credentials);
      const calls = reads(client, sim.facts);
      expect(calls.length).toBeGreaterThan(0);
      sim.faults!.configure({ rules: [{ rate: 0.6, kinds: FAULT_KINDS.filter((k) => !k.startsWith('reset')) }], delayMs: 150, seed: 3 });
      const errors: unknown[] = [];
      for (let round = 0; round < 3; round++) for (const call of calls) await call().catch((error: unknown) => errors.push(error));
      sim.faults!.configure(undefined);
      expect(errors.length, 'faults surfaced as errors').toBeGreaterThan(0);

      const refused = connect(canaryCredentials(sim.credentials));
      const denied = await reads(refused, sim.facts)[0]!().then(() => undefined, (error: unknown) => error);
      expect(isPbxError(denied, 'AUTHENTICATION_FAILED'), String(denied)).toBe(true);
      await refused.close().catch(() => undefined);

      for (const [i, error] of [...errors, denied].entries()) expectNoSecrets(error, [...secrets, { value: PASSWORD }, { value: STATIC_TOKEN }], `${vendor} error ${i}`);
      expectNoSecrets(events, [...secrets, { value: PASSWORD }, { value: STATIC_TOKEN }], `${vendor} hook events`);
      expect(Object.keys(VENDORS)).toContain(vendor);
    }, 60_000);
  });
}

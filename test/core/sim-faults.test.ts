/**
 * The simulators' fault injection, on PortSIP's simulator, through each transport a test can
 * use (loopback HTTP, in-process fetch, nock): every fault kind shows up at the client the
 * way a real one would, and a create under connection resets still yields exactly one user.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPortSip } from '../../adapters/portsip/index.js';
import { createPortSipSimulator, type PortSipSimulator } from '../../adapters/portsip/simulator/index.js';
import { isPbxError } from '../../core/errors.js';
import type { FaultKind } from '../../core/sim/faults.js';
import { runSimulator } from '../../core/sim/run.js';
import type { RunningSimulator } from '../../core/sim/types.js';
import { bridgeNock } from '../support/nock-bridge.js';

let sim: PortSipSimulator;
let served: RunningSimulator;
beforeAll(async () => {
  sim = createPortSipSimulator({ users: 20, cdrs: 20 });
  served = await runSimulator(sim);
});
afterAll(() => served.close());
afterEach(() => {
  sim.faults!.configure(undefined);
  nock.cleanAll();
  nock.enableNetConnect();
});

type Transport = 'loopback' | 'in-process' | 'nock';
function client(transport: Transport) {
  // The timeout is generous for a cold first login on a busy machine; the delay test waits longer still.
  const common = { credentials: sim.credentials, retry: { maxRetries: 0 }, timeoutMs: 1_500 } as const;
  if (transport === 'loopback') return createPortSip({ ...common, baseUrl: served.url });
  if (transport === 'in-process') return createPortSip({ ...common, baseUrl: served.url, fetch: served.fetch });
  nock.disableNetConnect();
  bridgeNock('https://faults.portsip.test', sim.handler);
  return createPortSip({ ...common, baseUrl: 'https://faults.portsip.test' });
}

async function codeOf(action: Promise<unknown>): Promise<string> {
  try {
    await action;
    return 'ok';
  } catch (error) {
    return isPbxError(error) ? error.code : `non-pbx: ${String(error)}`;
  }
}

const expected: Record<Exclude<FaultKind, 'expire-session' | 'delay'>, string> = {
  'http-500': 'SERVER_ERROR',
  'http-502': 'SERVER_ERROR',
  'http-503': 'SERVER_ERROR',
  'rate-limit-retry-after': 'RATE_LIMITED',
  'rate-limit': 'RATE_LIMITED',
  'reset-before': 'NETWORK_ERROR',
  'reset-after': 'NETWORK_ERROR',
  'truncated-json': 'BAD_RESPONSE',
  'html-200': 'BAD_RESPONSE',
  'html-502': 'BAD_RESPONSE',
};

describe.each<Transport>(['loopback', 'in-process', 'nock'])('fault injection over %s', (transport) => {
  it.each(Object.entries(expected))('%s reaches a read as %s', async (kind, code) => {
    const pbx = client(transport);
    await pbx.users.list().page(); // log in before the faults start
    sim.faults!.configure({ rules: [{ rate: 1, kinds: [kind as FaultKind], path: /\/api\/users$/ }] });
    const error = await codeOf(pbx.users.list().page());
    // An HTML 502 page classifies by status (server error) when the body cannot be read as the vendor's.
    expect(kind === 'html-502' ? ['BAD_RESPONSE', 'SERVER_ERROR'] : [code]).toContain(error);
    expect(sim.faults!.stats.injected[kind as FaultKind]).toBe(1);
  });

  it('a reply slower than the client timeout is a TimeoutError', async () => {
    const pbx = client(transport);
    await pbx.users.list().page();
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['delay'], path: /\/api\/users$/ }], delayMs: 2_500 });
    expect(await codeOf(pbx.users.list().page())).toBe('TIMEOUT');
  });

  it('an expired session is renewed with one new login, and the call succeeds', async () => {
    const pbx = client(transport);
    await pbx.users.list().page();
    sim.faults!.configure({ rules: [{ rate: 1, times: 1, kinds: ['expire-session'], path: /\/api\/users$/ }] });
    const logins = sim.requests.filter((r) => r.path === '/api/auth/sign_in').length;
    expect(await codeOf(pbx.users.list().page())).toBe('ok');
    expect(sim.requests.filter((r) => r.path === '/api/auth/sign_in').length).toBe(logins + 1);
  });
});

describe('writes under faults', () => {
  it('a create whose connection resets after it was applied is reconciled: exactly one user', async () => {
    const pbx = createPortSip({ baseUrl: served.url, credentials: sim.credentials, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await pbx.users.list().page();
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['reset-after'], methods: ['POST'], path: /\/api\/users$/ }] });
    const user = await pbx.users.create({ extension: '7401', displayName: 'Reset After', email: 'reset.after@example.com' });
    sim.faults!.configure(undefined);
    expect([...sim.state.users.values()].filter((u) => u.extension_number === '7401')).toHaveLength(1);
    expect(user.extension).toBe('7401');
  });

  it('a create that never lands is retried after checking, and fails typed when it cannot be known', async () => {
    const pbx = createPortSip({ baseUrl: served.url, credentials: sim.credentials, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    await pbx.users.list().page();
    sim.faults!.configure({ rules: [{ rate: 1, kinds: ['reset-before'], methods: ['POST'], path: /\/api\/users$/ }] });
    expect(await codeOf(pbx.users.create({ extension: '7402', displayName: 'Never', email: 'never@example.com' }))).toBe('OUTCOME_UNKNOWN');
    expect(sim.faults!.stats.injected['reset-before']).toBe(3); // three attempts, each checked first
    expect([...sim.state.users.values()].filter((u) => u.extension_number === '7402')).toHaveLength(0);
  });

  it('a request-rate limit answers 429 with Retry-After beyond N requests per second', async () => {
    const pbx = createPortSip({ baseUrl: served.url, credentials: sim.credentials, retry: { maxRetries: 0 }, throttle: false });
    await pbx.users.list().page();
    sim.faults!.configure({ rules: [], requestsPerSecond: 3 });
    const codes = await Promise.all(Array.from({ length: 6 }, () => codeOf(pbx.users.list().page())));
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(3);
    expect(sim.faults!.stats.rateLimited).toBeGreaterThanOrEqual(3);
  });
});

describe('faults through the public launcher', () => {
  it('startSimulator(v, { faults }) injects from the start, reports stats, and never faults the bypass header', async () => {
    const { startSimulator, FAULT_BYPASS_HEADER } = await import('../../src/simulator.js');
    const started = await startSimulator('portsip', { users: 5, cdrs: 0, faults: { rules: [{ rate: 1, kinds: ['http-503'], methods: ['GET'], path: /\/api\/users$/ }] } });
    try {
      const pbx = createPortSip({ baseUrl: started.url, credentials: started.credentials, retry: { maxRetries: 0 } });
      expect(await codeOf(pbx.users.list().page())).toBe('SERVER_ERROR');
      expect(started.faults?.stats.injected['http-503']).toBe(1);
      const oracle = createPortSip({
        baseUrl: started.url,
        credentials: started.credentials,
        retry: { maxRetries: 0 },
        fetch: (input, init) => {
          const request = new Request(input, init);
          request.headers.set(FAULT_BYPASS_HEADER, '1');
          return fetch(request);
        },
      });
      expect((await oracle.users.list().page()).items).toHaveLength(5);
      expect(started.faults?.stats.injected['http-503']).toBe(1);
      started.faults?.configure(undefined);
      expect(await codeOf(pbx.users.list().page())).toBe('ok');
    } finally {
      await started.close();
    }
  });
});

/**
 * Sessions under concurrency: re-login is decided per session generation, not per request.
 * Many callers against a simulator that expires every session often must never see
 * AUTHENTICATION_FAILED with valid credentials; a wrong password still fails at once, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPbx } from '../../src/create.js';
import { startSimulator } from '../../src/simulator.js';
import { VENDOR_IDS } from '../../src/registry.js';
import { isPbxError } from '../../core/errors.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe.each(VENDOR_IDS)('%s: sessions expiring under 48 concurrent callers', (vendor) => {
  it('no AUTHENTICATION_FAILED for valid credentials; every call succeeds', async () => {
    const sim = await startSimulator(vendor, { seed: 3, users: 60, faults: { rules: [{ rate: 0.06, kinds: ['expire-session'] }], seed: 11 } });
    closers.push(() => sim.close());
    const pbx = createPbx({ vendor, baseUrl: sim.url, credentials: sim.credentials, retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5 } } as never);
    const users = await pbx.users.list({ pageSize: 50 }).toArray({ max: 48 });
    const results = await Promise.allSettled(Array.from({ length: 4 }, (_, round) => Promise.all(users.map((u, i) => (i + round) % 2 === 0 ? pbx.users.get(u.id) : pbx.users.list({ pageSize: 5 }).page()))));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(failures.filter((e) => isPbxError(e, "AUTHENTICATION_FAILED")).map((e) => `${(e as Error).message} ${(e as { operation?: string }).operation}`)).toEqual([]);
    expect(failures).toEqual([]);
    const stats = sim.faults?.stats as { injected: Record<string, number> } | undefined;
    expect(stats?.injected['expire-session'] ?? 0).toBeGreaterThan(5); // the fault really bit, often
  }, 90_000);
});

describe('a wrong password', () => {
  it('fails fast with AUTHENTICATION_FAILED, with one login attempt for many concurrent callers', async () => {
    const sim = await startSimulator('portsip', { seed: 3, users: 5 });
    closers.push(() => sim.close());
    const logins: string[] = [];
    const counting = ((input: Request | string | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if (/sign_in|\/login/.test(url)) logins.push(url);
      return fetch(input, init);
    }) as typeof fetch;
    const { username } = sim.credentials as { username: string };
    const pbx = createPbx({ vendor: 'portsip', baseUrl: sim.url, fetch: counting, loginMethod: 'sign_in', credentials: { username, password: 'wrong-password-1' } });
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => pbx.users.get('1')));
    expect(results.every((r) => r.status === 'rejected' && isPbxError(r.reason, 'AUTHENTICATION_FAILED'))).toBe(true);
    expect(logins).toHaveLength(1);
  });
});

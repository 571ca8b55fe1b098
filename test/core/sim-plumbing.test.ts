/**
 * The simulator plumbing with no router at all (a plain fetch handler): the request log, the
 * parsed body for the routes, a malformed body, and every fault kind at the fetch level.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, connectionResetError, isResetMarker } from '../../core/sim/faults.js';
import { SimulatorPlumbing } from '../../core/sim/instance.js';
import { recordedBody } from '../../core/sim/record.js';
import { runSimulator } from '../../core/sim/run.js';

function plumbing() {
  const expired: number[] = [];
  const p = new SimulatorPlumbing({ errorBody: (status, message) => ({ status, message }), expireSessions: () => expired.push(1) });
  const handler = p.wrap(
    async (request) => Response.json({ echo: recordedBody(request).body ?? null, path: new URL(request.url).pathname }, { status: 201 }),
    () => Response.json({ error: 'bad json' }, { status: 400 }),
  );
  return { p, handler, expired };
}

describe('SimulatorPlumbing with a plain fetch handler', () => {
  it('logs each request and hands the parsed body to the routes; a malformed body gets the vendor 400', async () => {
    const { p, handler } = plumbing();
    const ok = await handler(new Request('http://sim.test/v2/x%20y?a=1&a=2', { method: 'POST', body: '{"n":1}' }));
    expect(await ok.json()).toEqual({ echo: { n: 1 }, path: '/v2/x%20y' });
    const bad = await handler(new Request('http://sim.test/v2/x', { method: 'PUT', body: '{oops' }));
    expect(bad.status).toBe(400);
    expect(p.requests).toEqual([
      { method: 'POST', path: '/v2/x y', query: { a: '1' }, body: { n: 1 } },
      { method: 'PUT', path: '/v2/x', query: {}, body: '{oops' },
    ]);
  });

  it.each(FAULT_KINDS)('injects %s at the fetch level', async (kind) => {
    const { p, handler, expired } = plumbing();
    p.faults.configure({ rules: [{ rate: 1, kinds: [kind], times: 1 }], delayMs: 5 });
    const response = await handler(new Request('http://sim.test/v2/x', { method: 'POST', body: '{"n":1}' }));
    const text = await response.text();
    if (kind.startsWith('reset')) expect(isResetMarker(response)).toBe(true);
    else if (kind.startsWith('http-') || kind.startsWith('rate-limit')) expect(JSON.parse(text)).toEqual({ status: response.status, message: expect.any(String) });
    else if (kind.startsWith('html')) expect(text).toMatch(/^<!DOCTYPE html>/);
    else if (kind === 'truncated-json') expect(() => JSON.parse(text)).toThrow();
    else expect(response.status).toBe(201); // delay, expire-session: applied and answered
    expect(response.headers.get('retry-after') !== null).toBe(kind === 'rate-limit-retry-after');
    expect(expired.length).toBe(kind === 'expire-session' ? 1 : 0);
    expect(p.faults.stats.injected[kind]).toBe(1);
    expect(p.requests).toHaveLength(1);
  });

  it('serves on loopback without a router framework; an injected reset drops the connection', async () => {
    const { p, handler } = plumbing();
    const sim = await runSimulator(p.instance({ vendor: 'plain', handler: { fetch: handler }, basePath: '/v2', credentials: {}, facts: { missingId: '0', freeExtension: '1' } }));
    try {
      const response = await fetch(`${sim.url}/things`, { method: 'POST', body: JSON.stringify({ a: 'å' }), headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ echo: { a: 'å' }, path: '/v2/things' });
      p.faults.configure({ rules: [{ rate: 1, kinds: ['reset-before'] }] });
      await expect(fetch(`${sim.url}/things`)).rejects.toThrow(/fetch failed/);
      await expect(sim.fetch(`${sim.url}/things`)).rejects.toThrow(connectionResetError().message);
      expect(sim.requestCount()).toBe(3);
    } finally {
      await sim.close();
    }
  });
});

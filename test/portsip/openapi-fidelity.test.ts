/**
 * PortSIP fidelity stays checked: every request the simulator accepts and every reply it sends,
 * over a workload that drives every operation the adapter uses, is validated against PortSIP's
 * full published OpenAPI (v22.0) plus our description of the v22.3 changes
 * (`adapters/portsip/openapi/portsip-v22.3-additions.json`). See test/support/portsip/full-openapi.ts
 * for the rules, docs/portsip.md "OpenAPI fidelity" for what the vendor's spec leaves to us.
 *
 * The workload is the whole conformance suite (every supported unified operation, success and
 * failure paths) plus what it does not reach: both login generations, token refresh, sign-out,
 * the user's own CDRs, a 2FA sign-in. Traffic is captured by wrapping the simulator's in-process
 * fetch, and checked generically: an unknown path is a failure, so a new route must be described.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createPortSip, type PortSipOptions } from '../../adapters/portsip/index.js';
import { createPortSipSimulator, type PortSipSimulator } from '../../adapters/portsip/simulator/index.js';
import type { PortSipSimulatorOptions } from '../../adapters/portsip/simulator/options.js';
import type { PbxClient } from '../../core/client.js';
import { isPbxError } from '../../core/errors.js';
import type { SimulatorOptions } from '../../core/sim/types.js';
import { PORTSIP_OPERATIONS } from '../../scripts/portsip-openapi-subset.js';
import { credentialSecrets, defineConformanceSuite, withCanary, type ConformanceConnectOptions } from '../../src/conformance/index.js';
import { VENDORS } from '../../src/registry.js';
import { PortSipOpenApi, type Exchange } from '../support/portsip/full-openapi.js';

const spec = PortSipOpenApi.load();
if (!spec) console.warn('openapi-fidelity.test.ts: skipped, the full vendor spec is not beside the repository (../shared/vendor-docs).');

const exchanges: Exchange[] = [];
const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5 };

const parse = (text: string, type: string | null): unknown => (text === '' ? undefined : type?.includes('json') ? (JSON.parse(text) as unknown) : text);

/** A fetch into `sim` that records each exchange as the server saw it. */
function capturing(sim: PortSipSimulator): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const requestText = await request.clone().text();
    const response = await sim.app.fetch(request);
    const responseText = await response.clone().text();
    exchanges.push({
      method: request.method,
      path: url.pathname.replace(/^\/api(?=\/)/, ''),
      query: Object.fromEntries(url.searchParams),
      requestBody: parse(requestText, request.headers.get('content-type') ?? 'application/json'),
      status: response.status,
      responseBody: parse(responseText, response.headers.get('content-type')),
    });
    return response;
  }) as typeof fetch;
}

/** A client of `sim` whose traffic is captured. */
const clientOf = (sim: PortSipSimulator, options: Partial<PortSipOptions> = {}): PbxClient =>
  createPortSip({ baseUrl: 'http://pbx.fidelity.test', credentials: sim.credentials, fetch: capturing(sim), retry: FAST_RETRY, ...options });

function connect(simOptions: SimulatorOptions & PortSipSimulatorOptions = {}, options: Partial<PortSipOptions> = {}): { sim: PortSipSimulator; client: PbxClient } {
  const sim = createPortSipSimulator({ users: 40, cdrs: 400, ...simOptions });
  return { sim, client: clientOf(sim, options) };
}

describe.skipIf(!spec)('PortSIP OpenAPI fidelity: the simulator\'s traffic against the vendor\'s full spec', () => {
  afterAll(() => void (exchanges.length = 0));

  // The simulator speaks 22.3 by default and 22.0 with `apiVersion: '22.0'` (the adapter then takes its pre-22.3 paths);
  // a simulator without that option ignores it (cast: the option is newer than this test). Against 22.0, a case whose
  // operation needs 22.3 (UnsupportedOperationError once the adapter has seen the version) is skipped: its traffic is still checked.
  for (const [name, options] of [
    ['default', {}],
    ['apiVersion 22.0', { apiVersion: '22.0' } as unknown as PortSipSimulatorOptions],
  ] as const) {
    const older = name !== 'default';
    describe(`workload: the conformance suite (simulator ${name})`, () => {
      defineConformanceSuite(
        {
          describe,
          it: (title, body, timeoutMs) =>
            it(
              title,
              async (ctx) => {
                try {
                  await body();
                } catch (error) {
                  if (older && isPbxError(error, 'UNSUPPORTED_OPERATION')) return ctx.skip(`needs PortSIP 22.3: ${(error as Error).message}`);
                  throw error;
                }
              },
              timeoutMs,
            ),
        },
        {
          name: `portsip (simulator ${name}, traffic captured)`,
          capabilities: VENDORS.portsip.capabilities,
          // Not `faults`: injected 5xx / 429 / resets are the simulator misbehaving on purpose, not PortSIP's dialect.
          features: ['connect'],
          async setup() {
            const { sim, client } = connect(options);
            return {
              client,
              connect: ({ credentialsCanary, ...more }: ConformanceConnectOptions) =>
                clientOf(sim, { ...more, ...(credentialsCanary ? { credentials: withCanary(sim.credentials, credentialsCanary) } : {}) }),
              facts: sim.facts,
              secrets: credentialSecrets(sim.credentials),
              requestCount: () => sim.requestCount(),
              teardown: () => client.close(),
            };
          },
        },
      );
    });
  }

  describe('workload: what the suite does not reach', () => {
    it('both login generations (POST /auth/sign_in, POST /login), their sign-outs, and GET /user', async () => {
      for (const loginMethod of ['sign_in', 'login'] as const) {
        const { client } = connect({}, { loginMethod });
        await client.whoami();
        await client.close();
      }
      // A PBX that only has the older generation: `auto` falls back after a 404.
      const { client } = connect({ loginGenerations: ['login'] });
      await client.users.list({ pageSize: 5 }).page();
      await client.close();
    });

    it('a token near its expiry is refreshed (POST /auth/refresh_token)', async () => {
      let now = Date.UTC(2025, 0, 15, 9);
      const { client } = connect({ now: () => now, tokenTtlSeconds: 600 }, { clock: { now: () => now } });
      await client.users.list({ pageSize: 5 }).page();
      now += 590_000;
      await client.users.list({ pageSize: 5 }).page();
      expect(exchanges.some((e) => e.path === '/auth/refresh_token' && e.status === 200)).toBe(true);
    });

    it('a standard user\'s own CDRs (GET /user/cdrs, and /user/cdrs/{id} after /cdrs/{id} is refused); a 2FA sign-in', async () => {
      const sim = createPortSipSimulator({ users: 40, cdrs: 2000 });
      const client = createPortSip({ baseUrl: 'http://pbx.fidelity.test', credentials: sim.standardUser, fetch: capturing(sim), retry: FAST_RETRY });
      const mine = await client.cdrs.list({ scope: 'self' }).toArray({ max: 5 });
      expect(mine.length).toBeGreaterThan(0);
      await client.cdrs.get(mine[0]!.id);
      const twoFactor = connect({ twoFactorUsers: ['admin'] });
      await expect(twoFactor.client.users.list().page()).rejects.toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    });

    it('contact-centre paths the suite leaves out: a ring group\'s get/update/delete, a standard user\'s own recordings', async () => {
      const { client } = connect();
      const ring = (await client.groups.list().toArray()).find((g) => g.kind === 'ring')!;
      await client.groups.get(ring.id);
      await client.groups.update(ring.id, { name: 'Front desk' });
      await client.groups.delete(ring.id);
      const sim = createPortSipSimulator({ users: 40, cdrs: 2000 });
      const own = createPortSip({ baseUrl: 'http://pbx.fidelity.test', credentials: sim.standardUser, fetch: capturing(sim), retry: FAST_RETRY });
      const mine = await own.recordings.list().toArray({ max: 5 });
      expect(mine.length).toBeGreaterThan(0);
      await (await own.recordings.download(mine[0]!.id)).stream.cancel();
    });
  });

  describe('checks', () => {
    it('every exchange conforms: known operation, declared query and body keys, valid bodies, declared statuses', () => {
      expect(exchanges.length).toBeGreaterThan(200);
      const problems = new Map<string, string[]>();
      for (const exchange of exchanges) {
        // A recording's audio at its detail's file_url: a file outside the API, not an operation of the spec.
        if (exchange.path.startsWith('/files/')) continue;
        for (const problem of spec!.check(exchange)) {
          const key = `${problem}`;
          problems.set(key, [...(problems.get(key) ?? []), `${exchange.method} ${exchange.path} → ${exchange.status}`]);
        }
      }
      const report = [...problems].map(([problem, seen]) => `${problem}\n    seen ${seen.length}×, e.g. ${seen[0]}`);
      expect(report, report.join('\n')).toEqual([]);
    });

    it('measured: how many replies hold null where the field schema says otherwise (the vendor\'s "blank fields are null")', () => {
      const replies = exchanges.filter((e) => e.status < 300 && e.responseBody !== undefined);
      const needNull = replies.filter((e) => spec!.check(e).length === 0 && spec!.check(e, { blankAsNull: false }).length > 0);
      console.info(`openapi-fidelity: ${exchanges.length} exchanges; ${replies.length} 2xx replies with a body, ${needNull.length} of them valid only with blank fields as null`);
      // The simulator sends blanks as null, as PortSIP says it does: some replies must need it, or the rule is untested.
      expect(needNull.length).toBeGreaterThan(0);
    });

    it('the workload reached every operation the adapter uses, each answered 2xx at least once', () => {
      const reached = new Set(exchanges.filter((e) => e.status < 300).map((e) => spec!.match(e.method, e.path)));
      // The 22.3 operations count once the simulator serves 22.3 at all (it answered one of them).
      const serves223 = [...spec!.added].some((operation) => reached.has(operation));
      const used = [...PORTSIP_OPERATIONS, ...(serves223 ? spec!.usedByAdapter : [])];
      expect(used.filter((operation) => !reached.has(operation))).toEqual([]);
    });
  });
});

/**
 * The harness of the input properties: a real client (createPbx) whose `fetch` records every
 * request and answers from the vendor's simulator in-process, plus the checks every call
 * must pass whatever its input:
 *
 * - it succeeds, or fails with a typed `PbxError` (never a TypeError or URIError); non-list
 *   calls never throw synchronously;
 * - a client-side refusal (`ValidationError` with source `client`, `UnsupportedOperationError`,
 *   `AbortedError` for an already aborted signal) happens before any request is sent;
 * - every request it sends goes to the vendor's API under the configured base URL, on one of
 *   the routes the adapter uses, with every path parameter percent-encoded as one segment
 *   (`encodeURIComponent`) whose value is one the caller passed or the vendor sent: an
 *   unencoded `/`, `?`, `#` or `..` in an id would split, truncate or resolve the path and
 *   show up here as a segment nobody gave.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { OperationName } from '../../../core/capabilities.js';
import type { PbxClient } from '../../../core/client.js';
import { isPbxError, type PbxError } from '../../../core/errors.js';
import type { Cdr, Group, Queue, User } from '../../../core/model.js';
import type { PagedList } from '../../../core/paging.js';
import type { SimulatorInstance, SimulatorRoutes } from '../../../core/sim/types.js';
import { createPbx, type CreatePbxOptions } from '../../../src/create.js';
import type { VendorId } from '../../../src/registry.js';
import { simulatorFactory } from '../../../src/simulator.js';

export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
}

/**
 * Where each built-in vendor's API lives under the origin, the routes its adapter requests (`{}`:
 * one path parameter) and its query keys. Any other vendor's simulator states them in its
 * facts (`facts.routes`).
 */
const API: Readonly<Record<string, SimulatorRoutes>> = {
  portsip: {
    prefix: '/api/',
    routes: [
      'auth/sign_in',
      'auth/refresh_token',
      'auth/sign_out',
      'login',
      'logout',
      'user',
      'users',
      'users/{}',
      'users/{}/destroy',
      'groups',
      'groups/{}',
      'groups/{}/destroy',
      'groups/{}/members',
      'groups/{}/members/{}',
      'groups/{}/members/{}/destroy',
      'call_queues',
      'call_queues/{}',
      'call_queues/{}/agents',
      'call_queues/{}/agents/{}',
      'call_queues/{}/waiting',
      'cdrs',
      'cdrs/{}',
      'user/cdrs',
      'user/cdrs/{}',
      // Contact-centre operations (issue 12).
      'tenant/status',
      'call_queues/{}/agents/status/get_many',
      'call_queues/{}/destroy',
      'user/call_queues/{}/agent',
      'not_ready_codes',
      'users/{}/status',
      'users/status/get_many',
      'users/{}/role',
      'roles',
      'ring_groups',
      'ring_groups/{}',
      'ring_groups/{}/destroy',
      'ring_groups/{}/agents',
      'recordings',
      'recordings/{}',
      'user/recordings',
      'user/recordings/{}',
    ],
    query: ['skip', 'top', 'filter', 'orderby'],
  },
  netpbx: {
    prefix: '/api/v1/',
    routes: [
      'authorizations',
      'users',
      'users/email',
      'users/extension',
      'users/{}',
      'users/{}/name',
      'users/{}/email',
      'users/{}/mobilenumber',
      'groups',
      'groups/{}',
      'groups/{}/members',
      'groups/{}/members/{}',
      'queuepulses',
      'queuepulses/{}',
    ],
    query: ['email', 'extension'],
  },
  voipstudio: {
    prefix: '/v1.2/voipstudio/',
    routes: ['login', 'login2fa', 'logout', 'me', 'users', 'users/{}', 'users/{}/cdrs', 'usergroups', 'usergroups/{}', 'queues', 'queues/{}', 'cdrs', 'cdrs/{}'],
    query: ['page', 'limit', 'sort', 'dir', 'filter', 'include', 'fields[users]'],
  },
};

/** Keys whose values are ids or numbers the adapters may put into a path (vendor ids, extensions). */
const ID_KEY = /id$|^id|ext|number/i;

/** What the seeded simulator holds, for arbitraries that mix real values with hostile ones. */
export interface Known {
  readonly users: readonly User[];
  readonly groups: readonly Group[];
  readonly queues: readonly Queue[];
  readonly cdrs: readonly Cdr[];
  /** The simulator's CDR range, or (for a vendor without CDRs) any range: calls are refused before sending. */
  readonly cdrRange: { readonly from: Date; readonly to: Date };
  readonly missingId: string;
  readonly freeExtension: string;
}

export class Harness {
  readonly requests: RecordedRequest[] = [];
  /** Ids, extensions and numbers the simulator has sent (a path parameter may be one of them). */
  readonly vendorValues = new Set<string>();
  readonly client: PbxClient;
  readonly origin: string;
  readonly prefix: string;
  private readonly routes: ReadonlyArray<readonly string[]>;
  private readonly queryKeys: ReadonlySet<string>;
  known!: Known;

  constructor(
    readonly vendor: VendorId,
    readonly sim: SimulatorInstance<unknown>,
    serial: number,
  ) {
    this.origin = `https://${vendor}-${serial}.properties.test`;
    const api = sim.facts.routes ?? API[vendor];
    if (!api) throw new Error(`${vendor}: its simulator states no routes (facts.routes), so requests cannot be checked`);
    this.prefix = api.prefix;
    this.routes = api.routes.map((route) => route.split('/'));
    this.queryKeys = new Set(api.query);
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      this.requests.push({ method: request.method, url: new URL(request.url) });
      const response = await sim.handler.fetch(request);
      try {
        this.harvest(await response.clone().json());
      } catch {
        // Not JSON: nothing to learn.
      }
      return response;
    }) as typeof globalThis.fetch;
    this.fetch = fetch;
    this.client = this.newClient();
  }

  private readonly fetch: typeof globalThis.fetch;

  /** Another client on the same simulator and recorder, not logged in yet (so a premature login shows as a request). */
  newClient(): PbxClient {
    return createPbx({
      vendor: this.vendor,
      baseUrl: `${this.origin}${this.sim.basePath}`,
      credentials: this.sim.credentials,
      fetch: this.fetch,
      throttle: false,
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 2 },
      timeoutMs: 5000,
    } as CreatePbxOptions);
  }

  private harvest(value: unknown, key = ''): void {
    if (Array.isArray(value)) for (const item of value) this.harvest(item, key);
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.harvest(v, k);
    else if ((typeof value === 'string' || typeof value === 'number') && ID_KEY.test(key)) this.vendorValues.add(String(value));
  }

  /**
   * Checks one request a call sent: same origin, no fragment, under the API prefix, on a
   * known route, every path parameter one canonically encoded segment holding a value the
   * caller gave (`given`) or the vendor sent, and only the adapter's query keys.
   */
  checkRequest(request: RecordedRequest, given: ReadonlySet<string>): void {
    const { url } = request;
    const where = `${request.method} ${url.href}`;
    expect(url.origin, where).toBe(this.origin);
    expect(url.hash, where).toBe('');
    expect(url.pathname.startsWith(this.prefix), `${where} leaves ${this.prefix}`).toBe(true);
    const segments = url.pathname.slice(this.prefix.length).split('/');
    const shaped = this.routes.filter((route) => route.length === segments.length && route.every((part, i) => part === '{}' || part === segments[i]));
    expect(shaped.length, `${where} is on no route of the ${this.vendor} adapter`).toBeGreaterThan(0);
    const problems = shaped.map((route) => {
      for (const [i, part] of route.entries()) {
        if (part !== '{}') continue;
        const segment = segments[i]!;
        let decoded: string;
        try {
          decoded = decodeURIComponent(segment);
        } catch {
          return `segment ${JSON.stringify(segment)} is not percent-encoded text`;
        }
        if (encodeURIComponent(decoded) !== segment) return `segment ${JSON.stringify(segment)} is not encodeURIComponent(${JSON.stringify(decoded)})`;
        if (decoded === '' || decoded === '.' || decoded === '..') return `segment ${JSON.stringify(segment)} is empty or a dot segment`;
        if (!given.has(decoded) && !this.vendorValues.has(decoded)) return `path parameter ${JSON.stringify(decoded)} is neither an input nor a value the vendor sent`;
      }
      return undefined;
    });
    expect(problems.some((p) => p === undefined), `${where}: ${problems.join('; ')}`).toBe(true);
    for (const key of url.searchParams.keys()) expect(this.queryKeys.has(key), `${where}: unexpected query key ${JSON.stringify(key)}`).toBe(true);
  }
}

let serial = 0;

const ANY_RANGE = { from: new Date('2024-01-01T00:00:00Z'), to: new Date('2024-02-01T00:00:00Z') };

/** A fresh simulator and client for one property, with what the simulator holds. */
export async function harness(vendor: VendorId): Promise<Harness> {
  const sim = (await simulatorFactory(vendor))({ users: 8, cdrs: 24, seed: 7 }) as SimulatorInstance<unknown>;
  const h = new Harness(vendor, sim, ++serial);
  const c = h.client;
  const users = await c.users.list().toArray();
  const groups = c.supports('groups.list') ? await c.groups.list().toArray() : [];
  const queues = c.supports('queues.list') ? await c.queues.list().toArray() : [];
  const cdrRange = sim.facts.cdrRange ?? ANY_RANGE;
  const cdrs = c.supports('cdrs.list') ? await c.cdrs.list({ from: cdrRange.from, to: cdrRange.to }).toArray({ max: 10 }) : [];
  h.known = { users, groups, queues, cdrs, cdrRange, missingId: sim.facts.missingId, freeExtension: sim.facts.freeExtension };
  return h;
}

/** Every string inside `value` (arguments of a call), as given and trimmed: what a path parameter may hold. */
export function stringsIn(value: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 4) return out;
  if (typeof value === 'string') {
    out.add(value);
    out.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const item of value) stringsIn(item, out, depth + 1);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof AbortSignal)) {
    for (const item of Object.values(value)) stringsIn(item, out, depth + 1);
  }
  return out;
}

export type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown; readonly sync: boolean };

/** Calls `thunk`; a list is fetched with `.page()`. Synchronous throws are told apart from rejections. */
export async function invoke(thunk: () => unknown, list: boolean): Promise<Outcome> {
  let result: unknown;
  try {
    result = thunk();
  } catch (error) {
    return { ok: false, error, sync: true };
  }
  try {
    return { ok: true, value: list ? await (result as PagedList<unknown>).page() : await result };
  } catch (error) {
    return { ok: false, error, sync: false };
  }
}

/** A refusal by the client itself: it must come before any request. */
export function isClientRefusal(error: unknown): error is PbxError {
  if (!isPbxError(error)) return false;
  if (error.code === 'VALIDATION_FAILED') return (error as PbxError & { source?: string }).source === 'client';
  return error.code === 'UNSUPPORTED_OPERATION' || error.code === 'ABORTED';
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}${isPbxError(error) ? ` ${error.code}` : ''}: ${error.message.slice(0, 300)}` : fc.stringify(error);

/** What the input oracle says about a call's arguments. */
export type Verdict = 'valid' | 'invalid' | 'maybe';

export interface CallSpec {
  readonly op: OperationName;
  readonly list: boolean;
  /** `invalid`: the unified contract refuses it; `valid`: it accepts it (a vendor may still refuse it client-side); `maybe`: not judged. */
  readonly verdict: Verdict;
  /** The call options carry an already aborted signal. */
  readonly aborted?: boolean;
  readonly args: readonly unknown[];
  readonly call: (client: PbxClient) => unknown;
  /** Call through this client instead of the harness's logged-in one. */
  readonly client?: PbxClient;
  /** Checks a successful result (a `Page` for lists). */
  readonly check?: (value: any) => void;
}

/** Runs one call and checks everything the properties promise about it. Returns the outcome. */
export async function checkCall(h: Harness, spec: CallSpec): Promise<Outcome> {
  const before = h.requests.length;
  const client = spec.client ?? h.client;
  const outcome = await invoke(() => spec.call(client), spec.list);
  const sent = h.requests.slice(before);
  const trace = `${h.vendor} ${spec.op}${spec.client ? ' (new client)' : ''}: ${sent.map((r) => `${r.method} ${r.url.href}`).join(', ') || 'no request'}`;
  const supported = client.supports(spec.op);

  if (!outcome.ok) {
    const { error } = outcome;
    expect(isPbxError(error), `${trace} failed with an untyped error: ${describeError(error)}`).toBe(true);
    if (!spec.list) expect(outcome.sync, `${trace}: a non-list call threw synchronously`).toBe(false);
    if (isClientRefusal(error)) {
      expect(sent, `${trace}: refused client-side (${describeError(error)}) after sending requests`).toEqual([]);
      if (error.code === 'VALIDATION_FAILED') {
        expect((error as PbxError & { issues: readonly unknown[] }).issues.length, describeError(error)).toBeGreaterThan(0);
        // A huge input must not be echoed into the message (logs).
        expect(error.message.length, describeError(error)).toBeLessThan(2000);
      }
    }
  }

  if (!supported || spec.verdict === 'invalid' || spec.aborted) {
    expect(outcome.ok, `${trace}: ${!supported ? 'unsupported operation' : spec.aborted ? 'aborted signal' : 'invalid input'} was accepted`).toBe(false);
    const error = (outcome as { error: unknown }).error;
    expect(isClientRefusal(error), `${trace}: expected a client-side refusal, got ${describeError(error)}`).toBe(true);
    if (!supported && spec.verdict === 'valid' && !spec.aborted) expect((error as PbxError).code, describeError(error)).toBe('UNSUPPORTED_OPERATION');
    if (supported && spec.aborted && spec.verdict === 'valid') expect((error as PbxError).code, describeError(error)).toBe('ABORTED');
  }

  if (outcome.ok) spec.check?.(outcome.value);

  const given = stringsIn(spec.args);
  for (const request of sent) h.checkRequest(request, given);
  return outcome;
}

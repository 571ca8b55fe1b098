/**
 * A stateful, in-memory simulator of the (made-up) Acme PBX API, built with the kit's
 * simulator plumbing (request log, faults, seeding) and a plain fetch router — no framework.
 */
import {
  SimulatorPlumbing,
  recordedBody,
  resolveBaseOptions,
  runSimulator,
  seedTools,
  type RunningSimulator,
  type SimulatorDefinition,
  type SimulatorInstance,
  type SimulatorOptions,
} from 'unipbx/adapter-kit/simulator';

export interface AcmeCredentials {
  readonly apiKey: string;
}

interface Extension {
  id: string;
  number: string;
  name: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  mobile: string | null;
  department: string | null;
  role: string;
  enabled: boolean;
}

export interface AcmeSimulator extends SimulatorInstance<AcmeCredentials> {
  /** The extensions, live, by id (in creation order). */
  readonly extensions: Map<string, Extension>;
}

const FIELDS = ['number', 'name', 'first_name', 'last_name', 'email', 'mobile', 'department', 'role', 'enabled'] as const;
const NULLABLE = new Set(['first_name', 'last_name', 'email', 'mobile', 'department']);

class AcmeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const json = (body: unknown, status = 200) => Response.json(body, { status });
const errorBody = (code: string, message: string) => ({ error: { code, message } });

/** Checks a full record (POST and PUT both send one): PUT replaces, so an absent optional field becomes null. */
function record(body: unknown): Omit<Extension, 'id'> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new AcmeError(400, 'invalid_request', 'the body must be a JSON object');
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown.length) throw new AcmeError(400, 'invalid_request', `unknown fields: ${unknown.join(', ')}`);
  const text = (key: string): string | null => {
    const value = input[key] ?? null;
    if (value === null && NULLABLE.has(key)) return null;
    if (typeof value !== 'string' || value.trim() === '') throw new AcmeError(400, 'invalid_request', `${key} must be a non-empty string`);
    return value;
  };
  const number = text('number')!;
  if (!/^[0-9]{2,10}$/.test(number)) throw new AcmeError(400, 'invalid_request', 'number must be 2 to 10 digits');
  if (typeof input.enabled !== 'boolean') throw new AcmeError(400, 'invalid_request', 'enabled must be a boolean');
  return {
    number,
    name: text('name')!,
    first_name: text('first_name'),
    last_name: text('last_name'),
    email: text('email'),
    mobile: text('mobile'),
    department: text('department'),
    role: input.role === undefined || input.role === null ? 'member' : text('role')!,
    enabled: input.enabled,
  };
}

export function createAcmeSimulator(options: SimulatorOptions = {}): AcmeSimulator {
  const config = resolveBaseOptions('Acme', options, { users: 25, cdrs: 0 });
  const seed = seedTools(config.seed);
  const apiKey = `acme_sk_${seed.token(24)}`;
  const extensions = new Map<string, Extension>();
  let serial = 0;
  const newId = () => `ext_${(++serial).toString(36).padStart(6, '0')}`;
  for (let i = 0; i < config.users; i++) {
    const { firstName, lastName } = seed.person();
    const id = newId();
    const email = `${firstName}.${lastName}.${i}@acme.example`.toLowerCase();
    const department = seed.chance(0.5) ? seed.pick(['Sales', 'Support', 'Billing']) : null;
    extensions.set(id, { id, number: String(101 + i), name: `${firstName} ${lastName}`, first_name: firstName, last_name: lastName, email, mobile: seed.chance(0.6) ? seed.mobile() : null, department, role: i === 0 ? 'admin' : 'member', enabled: seed.chance(0.9) });
  }

  const find = (id: string): Extension => {
    const found = extensions.get(id);
    if (!found) throw new AcmeError(404, 'not_found', `no extension ${id}`);
    return found;
  };
  const numberTaken = (number: string, except?: string) => [...extensions.values()].some((e) => e.number === number && e.id !== except);

  /**
   * GET /v2/extensions: filters, then cursor paging; `next` is the link of the next page (root-relative,
   * so it holds behind proxies and test bridges that rewrite the host), null on the last page.
   */
  function list(url: URL): Response {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AcmeError(400, 'invalid_request', 'limit must be 1 to 100');
    const number = url.searchParams.get('number');
    const email = url.searchParams.get('email')?.toLowerCase();
    let items = [...extensions.values()].filter((e) => (number === null || e.number === number) && (email === undefined || e.email?.toLowerCase() === email));
    const cursor = url.searchParams.get('cursor');
    if (cursor !== null) {
      const at = items.findIndex((e) => e.id === cursor);
      if (at < 0 && !/^ext_[0-9a-z]{6}$/.test(cursor)) throw new AcmeError(400, 'invalid_request', 'invalid cursor');
      items = at < 0 ? items.filter((e) => e.id > cursor) : items.slice(at + 1);
    }
    const page = items.slice(0, limit);
    const next = new URL(url);
    next.searchParams.set('cursor', page.at(-1)?.id ?? '');
    next.searchParams.set('limit', String(limit));
    return json({ data: page, next: items.length > limit ? `${next.pathname}${next.search}` : null });
  }

  async function routes(request: Request): Promise<Response> {
    try {
      if (request.headers.get('authorization') !== `Bearer ${apiKey}`) throw new AcmeError(401, 'unauthorized', 'a valid API key is required');
      const url = new URL(request.url);
      const [, version, collection, rawId, ...rest] = url.pathname.split('/');
      if (version !== 'v2' || collection !== 'extensions' || rest.length) throw new AcmeError(404, 'not_found', `no route ${request.method} ${url.pathname}`);
      const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
      const body = recordedBody(request).body;
      if (id === undefined && request.method === 'GET') return list(url);
      if (id === undefined && request.method === 'POST') {
        const created = { id: newId(), ...record(body) };
        if (numberTaken(created.number)) throw new AcmeError(409, 'conflict', `number ${created.number} is taken`);
        extensions.set(created.id, created);
        return json(created, 201);
      }
      if (id !== undefined && request.method === 'GET') return json(find(id));
      if (id !== undefined && request.method === 'PUT') {
        const replaced = { id: find(id).id, ...record(body) };
        if (numberTaken(replaced.number, id)) throw new AcmeError(409, 'conflict', `number ${replaced.number} is taken`);
        extensions.set(id, replaced);
        return json(replaced);
      }
      if (id !== undefined && request.method === 'DELETE') {
        find(id);
        extensions.delete(id);
        return new Response(null, { status: 204 });
      }
      throw new AcmeError(405, 'method_not_allowed', `${request.method} is not allowed here`);
    } catch (error) {
      const failure = error instanceof AcmeError ? error : new AcmeError(500, 'server_error', 'internal error');
      return json(errorBody(failure.code, failure.message), failure.status);
    }
  }

  // A static API key has no session to expire: expire-session faults change nothing.
  const plumbing = new SimulatorPlumbing({ errorBody: (status, message) => errorBody(status === 429 ? 'rate_limited' : 'server_error', message), expireSessions: () => {} }, config.now);
  const handler = plumbing.wrap(routes, () => json(errorBody('invalid_request', 'the body is not valid JSON'), 400));
  let free = 7000;
  while (numberTaken(String(free))) free++;
  return {
    ...plumbing.instance({
      vendor: 'acme',
      handler: { fetch: handler },
      basePath: '/v2',
      credentials: { apiKey },
      facts: { missingId: 'ext_zzzzzz', freeExtension: String(free), routes: { prefix: '/v2/', routes: ['extensions', 'extensions/{}'], query: ['limit', 'cursor', 'number', 'email'] } },
    }),
    extensions,
  };
}

/** Acme's simulator registration: `registerSimulator('acme', simulator)` (from `unipbx/simulator`). */
export const simulator: SimulatorDefinition<AcmeCredentials> = { vendor: 'acme', create: createAcmeSimulator };

/** Starts the simulator on loopback; `url` is the API root (`…/v2`). */
export function startAcmeSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator<AcmeCredentials>> {
  return runSimulator(createAcmeSimulator(options), options);
}

// Types `startSimulator('acme')`'s credentials and options.
declare module 'unipbx/simulator' {
  interface SimulatorRegistry {
    acme: { readonly options: object; readonly credentials: AcmeCredentials };
  }
}

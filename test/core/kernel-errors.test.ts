/**
 * The kernel's request shape and error classification: status → error class, unreadable
 * replies (HTML, truncated JSON), request ids, redirects, 401 re-login, hooks, and real
 * network failures from a loopback server (reset, refused).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SessionCache, SessionSigner, staticSession, type Session, type SessionSource } from '../../core/auth/session.js';
import {
  AuthenticationError,
  ConflictError,
  NetworkError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionError,
  RateLimitError,
  ServerError,
  ValidationError,
  VendorError,
  VendorResponseError,
  type PbxError,
} from '../../core/errors.js';
import type { ErrorEvent, HttpRequest, RequestEvent, RequestSigner, ResponseEvent, RetryEvent } from '../../core/http/kernel.js';
import { Redactor } from '../../core/http/redact.js';
import { closedPort, fail, reply, replyText, scriptedFetch, startServer, type Step, type TestServer } from '../support/core/http.js';
import { makeKernel, recordingClock, rejection, type TestKernelOptions } from '../support/core/kernel.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}

function setup(steps: Step[], options: TestKernelOptions = {}) {
  const script = scriptedFetch(...steps);
  const clock = recordingClock();
  const { kernel } = makeKernel({ fetch: script.fetch, clock, ...options });
  return { kernel, calls: script.calls, clock };
}

const get: HttpRequest = { operation: 'users.get', method: 'GET', path: 'users/7' };

describe('status → error class', () => {
  const body = { code: 'E_VENDOR', message: 'vendor says no', fields: [{ field: 'email', message: 'already taken' }] };
  const cases: Array<[number, new (...args: never[]) => PbxError, string]> = [
    [400, ValidationError, 'VALIDATION_FAILED'],
    [422, ValidationError, 'VALIDATION_FAILED'],
    [401, AuthenticationError, 'AUTHENTICATION_FAILED'],
    [403, PermissionError, 'PERMISSION_DENIED'],
    [404, NotFoundError, 'NOT_FOUND'],
    [410, NotFoundError, 'NOT_FOUND'],
    [409, ConflictError, 'CONFLICT'],
    [412, ConflictError, 'CONFLICT'],
    [429, RateLimitError, 'RATE_LIMITED'],
    [500, ServerError, 'SERVER_ERROR'],
    [501, ServerError, 'SERVER_ERROR'],
    [502, ServerError, 'SERVER_ERROR'],
    [503, ServerError, 'SERVER_ERROR'],
    [504, ServerError, 'SERVER_ERROR'],
    [405, VendorError, 'VENDOR_ERROR'],
    [413, VendorError, 'VENDOR_ERROR'],
    [418, VendorError, 'VENDOR_ERROR'],
  ];
  it.each(cases)('HTTP %i → %o', async (status, ErrorClass, code) => {
    const { kernel } = setup([reply(status, body, { 'x-request-id': 'req-123' })], { retry: { maxRetries: 0 } });
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ code, status, vendor: 'testvendor', operation: 'users.get', vendorCode: 'E_VENDOR', requestId: 'req-123' });
    expect((error as Error).message).toBe(`testvendor users.get failed: HTTP ${status} E_VENDOR: vendor says no`);
  });

  it('400/422 carry the vendor field issues with source "vendor"', async () => {
    const { kernel } = setup([reply(422, body)]);
    const error = (await rejection(kernel.send(get))) as ValidationError;
    expect(error.source).toBe('vendor');
    expect(error.issues).toEqual([{ field: 'email', message: 'already taken' }]);
  });

  it('a non-JSON error body falls back to the status text', async () => {
    const { kernel } = setup([() => new Response('oops', { status: 403, statusText: 'Forbidden' })]);
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(PermissionError);
    expect((error as Error).message).toBe('testvendor users.get failed: HTTP 403: Forbidden');
    expect(error).not.toHaveProperty('vendorCode');
  });

  it('the adapter can override the class (classifyAs), e.g. a vendor that answers a bad login with 400', async () => {
    const { kernel } = setup([reply(400, { message: 'bad credentials' })], {
      parseError: (b) => ({ message: (b as { message: string }).message, classifyAs: 'AUTHENTICATION_FAILED' }),
    });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('server errors of reads are retryable, of non-idempotent writes not', async () => {
    const read = setup([reply(500, {})], { retry: { maxRetries: 0 } });
    await expect(read.kernel.send(get)).rejects.toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    const write = setup([reply(500, {})], { retry: { maxRetries: 0 } });
    const error = (await rejection(write.kernel.send({ ...get, method: 'POST' }))) as OutcomeUnknownError;
    expect(error.cause).toMatchObject({ code: 'SERVER_ERROR', retryable: false });
  });
});

describe('replies that cannot be read', () => {
  const html = '<!DOCTYPE html><html><body><h1>Welcome to nginx</h1></body></html>';

  it('an HTML page with 200 is VendorResponseError (BAD_RESPONSE), retried for a GET', async () => {
    const { kernel, calls } = setup([replyText(200, html, 'text/html')], { retry: { maxRetries: 2 } });
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 200, retryable: true });
    expect((error as Error).message).toContain('HTML');
    expect((error as Error).message).not.toContain('nginx');
    expect(calls).toHaveLength(3);
  });

  it('an HTML 200 then JSON: the retry succeeds', async () => {
    const { kernel } = setup([replyText(200, html, 'text/html'), reply(200, { id: 7 })]);
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { id: 7 } });
  });

  it('HTML labelled as JSON is still recognised', async () => {
    const { kernel } = setup([replyText(200, html, 'application/json')], { retry: { maxRetries: 0 } });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(VendorResponseError);
  });

  it('an HTML 200 to a create is outcome-unknown (the create may have happened)', async () => {
    const { kernel, calls } = setup([replyText(200, html, 'text/html')]);
    const error = await rejection(kernel.send({ operation: 'users.create', method: 'POST', path: 'users', json: {} }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toBeInstanceOf(VendorResponseError);
    expect(calls).toHaveLength(1);
  });

  it('an HTML 502 from a proxy is a retryable ServerError', async () => {
    const { kernel, calls } = setup([replyText(502, '<html><body>Bad Gateway</body></html>', 'text/html'), reply(200, { id: 7 })]);
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { id: 7 } });
    expect(calls).toHaveLength(2);

    const persistent = setup([replyText(502, '<html>Bad Gateway</html>', 'text/html')], { retry: { maxRetries: 1 } });
    await expect(persistent.kernel.send(get)).rejects.toMatchObject({ code: 'SERVER_ERROR', status: 502 });
  });

  it('truncated JSON is VendorResponseError, retried for a GET', async () => {
    const { kernel, calls } = setup([replyText(200, '{"items": [{"id": 1}, {"id"', 'application/json'), reply(200, { items: [] })]);
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { items: [] } });
    expect(calls).toHaveLength(2);

    const persistent = setup([replyText(200, '{"id": 1', 'application/json')], { retry: { maxRetries: 0 } });
    const error = await rejection(persistent.kernel.send(get));
    expect(error).toBeInstanceOf(VendorResponseError);
    expect((error as Error).message).toMatch(/not valid JSON/);
  });

  it('a body cut off by the server mid-stream is a network error, retried for a GET', async () => {
    const s = await server((_req, res, { index }) => {
      if (index === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"items": [');
        setTimeout(() => res.socket?.destroy(), 10);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"items":[]}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, clock: recordingClock() });
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { items: [] } });
    expect(s.requests).toHaveLength(2);
  });

  it('empty and whitespace-only bodies are undefined, not errors', async () => {
    const { kernel } = setup([reply(204), replyText(200, '  \n', 'application/json'), replyText(200, '', 'text/plain')]);
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 204, body: undefined });
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 200, body: undefined });
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 200, body: undefined });
  });
});

describe('request id', () => {
  it('comes from x-request-id (or x-correlation-id, request-id) on successes and errors', async () => {
    const { kernel } = setup([
      reply(200, {}, { 'x-request-id': 'abc-1' }),
      reply(200, {}, { 'x-correlation-id': 'corr-2' }),
      reply(200, {}, { 'request-id': 'rid-3' }),
      reply(200, {}),
    ]);
    expect((await kernel.send(get)).requestId).toBe('abc-1');
    expect((await kernel.send(get)).requestId).toBe('corr-2');
    expect((await kernel.send(get)).requestId).toBe('rid-3');
    expect(await kernel.send(get)).not.toHaveProperty('requestId');
  });

  it('is on the error of a failed call', async () => {
    const { kernel } = setup([reply(404, { message: 'no' }, { 'x-request-id': 'req-404' })]);
    await expect(kernel.send(get)).rejects.toMatchObject({ code: 'NOT_FOUND', requestId: 'req-404' });
  });
});

describe('redirects', () => {
  it('are not followed: a 302 is an error and the target is never requested', async () => {
    const other = await server((_req, res) => {
      res.end('{}');
    });
    const s = await server((req, res) => {
      if (req.url === '/api/users/7') {
        res.writeHead(302, { location: `${other.origin}/steal` });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"followed":true}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, clock: recordingClock() });
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ code: 'VENDOR_ERROR', status: 302 });
    expect((error as Error).message).toContain('unexpected redirect');
    expect(s.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
  });

  it('a same-host 301 is not followed either', async () => {
    const s = await server((req, res) => {
      if (req.url === '/api/users/7') {
        res.writeHead(301, { location: '/api/users/8' });
        res.end();
        return;
      }
      res.end('{}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl });
    await expect(kernel.send(get)).rejects.toMatchObject({ status: 301 });
    expect(s.requests.map((r) => r.url)).toEqual(['/api/users/7']);
  });
});

describe('401: one re-login, then AuthenticationError', () => {
  function tokenSource(): SessionSource & { count: number } {
    const source = {
      count: 0,
      renewable: true,
      async obtain(): Promise<Session> {
        source.count++;
        return { token: `tok-${source.count}` };
      },
    };
    return source;
  }
  const bearer = (s: Session) => ({ authorization: `Bearer ${s.token}` });

  it('a 401 invalidates the session, logs in again once and repeats the request', async () => {
    const source = tokenSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const { kernel, calls } = setup([(call) => (call.headers.authorization === 'Bearer tok-1' ? reply(401, { message: 'expired' })(call) : reply(200, { me: true })(call))], {
      signer: new SessionSigner(cache, bearer),
    });
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { me: true } });
    expect(calls.map((c) => c.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(source.count).toBe(2);
  });

  it('a second 401 is final: AuthenticationError, no third login', async () => {
    const source = tokenSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const { kernel, calls } = setup([reply(401, { message: 'revoked' })], { signer: new SessionSigner(cache, bearer) });
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ code: 'AUTHENTICATION_FAILED', status: 401 });
    expect(calls).toHaveLength(2);
    expect(source.count).toBe(2);
  });

  it('the re-login does not count as a retry (maxRetries 0 still allows it)', async () => {
    const source = tokenSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const { kernel, calls } = setup([reply(401, {}), reply(200, {})], { signer: new SessionSigner(cache, bearer), retry: { maxRetries: 0 } });
    await expect(kernel.send(get)).resolves.toMatchObject({ status: 200 });
    expect(calls).toHaveLength(2);
  });

  it('a POST answered 401 is re-sent once after the re-login (a 401 never applies a write)', async () => {
    const source = tokenSource();
    const cache = new SessionCache(source, { redactor: new Redactor() });
    const { kernel, calls } = setup([reply(401, {}), reply(201, { id: 'u1' })], { signer: new SessionSigner(cache, bearer) });
    await expect(kernel.send({ operation: 'users.create', method: 'POST', path: 'users', json: { a: 1 } })).resolves.toMatchObject({ status: 201 });
    expect(calls.map((c) => [c.method, c.body])).toEqual([
      ['POST', '{"a":1}'],
      ['POST', '{"a":1}'],
    ]);
  });

  it('a static token is not renewable: the first 401 is final', async () => {
    const cache = new SessionCache(staticSession('static-tok-1234'), { redactor: new Redactor() });
    const { kernel, calls } = setup([reply(401, {}), reply(200, {})], { signer: new SessionSigner(cache, bearer) });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(AuthenticationError);
    expect(calls).toHaveLength(1);
  });

  it('the signer is told which headers were rejected; anonymous requests never trigger it', async () => {
    const rejected: Array<Readonly<Record<string, string>>> = [];
    let n = 0;
    const signer: RequestSigner = {
      sign: async () => ({ authorization: `Bearer s${++n}` }),
      rejected: (headers) => {
        rejected.push(headers);
        return true;
      },
    };
    const { kernel, calls } = setup([reply(401, {})], { signer });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(AuthenticationError);
    // Both sessions are reported (the second is dropped too), but only one re-login is tried.
    expect(rejected).toEqual([{ authorization: 'Bearer s1' }, { authorization: 'Bearer s2' }]);

    await expect(kernel.send({ ...get, anonymous: true })).rejects.toBeInstanceOf(AuthenticationError);
    expect(rejected).toHaveLength(2);
    expect(calls.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('useSigner installs a signer after construction', async () => {
    const { kernel, calls } = setup([reply(200, {})]);
    kernel.useSigner({ sign: async () => ({ 'x-api-key': 'k-1234' }), rejected: () => false });
    await kernel.send(get);
    expect(calls[0]!.headers['x-api-key']).toBe('k-1234');
  });
});

describe('request shape', () => {
  it('sends method, path under the base URL, query, JSON body and default headers', async () => {
    const { kernel, calls } = setup([reply(200, {})], { userAgent: 'unipbx-test/1' });
    await kernel.send({
      operation: 'users.list',
      method: 'POST',
      path: '/users/search',
      query: { skip: 0, top: 50, active: true, missing: undefined, q: 'a b&c' },
      json: { name: 'Ann' },
      headers: { 'x-extra': 'yes' },
    });
    const call = calls[0]!;
    const url = new URL(call.url);
    expect(url.origin + url.pathname).toBe('https://pbx.test/api/users/search');
    expect(Object.fromEntries(url.searchParams)).toEqual({ skip: '0', top: '50', active: 'true', q: 'a b&c' });
    expect(call.method).toBe('POST');
    expect(call.body).toBe('{"name":"Ann"}');
    expect(call.headers['content-type']).toContain('application/json');
    expect(call.headers.accept).toBe('application/json');
    expect(call.headers['user-agent']).toBe('unipbx-test/1');
    expect(call.headers['x-extra']).toBe('yes');
  });

  it('works with a base URL without a trailing slash', async () => {
    const { kernel, calls } = setup([reply(200, {})], { baseUrl: 'https://pbx.test/api' });
    await kernel.send(get);
    expect(calls[0]!.url).toBe('https://pbx.test/api/users/7');
  });

  it('signed headers win over request headers', async () => {
    const { kernel, calls } = setup([reply(200, {})], { signer: { sign: async () => ({ authorization: 'Bearer signed' }), rejected: () => false } });
    await kernel.send({ ...get, headers: { authorization: 'Bearer forged' } });
    expect(calls[0]!.headers.authorization).toBe('Bearer signed');
  });

  it('url() builds the absolute URL with the query', () => {
    const { kernel } = makeKernel();
    expect(kernel.url('/users', { a: 1, b: undefined, c: 'x y' })).toBe('https://pbx.test/api/users?a=1&c=x+y');
  });
});

describe('hooks', () => {
  it('see request, retry, response and error events with attempt numbers', async () => {
    const events: Array<[string, RequestEvent]> = [];
    const hooks = {
      onRequest: (e: RequestEvent) => events.push(['request', e]),
      onResponse: (e: ResponseEvent) => events.push(['response', e]),
      onRetry: (e: RetryEvent) => events.push(['retry', e]),
      onError: (e: ErrorEvent) => events.push(['error', e]),
    };
    const { kernel } = setup([reply(503, {}, { 'x-request-id': 'r1' }), reply(404, { message: 'no' })], { hooks });
    const error = await rejection(kernel.send(get));
    expect(events.map(([kind, e]) => `${kind}:${e.attempt}`)).toEqual(['request:0', 'response:0', 'retry:0', 'request:1', 'response:1', 'error:1']);
    const [, firstResponse] = events[1]!;
    expect(firstResponse).toMatchObject({ vendor: 'testvendor', operation: 'users.get', method: 'GET', url: 'https://pbx.test/api/users/7', status: 503, requestId: 'r1' });
    expect(typeof (firstResponse as ResponseEvent).durationMs).toBe('number');
    expect((events[5]![1] as ErrorEvent).error).toBe(error);
  });

  it('the error event carries the number of the attempt that failed, also after a re-login', async () => {
    const seen: string[] = [];
    let n = 0;
    const { kernel } = setup([reply(401, {}), reply(404, { message: 'no' })], {
      signer: { sign: async () => ({ authorization: `Bearer s${++n}` }), rejected: () => true },
      hooks: { onRequest: (e) => seen.push(`request:${e.attempt}`), onError: (e) => seen.push(`error:${e.attempt}`) },
    });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(['request:0', 'request:1', 'error:1']);
  });

  it('network failures produce no response event', async () => {
    const kinds: string[] = [];
    const { kernel } = setup([fail('ECONNRESET')], {
      retry: { maxRetries: 0 },
      hooks: { onRequest: () => kinds.push('request'), onResponse: () => kinds.push('response'), onError: () => kinds.push('error') },
    });
    await expect(kernel.send(get)).rejects.toBeInstanceOf(NetworkError);
    expect(kinds).toEqual(['request', 'error']);
  });

  it('a throwing hook breaks neither a successful nor a failing call', async () => {
    const boom = () => {
      throw new Error('hook exploded');
    };
    const hooks = { onRequest: boom, onResponse: boom, onRetry: boom, onError: boom };
    const { kernel, calls } = setup([reply(500, {}), reply(200, { fine: true }), reply(409, { message: 'dup' })], { hooks });
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { fine: true } });
    expect(calls).toHaveLength(2);
    const error = await rejection(kernel.send(get));
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe('real network failures (loopback server)', () => {
  it('a connection reset before the reply is retried for a GET', async () => {
    const s = await server((req, res, { index }) => {
      if (index === 0) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, clock: recordingClock() });
    await expect(kernel.send(get)).resolves.toMatchObject({ body: { ok: true } });
    expect(s.requests).toHaveLength(2);
  });

  it('a connection reset before the reply to a POST is OutcomeUnknownError (sent: true), not retried', async () => {
    const s = await server((req) => {
      req.socket.destroy();
    });
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, clock: recordingClock() });
    const error = await rejection(kernel.send({ operation: 'users.create', method: 'POST', path: 'users', json: { a: 1 } }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect((error as Error).cause).toMatchObject({ code: 'NETWORK_ERROR', sent: true });
    expect(s.requests).toHaveLength(1);
  });

  it('a refused connection is NetworkError with sent: false, retried even for a POST', async () => {
    const port = await closedPort();
    const { kernel } = makeKernel({ baseUrl: `http://127.0.0.1:${port}/api/`, clock: recordingClock(), retry: { maxRetries: 2 } });
    const retries: RetryEvent[] = [];
    const { kernel: hooked } = makeKernel({ baseUrl: `http://127.0.0.1:${port}/api/`, clock: recordingClock(), retry: { maxRetries: 2 }, hooks: { onRetry: (e) => retries.push(e) } });
    const error = await rejection(kernel.send({ operation: 'users.create', method: 'POST', path: 'users', json: {} }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ sent: false, retryable: true });
    expect((error as Error).message).toContain('ECONNREFUSED');
    await expect(hooked.send({ operation: 'users.create', method: 'POST', path: 'users', json: {} })).rejects.toBeInstanceOf(NetworkError);
    expect(retries.map((r) => r.reason)).toEqual(['NETWORK_ERROR', 'NETWORK_ERROR']);
  });
});

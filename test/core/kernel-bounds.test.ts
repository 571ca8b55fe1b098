/**
 * What the kernel bounds and how honestly it reports: reply size (a huge or never-ending body
 * fails at once with ResponseTooLargeError and memory stays bounded), local failures that are
 * never retried, every "certainly not sent" failure (DNS, TLS verification, invalid URL) kept
 * apart from OUTCOME_UNKNOWN, and a base URL carrying credentials refused without echoing it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPortSip } from '../../adapters/portsip/index.js';
import { NetworkError, ResponseTooLargeError, ValidationError, isPbxError } from '../../core/errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, type HttpRequest } from '../../core/http/kernel.js';
import { fail, reply, scriptedFetch } from '../support/core/http.js';
import { makeKernel, recordingClock, rejection } from '../support/core/kernel.js';

const get: HttpRequest = { operation: 'users.list', method: 'GET', path: 'users' };
const post: HttpRequest = { operation: 'users.create', method: 'POST', path: 'users', json: { name: 'x' } };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A loopback server whose reply body never ends; counts the bytes it managed to write. */
async function endlessServer(options: { contentLength?: number } = {}) {
  const state = { written: 0, requests: 0, closed: 0 };
  const chunk = Buffer.alloc(64 * 1024, 'a');
  const server = http.createServer((req, res) => {
    state.requests++;
    res.writeHead(200, { 'content-type': 'application/json', ...(options.contentLength ? { 'content-length': String(options.contentLength) } : {}) });
    res.write('{"items":["');
    let stopped = false;
    const pump = (): void => {
      // Bounded in time and count, whatever the client does (10 GB would be the end).
      while (!stopped && state.written < 10 * 1024 ** 3) {
        state.written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
    };
    res.on('close', () => {
      stopped = true;
      state.closed++;
    });
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { state, baseUrl: `http://127.0.0.1:${port}/api/` };
}

describe('bounded replies', () => {
  it('a never-ending reply fails at once with ResponseTooLargeError (default 16 MiB), not retried, memory bounded', async () => {
    const s = await endlessServer();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, clock: recordingClock() });
    // What the reply costs: buffers plus JS heap (RSS would also count the in-process server
    // and freed-but-kept pages; scripts/bench.ts measures RSS with the server in its own process).
    // Each byte briefly lives twice (the socket's buffer, then the body chunk kept until the
    // limit) and garbage is collected late under a loaded run: about 2-3x the limit in all.
    const used = (): number => {
      const m = process.memoryUsage();
      return m.arrayBuffers + m.heapUsed;
    };
    const before = used();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, used())), 2);
    const error = await rejection(kernel.send(get));
    clearInterval(sampler);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retryable: false, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES, status: 200, operation: 'users.list' });
    expect((error as Error).message).toMatch(/larger than maxResponseBytes/);
    expect(s.state.requests).toBe(1); // never downloaded again
    // The server could write little more than the limit (plus socket buffers) before the client hung up.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.state.closed).toBe(1);
    expect(s.state.written).toBeLessThan(64 * 1024 * 1024);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('the limit is a client and a per-call option; a declared Content-Length over it fails before the body is read', async () => {
    const s = await endlessServer();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, maxResponseBytes: 1024 * 1024, clock: recordingClock() });
    await expect(kernel.send(get)).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 1024 * 1024 });
    expect(s.state.written).toBeLessThan(16 * 1024 * 1024);
    await expect(kernel.send(get, { maxResponseBytes: 1000 })).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 1000 });

    const declared = await endlessServer({ contentLength: 5_000_000_000 });
    const { kernel: k2 } = makeKernel({ baseUrl: declared.baseUrl, maxResponseBytes: 1024 * 1024, clock: recordingClock() });
    await expect(k2.send(get)).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect(declared.state.requests).toBe(1);
  });

  it('a reply within the limit is read whole (multi-chunk, UTF-8 split across chunks, BOM dropped)', async () => {
    const body = { items: Array.from({ length: 2000 }, (_, i) => ({ id: i, name: `Zoë ${i} ✓` })) };
    const text = `\ufeff${JSON.stringify(body)}`;
    const { kernel } = makeKernel({ baseUrl: 'https://pbx.test/api/', fetch: scriptedFetch(() => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } })).fetch, maxResponseBytes: Buffer.byteLength(text) });
    await expect(kernel.send(get)).resolves.toMatchObject({ body });
  });

  it.each(['ERR_STRING_TOO_LONG', 'ERR_BUFFER_TOO_LARGE', 'ERR_OUT_OF_MEMORY'])('%s is never retried, not even for a GET', async (code) => {
    const script = scriptedFetch(fail(code), reply(200, {}));
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock() });
    const error = await rejection(kernel.send(get));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', retryable: false });
    expect(script.calls).toHaveLength(1);
  });
});

describe('honest outcomes: certainly not sent', () => {
  const notSent = [
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNREFUSED',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'CERT_HAS_EXPIRED',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ];

  it.each(notSent)('a create failing with %s is retried (nothing reached the server) and never OUTCOME_UNKNOWN', async (code) => {
    const script = scriptedFetch(fail(code), reply(201, { id: 'u1' }));
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock() });
    await expect(kernel.send(post)).resolves.toMatchObject({ status: 201 });
    expect(script.calls).toHaveLength(2);

    const always = scriptedFetch(fail(code));
    const { kernel: k2 } = makeKernel({ fetch: always.fetch, clock: recordingClock() });
    const error = await rejection(k2.send(post));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', sent: false });
    expect(isPbxError(error, 'OUTCOME_UNKNOWN')).toBe(false);
  });

  it('a TLS code nested two causes deep (undici wraps the socket error) is found', async () => {
    const nested = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect', { cause: Object.assign(new Error('x'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }) }) });
    const script = scriptedFetch(() => {
      throw nested;
    });
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock(), retry: { maxRetries: 0 } });
    await expect(kernel.send(post)).rejects.toMatchObject({ code: 'NETWORK_ERROR', sent: false });
  });

  it('an invalid URL fails plainly at once: not sent, not retried, not OUTCOME_UNKNOWN', async () => {
    const script = scriptedFetch(() => {
      throw new TypeError('Invalid URL');
    });
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock() });
    const error = await rejection(kernel.send(post));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', sent: false, retryable: false });
    expect(script.calls).toHaveLength(1);
  });

  it('a connection reset after sending a create is still OUTCOME_UNKNOWN (the server may have applied it)', async () => {
    const script = scriptedFetch(fail('ECONNRESET'));
    const { kernel } = makeKernel({ fetch: script.fetch, clock: recordingClock() });
    await expect(kernel.send(post)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
  });
});

describe('a base URL carrying credentials', () => {
  it('is refused with a ValidationError naming baseUrl, never echoing it, before any hook or request', async () => {
    const secret = 'hunter2-Pa55-in-url';
    const events: unknown[] = [];
    const script = scriptedFetch(reply(200, {}));
    const error = (() => {
      try {
        createPortSip({
          baseUrl: `https://admin:${secret}@pbx.example.com`,
          credentials: { username: 'admin', password: 'x' },
          fetch: script.fetch,
          hooks: { onRequest: (e) => events.push(e), onError: (e) => events.push(e) },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v.issues.map((i) => i.field)).toEqual(['baseUrl']);
    expect(JSON.stringify({ message: v.message, issues: v.issues, json: v.toJSON() })).not.toContain(secret);
    expect(v.message).toMatch(/baseUrl/);
    expect(events).toEqual([]);
    expect(script.calls).toEqual([]);
  });

  it('a user name alone is refused too; a plain URL is accepted', () => {
    expect(() => createPortSip({ baseUrl: 'https://admin@pbx.example.com', credentials: { username: 'a', password: 'b' } })).toThrow(ValidationError);
    expect(() => createPortSip({ baseUrl: 'https://pbx.example.com', credentials: { username: 'a', password: 'b' } })).not.toThrow();
  });
});

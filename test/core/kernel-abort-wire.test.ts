/**
 * With Node's own `fetch` the kernel hands the attempt's signal to `fetch` beside ky's
 * `Request` (not through ky's `signal`, which costs an `AbortSignal.any` per request): a timed
 * out attempt and a caller's abort must still drop the connection, not just stop waiting.
 * A custom `fetch` gets the signal on its `Request`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError, TimeoutError } from '../../core/errors.js';
import type { HttpRequest } from '../../core/http/kernel.js';
import { hang, scriptedFetch } from '../support/core/http.js';
import { makeKernel, rejection } from '../support/core/kernel.js';

const get: HttpRequest = { operation: 'users.get', method: 'GET', path: 'users/1' };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A loopback server that never answers; counts requests and connections the client dropped. */
async function silentServer() {
  const state = { requests: 0, dropped: 0 };
  const server = http.createServer((req) => {
    state.requests++;
    req.socket.once('close', () => state.dropped++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { state, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/` };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe("the attempt's signal reaches Node's fetch", () => {
  it('a timed-out attempt drops the connection', async () => {
    const s = await silentServer();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, retry: { maxRetries: 0 } });
    const error = await rejection(kernel.send(get, { timeoutMs: 100 }));
    expect(error).toBeInstanceOf(TimeoutError);
    await until(() => s.state.dropped === 1);
    expect(s.state).toEqual({ requests: 1, dropped: 1 });
  });

  it("a caller's abort drops the connection", async () => {
    const s = await silentServer();
    const { kernel } = makeKernel({ baseUrl: s.baseUrl, retry: { maxRetries: 0 } });
    const controller = new AbortController();
    const pending = rejection(kernel.send(get, { signal: controller.signal }));
    await until(() => s.state.requests === 1);
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortedError);
    await until(() => s.state.dropped === 1);
    expect(s.state).toEqual({ requests: 1, dropped: 1 });
  });

  it('a custom fetch sees the signal on its Request, aborted when the attempt times out', async () => {
    const script = scriptedFetch(hang());
    const { kernel } = makeKernel({ fetch: script.fetch, retry: { maxRetries: 0 } });
    await expect(kernel.send(get, { timeoutMs: 50 })).rejects.toBeInstanceOf(TimeoutError);
    expect(script.calls).toHaveLength(1);
    expect(script.calls[0]!.signal.aborted).toBe(true);
  });
});

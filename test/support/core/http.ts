/**
 * HTTP test doubles for the core kernel: a scripted `fetch` (each call answers with the next
 * step, so failures like undici's can be thrown precisely) and a real loopback server
 * (`node:http` on 127.0.0.1:0) for slow replies, resets and redirects.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a scripted fetch saw for one call. */
export interface FetchCall {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** One scripted answer: a Response (built fresh per call) or a thrown error. */
export type Step = (call: FetchCall) => Response | Promise<Response>;

export interface ScriptedFetch {
  readonly fetch: typeof globalThis.fetch;
  readonly calls: FetchCall[];
}

/**
 * A `fetch` that answers the n-th call with `steps[n]`; once the script is used up, the last
 * step answers every further call.
 */
export function scriptedFetch(...steps: Step[]): ScriptedFetch {
  if (steps.length === 0) throw new Error('scriptedFetch needs at least one step');
  const calls: FetchCall[] = [];
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => (headers[name] = value));
    const body = request.body ? await request.text() : '';
    const call: FetchCall = { method: request.method, url: request.url, headers, body, signal: request.signal };
    calls.push(call);
    if (request.signal.aborted) throw request.signal.reason;
    const step = steps[Math.min(calls.length - 1, steps.length - 1)]!;
    return step(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A JSON reply. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Step {
  return () =>
    new Response(body === undefined || status === 204 ? null : typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
}

/** A reply with a raw text body and an explicit content type. */
export function replyText(status: number, text: string, contentType: string, headers: Record<string, string> = {}): Step {
  return () => new Response(text, { status, headers: { 'content-type': contentType, ...headers } });
}

/** An undici-shaped network failure: `TypeError('fetch failed')` with `cause.code`. */
export function undiciError(code: string, message = 'x'): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
}

/** A step that fails like undici with `code`. */
export function fail(code: string, message?: string): Step {
  return () => {
    throw undiciError(code, message);
  };
}

/** A step that never answers; it rejects with the request signal's reason when that aborts. */
export function hang(): Step {
  return (call) =>
    new Promise<Response>((_, reject) => {
      if (call.signal.aborted) reject(call.signal.reason);
      call.signal.addEventListener('abort', () => reject(call.signal.reason), { once: true });
    });
}

/** A request the loopback server received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export type ServerHandler = (req: http.IncomingMessage, res: http.ServerResponse, info: { readonly index: number; readonly body: string }) => void | Promise<void>;

export interface TestServer {
  /** `http://127.0.0.1:<port>/api/` */
  readonly baseUrl: string;
  readonly origin: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server; every request body is read before `handler` runs. */
export async function startServer(handler: ServerHandler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const index = requests.length;
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve(handler(req, res, { index, body })).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/api/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connecting to it is refused). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves after `ms` real milliseconds. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

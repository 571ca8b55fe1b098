/**
 * Serving a simulator: the same fetch handler runs on a loopback port (plain `node:http`, no
 * server framework) and as an in-process `fetch`, so tests and demos can choose between real
 * HTTP and no sockets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { raceSignal } from '../http/context.js';
import { connectionResetError, isResetMarker } from './faults.js';

/** Anything with a WHATWG fetch handler, e.g. a Hono app or `{ fetch: plumbing.wrap(routes, …) }`. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ServedApp {
  /** Base URL on loopback, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** A `fetch` that calls the app in-process (no socket); URLs must start with `url`. */
  readonly fetch: typeof globalThis.fetch;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly hostname?: string;
}

async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Answers one loopback request through `app`; an injected reset destroys the connection instead. */
async function serveOne(app: FetchHandler, origin: string, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const aborted = new AbortController();
  outgoing.once('close', () => aborted.abort());
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = incoming.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(incoming);
  const request = new Request(new URL(incoming.url ?? '/', origin), { method, headers, signal: aborted.signal, ...(body?.length ? { body } : {}) });
  const response = await app.fetch(request);
  if (isResetMarker(response)) {
    incoming.socket.destroy();
    return;
  }
  const reply = Buffer.from(await response.arrayBuffer());
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  outgoing.writeHead(response.status, { ...out, 'content-length': String(reply.length) });
  outgoing.end(reply);
}

/** Starts `app` on loopback and returns its URL, an in-process fetch and a close function. */
export async function serveApp(app: FetchHandler, options: ServeOptions = {}): Promise<ServedApp> {
  const hostname = options.hostname ?? '127.0.0.1';
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    serveOne(app, origin, incoming, outgoing).catch(() => {
      if (!outgoing.headersSent) outgoing.writeHead(500).end();
      else outgoing.destroy();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve((server.address() as AddressInfo).port));
  });
  const url = `http://${hostname}:${port}`;
  origin = url;
  const inProcessFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    // Like a real fetch: an abort rejects at once, an injected reset is a network error.
    const response = await raceSignal(Promise.resolve(app.fetch(request)), request.signal);
    if (isResetMarker(response)) throw connectionResetError();
    return response;
  }) as typeof globalThis.fetch;
  let closed: Promise<void> | undefined;
  return {
    url,
    fetch: inProcessFetch,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

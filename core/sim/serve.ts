/**
 * Serving a simulator: the same fetch handler (a Hono app) runs on a loopback port and as
 * an in-process `fetch`, so tests and demos can choose between real HTTP and no sockets.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { raceSignal } from '../http/context.js';
import { connectionResetError, isResetMarker } from './faults.js';

/** Anything with a WHATWG fetch handler, e.g. a Hono app. */
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

/** Answers one loopback request; an injected reset destroys the connection instead. */
async function serveOne(app: FetchHandler, request: Request, env: unknown): Promise<Response> {
  const response = await app.fetch(request);
  if (isResetMarker(response)) (env as { incoming?: { socket?: { destroy(): void } } }).incoming?.socket?.destroy();
  return response;
}

/** Starts `app` on loopback and returns its URL, an in-process fetch and a close function. */
export async function serveApp(app: FetchHandler, options: ServeOptions = {}): Promise<ServedApp> {
  const hostname = options.hostname ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const server = serve(
      // Keeps Node's own Request/Response globals: nock and undici in the same process rely on them.
      { fetch: (request: Request, env: unknown) => serveOne(app, request, env), port: options.port ?? 0, hostname, overrideGlobalObjects: false },
      (info: AddressInfo) => resolve({ server, port: info.port }),
    );
    server.once('error', reject);
  });
  const url = `http://${hostname}:${port}`;
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
        const http = server as { closeAllConnections?: () => void };
        server.close(() => resolve());
        http.closeAllConnections?.();
      })),
  };
}

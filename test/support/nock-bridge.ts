/**
 * Puts a simulator behind nock: every request to `origin` is intercepted by nock and
 * answered by the simulator's fetch handler in-process. The client under test runs its
 * real HTTP stack (ky + the global fetch), nock sees the exact wire traffic, and no
 * socket is opened.
 */
import nock from 'nock';
import { connectionResetError, isResetMarker } from '../../core/sim/faults.js';
import type { FetchHandler } from '../../core/sim/serve.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function bridgeNock(origin: string, handler: FetchHandler): nock.Scope {
  let scope = nock(origin).persist();
  for (const method of METHODS) {
    scope = scope[method](/.*/).reply(async function reply(this: nock.ReplyFnContext, uri: string, body: nock.Body) {
      const headers = new Headers();
      for (const [name, value] of Object.entries(this.req.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      }
      const hasBody = method !== 'get' && body !== undefined && body !== '';
      const request = new Request(new URL(uri, origin), {
        method: method.toUpperCase(),
        headers,
        ...(hasBody ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const response = await handler.fetch(request);
      if (isResetMarker(response)) throw connectionResetError();
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => (out[name] = value));
      // Bytes, not text: binary replies (recordings' audio) must pass unchanged.
      return [response.status, Buffer.from(await response.arrayBuffer()), out];
    });
  }
  return scope;
}

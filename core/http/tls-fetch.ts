/**
 * The `fetch` behind `tls: { ca }` (see `tls.ts`, which loads this module at a client's first
 * request): undici's own `fetch` with an `Agent` that trusts the given certificates.
 */
import { ValidationError } from '../errors.js';
import type { TlsOptions } from './tls.js';

type Fetch = typeof globalThis.fetch;

/**
 * `import()` of a package named at run time: no bundler (ours, scripts/bundle.mjs, or an
 * integrator's) can tell which, so undici never enters a client bundle. A literal, or a
 * constant a minifier inlines, would be followed.
 */
const importAtRunTime = (name: string): Promise<unknown> => import(name);

/** A `fetch` on top of undici that trusts `tls.ca` and the system's roots; rejects when undici is not installed. */
export async function undiciFetch(tls: TlsOptions): Promise<Fetch> {
  const undici = (await importAtRunTime('undici').catch(() => {
    throw new ValidationError('tls.ca needs the undici package: npm install undici', [{ field: 'tls', message: 'needs the undici package (npm install undici)' }], 'client');
  })) as typeof import('undici');
  const { rootCertificates } = await import('node:tls');
  const extra = (Array.isArray(tls.ca) ? tls.ca : [tls.ca]) as ReadonlyArray<string | Uint8Array>;
  // `ca` replaces Node's roots: keep them, so a public certificate is still trusted too.
  const ca = [...rootCertificates, ...extra.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8')))];
  const dispatcher = new undici.Agent({ connect: { ca, rejectUnauthorized: true } });
  return (async (input: Request | string | URL, init?: RequestInit) => {
    // ky hands over a global `Request`, which undici's own fetch does not recognise: unpack it.
    if (input instanceof Request) {
      const body = input.body ? await input.arrayBuffer() : undefined;
      return (await undici.fetch(input.url, {
        method: input.method,
        headers: [...input.headers],
        signal: input.signal,
        redirect: input.redirect,
        ...(body ? { body } : {}),
        dispatcher,
      })) as unknown as Response;
    }
    return (await undici.fetch(input, { ...(init as object), dispatcher })) as unknown as Response;
  }) as Fetch;
}

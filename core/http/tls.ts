/**
 * Trusting a private CA for one client only (`tls: { ca }`), verification still on. Node's
 * global `fetch` takes no CA, so such a client sends through `undici`'s own `fetch` with an
 * `Agent` that trusts the given certificates. `undici` is an optional peer dependency,
 * imported on the first request of such a client only: a library-only install stays ky + zod,
 * and importing a vendor entry stays lean for everyone else.
 */
import { ValidationError } from '../errors.js';

/** Certificates (PEM) a client trusts besides the system's roots. */
export interface TlsOptions {
  /** One or more PEM certificates (a private CA, or a self-signed server certificate). */
  readonly ca: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

type Fetch = typeof globalThis.fetch;

/** A `fetch` that trusts `tls.ca` (and the system's roots) on top of undici, loaded lazily. */
export function tlsFetch(tls: TlsOptions): Fetch {
  let loaded: Promise<Fetch> | undefined;
  const load = async (): Promise<Fetch> => {
    // A computed specifier: bundlers must not pull undici into every client bundle.
    const specifier = 'undici';
    const undici = (await import(specifier).catch(() => {
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
  };
  return (async (input: Parameters<Fetch>[0], init?: RequestInit) => {
    loaded ??= load();
    loaded.catch(() => (loaded = undefined)); // installed later: try again
    return (await loaded)(input, init);
  }) as Fetch;
}

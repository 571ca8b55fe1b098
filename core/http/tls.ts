/**
 * Trusting a private CA for one client only (`tls: { ca }`), verification still on. Node's
 * global `fetch` takes no CA, so such a client sends through `undici`'s own `fetch` with an
 * `Agent` that trusts the given certificates (`tls-fetch.ts`). That module, and `undici` (an
 * optional peer dependency), load on the first request of such a client only: a library-only
 * install stays ky + zod, and importing a vendor entry stays lean for everyone else.
 */

/** Certificates (PEM) a client trusts besides the system's roots. */
export interface TlsOptions {
  /** One or more PEM certificates (a private CA, or a self-signed server certificate). */
  readonly ca: string | Uint8Array | ReadonlyArray<string | Uint8Array>;
}

type Fetch = typeof globalThis.fetch;

/** A `fetch` that trusts `tls.ca` (and the system's roots), loaded at its first request. */
export function tlsFetch(tls: TlsOptions): Fetch {
  let loaded: Promise<Fetch> | undefined;
  return (async (input: Parameters<Fetch>[0], init?: RequestInit) => {
    loaded ??= import('./tls-fetch.js').then((m) => m.undiciFetch(tls));
    loaded.catch(() => (loaded = undefined)); // installed later: try again
    return (await loaded)(input, init);
  }) as Fetch;
}

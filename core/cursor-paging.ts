/**
 * Cursor paging, for vendors that hand out an opaque cursor (`{ items, cursor }`) or a `next`
 * link (`{ items, next: "https://…/v2/extensions?cursor=…" }`) with each page instead of
 * taking an offset or a page number. The unified cursor carries the vendor's (`next:<value>`),
 * so callers see the same opaque strings as with the other strategies (`core/paging.ts`).
 */
import { ValidationError, VendorResponseError } from './errors.js';
import type { Page, PageRequest } from './paging.js';

const PREFIX = 'next:';

/** Encodes / decodes the unified cursor that carries a vendor cursor or `next` link. */
export const cursorPaging = {
  /** The vendor cursor (or link) a unified cursor carries; undefined for the first page. */
  vendorCursor(cursor: string | undefined): string | undefined {
    if (cursor === undefined) return undefined;
    if (!cursor.startsWith(PREFIX) || cursor.length === PREFIX.length) {
      throw new ValidationError(`invalid cursor ${JSON.stringify(cursor.slice(0, 40))}: pass a nextCursor from a previous page`, [
        { field: 'cursor', message: 'not a cursor of this list' },
      ], 'client');
    }
    return cursor.slice(PREFIX.length);
  },
  /** The unified cursor for a vendor's next cursor or link; undefined (the last page) when it has none. */
  next(vendorCursor: string | null | undefined): string | undefined {
    return vendorCursor === undefined || vendorCursor === null || vendorCursor === '' ? undefined : `${PREFIX}${vendorCursor}`;
  },
};

/** A vendor list endpoint paged by cursor or `next` link. */
export interface CursorEndpoint<W, T> {
  /** Largest page the vendor serves; requests are capped to it. */
  readonly maxPageSize: number;
  /** Page size when the caller gives none. Default `maxPageSize`. */
  readonly defaultPageSize?: number;
  /** Fetches the first page (`next` undefined) or the one a vendor cursor / link points at. */
  fetch(position: { readonly next: string | undefined; readonly size: number }): Promise<{
    readonly items: readonly W[];
    /** The vendor's cursor or link to the next page; null, `""` or absent on the last page. */
    readonly next?: string | null | undefined;
    readonly total?: number | undefined;
  }>;
  map(item: W): T;
}

/** Fetches the page `request` points at from a cursor-paged `endpoint`. */
export async function fetchCursorPage<W, T>(endpoint: CursorEndpoint<W, T>, request: PageRequest): Promise<Page<T>> {
  const size = Math.min(request.pageSize ?? endpoint.defaultPageSize ?? endpoint.maxPageSize, endpoint.maxPageSize);
  const { items, next, total } = await endpoint.fetch({ next: cursorPaging.vendorCursor(request.cursor), size });
  const nextCursor = items.length > 0 ? cursorPaging.next(next) : undefined;
  return {
    items: items.map((item) => endpoint.map(item)),
    ...(total !== undefined ? { total } : {}),
    ...(nextCursor !== undefined ? { nextCursor } : {}),
  };
}

/** A `next` link as a request relative to the adapter's base URL. */
export interface LinkTarget {
  /** Path relative to the base URL, as the kernel takes it. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

/**
 * Turns a vendor's `next` link (absolute, or relative to `baseUrl`'s origin) into a kernel
 * request. A link that leaves `baseUrl` (another host, scheme, port or a path outside it) is
 * refused: following it would send the credentials elsewhere. A caller-made cursor gets the
 * same check, since cursors come back from callers.
 */
export function followLink(link: string, baseUrl: string, context: { readonly vendor: string; readonly operation: string }): LinkTarget {
  const base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  let url: URL;
  try {
    url = new URL(link, base.origin);
  } catch {
    url = new URL('invalid:');
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) {
    throw new VendorResponseError(`${context.vendor} ${context.operation}: the next-page link leaves the API base URL; not followed`, [
      { field: 'next', message: 'must stay under the base URL' },
    ], context);
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = value;
  return { path: url.pathname.slice(base.pathname.length), query };
}

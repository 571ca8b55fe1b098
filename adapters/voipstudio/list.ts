/**
 * VoIPStudio collections: `GET {path}?[filter&]page&limit[&sort&dir]` → `{data:[…], total}`,
 * with 1-based page/limit paging. Every list of the adapter reads its pages through
 * {@link listPage}, with the page sizes of the client's options ({@link usePageSizes}).
 */
import type * as z from 'zod';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { fetchPage, type Page, type PageRequest } from '../../core/paging.js';
import { sendParsed } from '../../core/wire.js';

/** The largest `limit` the adapter sends: VoIPStudio's clients use 5,000 (Data Studio connector) and 10,000 (issue 12). */
export const PAGE_LIMIT = 10_000;
/** Page size of a list call that gives none, unless the `pageSize` option says otherwise. */
export const PAGE_DEFAULT = 200;
/** Page size of the adapter's own walks over a collection (team members: the whole user list), unless `pageSize` says otherwise. */
export const WALK_PAGE_DEFAULT = 1000;

/** The page sizes of one client: `list` for list calls that give none, `walk` for the adapter's own walks. */
export interface PageSizes {
  readonly list: number;
  readonly walk: number;
}

// Per client, keyed by its kernel: every resource file reads its lists through the same kernel.
const pageSizes = new WeakMap<HttpKernel, PageSizes>();

/** Sets the page sizes of the client that owns `kernel` (from the `pageSize` option). */
export function usePageSizes(kernel: HttpKernel, pageSize: number | undefined): void {
  pageSizes.set(kernel, { list: pageSize ?? PAGE_DEFAULT, walk: pageSize ?? WALK_PAGE_DEFAULT });
}

export const pageSizesOf = (kernel: HttpKernel): PageSizes => pageSizes.get(kernel) ?? { list: PAGE_DEFAULT, walk: WALK_PAGE_DEFAULT };

/** One VoIPStudio collection endpoint and how its items map. */
export interface Collection<W, T> {
  readonly operation: string;
  /** Path below the API root, e.g. `users` or `users/4721/cdrs`. */
  readonly path: string;
  /** The reply schema (`listOf(…)`). */
  readonly schema: z.ZodType<{ data: W[]; total?: number | null | undefined }>;
  /** What the reply is, for error messages (`user list`). */
  readonly what: string;
  /** The JSON `filter` parameter (see filter.ts), when the list is filtered. */
  readonly filter?: string | undefined;
  /** `sort` and `dir`, for lists that must stay stable while they grow. */
  readonly order?: { readonly sort: string; readonly dir: 'ASC' | 'DESC' };
  readonly map: (item: W) => T;
}

/** Fetches the page `page` points at (page/limit, at most {@link PAGE_LIMIT}) and maps its items. */
export function listPage<W, T>(kernel: HttpKernel, list: Collection<W, T>, page: PageRequest, ctx: RequestContext): Promise<Page<T>> {
  return fetchPage(
    {
      style: 'page',
      maxPageSize: PAGE_LIMIT,
      defaultPageSize: pageSizesOf(kernel).list,
      fetch: async ({ page: number, size }) => {
        const query = { ...(list.filter ? { filter: list.filter } : {}), page: number, limit: size, ...list.order };
        const body = await sendParsed(kernel, { operation: list.operation, method: 'GET', path: list.path, query }, list.schema, ctx, list.what);
        return { items: body.data, total: body.total ?? undefined };
      },
      map: list.map,
    },
    page,
  );
}

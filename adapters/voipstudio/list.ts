/**
 * VoIPStudio collections: `GET {path}?[filter&]page&limit[&sort&dir]` → `{data:[…], total}`,
 * with 1-based page/limit paging. Every list of the adapter reads its pages through
 * {@link listPage}.
 */
import type { z } from 'zod';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { fetchPage, type Page, type PageRequest } from '../../core/paging.js';
import { sendParsed } from '../../core/wire.js';

/** Largest page the adapter asks for (clients are seen using up to 5000; 1000 keeps replies reasonable). */
export const PAGE_MAX = 1000;
/** Page size when the caller gives none. */
export const PAGE_DEFAULT = 200;

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

/** Fetches the page `page` points at (page/limit capped at {@link PAGE_MAX}) and maps its items. */
export function listPage<W, T>(kernel: HttpKernel, list: Collection<W, T>, page: PageRequest, ctx: RequestContext): Promise<Page<T>> {
  return fetchPage(
    {
      style: 'page',
      maxPageSize: PAGE_MAX,
      defaultPageSize: PAGE_DEFAULT,
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

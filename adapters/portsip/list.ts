/**
 * PortSIP collections: `GET {path}?[filter…&]skip&top` → `{count, items}`, with skip/top
 * paging. Every paged list of the adapter reads its pages through {@link listPage}.
 */
import type * as z from 'zod';
import type { RequestContext } from '../../core/http/context.js';
import type { HttpKernel } from '../../core/http/kernel.js';
import { fetchPage, type Page, type PageRequest } from '../../core/paging.js';
import { sendParsed } from '../../core/wire.js';

/** Largest page PortSIP serves (`top` ≤ 100). */
export const PAGE_MAX = 100;

/** One PortSIP collection endpoint and how its items map. */
export interface Collection<W, T> {
  readonly operation: string;
  /** Path below `/api`, e.g. `users` or `user/cdrs`. */
  readonly path: string;
  /** The reply schema (`listOf(…)`). */
  readonly schema: z.ZodType<{ count?: number | null | undefined; items: W[] }>;
  /** What the reply is, for error messages (`user list`). */
  readonly what: string;
  /** Query parameters besides `skip` and `top` (`filter`, `orderby`). */
  readonly query?: Readonly<Record<string, string>>;
  readonly map: (item: W) => T;
}

/** Fetches the page `page` points at (skip/top, capped at {@link PAGE_MAX}) and maps its items. */
export function listPage<W, T>(kernel: HttpKernel, list: Collection<W, T>, page: PageRequest, ctx: RequestContext): Promise<Page<T>> {
  return fetchPage(
    {
      style: 'offset',
      maxPageSize: PAGE_MAX,
      fetch: async ({ offset, size }) => {
        const body = await sendParsed(kernel, { operation: list.operation, method: 'GET', path: list.path, query: { ...list.query, skip: offset, top: size } }, list.schema, ctx, list.what);
        return { items: body.items, total: body.count ?? undefined };
      },
      map: list.map,
    },
    page,
  );
}

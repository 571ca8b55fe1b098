/** Cursor / `next`-link paging (core/cursor-paging.ts): opaque cursors, the last page, links that leave the base URL. */
import { describe, expect, it } from 'vitest';
import { cursorPaging, fetchCursorPage, followLink } from '../../core/cursor-paging.js';
import { isPbxError } from '../../core/errors.js';
import { pagedList } from '../../core/paging.js';

const ITEMS = Array.from({ length: 7 }, (_, i) => ({ id: String(i + 1) }));

/** A vendor that pages by `next` link: `?after=<id>&limit=n`. */
function endpoint(calls: Array<{ next: string | undefined; size: number }>) {
  return {
    maxPageSize: 3,
    async fetch(position: { next: string | undefined; size: number }) {
      calls.push(position);
      const after = position.next ? Number(new URL(position.next).searchParams.get('after')) : 0;
      const items = ITEMS.slice(after, after + position.size);
      const last = items.at(-1);
      return { items, next: last && Number(last.id) < ITEMS.length ? `https://pbx.test/v2/extensions?after=${last.id}&limit=${position.size}` : null };
    },
    map: (item: { id: string }) => item.id,
  };
}

describe('cursor paging', () => {
  it('walks every page once through the next links, capped to the vendor page size', async () => {
    const calls: Array<{ next: string | undefined; size: number }> = [];
    const ids = await pagedList((request) => fetchCursorPage(endpoint(calls), request), { pageSize: 50 }).toArray();
    expect(ids).toEqual(ITEMS.map((i) => i.id));
    expect(calls.map((c) => c.size)).toEqual([3, 3, 3]);
    expect(calls[0]!.next).toBeUndefined();
  });

  it('hands out opaque cursors that resume where they point, and none after the last page', async () => {
    const calls: Array<{ next: string | undefined; size: number }> = [];
    const first = await fetchCursorPage(endpoint(calls), { pageSize: 2 });
    expect(first.nextCursor).toBe('next:https://pbx.test/v2/extensions?after=2&limit=2');
    const second = await fetchCursorPage(endpoint(calls), { pageSize: 2, cursor: first.nextCursor! });
    expect(second.items).toEqual(['3', '4']);
    const last = await fetchCursorPage(endpoint(calls), { pageSize: 3, cursor: cursorPaging.next('https://pbx.test/v2/extensions?after=6') });
    expect(last).toEqual({ items: ['7'] });
  });

  it.each([['offset:3'], ['next:'], ['garbage']])('refuses the cursor %j of another list with a client ValidationError', async (cursor) => {
    const error = await fetchCursorPage(endpoint([]), { cursor }).catch((e: unknown) => e);
    expect(isPbxError(error, 'VALIDATION_FAILED')).toBe(true);
  });

  it('ends on an empty page even when the vendor still sends a link', async () => {
    const page = await fetchCursorPage({ maxPageSize: 5, fetch: async () => ({ items: [], next: 'x' }), map: (x: never) => x }, {});
    expect(page.nextCursor).toBeUndefined();
  });
});

describe('followLink', () => {
  const context = { vendor: 'acme', operation: 'users.list' };

  it('turns absolute and root-relative links under the base URL into kernel requests', () => {
    expect(followLink('https://pbx.test/v2/extensions?cursor=a%2Bb&limit=2', 'https://pbx.test/v2', context)).toEqual({ path: 'extensions', query: { cursor: 'a+b', limit: '2' } });
    expect(followLink('/v2/extensions?cursor=x', 'https://pbx.test/v2/', context)).toEqual({ path: 'extensions', query: { cursor: 'x' } });
  });

  it.each([
    ['another host', 'https://evil.test/v2/extensions?cursor=x'],
    ['another scheme', 'http://pbx.test/v2/extensions'],
    ['another port', 'https://pbx.test:8443/v2/extensions'],
    ['a path outside the API', 'https://pbx.test/admin/extensions'],
    ['a dot-segment escape', 'https://pbx.test/v2/../admin'],
  ])('refuses a link to %s (the credentials would go there)', (_what, link) => {
    const error = (() => {
      try {
        return followLink(link, 'https://pbx.test/v2', context);
      } catch (e) {
        return e;
      }
    })();
    expect(isPbxError(error, 'BAD_RESPONSE')).toBe(true);
  });
});

/**
 * Lazy paging: pagedList (laziness, iteration across pages, toArray, end detection and loop
 * guards) and fetchPage (offset and page-number cursors, capping, total/size-based end).
 */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { PAGES_READ_AHEAD, fetchPage, offsetPaging, pageNumberPaging, pagedList, singlePage, type Page, type PagedEndpoint, type PagePosition, type PageRequest } from '../../core/paging.js';
import { rejection } from '../support/core/kernel.js';

/** A fetcher over fixed pages keyed by cursor ('' for the first), recording requests. */
function pagesFetcher(pages: Record<string, Page<number>>) {
  const requests: PageRequest[] = [];
  const fetch = async (request: PageRequest): Promise<Page<number>> => {
    requests.push(request);
    const page = pages[request.cursor ?? ''];
    if (!page) throw new Error(`no page ${request.cursor}`);
    return page;
  };
  return { fetch, requests };
}

/** Six pages of one item each: '' → c2 → … → c6. */
const sixPages: Record<string, Page<number>> = Object.fromEntries(
  [1, 2, 3, 4, 5, 6].map((n) => [n === 1 ? '' : `c${n}`, { items: [n], ...(n < 6 ? { nextCursor: `c${n + 1}` } : {}) }]),
);

const threePages = {
  '': { items: [1, 2], nextCursor: 'c2' },
  c2: { items: [3, 4], nextCursor: 'c3' },
  c3: { items: [5] },
};

describe('pagedList', () => {
  it('fetches nothing until it is used', async () => {
    const { fetch, requests } = pagesFetcher(threePages);
    const list = pagedList(fetch);
    const iterator = list[Symbol.asyncIterator]();
    expect(requests).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: false, value: 1 });
    // The first page is in the caller's hands; the next two are already on their way.
    expect(requests).toEqual([{}, { cursor: 'c2' }, { cursor: 'c3' }]);
  });

  it('iterates every item across pages, reading at most PAGES_READ_AHEAD pages ahead of the caller', async () => {
    expect(PAGES_READ_AHEAD).toBe(2);
    const { fetch, requests } = pagesFetcher(sixPages);
    const seen: number[] = [];
    for await (const item of pagedList(fetch, { pageSize: 1 })) {
      seen.push(item);
      // The caller holds page `item`; pages item+1 and item+2 were requested (the list has 6).
      expect(requests).toHaveLength(Math.min(item + PAGES_READ_AHEAD, 6));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(requests).toEqual([{ pageSize: 1 }, ...['c2', 'c3', 'c4', 'c5', 'c6'].map((cursor) => ({ pageSize: 1, cursor }))]);
  });

  it('requests each page as soon as the one before it arrives, not when the caller asks for it', async () => {
    const { fetch, requests } = pagesFetcher(sixPages);
    const pages = pagedList(fetch).pages()[Symbol.asyncIterator]();
    await pages.next();
    expect(requests).toHaveLength(3); // before the caller asks for page 2: pages 2 and 3 are on their way
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toHaveLength(3); // never more than PAGES_READ_AHEAD ahead, however long the caller takes
    await pages.next();
    expect(requests).toHaveLength(4); // handing out page 2 lets page 4 be requested
  });

  it('requests one page at a time: the next only once the one before it has arrived', async () => {
    let inFlight = 0;
    let most = 0;
    const list = pagedList<number>(async (request) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 2));
      inFlight--;
      const n = Number(request.cursor ?? '1');
      return { items: [n], ...(n < 6 ? { nextCursor: String(n + 1) } : {}) };
    });
    for await (const page of list.pages()) {
      await new Promise((resolve) => setTimeout(resolve, page.items[0] === 1 ? 20 : 0)); // a slow caller
    }
    expect(most).toBe(1);
  });

  it('a page read ahead that fails while the caller is busy fails the next step, not the process', async () => {
    let calls = 0;
    const list = pagedList<number>(async () => {
      calls++;
      if (calls === 1) return { items: [1], nextCursor: 'c2' };
      throw new Error('page 2 failed');
    });
    const pages = list.pages()[Symbol.asyncIterator]();
    expect((await pages.next()).value?.items).toEqual([1]);
    await new Promise((resolve) => setTimeout(resolve, 20)); // the caller is busy; page 2 fails meanwhile (unhandled, it would fail this run)
    await expect(pages.next()).rejects.toThrow('page 2 failed');
  });

  it('breaking out of the loop stops fetching: at most the pages read ahead go unused, their failures unseen', async () => {
    const { fetch, requests } = pagesFetcher(sixPages);
    for await (const item of pagedList(fetch)) if (item === 2) break;
    expect(requests).toHaveLength(2 + PAGES_READ_AHEAD);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(requests).toHaveLength(2 + PAGES_READ_AHEAD); // nothing more once the caller has gone

    let calls = 0;
    const failing = pagedList<number>(async (request) => {
      calls++;
      if (calls <= 2) return { items: [calls], nextCursor: `c${calls + 1}` };
      throw new Error(`unused page ${request.cursor} failed`);
    });
    for await (const item of failing) if (item === 1) break;
    await new Promise((resolve) => setTimeout(resolve, 5)); // an unhandled rejection would fail the run
    expect(calls).toBe(3);
  });

  it('a fetcher that throws instead of rejecting fails its own page, after the pages before it', async () => {
    const list = pagedList<number>((request) => {
      if (request.cursor === 'c3') throw new Error('page 3 threw');
      return Promise.resolve({ items: [request.cursor ? 2 : 1], nextCursor: request.cursor ? 'c3' : 'c2' });
    });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of list) seen.push(item);
      })(),
    ).rejects.toThrow('page 3 threw');
    expect(seen).toEqual([1, 2]);
  });

  it('toArray collects everything; toArray({ max }) stops fetching once it has enough', async () => {
    const all = pagesFetcher(threePages);
    expect(await pagedList(all.fetch).toArray()).toEqual([1, 2, 3, 4, 5]);

    const some = pagesFetcher(threePages);
    expect(await pagedList(some.fetch).toArray({ max: 3 })).toEqual([1, 2, 3]);
    expect(some.requests).toHaveLength(2);

    const exact = pagesFetcher(threePages);
    expect(await pagedList(exact.fetch).toArray({ max: 2 })).toEqual([1, 2]);
    expect(exact.requests).toHaveLength(1);

    const none = pagesFetcher(threePages);
    expect(await pagedList(none.fetch).toArray({ max: 0 })).toEqual([]);
    expect(none.requests).toHaveLength(0);
  });

  it('pages() yields whole pages', async () => {
    const { fetch } = pagesFetcher(threePages);
    const pages: Array<readonly number[]> = [];
    for await (const page of pagedList(fetch).pages()) pages.push(page.items);
    expect(pages).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('page() fetches one page, merging the list options with the request', async () => {
    const { fetch, requests } = pagesFetcher(threePages);
    const list = pagedList(fetch, { pageSize: 2 });
    expect((await list.page()).items).toEqual([1, 2]);
    expect((await list.page({ cursor: 'c2' })).items).toEqual([3, 4]);
    expect(requests).toEqual([{ pageSize: 2 }, { pageSize: 2, cursor: 'c2' }]);
  });

  it('starts at the list cursor when one is given', async () => {
    const { fetch } = pagesFetcher(threePages);
    expect(await pagedList(fetch, { cursor: 'c2' }).toArray()).toEqual([3, 4, 5]);
  });

  it('stops at an empty page even if it has a next cursor', async () => {
    const { fetch, requests } = pagesFetcher({ '': { items: [1], nextCursor: 'c2' }, c2: { items: [], nextCursor: 'c3' }, c3: { items: [9] } });
    expect(await pagedList(fetch).toArray()).toEqual([1]);
    expect(requests).toHaveLength(2);
  });

  it('stops when the next cursor is missing', async () => {
    const { fetch, requests } = pagesFetcher({ '': { items: [1, 2] } });
    expect(await pagedList(fetch).toArray()).toEqual([1, 2]);
    expect(requests).toHaveLength(1);
  });

  it('stops on a repeated cursor (a vendor ignoring the paging parameters)', async () => {
    const { fetch, requests } = pagesFetcher({ '': { items: [1], nextCursor: 'c2' }, c2: { items: [2], nextCursor: 'c2' } });
    expect(await pagedList(fetch).toArray()).toEqual([1, 2]);
    expect(requests).toHaveLength(2);

    const cycle = pagesFetcher({ '': { items: [1], nextCursor: 'a' }, a: { items: [2], nextCursor: 'b' }, b: { items: [3], nextCursor: 'a' } });
    expect(await pagedList(cycle.fetch).toArray()).toEqual([1, 2, 3]);
  });

  it('stops on a repeated cursor when the list itself started at that cursor', async () => {
    const { fetch, requests } = pagesFetcher({ c5: { items: [5], nextCursor: 'c5' } });
    expect(await pagedList(fetch, { cursor: 'c5' }).toArray()).toEqual([5]);
    expect(requests).toHaveLength(1);
  });

  it('stops when a vendor ignoring skip/top (and sending no total) returns the same page for every cursor', async () => {
    const endpoint: PagedEndpoint<{ id: number }, number> = {
      style: 'offset',
      maxPageSize: 2,
      fetch: async () => ({ items: [{ id: 1 }, { id: 2 }] }),
      map: (item) => item.id,
    };
    let calls = 0;
    const list = pagedList((request) => {
      calls++;
      return fetchPage(endpoint, request);
    });
    expect(await list.toArray()).toEqual([1, 2]);
    expect(calls).toBe(2);
  });

  it('propagates a failing fetch to the consumer', async () => {
    const list = pagedList<number>(async () => {
      throw new ValidationError('bad cursor', [], 'client');
    });
    await expect(list.toArray()).rejects.toBeInstanceOf(ValidationError);
  });

  it('each iteration starts over from the first page', async () => {
    const { fetch, requests } = pagesFetcher(threePages);
    const list = pagedList(fetch);
    expect(await list.toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(await list.toArray()).toEqual([1, 2, 3, 4, 5]);
    expect(requests).toHaveLength(6);
  });

  it('singlePage is one page with its total and no cursor', () => {
    expect(singlePage(['a', 'b'])).toEqual({ items: ['a', 'b'], total: 2 });
  });
});

/** An endpoint over `data`; `total` says whether the vendor reports the total count. */
function endpoint(style: 'offset' | 'page', data: readonly number[], options: { total?: boolean; maxPageSize?: number; defaultPageSize?: number } = {}) {
  const positions: PagePosition[] = [];
  const ep: PagedEndpoint<number, string> = {
    style,
    maxPageSize: options.maxPageSize ?? 100,
    ...(options.defaultPageSize !== undefined ? { defaultPageSize: options.defaultPageSize } : {}),
    async fetch(position) {
      positions.push(position);
      return { items: data.slice(position.offset, position.offset + position.size), ...(options.total ? { total: data.length } : {}) };
    },
    map: (n) => `#${n}`,
  };
  return { ep, positions };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('fetchPage', () => {
  it('offset style: first page at offset 0, cursor "offset:<n>" for the next', async () => {
    const { ep, positions } = endpoint('offset', range(5), { total: true });
    const first = await fetchPage(ep, { pageSize: 2 });
    expect(first).toEqual({ items: ['#1', '#2'], total: 5, nextCursor: 'offset:2' });
    expect(positions[0]).toEqual({ offset: 0, page: 1, size: 2 });
    const second = await fetchPage(ep, { pageSize: 2, cursor: 'offset:2' });
    expect(second.items).toEqual(['#3', '#4']);
    expect(positions[1]).toEqual({ offset: 2, page: 2, size: 2 });
    const last = await fetchPage(ep, { pageSize: 2, cursor: 'offset:4' });
    expect(last).toEqual({ items: ['#5'], total: 5 });
  });

  it('page style: 1-based page numbers, cursor "page:<n>"', async () => {
    const { ep, positions } = endpoint('page', range(5), { total: true });
    expect(await fetchPage(ep, { pageSize: 2 })).toEqual({ items: ['#1', '#2'], total: 5, nextCursor: 'page:2' });
    expect(positions[0]).toEqual({ offset: 0, page: 1, size: 2 });
    expect(await fetchPage(ep, { pageSize: 2, cursor: 'page:3' })).toEqual({ items: ['#5'], total: 5 });
    expect(positions[1]).toEqual({ offset: 4, page: 3, size: 2 });
  });

  it.each(['offset', 'page'] as const)('%s style: with a total, ends exactly when the total is reached', async (style) => {
    const { ep, positions } = endpoint(style, range(4), { total: true });
    const all = await pagedList<string>((request) => fetchPage(ep, request), { pageSize: 2 }).toArray();
    expect(all).toEqual(['#1', '#2', '#3', '#4']);
    expect(positions).toHaveLength(2); // no extra request for an empty third page
  });

  it.each(['offset', 'page'] as const)('%s style: without a total, a short page is the last one', async (style) => {
    const { ep, positions } = endpoint(style, range(5));
    const all = await pagedList<string>((request) => fetchPage(ep, request), { pageSize: 2 }).toArray();
    expect(all).toEqual(['#1', '#2', '#3', '#4', '#5']);
    expect(positions).toHaveLength(3);
  });

  it.each(['offset', 'page'] as const)('%s style: without a total, a full last page costs one more (empty) request', async (style) => {
    const { ep, positions } = endpoint(style, range(4));
    const all = await pagedList<string>((request) => fetchPage(ep, request), { pageSize: 2 }).toArray();
    expect(all).toEqual(['#1', '#2', '#3', '#4']);
    expect(positions).toHaveLength(3);
  });

  it('an empty first page has no next cursor', async () => {
    const { ep } = endpoint('offset', []);
    expect(await fetchPage(ep, {})).toEqual({ items: [] });
    const { ep: counted } = endpoint('page', [], { total: true });
    expect(await fetchPage(counted, {})).toEqual({ items: [], total: 0 });
  });

  it('caps the page size at maxPageSize and defaults to defaultPageSize, else maxPageSize', async () => {
    const capped = endpoint('offset', range(10), { maxPageSize: 3 });
    await fetchPage(capped.ep, { pageSize: 50 });
    expect(capped.positions[0]!.size).toBe(3);
    const defaulted = endpoint('offset', range(10), { maxPageSize: 50, defaultPageSize: 4 });
    await fetchPage(defaulted.ep, {});
    expect(defaulted.positions[0]!.size).toBe(4);
    const maxed = endpoint('offset', range(10), { maxPageSize: 7 });
    await fetchPage(maxed.ep, {});
    expect(maxed.positions[0]!.size).toBe(7);
  });

  it('offset-style next cursor follows the items received, not the size asked for (vendor caps)', async () => {
    const { ep } = endpoint('offset', range(10), { total: true, maxPageSize: 100 });
    const cappedByVendor: PagedEndpoint<number, string> = { ...ep, fetch: async (p) => ({ items: range(10).slice(p.offset, p.offset + Math.min(p.size, 3)), total: 10 }) };
    expect((await fetchPage(cappedByVendor, { pageSize: 5 })).nextCursor).toBe('offset:3');
  });

  it.each([
    ['offset', 'page:2'],
    ['offset', 'offset:-1'],
    ['offset', 'offset:abc'],
    ['offset', 'offset:1.5'],
    ['offset', 'offset:1234567890123'],
    ['offset', ' offset:2'],
    ['offset', 'garbage'],
    ['page', 'page:0'],
    ['page', 'offset:2'],
    ['page', 'page:'],
  ] as const)('%s style refuses cursor %j with a client ValidationError naming "cursor"', async (style, cursor) => {
    const { ep, positions } = endpoint(style, range(5));
    const error = await rejection(fetchPage(ep, { cursor }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', source: 'client', issues: [{ field: 'cursor', message: 'not a cursor of this list' }] });
    expect(positions).toHaveLength(0);
  });

  it('offsetPaging / pageNumberPaging helpers', () => {
    expect(offsetPaging.offset(undefined)).toBe(0);
    expect(offsetPaging.offset('offset:0')).toBe(0);
    expect(offsetPaging.offset('offset:40')).toBe(40);
    expect(offsetPaging.next(0, 50, 50, undefined)).toBe('offset:50');
    expect(offsetPaging.next(0, 49, 50, undefined)).toBeUndefined();
    expect(offsetPaging.next(100, 20, 50, 120)).toBeUndefined();
    expect(offsetPaging.next(0, 50, 50, 120)).toBe('offset:50');
    expect(offsetPaging.next(0, 0, 50, 120)).toBeUndefined();
    expect(pageNumberPaging.page(undefined)).toBe(1);
    expect(pageNumberPaging.page('page:7')).toBe(7);
    expect(pageNumberPaging.next(1, 50, 50, 120)).toBe('page:2');
    expect(pageNumberPaging.next(3, 20, 50, 120)).toBeUndefined();
    expect(pageNumberPaging.next(2, 50, 50, 100)).toBeUndefined();
    expect(pageNumberPaging.next(2, 50, 50, undefined)).toBe('page:3');
    expect(pageNumberPaging.next(2, 0, 50, 500)).toBeUndefined();
  });
});

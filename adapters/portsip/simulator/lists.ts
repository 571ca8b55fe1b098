/** PortSIP list endpoints: `filter`, `search`, `orderby`, then `skip`/`top` paging → `{count, items}`. */
import { recordArray, recordCount, recordSlice, type Records } from '../../../core/sim/page.js';
import { invalid } from './errors.js';
import { QuerySyntaxError, parseFilter, parseOrderBy, searchPredicate, type Field, type Fields, type Predicate } from './odata.js';

/** What a collection exposes to list queries. */
export interface ListSpec<T> {
  /** Fields usable in `filter` and `orderby`: the properties of the list representation. */
  readonly fields: Fields<T>;
  /** Fields `search` looks in. */
  readonly searchIn: ReadonlyArray<Field<T>>;
}

export interface ListPage<V> {
  /** Total matching records, across pages. */
  readonly count: number;
  readonly items: V[];
}

const PAGE_MAX = 100;
const INT32_MAX = 2 ** 31 - 1;

function integerParam(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) throw invalid(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function parsed<R>(parameter: string, parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    if (error instanceof QuerySyntaxError) throw invalid(`${parameter}: ${error.message}`);
    throw error;
  }
}

/**
 * Recent query results over a collection that only grows (CDRs), so paging through one
 * query filters and sorts once instead of once per page.
 */
export class QueryCache<T> {
  private readonly results = new Map<string, readonly T[]>();
  constructor(private readonly capacity = 16) {}

  get(key: string, compute: () => readonly T[]): readonly T[] {
    const result = this.results.get(key) ?? compute();
    // Re-inserted: the Map's first key is the least recently used.
    this.results.delete(key);
    this.results.set(key, result);
    if (this.results.size > this.capacity) this.results.delete(this.results.keys().next().value!);
    return result;
  }
}

/** Where `listPage` may reuse the matching records of an earlier page of the same query. */
export interface CacheSlot<T> {
  readonly cache: QueryCache<T>;
  /** Identifies the base records (whose calls, how many). */
  readonly scope: string;
}

/**
 * One page of `records` (in the collection's natural order) for the request's query
 * parameters. Only the requested page is turned into its representation.
 */
export function listPage<T, V>(
  query: (name: string) => string | undefined,
  records: () => Records<T>,
  spec: ListSpec<T>,
  view: (record: T) => V,
  slot?: CacheSlot<T>,
): ListPage<V> {
  const skip = integerParam('skip', query('skip'), 0, 0, INT32_MAX);
  const top = integerParam('top', query('top'), PAGE_MAX, 1, PAGE_MAX);
  const [filter, orderby] = [query('filter'), query('orderby')];
  // Assumption: a blank search means no search.
  const search = query('search')?.trim() || undefined;
  const matching = (): readonly T[] => {
    const predicates: Array<Predicate<T>> = [];
    if (filter !== undefined) predicates.push(parsed('filter', () => parseFilter(filter, spec.fields)));
    if (search) predicates.push(searchPredicate(search, spec.searchIn));
    const compare = orderby !== undefined ? parsed('orderby', () => parseOrderBy(orderby, spec.fields)) : undefined;
    const all = recordArray(records());
    const found = predicates.length ? all.filter((r) => predicates.every((p) => p(r))) : all;
    // Array#sort is stable: ties keep the natural order, so paging is deterministic.
    return compare ? [...found].sort(compare) : found;
  };
  // No query: page the collection as it is, copying only the page (O(page), not O(collection)).
  if (filter === undefined && search === undefined && orderby === undefined && !slot) {
    const all = records();
    return { count: recordCount(all), items: recordSlice(all, skip, top).map(view) };
  }
  const result = slot ? slot.cache.get(JSON.stringify([slot.scope, filter, search, orderby]), matching) : matching();
  return { count: result.length, items: result.slice(skip, skip + top).map(view) };
}

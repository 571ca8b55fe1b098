/**
 * VoIPStudio collections: `filter` (a JSON array of `{property, operator, value}`, operators
 * `eq like gt gte lt lte`, ANDed), `sort` + `dir`, then `page` (1-based) / `limit` paging →
 * `{data:[…], total}`. A property a collection does not filter or sort on is a 400.
 *
 * Assumptions (docs/voipstudio.md): text comparisons ignore case (MySQL's default collation);
 * `like` is a substring match, or a SQL pattern when the value has `%` or `_`; dates compare as
 * `YYYY-MM-DD HH:MM:SS` UTC; `limit` defaults to 25 and is at most 10000 (a published VoIPStudio client asks for 10000).
 */
import { recordArray, recordCount, recordSlice, type Records } from '../../../core/sim/page.js';
import { invalid, problem } from './errors.js';
import { datetime, parseDatetime } from './format.js';
import { flagValue } from './http.js';

export type FieldType = 'string' | 'number' | 'boolean' | 'datetime';

/** A property of a collection's records that `filter` and `sort` may use. */
export interface Field<T> {
  readonly type: FieldType;
  get(record: T): string | number | boolean | null;
}
export type Fields<T> = Readonly<Record<string, Field<T>>>;

export const text = <T>(get: (r: T) => string | null): Field<T> => ({ type: 'string', get });
export const number = <T>(get: (r: T) => number | null): Field<T> => ({ type: 'number', get });
export const boolean = <T>(get: (r: T) => boolean): Field<T> => ({ type: 'boolean', get });
/** A date-time, read from epoch ms. */
export const date = <T>(get: (r: T) => number | null): Field<T> => ({ type: 'datetime', get });

const OPERATORS = ['eq', 'like', 'gt', 'gte', 'lt', 'lte'] as const;
type Operator = (typeof OPERATORS)[number];
type Predicate<T> = (record: T) => boolean;

const LIMIT_DEFAULT = 25;
const LIMIT_MAX = 10_000;

const bad = (field: string, message: string) => invalid(problem(field, message));

function likeMatcher(pattern: string): (value: string) => boolean {
  const lower = pattern.toLowerCase();
  if (!/[%_]/.test(lower)) return (value) => value.toLowerCase().includes(lower);
  const source = lower.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value.toLowerCase());
}

function compare(operator: Exclude<Operator, 'like'>, a: number | string, b: number | string): boolean {
  switch (operator) {
    case 'eq':
      return a === b;
    case 'gt':
      return a > b;
    case 'gte':
      return a >= b;
    case 'lt':
      return a < b;
    case 'lte':
      return a <= b;
  }
}

function condition<T>(entry: unknown, index: number, fields: Fields<T>): Predicate<T> {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw bad('filter', `Condition ${index} must be an object {property, operator, value}.`);
  const { property, operator = 'eq', value } = entry as Record<string, unknown>;
  if (typeof property !== 'string' || !Object.hasOwn(fields, property)) throw bad('filter', `Filtering by ${JSON.stringify(property)} is not supported.`);
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) throw bad('filter', `Unknown operator ${JSON.stringify(operator)}.`);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw bad('filter', `Condition ${index} needs a value.`);
  const field = fields[property] as Field<T>;
  const op = operator as Operator;
  switch (field.type) {
    case 'string': {
      if (op === 'like') {
        const matches = likeMatcher(String(value));
        return (r) => {
          const v = field.get(r);
          return v !== null && matches(String(v));
        };
      }
      const wanted = String(value).toLowerCase();
      return (r) => {
        const v = field.get(r);
        return v !== null && compare(op, String(v).toLowerCase(), wanted);
      };
    }
    case 'number': {
      const wanted = Number(value);
      if (op === 'like' || !Number.isFinite(wanted)) throw bad('filter', `${property} takes a number and eq, gt, gte, lt or lte.`);
      return (r) => {
        const v = field.get(r);
        return v !== null && compare(op, Number(v), wanted);
      };
    }
    case 'boolean': {
      const wanted = flagValue(value);
      if (op !== 'eq' || wanted === undefined) throw bad('filter', `${property} takes true or false with eq.`);
      return (r) => field.get(r) === wanted;
    }
    case 'datetime': {
      if (op === 'like') {
        const matches = likeMatcher(String(value));
        return (r) => {
          const v = field.get(r);
          return v !== null && matches(datetime(Number(v)));
        };
      }
      const wanted = typeof value === 'string' ? parseDatetime(value) : undefined;
      if (wanted === undefined) throw bad('filter', `${property} takes a date-time "YYYY-MM-DD HH:MM:SS".`);
      return (r) => {
        const v = field.get(r);
        return v !== null && compare(op, Number(v), wanted);
      };
    }
  }
}

function parseFilter<T>(raw: string, fields: Fields<T>): Predicate<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw) as unknown;
  } catch {
    throw bad('filter', 'The filter must be a JSON array of {property, operator, value}.');
  }
  if (!Array.isArray(parsed)) throw bad('filter', 'The filter must be a JSON array of {property, operator, value}.');
  const predicates = parsed.map((entry, i) => condition(entry, i, fields));
  return (record) => predicates.every((p) => p(record));
}

/** `sort=field&dir=ASC|DESC`, or ExtJS's `sort=[{"property":…, "direction":…}]`. */
function parseSort<T>(sort: string, dir: string | undefined, fields: Fields<T>): (a: T, b: T) => number {
  let property = sort;
  let direction = dir ?? 'ASC';
  if (sort.trim().startsWith('[')) {
    try {
      const [first] = JSON.parse(sort) as Array<{ property?: unknown; direction?: unknown }>;
      property = String(first?.property ?? '');
      direction = String(first?.direction ?? direction);
    } catch {
      throw bad('sort', 'Invalid sort.');
    }
  }
  const field = Object.hasOwn(fields, property) ? fields[property] : undefined;
  if (!field) throw bad('sort', `Sorting by ${JSON.stringify(property)} is not supported.`);
  const upper = direction.toUpperCase();
  if (upper !== 'ASC' && upper !== 'DESC') throw bad('dir', 'dir must be ASC or DESC.');
  const sign = upper === 'ASC' ? 1 : -1;
  return (a, b) => {
    const [x, y] = [field.get(a), field.get(b)];
    if (x === y) return 0;
    if (x === null) return -sign;
    if (y === null) return sign;
    const [p, q] = typeof x === 'string' && typeof y === 'string' ? [x.toLowerCase(), y.toLowerCase()] : [x, y];
    return p < q ? -sign : p > q ? sign : 0;
  };
}

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw bad(name, `${name} must be an integer from 1 to ${max}.`);
  return value;
}

/** One page of `records` (in their natural order unless sorted) for the request's query. */
export function listReply<T, V>(query: (name: string) => string | undefined, records: Records<T>, fields: Fields<T>, view: (record: T) => V): { data: V[]; total: number } {
  const page = positiveInt('page', query('page'), 1, 1_000_000_000);
  const limit = positiveInt('limit', query('limit'), LIMIT_DEFAULT, LIMIT_MAX);
  const filter = query('filter');
  const sort = query('sort');
  const filtered = filter !== undefined && filter.trim() !== '';
  const sorted = sort !== undefined && sort.trim() !== '';
  // No query: page the collection as it is, copying only the page (O(page), not O(collection)).
  if (!filtered && !sorted) return { data: recordSlice(records, (page - 1) * limit, limit).map(view), total: recordCount(records) };
  let found = filtered ? recordArray(records).filter(parseFilter(filter, fields)) : recordArray(records);
  // Array#sort is stable: ties keep the natural order, so paging is deterministic.
  if (sort !== undefined && sort.trim() !== '') found = [...found].sort(parseSort(sort, query('dir'), fields));
  const start = (page - 1) * limit;
  return { data: found.slice(start, start + limit).map(view), total: found.length };
}

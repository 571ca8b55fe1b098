/**
 * Paging a simulator collection in O(page): a `Map`'s values are walked to the page without
 * copying the whole collection first (which made listing N records O(N²)).
 */

/** A collection as simulators keep it: an array, or a `Map` in insertion order. */
export type Records<T> = readonly T[] | ReadonlyMap<unknown, T>;

/** Number of records. */
export function recordCount<T>(records: Records<T>): number {
  return Array.isArray(records) ? records.length : (records as ReadonlyMap<unknown, T>).size;
}

/** The records `[start, start + count)`, copying only those. */
export function recordSlice<T>(records: Records<T>, start: number, count: number): T[] {
  if (Array.isArray(records)) return (records as readonly T[]).slice(start, start + count);
  const out: T[] = [];
  if (count <= 0) return out;
  let index = 0;
  for (const record of (records as ReadonlyMap<unknown, T>).values()) {
    if (index++ < start) continue;
    out.push(record);
    if (out.length >= count) break;
  }
  return out;
}

/** All records as an array (for filtering and sorting). */
export function recordArray<T>(records: Records<T>): readonly T[] {
  return Array.isArray(records) ? (records as readonly T[]) : [...(records as ReadonlyMap<unknown, T>).values()];
}

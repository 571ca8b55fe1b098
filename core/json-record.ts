/**
 * Unified records as JSON data, for writing them out (NDJSON files, a queue, a document store,
 * an HTTP reply): what `JSON.stringify` would make of them, minus the vendor payload, built
 * faster than `JSON.stringify` gets there on its own.
 */

/** Options of {@link toJsonRecord}. */
export interface JsonRecordOptions<KeepRaw extends boolean = boolean> {
  /** Keep each record's vendor payload (`raw`); default `false`. */
  readonly raw?: KeepRaw;
}

/**
 * `T` as {@link toJsonRecord} returns it: `Date`s become ISO 8601 strings, at any depth, and
 * `raw` fields are left out unless `KeepRaw` is `true`.
 */
export type JsonRecord<T, KeepRaw extends boolean = false> = T extends Date
  ? string
  : T extends ReadonlyArray<infer I>
    ? Array<JsonRecord<I, KeepRaw>>
    : T extends object
      ? { [K in keyof T as KeepRaw extends true ? K : K extends 'raw' ? never : K]: K extends 'raw' ? T[K] : JsonRecord<T[K], KeepRaw> }
      : T;

/**
 * A unified record (a `User`, a `Cdr`, …), a list of them or a change event, as plain JSON
 * data: each `Date` an ISO 8601 string (as `JSON.stringify` writes it, an invalid date `null`),
 * each `raw` vendor payload left out unless `options.raw`. The input is not changed; parts
 * with nothing to convert are shared, not copied.
 *
 * ```ts
 * for await (const page of pbx.cdrs.list({ from, to }).pages()) {
 *   let lines = '';
 *   for (const cdr of page.items) lines += `${JSON.stringify(toJsonRecord(cdr))}\n`;
 *   await write(lines);
 * }
 * ```
 *
 * Why not `JSON.stringify(record)` with a replacer, or `{ raw, ...rest }`: `JSON.stringify`
 * takes a slow path for every `Date` (through `Date.prototype.toJSON`) and a replacer runs for
 * every key. For a CDR, `toJsonRecord` and `JSON.stringify` take about a quarter less time than
 * `{ raw, ...rest }` and `JSON.stringify` (docs/performance.md). Other objects' own `toJSON`
 * methods are left for `JSON.stringify` to call.
 */
export function toJsonRecord<T, KeepRaw extends boolean = false>(record: T, options?: JsonRecordOptions<KeepRaw>): JsonRecord<T, KeepRaw> {
  return jsonValue(record, options?.raw === true) as JsonRecord<T, KeepRaw>;
}

/** Marks a field left out. */
const OMIT = Symbol('omit');

function jsonValue(value: unknown, keepRaw: boolean): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) {
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = jsonValue(value[i], keepRaw);
      if (item !== value[i]) (items ??= value.slice())[i] = item;
    }
    return items ?? value;
  }
  return jsonObject(value as Record<string, unknown>, keepRaw);
}

/**
 * The fields of `record`, converted, in a new object once one of them differs (the same object
 * when none does). `for…in` rather than `Object.keys`: no array per object, and records are
 * plain objects (an inherited enumerable key would come from a polluted `Object.prototype`).
 */
function jsonObject(record: Record<string, unknown>, keepRaw: boolean): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in record) {
    const field = record[key];
    let converted = field;
    // A vendor payload is parsed JSON already: kept as it is, never walked.
    if (key === 'raw') converted = keepRaw ? field : OMIT;
    else if (typeof field === 'object' && field !== null) converted = jsonValue(field, keepRaw);
    if (out === undefined) {
      if (converted === field) continue;
      out = {};
      for (const earlier in record) {
        if (earlier === key) break;
        setField(out, earlier, record[earlier]);
      }
    }
    if (converted !== OMIT) setField(out, key, converted);
  }
  return out ?? record;
}

/** `out[key] = value`, where a `__proto__` key (JSON.parse makes it a field) stays a field. */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/**
 * Output formats: human tables (cli-table3), JSON, NDJSON and CSV (RFC 4180, quoted where needed). Lists are
 * streamed for JSON, NDJSON and CSV (constant memory, respecting backpressure); a table
 * needs every row for its column widths. Diagnostics on stderr go through the secret
 * scrubber (any occurrence); records on stdout through {@link maskSecrets} (values that are
 * a secret as a whole), so that ordinary data containing a secret's text stays intact.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { toJsonRecord } from '../../core/json-record.js';
import { maskSecrets, scrub } from './errors.js';

export type Format = 'table' | 'json' | 'ndjson' | 'csv';
/** Formats that can be streamed record by record (files written by `cdrs export` among them). */
export type StreamFormat = Exclude<Format, 'table'>;

/** One column of a record type: its key (JSON / CSV header), table header and value. */
export interface Column<T> {
  readonly key: string;
  readonly header: string;
  readonly value: (item: T) => unknown;
  /** Shown in the (narrower) table view. Default true. */
  readonly table?: boolean;
  /** Part of the record (CSV, the one-record view). Default true; false for table-only summaries. */
  readonly csv?: boolean;
}

/** The columns of a record in CSV and in the one-record view. */
export function recordColumns<T>(shape: Shape<T>): ReadonlyArray<Column<T>> {
  return shape.columns.filter((c) => c.csv !== false);
}

/** How one kind of record is shown. */
export interface Shape<T> {
  readonly columns: ReadonlyArray<Column<T>>;
}

/** stdout (with backpressure) and stderr (scrubbed of secrets). */
export class Io {
  /** Called before anything is written (the status line clears itself). */
  beforeWrite: (() => void) | undefined;

  constructor(
    readonly stdout: Writable & { isTTY?: boolean },
    readonly stderr: Writable & { isTTY?: boolean },
  ) {}

  /**
   * Writes to stdout, waiting for the stream to drain when it asks to. Not scrubbed: the
   * records it prints are masked value by value ({@link Output}).
   */
  async out(text: string): Promise<void> {
    if (text === '') return;
    this.beforeWrite?.();
    if (!this.stdout.write(text)) await once(this.stdout, 'drain');
  }

  /** Writes a diagnostic line to stderr. */
  err(text: string): void {
    this.beforeWrite?.();
    this.stderr.write(scrub(text.endsWith('\n') ? text : `${text}\n`));
  }
}

// ---------------------------------------------------------------------------------------
// Values

/** A value as a table cell: dates in UTC without milliseconds, booleans as yes/no. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, a leading
 * tab or carriage return): the usual convention (OWASP "CSV injection") prefixes such a cell
 * with `'` so that it shows as text. A plain signed number (`-5`, `+46701234567`) starts with
 * `-` or `+` but cannot run anything and is kept as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const SIGNED_NUMBER = /^[+-]\d+(\.\d+)?$/;

/** `text` made safe for a spreadsheet (see {@link FORMULA_START}). */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !SIGNED_NUMBER.test(text) ? `'${text}` : text;
}

/** How CSV cells are written. */
export interface CsvOptions {
  /** Write cells that look like formulas as they are (`--unsafe-csv`). Default false: neutralised. */
  readonly formulas?: boolean;
}

// What csv-stringify quotes by default: a field holding the delimiter, the quote or a line break.
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field, as csv-stringify writes it by default (dates as ISO 8601, booleans as
 * true/false, objects as JSON, quoted only when needed), text neutralised unless `formulas`.
 */
function csvField(value: unknown, formulas: boolean): string {
  let text: string;
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') text = formulas ? value : neutraliseFormula(value);
  else if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  else if (typeof value === 'boolean') return value ? 'true' : 'false';
  else if (value instanceof Date) return value.toISOString();
  else text = formulas ? JSON.stringify(value) : neutraliseFormula(JSON.stringify(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A record as a CSV row: one property per column key. */
export function csvRow<T>(item: T, shape: Shape<T>): Record<string, unknown> {
  return Object.fromEntries(recordColumns(shape).map((c) => [c.key, c.value(item)]));
}

/**
 * Encodes records of a stream format a batch at a time (a page of call records is one
 * string, one write): no per-record stream step. `head()` before the first batch, `tail()`
 * after the last; the JSON array is the only format with a tail.
 */
export class BatchEncoder {
  private first = true;
  private readonly formulas: boolean;

  constructor(
    readonly format: StreamFormat,
    private readonly columns: readonly string[] = [],
    csv: CsvOptions = {},
  ) {
    this.formulas = csv.formulas ?? false;
  }

  head(): string {
    if (this.format === 'csv') return this.csvLine(this.columns);
    return this.format === 'json' ? '[' : '';
  }

  private csvLine(values: readonly unknown[]): string {
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i], this.formulas);
    return `${line}\n`;
  }

  /** A batch of records: CSV rows (from {@link csvRow}) for `csv`, JSON-ready values otherwise. */
  batch(records: readonly unknown[]): string {
    if (records.length === 0) return '';
    switch (this.format) {
      case 'csv': {
        let text = '';
        for (const record of records) text += this.csvLine(this.columns.map((key) => (record as Record<string, unknown>)[key]));
        return text;
      }
      case 'ndjson': {
        let text = '';
        for (const record of records) text += `${JSON.stringify(record)}\n`;
        return text;
      }
      case 'json': {
        let text = '';
        for (const record of records) {
          text += `${this.first ? '\n' : ',\n'}${JSON.stringify(record, null, 2).replace(/^/gm, '  ')}`;
          this.first = false;
        }
        return text;
      }
    }
  }

  /** CSV rows straight from items, one value function per column (no row objects in between). */
  csvBatch<T>(items: readonly T[], values: ReadonlyArray<(item: T) => unknown>): string {
    let text = '';
    for (const item of items) {
      let line = '';
      for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i]!(item), this.formulas);
      text += `${line}\n`;
    }
    return text;
  }

  tail(): string {
    return this.format === 'json' ? (this.first ? ']\n' : '\n]\n') : '';
  }
}

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/** `text` cut to `width` characters, the last one an ellipsis when anything was cut. */
export function truncate(text: string, width: number): string {
  const chars = [...text.replace(/\s*\n\s*/g, ' ')];
  return chars.length <= width ? chars.join('') : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The narrowest a column is made before the table is allowed to overflow the terminal. */
const MIN_COLUMN = 4;

/**
 * Column widths that fit `maxWidth` (columns two spaces apart): the widest column gives up a
 * character at a time until the table fits or every column is down to {@link MIN_COLUMN}.
 */
export function fitColumns(natural: readonly number[], maxWidth: number): number[] {
  const widths = [...natural];
  let total = widths.reduce((a, b) => a + b, 0) + 2 * Math.max(0, widths.length - 1);
  while (total > maxWidth) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= MIN_COLUMN) break;
    // Down to the next widest column (or just enough) in one step: cells can be very long.
    const others = Math.max(MIN_COLUMN, ...widths.filter((_, i) => i !== widest));
    const cut = Math.max(1, Math.min(total - maxWidth, widths[widest]! - others));
    widths[widest] = Math.max(MIN_COLUMN, widths[widest]! - cut);
    total = widths.reduce((x, y) => x + y, 0) + 2 * Math.max(0, widths.length - 1);
  }
  return widths;
}

/**
 * A borderless table (columns two spaces apart, like `kubectl get`), lines right-trimmed.
 * Given the terminal's width, cells are cut to fit it, with an ellipsis (`…`) where text
 * was cut: a row stays one line, never wrapped mid-word. cli-table3 loads with the first table:
 * commands that print none (`--help`, JSON output) do not load it.
 */
export async function renderTable(head: readonly string[] | undefined, rows: ReadonlyArray<readonly unknown[]>, color: boolean, maxWidth?: number): Promise<string> {
  const { default: Table } = await import('cli-table3');
  let cells = rows.map((row) => row.map(cell));
  let header = head ? [...head] : undefined;
  const columns = Math.max(header?.length ?? 0, ...cells.map((r) => r.length));
  if (maxWidth !== undefined && columns > 0) {
    const natural = Array.from({ length: columns }, (_, i) => Math.max([...(header?.[i] ?? '')].length, ...cells.map((r) => [...(r[i] ?? '')].length)));
    const widths = fitColumns(natural, maxWidth);
    cells = cells.map((row) => row.map((text, i) => truncate(text, widths[i]!)));
    header = header?.map((text, i) => truncate(text, widths[i]!));
  }
  const table = new Table({
    ...(header ? { head: header } : {}),
    chars: NO_BORDERS,
    style: { head: color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 2, compact: true },
  });
  for (const row of cells) table.push(row);
  const text = table.toString();
  return text === '' ? '' : `${text.split('\n').map((line) => line.trimEnd()).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// The printer

/** How {@link Output} prints. */
export interface OutputOptions {
  /** Keep the vendor payload (`raw`) in JSON and NDJSON. */
  readonly raw: boolean;
  /** Bold table headers (on a terminal, unless NO_COLOR). */
  readonly color: boolean;
  /** The terminal's width, when stdout is one: table cells are cut to fit, with an ellipsis. */
  readonly width?: number | undefined;
  /** CSV cells that look like formulas are written as they are (`--unsafe-csv`). */
  readonly unsafeCsv?: boolean;
}

/** Prints records, lists and results on stdout in the chosen format, secrets masked. */
export class Output {
  constructor(
    readonly io: Io,
    readonly format: Format,
    private readonly options: OutputOptions,
  ) {}

  /** Whether table headers are styled. */
  get color(): boolean {
    return this.options.color;
  }

  get width(): number | undefined {
    return this.options.width;
  }

  /** Writes the records of a list; returns how many. Streams unless the format is a table. */
  async list<T>(items: AsyncIterable<T> | Iterable<T>, shape: Shape<T>, limit = Number.POSITIVE_INFINITY): Promise<number> {
    let count = 0;
    async function* limited(): AsyncGenerator<T> {
      if (count >= limit) return;
      for await (const item of items) {
        yield item;
        if (++count >= limit) return;
      }
    }
    if (this.format === 'table') {
      const columns = shape.columns.filter((c) => c.table !== false);
      const rows: unknown[][] = [];
      for await (const item of limited()) rows.push(columns.map((c) => maskSecrets(c.value(item))));
      // Columns this vendor never fills (e.g. an id it does not report) are left out.
      const filled = columns.map((_, i) => rows.length === 0 || rows.some((row) => cell(row[i]) !== ''));
      await this.io.out(await renderTable(columns.filter((_, i) => filled[i]).map((c) => c.header), rows.map((row) => row.filter((_, i) => filled[i])), this.options.color, this.options.width));
      return count;
    }
    await this.stream(limited(), shape);
    return count;
  }

  /** Streams records in a stream format to stdout, a record at a time (each is shown as soon as it arrives). */
  private async stream<T>(items: AsyncIterable<T> | Iterable<T>, shape: Shape<T>): Promise<void> {
    const format = this.format as StreamFormat;
    const keepRaw = this.options.raw;
    const encoder = new BatchEncoder(format, recordColumns(shape).map((c) => c.key), { formulas: this.options.unsafeCsv ?? false });
    await this.io.out(encoder.head());
    for await (const item of items) await this.io.out(encoder.batch([maskSecrets(format === 'csv' ? csvRow(item, shape) : toJsonRecord(item, { raw: keepRaw }))]));
    await this.io.out(encoder.tail());
  }

  /** Writes one record: a two-column FIELD / VALUE table, a JSON object, one NDJSON line or one CSV row. */
  async item<T>(item: T, shape: Shape<T>): Promise<void> {
    switch (this.format) {
      case 'table': {
        const rows = recordColumns(shape).map((c) => [c.key, maskSecrets(c.value(item))] as const).filter(([, value]) => value !== undefined && value !== '');
        await this.io.out(await renderTable(undefined, rows, this.options.color, this.options.width));
        return;
      }
      case 'json':
        await this.io.out(`${JSON.stringify(maskSecrets(toJsonRecord(item, { raw: this.options.raw })), null, 2)}\n`);
        return;
      default:
        await this.stream([item], shape);
    }
  }

  /** The outcome of a change: a sentence on a terminal, a record otherwise. */
  async result(sentence: string, record: Record<string, unknown>): Promise<void> {
    if (this.format === 'table') {
      await this.io.out(`${sentence}\n`);
      return;
    }
    const shape: Shape<Record<string, unknown>> = { columns: Object.keys(record).map((key) => ({ key, header: key, value: (r) => r[key] })) };
    await this.item(record, shape);
  }

  /** Free text, shown only in table mode (headings, notes). */
  async note(text: string): Promise<void> {
    if (this.format === 'table') await this.io.out(text.endsWith('\n') ? text : `${text}\n`);
  }
}

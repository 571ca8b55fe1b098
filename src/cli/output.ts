/**
 * Output formats: human tables (cli-table3), JSON, NDJSON and CSV (csv-stringify). Lists are
 * streamed for JSON, NDJSON and CSV (constant memory, respecting backpressure); a table
 * needs every row for its column widths. Diagnostics on stderr go through the secret
 * scrubber (any occurrence); records on stdout through {@link maskSecrets} (values that are
 * a secret as a whole), so that ordinary data containing a secret's text stays intact.
 */
import { once } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import Table from 'cli-table3';
import { stringify } from 'csv-stringify';
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
    if (!this.stdout.write(text)) await once(this.stdout, 'drain');
  }

  /** Writes a diagnostic line to stderr. */
  err(text: string): void {
    this.stderr.write(scrub(text.endsWith('\n') ? text : `${text}\n`));
  }
}

// ---------------------------------------------------------------------------------------
// Values

/** The record as JSON shows it: the vendor payload (`raw`) dropped unless asked for. */
export function plain(value: unknown, keepRaw: boolean): unknown {
  if (keepRaw || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((item) => plain(item, keepRaw));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'raw')
      .map(([key, item]) => [key, plain(item, keepRaw)]),
  );
}

/** A value as a table cell: dates in UTC without milliseconds, booleans as yes/no. */
export function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.map(cell).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const CSV_CAST = {
  date: (value: Date) => value.toISOString(),
  boolean: (value: boolean) => (value ? 'true' : 'false'),
  object: (value: object) => JSON.stringify(value),
};

/** A record as a CSV row: one property per column key. */
export function csvRow<T>(item: T, shape: Shape<T>): Record<string, unknown> {
  return Object.fromEntries(recordColumns(shape).map((c) => [c.key, c.value(item)]));
}

/**
 * The encoder of a stream format, for `stream.pipeline`: it takes records (CSV rows for
 * `csv`, JSON-ready values otherwise) and yields text.
 */
export function encoder(format: StreamFormat, columns: readonly string[] = []): NodeJS.ReadWriteStream | ((source: AsyncIterable<unknown>) => AsyncGenerator<string>) {
  switch (format) {
    case 'csv':
      return stringify({ header: true, columns: [...columns], cast: CSV_CAST });
    case 'ndjson':
      return async function* ndjson(source) {
        for await (const record of source) yield `${JSON.stringify(record)}\n`;
      };
    case 'json':
      return async function* json(source) {
        let first = true;
        yield '[';
        for await (const record of source) {
          yield `${first ? '\n' : ',\n'}${JSON.stringify(record, null, 2).replace(/^/gm, '  ')}`;
          first = false;
        }
        yield first ? ']\n' : '\n]\n';
      };
  }
}

const NO_BORDERS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '',
};

/**
 * A borderless table (columns two spaces apart, like `kubectl get`), lines right-trimmed.
 * Given the terminal's width, the last column wraps instead of overflowing it.
 */
export function renderTable(head: readonly string[] | undefined, rows: ReadonlyArray<readonly unknown[]>, color: boolean, maxWidth?: number): string {
  const cells = rows.map((row) => row.map(cell));
  const columns = Math.max(head?.length ?? 0, ...cells.map((r) => r.length));
  const natural = Array.from({ length: columns }, (_, i) => Math.max(head?.[i]?.length ?? 0, ...cells.map((r) => (r[i] ?? '').length)) + 2);
  const others = natural.slice(0, -1).reduce((a, b) => a + b, 0);
  const wrap = maxWidth !== undefined && columns > 1 && others + natural[columns - 1]! > maxWidth;
  const table = new Table({
    ...(head ? { head: [...head] } : {}),
    chars: NO_BORDERS,
    style: { head: color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 2, compact: true },
    ...(wrap ? { colWidths: [...natural.slice(0, -1), Math.max(20, maxWidth - others - 1)], wordWrap: true } : {}),
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
  /** The terminal's width, when stdout is one: tables wrap their last column to fit. */
  readonly width?: number | undefined;
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
      await this.io.out(renderTable(columns.filter((_, i) => filled[i]).map((c) => c.header), rows.map((row) => row.filter((_, i) => filled[i])), this.options.color, this.options.width));
      return count;
    }
    await this.stream(limited(), shape);
    return count;
  }

  /** Streams records in a stream format to stdout. */
  private async stream<T>(items: AsyncIterable<T> | Iterable<T>, shape: Shape<T>): Promise<void> {
    const format = this.format as StreamFormat;
    const keepRaw = this.options.raw;
    const records = async function* (): AsyncGenerator<unknown> {
      for await (const item of items) yield maskSecrets(format === 'csv' ? csvRow(item, shape) : plain(item, keepRaw));
    };
    await pipeline(Readable.from(records()), encoder(format, recordColumns(shape).map((c) => c.key)), async (source: AsyncIterable<string | Buffer>) => {
      for await (const chunk of source) await this.io.out(String(chunk));
    });
  }

  /** Writes one record: a two-column FIELD / VALUE table, a JSON object, one NDJSON line or one CSV row. */
  async item<T>(item: T, shape: Shape<T>): Promise<void> {
    switch (this.format) {
      case 'table': {
        const rows = recordColumns(shape).map((c) => [c.key, maskSecrets(c.value(item))] as const).filter(([, value]) => value !== undefined && value !== '');
        await this.io.out(renderTable(undefined, rows, this.options.color, this.options.width));
        return;
      }
      case 'json':
        await this.io.out(`${JSON.stringify(maskSecrets(plain(item, this.options.raw)), null, 2)}\n`);
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

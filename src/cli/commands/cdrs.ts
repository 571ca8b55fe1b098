/** `unipbx cdrs list|export` */
import { statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import type cliProgress from 'cli-progress';
import type { CdrQuery } from '../../index.js';
import { writeFileAtomically } from '../atomic-file.js';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';
import { BatchEncoder, recordColumns, type Io } from '../output.js';
import { parseInstant } from '../../../core/dates.js';
import { toJsonRecord } from '../../../core/json-record.js';
import { integer, timeZone, whyNotInstant } from '../parse.js';
import { CDR } from '../records.js';

interface QueryOptions {
  readonly from?: string;
  readonly to?: string;
  readonly tz: string;
  readonly user?: string;
  readonly self?: boolean;
  readonly pageSize?: number;
}

function queryOptions(command: Command, required: boolean): Command {
  const from = new Option('--from <when>', 'start of the range, inclusive: an ISO date or date-time, today, yesterday, 7d (ago)…');
  const to = new Option('--to <when>', 'end of the range, exclusive (same forms; e.g. now)');
  return command
    .addOption(required ? from.makeOptionMandatory() : from)
    .addOption(required ? to.makeOptionMandatory() : to)
    .option('--tz <zone>', 'time zone of dates and date-times given without one, and of today / yesterday (IANA name)', timeZone, 'UTC')
    .addOption(new Option('--user <id>', "only this user's calls").conflicts('self'))
    .option('--self', "only the calls of the signed-in user (works for non-admin accounts)")
    .option('--page-size <n>', 'records per request (the vendor caps it)', integer(1, 1000));
}

/** The range of `--from` / `--to`, resolved once (one `now` for both) in the `--tz` zone. */
interface Range {
  readonly from?: Date;
  readonly to?: Date;
}

/**
 * Resolves `--from` / `--to`; a value that is no instant (or names no real day, like
 * 2025-06-31) is a usage error naming the flag. The resolved range goes to stderr so that
 * what was asked for is visible (unless --quiet).
 */
function resolveRange(options: QueryOptions, rt: Runtime, command: Command): Range {
  const now = Date.now();
  const parse = (flag: string, value: string | undefined): Date | undefined => {
    if (value === undefined) return undefined;
    const date = parseInstant(value, { now, timeZone: options.tz });
    if (!date) throw usageError(`${flag} ${value}: ${whyNotInstant(value)}`, `\`${rt.command ?? 'unipbx cdrs'} --help\` lists the forms`);
    return date;
  };
  const range: Range = { ...optional('from', parse('--from', options.from)), ...optional('to', parse('--to', options.to)) };
  if (range.from && range.to && range.from.getTime() > range.to.getTime()) {
    throw usageError(`--from ${options.from} (${range.from.toISOString()}) is after --to ${options.to} (${range.to.toISOString()})`);
  }
  if ((range.from || range.to) && !rt.globals(command).quiet) {
    const show = (d: Date | undefined) => (d ? d.toISOString() : '…');
    rt.io.err(`range: ${show(range.from)} to ${show(range.to)} (exclusive; zone-less dates read in ${options.tz})`);
  }
  return range;
}

const optional = <K extends string>(key: K, value: Date | undefined): { [P in K]?: Date } => (value ? ({ [key]: value } as { [P in K]: Date }) : {});

function query(options: QueryOptions, range: Range, defaultPageSize?: number): CdrQuery {
  const pageSize = options.pageSize ?? defaultPageSize;
  return {
    ...range,
    ...(options.user !== undefined ? { userId: options.user } : {}),
    ...(options.self ? { scope: 'self' as const } : {}),
    ...(pageSize ? { pageSize } : {}),
  };
}

/** Progress of an export on stderr: records and rate, and the total once the vendor reports one. */
class ExportProgress {
  private bar: cliProgress.SingleBar | undefined;
  private readonly started = Date.now();

  /** `bars` is the cli-progress module, loaded only when progress is shown; none: no progress. */
  constructor(
    private readonly bars: typeof cliProgress | undefined,
    private readonly io: Io,
  ) {}

  update(records: number, total: number | undefined): void {
    if (!this.bars) return;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const payload = { rate: Math.round(records / seconds) };
    if (!this.bar) {
      const format =
        total !== undefined
          ? 'cdrs export |{bar}| {percentage}% | {value}/{total} records | {rate} records/s | ETA {eta_formatted}'
          : 'cdrs export | {value} records | {rate} records/s | {duration_formatted}';
      this.bar = new this.bars.SingleBar(
        { format, stream: this.io.stderr, noTTYOutput: !this.io.stderr.isTTY, notTTYSchedule: 500, etaBuffer: 20, fps: 10 },
        this.bars.Presets.shades_classic,
      );
      this.bar.start(total ?? 0, records, payload);
      return;
    }
    if (total !== undefined && total !== this.bar.getTotal()) this.bar.setTotal(total);
    this.bar.update(records, payload);
  }

  stop(): void {
    this.bar?.stop();
  }
}

/**
 * How far V8 may let the old generation grow past what a full GC found alive, in percent,
 * while `cdrs export` runs (V8's `--heap-growing-percent`; by default V8 picks up to 300 %).
 *
 * Each request's `Request`/`Response` objects (undici's, ky's) are held through young-generation
 * GCs by weak references that only a full GC clears, so a long export promotes ~19 KB of garbage
 * per page and V8, finding full GCs cheap, lets the old space reach ~4x the live heap (~20 MB with
 * zod and the adapters loaded) before collecting it. Measured on 1,000,000 CDRs: peak RSS
 * 174-198 MB with V8's default, 132 MB at 75 %, client CPU within 5 % (docs/performance.md).
 * Set for this process only, which is the CLI's own: the library never sets V8 flags of its host.
 */
export const EXPORT_HEAP_GROWING_PERCENT = 75;

type ExportFormat = 'csv' | 'ndjson';

/** What a file name's extension says it holds. */
const EXTENSION_FORMATS: Readonly<Record<string, ExportFormat | 'json'>> = { '.csv': 'csv', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.json': 'json' };

/**
 * The format of an export file: `--format`, else what the file name says (`.csv`,
 * `.ndjson`, `.jsonl`), else csv. A name that says another format (`calls.json`, or
 * `calls.csv` with `--format ndjson`) is a usage error: the file would lie about its content.
 */
function exportFormat(out: string, format: ExportFormat | undefined): ExportFormat {
  const extension = extname(out).toLowerCase();
  const named = EXTENSION_FORMATS[extension];
  const chosen = format ?? (named === 'csv' || named === 'ndjson' ? named : 'csv');
  if (named === undefined || named === chosen) return chosen;
  throw usageError(
    `--out ${out}: a ${extension} file would hold ${chosen === 'csv' ? 'CSV' : 'NDJSON'}`,
    named === 'json' ? 'exports are CSV or NDJSON: name the file .csv, .ndjson or .jsonl' : `name the file ${chosen === 'csv' ? '.csv' : '.ndjson'}, or use --format ${named}`,
  );
}

/** Checks `cdrs export`'s file options before anything is fetched; returns the format. `--out -` is stdout. */
function checkExport(options: { out: string; format?: ExportFormat }, raw: boolean): ExportFormat {
  if (options.out === '') throw usageError('--out needs a file name (or - for stdout)');
  const format = options.out === '-' ? (options.format ?? 'csv') : exportFormat(options.out, options.format);
  if (raw && format === 'csv') throw usageError('--raw needs an NDJSON export: CSV has no column for the vendor payload', 'use --format ndjson (or a .ndjson file)');
  if (options.out === '-') return format;
  const target = resolve(options.out);
  if (/[\\/]$/.test(options.out) || statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw usageError(`--out ${options.out} is a directory`, `name the file to write, e.g. --out ${join(options.out, 'calls.csv')}`);
  }
  const directory = dirname(target);
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) throw usageError(`--out ${options.out}: the directory ${directory} does not exist`);
  return format;
}

/** Adds `cdrs list|export` to the program. */
export function registerCdrs(program: Command, rt: Runtime): void {
  const cdrs = program.command('cdrs').description('call detail records');

  queryOptions(cdrs.command('list').description('list call records (the vendor decides the range when none is given)'), false)
    .option('--limit <n>', 'stop after n records', integer(1, Number.MAX_SAFE_INTEGER))
    .action((options: QueryOptions & { limit?: number }, command: Command) =>
      rt.withClient(command, async (client, out) => {
        await out.list(client.cdrs.list(query(options, resolveRange(options, rt, command)), rt.call), CDR, options.limit);
      }),
    );

  queryOptions(
    cdrs
      .command('export')
      .description('write every call record of a range to a file, page by page (CSV or NDJSON)')
      .requiredOption('--out <file>', 'the file to write (- for stdout); a regular file appears only once complete, see docs/cli.md'),
    true,
  )
    .addOption(new Option('--format <format>', 'file format (default: from the file name: .csv, .ndjson or .jsonl; else csv). A file name that says another format is refused').choices(['csv', 'ndjson']))
    .action((options: QueryOptions & { out: string; format?: ExportFormat }, command: Command) => {
      const globals = rt.globals(command);
      const keepRaw = Boolean(globals.raw);
      const format = checkExport(options, keepRaw);
      const range = resolveRange(options, rt, command);
      return rt.withClient(command, async (client, out) => {
        // Throws before any file exists when the vendor has no call records or the range is invalid.
        const list = client.cdrs.list(query(options, range, 500), rt.call);
        setFlagsFromString(`--heap-growing-percent=${EXPORT_HEAP_GROWING_PERCENT}`);
        const progress = new ExportProgress(rt.progress(command) ? (await import('cli-progress')).default : undefined, rt.io);
        const encoder = new BatchEncoder(format, recordColumns(CDR).map((c) => c.key), { formulas: Boolean(globals.unsafeCsv) });
        const csvValues = recordColumns(CDR).map((c) => c.value);
        let records = 0;
        // One string per page, one write per page: no per-record stream step (issue 10).
        async function* chunks(): AsyncGenerator<string> {
          yield encoder.head();
          for await (const page of list.pages()) {
            const text = format === 'csv' ? encoder.csvBatch(page.items, csvValues) : encoder.batch(page.items.map((cdr) => toJsonRecord(cdr, { raw: keepRaw })));
            if (text !== '') yield text;
            records += page.items.length;
            rt.status?.stop(); // the progress bar takes over stderr
            progress.update(records, page.total);
          }
          const tail = encoder.tail();
          if (tail !== '') yield tail;
        }
        try {
          if (options.out === '-') {
            for await (const chunk of chunks()) await rt.io.out(chunk);
          } else {
            await writeFileAtomically(options.out, (stream) => pipeline(Readable.from(chunks(), { objectMode: false }), stream, { signal: rt.signal }));
          }
        } finally {
          progress.stop();
        }
        const sentence = `exported ${records} call records to ${options.out === '-' ? 'stdout' : options.out} (${format})`;
        // With --out -, stdout holds the data: the summary goes to stderr.
        if (options.out === '-') {
          if (!globals.quiet) rt.io.err(sentence);
          return;
        }
        await out.result(sentence, {
          operation: 'cdrs.export',
          file: options.out,
          format,
          records,
          from: range.from?.toISOString(),
          to: range.to?.toISOString(),
          ok: true,
        });
      });
    });
}

/**
 * `unipbx cdrs sync`: pulls the call records not stored yet (`pbx.cdrs.sync`) into a file
 * (NDJSON or CSV, the default sink) or a PostgreSQL database (`--into postgres://…`), keeping
 * the cursor so that the next run, or a run after a crash, continues where the stored data ends.
 */
import { Option, type Command } from 'commander';
import { isPbxError } from '../../../core/errors.js';
import type { PbxClient } from '../../index.js';
import type { SyncBatch } from '../../../core/sync/cdr-sync.js';
import { sleep } from '../../../core/sync/sleep.js';
import { requirePeers } from '../../peers.js';
import type { FileSinkFormat } from '../../sinks/file.js';
import type { CdrSink, SinkSource } from '../../sinks/types.js';
import type { Runtime } from '../context.js';
import { usageError } from '../errors.js';
import { toJsonRecord } from '../../../core/json-record.js';
import { BatchEncoder, csvRow, recordColumns } from '../output.js';
import { integer, when } from '../parse.js';
import { CDR } from '../records.js';

interface SyncOptions {
  readonly state?: string;
  readonly out?: string;
  readonly into?: string;
  readonly format?: FileSinkFormat;
  readonly from?: Date;
  readonly overlapMs?: number;
  readonly pageSize?: number;
  readonly follow?: boolean;
  readonly intervalMs?: number;
  readonly pbx?: string;
}

/** The text of a batch in a stream format (CSV: header only at the top of the file; formula cells neutralised). */
async function encodeBatch(batch: SyncBatch, format: FileSinkFormat, keepRaw: boolean, first: boolean): Promise<string> {
  const encoder = new BatchEncoder(format, recordColumns(CDR).map((c) => c.key));
  const rows = batch.cdrs.map((cdr) => (format === 'csv' ? csvRow(cdr, CDR) : toJsonRecord(cdr, { raw: keepRaw })));
  return (format === 'csv' && first ? encoder.head() : '') + encoder.batch(rows);
}

async function openSink(options: SyncOptions, source: SinkSource, keepRaw: boolean): Promise<CdrSink> {
  if (options.into !== undefined) {
    requirePeers('unipbx cdrs sync --into');
    const { postgresSink } = await import('../../sinks/postgres.js');
    return postgresSink({ url: options.into, source });
  }
  const format = options.format ?? (options.out!.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  if (keepRaw && format === 'csv') throw usageError('--raw needs NDJSON output: CSV has no column for the vendor payload');
  const { fileSink } = await import('../../sinks/file.js'); // the sinks load with the command that uses them
  return fileSink({ out: options.out!, state: options.state!, format, source, encode: (batch, first) => encodeBatch(batch, format, keepRaw, first) });
}

/** Syncs until done (or, with --follow, until interrupted); transient errors in --follow mode resume from the stored cursor. */
async function run(client: PbxClient, sink: CdrSink, options: SyncOptions, rt: Runtime): Promise<void> {
  const [{ SinkStateError }, { storeBatches }] = await Promise.all([import('../../sinks/file.js'), import('../../sinks/store.js')]);
  for (;;) {
    let cursor: string | undefined;
    try {
      cursor = await sink.open();
    } catch (error) {
      if (error instanceof SinkStateError) throw usageError(error.message, error.hint);
      throw error;
    }
    try {
      const batches = client.cdrs.sync({
        ...(cursor !== undefined ? { cursor } : options.from ? { from: options.from } : {}),
        ...(options.overlapMs !== undefined ? { overlapMs: options.overlapMs } : {}),
        ...(options.pageSize ? { pageSize: options.pageSize } : {}),
        ...(options.follow ? { follow: true, intervalMs: options.intervalMs ?? 5_000 } : {}),
        signal: rt.signal,
      });
      await storeBatches(batches, sink);
      return;
    } catch (error) {
      // Ctrl-C is how a --follow run stops: what is stored stays, and the summary is printed.
      // Anything else that aborted the run (--timeout, or Ctrl-C of a one-off run) left it
      // unfinished, which must not read as success.
      if (rt.signal.aborted && options.follow && rt.interruptedBy) return;
      if (!options.follow || !isPbxError(error) || !error.retryable) throw error;
      rt.io.stderr.write(`unipbx cdrs sync: ${error.message}; retrying from the stored cursor\n`);
      await sleep(options.intervalMs ?? 5_000, rt.signal).catch(() => undefined);
      if (rt.signal.aborted) return;
    }
  }
}

/** Adds `sync` to the `cdrs` command. */
export function registerCdrsSync(program: Command, rt: Runtime): void {
  const cdrs = program.commands.find((c) => c.name() === 'cdrs') ?? program.command('cdrs').description('call detail records');
  cdrs
    .command('sync')
    .description('append the call records not stored yet to a file (or a PostgreSQL database), keeping a cursor; safe to kill and rerun')
    .option('--state <file>', 'the sync state file (cursor and the output length it covers); required with --out')
    .addOption(new Option('--out <file>', 'the file to append to (NDJSON, or CSV with --format csv or a .csv name)').conflicts('into'))
    .option('--into <url>', 'a PostgreSQL database instead of a file: postgres://user@host:port/db (cursor stored in it)')
    .addOption(new Option('--format <format>', 'file format (default: csv for a .csv file, else ndjson)').choices(['ndjson', 'csv']))
    .option('--from <when>', 'first run only: start of the range (ISO date, today, 7d…); default everything', when)
    .option('--overlap-ms <ms>', 'late-arrival window in ms (default 7200000 = 2 h)', integer(0, 30 * 86_400_000))
    .option('--page-size <n>', 'records per request (the vendor caps it)', integer(1, 1000))
    .option('--follow', 'keep polling for new records until interrupted')
    .option('--interval-ms <ms>', 'pause between polls with --follow (default 5000)', integer(10, 86_400_000))
    .option('--pbx <name>', 'a stable name of this PBX in the stored records (default: the base URL)')
    .action((options: SyncOptions, command: Command) => {
      if (options.into === undefined && (options.out === undefined || options.state === undefined)) {
        throw usageError('give --out FILE and --state FILE (or --into postgres://…)');
      }
      if (options.into !== undefined && !/^postgres(ql)?:\/\//.test(options.into)) throw usageError('--into takes a postgres:// URL');
      const keepRaw = Boolean(rt.globals(command).raw);
      return rt.withClient(command, async (client, out) => {
        const connection = rt.connection!;
        const source = { vendor: client.vendor, pbx: options.pbx ?? connection.baseUrl };
        if (!client.supports('cdrs.sync')) client.cdrs.sync(); // throws the vendor's UnsupportedOperationError
        const sink = await openSink(options, source, keepRaw);
        try {
          await run(client, sink, options, rt);
        } finally {
          await sink.close();
        }
        const where = options.into !== undefined ? 'the database' : options.out!;
        await out.result(`synced ${sink.written} new call records to ${where}`, { operation: 'cdrs.sync', records: sink.written, ok: true });
      }, { untilInterrupted: Boolean(options.follow) });
    });
}

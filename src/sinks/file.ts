/**
 * The file sink (the default of `unipbx cdrs sync`): CDRs appended to an NDJSON or CSV file,
 * the cursor in a state file next to the number of bytes of the output it covers.
 *
 * Order of a write: append the batch, fsync the output, then replace the state file atomically
 * (temporary file, fsync, rename, directory fsync). A crash before the state is replaced leaves
 * bytes beyond the recorded length: `open()` truncates them, so the batch is written once, when
 * the sync resumes from the cursor that does not cover it. The output holds each CDR once.
 */
import { open, readFile, stat, truncate } from 'node:fs/promises';
import * as z from 'zod';
import type { SyncBatch } from '../../core/sync/cdr-sync.js';
import { syncDirectory, replaceFile } from './durable.js';
import { inOrder } from './in-order.js';
import type { CdrSink, SinkSource } from './types.js';

export type FileSinkFormat = 'ndjson' | 'csv';

export interface FileSinkOptions {
  readonly out: string;
  readonly state: string;
  readonly format: FileSinkFormat;
  readonly source: SinkSource;
  /** Turns a batch's CDRs into the text to append; `first` is true for the file's first bytes (CSV writes its header then). */
  readonly encode: (batch: SyncBatch, first: boolean) => Promise<string>;
}

const StateSchema = z.object({
  version: z.literal(1),
  vendor: z.string(),
  pbx: z.string(),
  out: z.string(),
  format: z.enum(['ndjson', 'csv']),
  /** Length of the output covered by `cursor`. */
  bytes: z.number().int().nonnegative(),
  records: z.number().int().nonnegative(),
  cursor: z.string().optional(),
  savedAt: z.string(),
});
type State = z.infer<typeof StateSchema>;

/** Raised when the files on disk do not belong together (a usage problem, not a crash). */
export class SinkStateError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'SinkStateError';
  }
}

const stateText = (state: State): string => `${JSON.stringify(state, null, 2)}\n`;

export function fileSink(options: FileSinkOptions): CdrSink {
  let state: State | undefined;
  let writes = inOrder();
  let written = 0;

  async function readState(): Promise<State | undefined> {
    let text: string;
    try {
      text = await readFile(options.state, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = StateSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new SinkStateError(`${options.state} is not a unipbx sync state file`);
    return parsed.data;
  }

  return {
    get written() {
      return written;
    },

    async open() {
      await writes.settled();
      writes = inOrder();
      state = await readState();
      const size = (await stat(options.out).catch(() => undefined))?.size;
      if (!state) {
        if (size) throw new SinkStateError(`${options.out} already holds data but there is no state file ${options.state}`, 'give the --state file of the run that wrote it, or a new --out file');
        // Saved before the first byte of output: a crash after that byte, before its own state,
        // then finds a state of 0 bytes (and truncates) instead of data it cannot account for.
        state = newState(0, 0, undefined);
        await replaceFile(options.state, stateText(state));
        return undefined;
      }
      const { vendor, pbx, format } = state;
      if (vendor !== options.source.vendor || pbx !== options.source.pbx) {
        throw new SinkStateError(`${options.state} belongs to ${vendor} at ${pbx}, not ${options.source.vendor} at ${options.source.pbx}`, 'use one state file per PBX');
      }
      if (format !== options.format) throw new SinkStateError(`${options.state} was written for ${format} output, not ${options.format}`);
      if ((size ?? 0) < state.bytes) throw new SinkStateError(`${options.out} is shorter (${size ?? 0} bytes) than its state says (${state.bytes}): it was changed or replaced`);
      // Bytes past the recorded length belong to a batch whose cursor was never saved: it comes again.
      if ((size ?? 0) > state.bytes) await truncate(options.out, state.bytes);
      return state.cursor;
    },

    write(batch: SyncBatch) {
      return writes.run(() => append(batch));
    },

    async close() {
      await writes.settled();
    },
  };

  /** Appends the batch, fsyncs, then replaces the state (see the order above). */
  async function append(batch: SyncBatch): Promise<void> {
    const bytes = state?.bytes ?? 0;
    const text = await options.encode(batch, bytes === 0);
    const data = Buffer.from(text, 'utf8');
    const handle = await open(options.out, 'a');
    try {
      await handle.write(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (bytes === 0) await syncDirectory(options.out); // a new file's directory entry
    state = newState(bytes + data.length, (state?.records ?? 0) + batch.cdrs.length, batch.cursor);
    await replaceFile(options.state, stateText(state));
    written += batch.cdrs.length;
  }

  function newState(bytes: number, records: number, cursor: string | undefined): State {
    return {
      version: 1,
      vendor: options.source.vendor,
      pbx: options.source.pbx,
      out: options.out,
      format: options.format,
      bytes,
      records,
      ...(cursor !== undefined ? { cursor } : {}),
      savedAt: new Date().toISOString(),
    };
  }
}

/**
 * The vendor-neutral bulk runner: takes any iterable of items, runs them with bounded
 * concurrency (the client's limiter sets the pace: the vendor's rate), through a native bulk
 * endpoint where the vendor has one, and yields one result per item as it completes:
 *
 * - `done` (with `resumed: true` when a journal says an earlier run did it),
 * - `failed` with the typed error (the vendor refused it; nothing was changed),
 * - `unknown` when it was sent and no answer tells whether it landed, and looking it up by
 *   its natural key could not tell either.
 *
 * A write whose outcome is unknown is looked up by natural key (`reconcile`) before it is
 * tried again, never repeated blindly; an idempotent write may simply be sent again.
 * With a journal, an interrupted run resumes: items recorded done are not sent again, items
 * recorded started are reconciled first.
 */
import { mapConcurrent } from '../concurrent.js';
import { OutcomeUnknownError, PbxError, isPbxError } from '../errors.js';
import type { CallOptions } from '../inputs.js';
import type { BulkJournal } from './journal.js';

/** How to do one kind of bulk write. */
export interface BulkSpec<I, R> {
  /** The item's natural key (extension, email, `group/extension`…): unique within a run, the journal's key. */
  key(item: I): string;
  /** Does one item. */
  run(item: I, options: CallOptions): Promise<R>;
  /** Repeating `run` cannot duplicate anything (setting values, adding a member). */
  readonly idempotent: boolean;
  /** Finds whether the item's write landed, by natural key: its result, or null when it did not. */
  reconcile?(item: I, options: CallOptions): Promise<R | null>;
  /** A native bulk endpoint: several items in one request, one result or error per item, in order. */
  readonly many?: {
    readonly size: number;
    run(items: readonly I[], options: CallOptions): Promise<ReadonlyArray<R | PbxError>>;
  };
}

export type BulkResult<I, R> =
  | { readonly status: 'done'; readonly key: string; readonly item: I; readonly result?: R; readonly resumed?: true }
  | { readonly status: 'failed'; readonly key: string; readonly item: I; readonly error: PbxError }
  | { readonly status: 'unknown'; readonly key: string; readonly item: I; readonly error: PbxError };

/** Counts so far; `total` when the input's size is known. */
export interface BulkProgress {
  readonly processed: number;
  readonly done: number;
  readonly resumed: number;
  readonly failed: number;
  readonly unknown: number;
  readonly total?: number;
}

export interface BulkOptions extends CallOptions {
  /** Items in flight at once (the client's limiter still paces requests). Default 16. */
  readonly concurrency?: number;
  /** Records progress so that an interrupted run can resume (see `fileJournal`). */
  readonly journal?: BulkJournal;
  /** Called after every item. */
  readonly onProgress?: (progress: BulkProgress) => void;
}

/** A running bulk operation: iterate it for results as they complete, or `collect()` them all. */
export interface BulkRun<I, R> extends AsyncIterable<BulkResult<I, R>> {
  /** Runs to the end and returns every result (in completion order) with the final counts. */
  collect(): Promise<{ readonly results: BulkResult<I, R>[]; readonly progress: BulkProgress }>;
}

/** Errors after which the write may have landed. */
const MAYBE_APPLIED = new Set(['OUTCOME_UNKNOWN', 'TIMEOUT', 'NETWORK_ERROR', 'BAD_RESPONSE', 'SERVER_ERROR', 'ABORTED']);
/** A native bulk endpoint the server does not have (an older version): do items one by one. */
const NO_ENDPOINT = new Set(['NOT_FOUND', 'UNSUPPORTED_OPERATION', 'PERMISSION_DENIED']);

export function runBulk<I, R>(items: Iterable<I> | AsyncIterable<I>, spec: BulkSpec<I, R>, options: BulkOptions = {}): BulkRun<I, R> {
  const run: BulkRun<I, R> = {
    [Symbol.asyncIterator]: () => execute(items, spec, options)[Symbol.asyncIterator](),
    async collect() {
      const results: BulkResult<I, R>[] = [];
      let progress: BulkProgress = { processed: 0, done: 0, resumed: 0, failed: 0, unknown: 0 };
      const counting = { ...options, onProgress: (p: BulkProgress) => ((progress = p), options.onProgress?.(p)) };
      for await (const result of execute(items, spec, counting)) results.push(result);
      return { results, progress };
    },
  };
  return run;
}

async function* execute<I, R>(items: Iterable<I> | AsyncIterable<I>, spec: BulkSpec<I, R>, options: BulkOptions): AsyncGenerator<BulkResult<I, R>> {
  const journal = options.journal;
  const before = journal?.load() ?? new Map();
  const call: CallOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.deadlineMs ? { deadlineMs: options.deadlineMs } : {}),
  };
  const total = Array.isArray(items) ? items.length : undefined;
  const counts = { processed: 0, done: 0, resumed: 0, failed: 0, unknown: 0 };
  const source = (Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<I>)[Symbol.iterator]()) as Iterator<I> | AsyncIterator<I>;
  const seen = new Set<string>();
  let exhausted = false;
  let batching = spec.many !== undefined;

  // Results are queued by the workers and yielded by this generator.
  const ready: BulkResult<I, R>[] = [];
  let wake: (() => void) | undefined;
  const emit = (result: BulkResult<I, R>): void => {
    counts.processed++;
    if (result.status === 'done') counts[result.resumed ? 'resumed' : 'done']++;
    else counts[result.status]++;
    if (journal && result.status === 'done' && !result.resumed) journal.record(result.key, 'done');
    ready.push(result);
    try {
      options.onProgress?.({ ...counts, ...(total !== undefined ? { total } : {}) });
    } catch {
      // a progress display must not break the run
    }
    wake?.();
  };

  let pulling: Promise<unknown> = Promise.resolve();
  /** Takes up to `count` items that still need doing (one puller at a time); resumed ones are reported on the way. */
  const take = (count: number): Promise<Array<{ item: I; key: string; started: boolean }>> => {
    const next = pulling.then(async () => {
      const out: Array<{ item: I; key: string; started: boolean }> = [];
      while (out.length < count && !exhausted && !options.signal?.aborted) {
        const step = await source.next();
        if (step.done) {
          exhausted = true;
          break;
        }
        const item = step.value;
        const key = spec.key(item);
        if (seen.has(key)) throw new Error(`bulk: the key ${JSON.stringify(key)} appears twice; each item needs its own natural key`);
        seen.add(key);
        const state = before.get(key);
        if (state === 'done') emit({ status: 'done', key, item, resumed: true });
        else out.push({ item, key, started: state === 'started' });
      }
      return out;
    });
    pulling = next.catch(() => undefined);
    return next;
  };

  /** One item, from scratch or after an unknown outcome (`suspect`: it may have landed). */
  const one = async (item: I, key: string, suspect: boolean): Promise<BulkResult<I, R>> => {
    let lastError: PbxError | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (suspect && spec.reconcile) {
        try {
          const found = await spec.reconcile(item, call);
          if (found !== null) return { status: 'done', key, item, result: found };
        } catch (error) {
          return { status: 'unknown', key, item, error: asPbxError(error, lastError) };
        }
      } else if (suspect && !spec.idempotent) {
        return { status: 'unknown', key, item, error: lastError ?? asPbxError(undefined) };
      }
      journal?.record(key, 'started');
      try {
        return { status: 'done', key, item, result: await spec.run(item, call) };
      } catch (error) {
        const typed = asPbxError(error);
        if (!MAYBE_APPLIED.has(typed.code)) return { status: 'failed', key, item, error: typed };
        if (options.signal?.aborted) return { status: 'unknown', key, item, error: typed };
        lastError = typed;
        suspect = true;
      }
    }
    return { status: 'unknown', key, item, error: lastError as PbxError };
  };

  const batch = async (entries: Array<{ item: I; key: string; started: boolean }>): Promise<void> => {
    const many = spec.many as NonNullable<BulkSpec<I, R>['many']>;
    // Items a crashed run may have sent are looked up first, never sent twice.
    const fresh = entries.filter((e) => !e.started);
    for (const e of entries.filter((x) => x.started)) emit(await one(e.item, e.key, true));
    if (fresh.length === 0) return;
    for (const e of fresh) journal?.record(e.key, 'started');
    let replies: ReadonlyArray<R | PbxError>;
    try {
      replies = await many.run(
        fresh.map((e) => e.item),
        call,
      );
    } catch (error) {
      const typed = asPbxError(error);
      if (NO_ENDPOINT.has(typed.code)) batching = false;
      const suspect = MAYBE_APPLIED.has(typed.code);
      // The whole request failed: each item on its own (looked up first when the request may have landed).
      await mapConcurrent(fresh, 8, async (e) => emit(await one(e.item, e.key, suspect)));
      return;
    }
    for (const [i, e] of fresh.entries()) {
      const reply = replies[i];
      if (reply instanceof PbxError) emit(MAYBE_APPLIED.has(reply.code) ? await one(e.item, e.key, true) : { status: 'failed', key: e.key, item: e.item, error: reply });
      else if (i >= replies.length) emit(await one(e.item, e.key, true)); // no reply for it: look it up
      else emit({ status: 'done', key: e.key, item: e.item, result: reply });
    }
  };

  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (!options.signal?.aborted) {
      const size = batching && spec.many ? spec.many.size : 1;
      const entries = await take(size);
      if (entries.length === 0) return;
      if (batching && spec.many) await batch(entries);
      else for (const e of entries) emit(await one(e.item, e.key, e.started));
    }
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  let running = concurrency;
  const workers = Array.from({ length: concurrency }, () =>
    worker()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        running--;
        wake?.();
      }),
  );

  try {
    while (running > 0 || ready.length > 0) {
      if (ready.length === 0) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      yield ready.shift() as BulkResult<I, R>;
    }
    await Promise.all(workers);
    if (failure) throw failure;
  } finally {
    // A consumer that stops early: let the workers finish what is in flight (they stop taking items).
    exhausted = true;
  }
}

function asPbxError(error: unknown, fallback?: PbxError): PbxError {
  if (isPbxError(error)) return error as PbxError;
  if (fallback) return fallback;
  return new OutcomeUnknownError(error instanceof Error ? error.message : 'the outcome of this write is not known');
}

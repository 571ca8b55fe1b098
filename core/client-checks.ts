/**
 * The checks every facade operation goes through, bound to one adapter: capability refusals,
 * input validation, call options and their context. Apart from `client.ts` so that the
 * facade's lazily loaded parts (`client-users.ts`, `client-groups.ts`, `client-queues.ts`)
 * use the same ones; what only those parts check is in `client-write-checks.ts`.
 */
import { isSupported, type OperationName } from './capabilities.js';
import { UnsupportedOperationError, ValidationError } from './errors.js';
import { abortedError, type RequestContext } from './http/context.js';
import { CallOptionsSchema, IdSchema, ListOptionsSchema, parseInput, type CallOptions, type ListOptions } from './inputs.js';
import { pagedList, type Page, type PageRequest, type PagedList } from './paging.js';
import type { PbxAdapter } from './port.js';

/** Options of list calls: paging plus the per-call options. */
export type ListCallOptions = ListOptions & CallOptions;

/** The facade's checks for one adapter (see {@link clientChecks}). */
export interface ClientChecks {
  readonly vendor: string;
  readonly adapter: PbxAdapter;
  readonly now: () => number;
  /** Throws `UnsupportedOperationError` when the manifest marks `operation` unsupported. */
  refuseUnsupported(operation: OperationName): void;
  /** Refuses unsupported operations and returns the adapter's implementation, bound to `owner`. */
  implementation<F extends (...args: never[]) => unknown>(operation: OperationName, fn: F | undefined, owner: object): F;
  /** Validates a call's options (known keys only) and builds its context. */
  context(operation: OperationName | 'raw' | 'close', options: CallOptions | undefined, otherKeys?: readonly string[]): RequestContext;
  /** Runs one non-list operation: validation and capability errors become rejections, not sync throws. */
  run<T>(operation: OperationName, options: CallOptions | undefined, body: (ctx: RequestContext) => Promise<T>, otherKeys?: readonly string[]): Promise<T>;
  /** A lazily paged list; input errors throw synchronously, at the call site. */
  list<T>(operation: OperationName, options: ListCallOptions | undefined, fetch: (page: PageRequest, ctx: RequestContext) => Promise<Page<T>>): PagedList<T>;
  /** A validated id argument. */
  id(value: unknown, operation: OperationName, argument?: string): string;
}

/** The checks of a client of `adapter`. */
export function clientChecks(adapter: PbxAdapter, now: () => number, defaultDeadlineMs: number): ClientChecks {
  const vendor = adapter.vendor;

  function refuseUnsupported(operation: OperationName): void {
    const capability = adapter.capabilities[operation];
    if (!isSupported(capability)) {
      throw new UnsupportedOperationError(`${vendor} cannot do ${operation}: ${capability.reason}`, capability.reason, { vendor, operation });
    }
  }

  function context(operation: OperationName | 'raw' | 'close', options: CallOptions | undefined, otherKeys: readonly string[] = []): RequestContext {
    checkOptionKeys(options, otherKeys, { vendor, operation });
    const picked = pickCallOptions(options);
    const { signal, timeoutMs, deadlineMs, queueTimeoutMs, maxResponseBytes } = picked === NO_OPTIONS ? picked : parseInput(CallOptionsSchema, picked, 'options', { vendor, operation });
    if (signal?.aborted) throw abortedError({ vendor, operation });
    return {
      ...(signal ? { signal } : {}),
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(queueTimeoutMs !== undefined ? { queueTimeoutMs } : {}),
      ...(maxResponseBytes !== undefined ? { maxResponseBytes } : {}),
      deadlineAt: now() + (deadlineMs ?? defaultDeadlineMs),
      queued: { ms: 0 }, // shared by the call's requests: queueing moves the deadline
    };
  }

  return {
    vendor,
    adapter,
    now,
    refuseUnsupported,
    implementation(operation, fn, owner) {
      refuseUnsupported(operation);
      if (!fn) {
        const reason = 'the adapter declares it but does not implement it';
        throw new UnsupportedOperationError(`${vendor} cannot do ${operation}: ${reason}`, reason, { vendor, operation });
      }
      return fn.bind(owner) as typeof fn;
    },
    context,
    async run(operation, options, body, otherKeys = []) {
      refuseUnsupported(operation); // "cannot do this at all" comes before any complaint about how it was asked
      return body(context(operation, options, otherKeys));
    },
    list(operation, options, fetch) {
      const { signal: _s, timeoutMs: _t, deadlineMs: _d, queueTimeoutMs: _q, maxResponseBytes: _m, ...paging } = options ?? {};
      const first = parseInput(ListOptionsSchema, paging, 'options', { vendor, operation });
      context(operation, options, LIST_KEYS); // validate call options now
      const signal = options?.signal;
      // A page read ahead before the caller aborted is not handed out after it.
      const beforeEachPage = (): void => {
        if (signal?.aborted) throw abortedError({ vendor, operation });
      };
      return pagedList((page) => fetch(page, context(operation, options, LIST_KEYS)), first, signal ? { beforeEachPage } : {});
    },
    id: (value, operation, argument = 'id') => parseInput(IdSchema, value, argument, { vendor, operation }),
  };
}

const NO_OPTIONS: CallOptions = Object.freeze({});
const CALL_KEYS: ReadonlySet<string> = new Set(['signal', 'timeoutMs', 'deadlineMs', 'queueTimeoutMs', 'maxResponseBytes']);
const LIST_KEYS = ['pageSize', 'cursor'];

/** Options must be an object whose keys are call options or the operation's own. */
export function checkOptionKeys(options: unknown, otherKeys: readonly string[], context: { vendor: string; operation: string }): void {
  if (options === undefined) return;
  const where = `${context.vendor} ${context.operation}`;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError(`${where}: options must be an object`, [{ field: 'options', message: 'must be an object' }], 'client', context);
  }
  for (const key of Object.keys(options)) {
    if (CALL_KEYS.has(key) || otherKeys.includes(key)) continue;
    const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
    throw new ValidationError(`${where}: unknown option ${shown} (known: ${[...CALL_KEYS, ...otherKeys].join(', ')})`, [{ field: `options.${key.slice(0, 40)}`, message: 'unknown option' }], 'client', context);
  }
}

/** The call options among `options` (the same object back when there are none). */
export function pickCallOptions(options: CallOptions | undefined): CallOptions {
  if (!options) return NO_OPTIONS;
  const picked: Record<string, unknown> = {};
  let any = false;
  for (const key of CALL_KEYS) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) {
      picked[key] = value;
      any = true;
    }
  }
  return any ? (picked as CallOptions) : NO_OPTIONS;
}

/**
 * Read-modify-write with verification, for unified writes a vendor can only do by reading
 * a whole list and writing it back (queue agent lists, team memberships).
 *
 * Two writers can lose each other's change: B reads, A writes and verifies, B writes its
 * stale list over A's. Within this process that cannot happen: cycles on the same resource
 * (`key`) run one at a time. Against writers elsewhere (another process, the PBX's own UI)
 * every write is verified by a fresh read; a lost change is redone from that read, a bounded
 * number of times, and then reported as a `ConflictError`. What no client can see is a
 * foreign writer that overwrites a change *after* its verifying read: without conditional
 * writes (which none of our vendors offer for these lists) that window stays open.
 */
import { ConflictError, type PbxErrorContext } from './errors.js';
import { abortedError, raceSignal, sleep, type RequestContext } from './http/context.js';

export interface ReadModifyWrite<S> {
  readonly vendor: string;
  readonly operation: string;
  /** Identity of the written resource, e.g. `portsip:queue:42:agents`; cycles with the same key never overlap. */
  readonly key: string;
  read(ctx: RequestContext): Promise<S>;
  /** The state to write, or undefined when `current` already has the change. */
  modify(current: S): S | undefined;
  write(next: S, ctx: RequestContext): Promise<void>;
  /** True when `state`, read after the write, has the change. */
  verify(state: S): boolean;
  /** Read-write-verify cycles before giving up. Default 4. */
  readonly attempts?: number;
}

/** The tail of the queue of cycles per resource key. */
const queues = new Map<string, Promise<void>>();

/** Runs the cycle; resolves once a read shows the change, throws `ConflictError` otherwise. */
export function readModifyWrite<S>(spec: ReadModifyWrite<S>, ctx: RequestContext, random: () => number = Math.random): Promise<void> {
  return exclusive([spec.key], ctx, { vendor: spec.vendor, operation: spec.operation }, () => cycle(spec, ctx, random));
}

/**
 * Runs `body` once no other cycle holds any of `keys`, holding them all meanwhile (for a
 * write that rewrites several lists at once, e.g. a bulk team change). Keys are queued all
 * at once, so two holders of overlapping key sets cannot wait on each other.
 */
export async function exclusive<T>(keys: readonly string[], ctx: RequestContext, context: PbxErrorContext, body: () => Promise<T>): Promise<T> {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tails = [...new Set(keys)].map((key) => {
    const previous = queues.get(key) ?? Promise.resolve();
    const tail = previous.then(() => mine);
    queues.set(key, tail);
    return { key, previous, tail };
  });
  try {
    const before = Promise.all(tails.map((t) => t.previous));
    await (ctx.signal ? raceSignal(before, ctx.signal) : before);
    return await body();
  } catch (error) {
    if (ctx.signal?.aborted) throw abortedError(context);
    throw error;
  } finally {
    release();
    for (const { key, tail } of tails) if (queues.get(key) === tail) queues.delete(key);
  }
}

async function cycle<S>(spec: ReadModifyWrite<S>, ctx: RequestContext, random: () => number): Promise<void> {
  const attempts = spec.attempts ?? 4;
  let current = await spec.read(ctx);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const next = spec.modify(current);
    if (next === undefined) return;
    await spec.write(next, ctx);
    current = await spec.read(ctx);
    if (spec.verify(current)) return;
    // A writer elsewhere overwrote us. Wait a random moment so two racers do not collide again in lockstep.
    if (attempt < attempts) await sleep(Math.floor(random() * 40 * attempt), ctx.signal);
  }
  throw new ConflictError(
    `${spec.vendor} ${spec.operation}: a concurrent change overwrote this one ${attempts} times, so the change is not applied; retry it later`,
    { vendor: spec.vendor, operation: spec.operation },
    true,
  );
}

/**
 * Read-modify-write with verification, for unified writes a vendor can only do by reading
 * a whole list and writing it back (queue agent lists, team memberships). Two writers can
 * lose each other's change, so every write is verified by a fresh read; a lost change is
 * redone from that read, a bounded number of times, and then reported as a
 * `ConflictError` — never silently lost.
 */
import { ConflictError } from './errors.js';
import { sleep, type RequestContext } from './http/context.js';

export interface ReadModifyWrite<S> {
  readonly vendor: string;
  readonly operation: string;
  read(ctx: RequestContext): Promise<S>;
  /** The state to write, or undefined when `current` already has the change. */
  modify(current: S): S | undefined;
  write(next: S, ctx: RequestContext): Promise<void>;
  /** True when `state`, read after the write, has the change. */
  verify(state: S): boolean;
  /** Read-write-verify cycles before giving up. Default 4. */
  readonly attempts?: number;
}

/** Runs the cycle; resolves once a read shows the change, throws `ConflictError` otherwise. */
export async function readModifyWrite<S>(spec: ReadModifyWrite<S>, ctx: RequestContext, random: () => number = Math.random): Promise<void> {
  const attempts = spec.attempts ?? 4;
  let current = await spec.read(ctx);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const next = spec.modify(current);
    if (next === undefined) return;
    await spec.write(next, ctx);
    current = await spec.read(ctx);
    if (spec.verify(current)) return;
    // Another writer overwrote us. Wait a random moment so two racers do not collide again in lockstep.
    if (attempt < attempts) await sleep(Math.floor(random() * 40 * attempt), ctx.signal);
  }
  throw new ConflictError(
    `${spec.vendor} ${spec.operation}: a concurrent change overwrote this one ${attempts} times, so the change is not applied; retry it later`,
    { vendor: spec.vendor, operation: spec.operation },
    true,
  );
}
